"""Synthetic news corpus for the benchmarks: N distinct, realistic article pages in five languages.

Every page is built from our own templates and word lists (no external data), so a fresh clone can make
a corpus of any size. Page `i` depends only on (seed, i): generation streams one file at a time, never
holds the corpus in memory, and resumes where a previous, smaller run stopped.

    python bench/corpus.py OUT_DIR --docs 10000 [--seed 7]

Pages carry what trafilatura has to work through on a real news site: <head> with OpenGraph and article
meta tags, JSON-LD NewsArticle, inline CSS and scripts, a large navigation menu, a cookie banner, share
buttons, a "related articles" block, a newsletter box, comments and a footer full of links.
"""

from __future__ import annotations

import argparse
import functools
import html
import itertools
import json
import os
import random
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

FILES_PER_DIR = 1000
MARKER = ".corpus.json"  # what the directory holds: generator version, seed and size, so a run can reuse it
# Version 2: pages calibrated on the real article pages of ../shared/eval/wcxb-dev-articles (README,
# "Benchmarks"): about as long, as many elements, as much inline script, and the same share of pages with no
# machine-readable publication date (found by htmldate in the visible text).
# Version 3: article texts drawn from a Zipf-distributed vocabulary of 30,000 words per language (as news
# texts are) instead of ~70 words: in version 2 every text of a language was within a few SimHash bits of
# every other, so 100,000 pages made five near-duplicate clusters of 20,000 and the loader's clustering
# worked on buckets of thousands, which no real corpus does. A share of pages are now syndicated copies of
# wire stories (an outlet's dateline and sign-off around the same paragraphs), as real feeds are.
GENERATOR_VERSION = 3
UNDATED_SHARE = 0.2
SYNDICATED_SHARE = 0.05  # pages that carry one of WIRE_STORIES wire stories per language
WIRE_STORIES = 200


@dataclass(frozen=True)
class Language:
    code: str
    sites: tuple[str, ...]
    function_words: tuple[str, ...]
    words: tuple[str, ...]
    names: tuple[str, ...]
    cities: tuple[str, ...]
    sections: tuple[str, ...]
    by: str
    read_more: str
    related: str
    newsletter: str
    cookies: str
    comments: str


LANGUAGES = (
    Language(
        "en", ("dailyherald.example", "northtimes.example", "citypost.example"),
        ("the", "of", "and", "to", "in", "a", "is", "that", "for", "on", "was", "with", "as", "by", "at",
         "from", "has", "were", "which", "their", "this", "after", "said", "would", "been"),
        ("government", "council", "minister", "election", "budget", "report", "officials", "residents",
         "river", "bridge", "hospital", "school", "police", "company", "market", "workers", "union", "court",
         "judge", "decision", "policy", "plan", "project", "funding", "community", "village", "harbour",
         "investigation", "statement", "agreement", "negotiations", "weather", "storm", "farmers", "prices",
         "inflation", "energy", "railway", "station", "museum", "festival", "team", "season", "coach",
         "players", "victory", "scientists", "research", "university", "students", "teachers", "parliament",
         "opposition", "protest", "crowd", "mayor", "district", "housing", "rent", "families", "survey",
         "increase", "decline", "warning", "measures", "summit", "delegation", "border", "exports", "vote"),
        ("Sarah Mitchell", "James O'Connor", "Priya Raman", "Daniel Hughes", "Emily Carter", "Tom Whitaker"),
        ("LONDON", "MANCHESTER", "DUBLIN", "EDINBURGH", "CARDIFF", "BRISTOL"),
        ("Politics", "Business", "World", "Sport", "Culture", "Science", "Local"),
        "By", "Read more", "Related articles", "Sign up for our morning newsletter",
        "We use cookies to improve your experience. Accept all cookies?", "Comments"),
    Language(
        "fr", ("lequotidien.example", "ouest-info.example", "journaldulac.example"),
        ("le", "la", "les", "de", "des", "du", "et", "à", "en", "un", "une", "est", "que", "qui", "dans",
         "pour", "sur", "par", "avec", "au", "aux", "ont", "été", "cette", "selon"),
        ("gouvernement", "conseil", "ministre", "élection", "budget", "rapport", "habitants", "rivière",
         "pont", "hôpital", "école", "police", "entreprise", "marché", "salariés", "syndicat", "tribunal",
         "juge", "décision", "politique", "projet", "financement", "commune", "village", "port", "enquête",
         "déclaration", "accord", "négociations", "tempête", "agriculteurs", "prix", "inflation", "énergie",
         "gare", "musée", "festival", "équipe", "saison", "entraîneur", "joueurs", "victoire", "chercheurs",
         "université", "étudiants", "enseignants", "assemblée", "opposition", "manifestation", "maire",
         "quartier", "logement", "loyer", "familles", "sondage", "hausse", "baisse", "mesures", "sommet"),
        ("Claire Dubois", "Julien Martin", "Amélie Lefèvre", "Nicolas Bernard", "Sophie Moreau", "Hugo Petit"),
        ("PARIS", "LYON", "MARSEILLE", "NANTES", "BORDEAUX", "LILLE"),
        ("Politique", "Économie", "Monde", "Sport", "Culture", "Sciences", "Régions"),
        "Par", "Lire la suite", "À lire aussi", "Inscrivez-vous à notre newsletter du matin",
        "Nous utilisons des cookies pour améliorer votre expérience. Tout accepter ?", "Commentaires"),
    Language(
        "de", ("tageszeitung.example", "nordkurier.example", "stadtanzeiger.example"),
        ("der", "die", "das", "und", "in", "den", "von", "zu", "mit", "sich", "des", "auf", "für", "ist",
         "im", "dem", "nicht", "ein", "eine", "als", "auch", "es", "an", "wurde", "nach"),
        ("Regierung", "Stadtrat", "Ministerin", "Wahl", "Haushalt", "Bericht", "Einwohner", "Fluss", "Brücke",
         "Krankenhaus", "Schule", "Polizei", "Unternehmen", "Markt", "Beschäftigte", "Gewerkschaft", "Gericht",
         "Richter", "Entscheidung", "Politik", "Projekt", "Förderung", "Gemeinde", "Dorf", "Hafen",
         "Ermittlungen", "Erklärung", "Vereinbarung", "Verhandlungen", "Unwetter", "Landwirte", "Preise",
         "Inflation", "Energie", "Bahnhof", "Museum", "Festival", "Mannschaft", "Saison", "Trainer",
         "Spieler", "Sieg", "Forscher", "Universität", "Studierende", "Lehrkräfte", "Bundestag", "Opposition",
         "Demonstration", "Bürgermeister", "Viertel", "Wohnungen", "Miete", "Familien", "Umfrage", "Anstieg"),
        ("Anna Schneider", "Lukas Becker", "Miriam Vogel", "Jonas Hoffmann", "Katrin Weber", "Felix Wagner"),
        ("BERLIN", "HAMBURG", "MÜNCHEN", "KÖLN", "LEIPZIG", "BREMEN"),
        ("Politik", "Wirtschaft", "Ausland", "Sport", "Kultur", "Wissen", "Region"),
        "Von", "Weiterlesen", "Mehr zum Thema", "Melden Sie sich für unseren Newsletter an",
        "Wir verwenden Cookies, um Ihr Erlebnis zu verbessern. Alle akzeptieren?", "Kommentare"),
    Language(
        "es", ("eldiario.example", "lavozdelsur.example", "noticiasmadrid.example"),
        ("el", "la", "los", "las", "de", "del", "y", "en", "que", "a", "un", "una", "por", "con", "para",
         "se", "es", "su", "al", "lo", "como", "más", "pero", "sus", "según"),
        ("gobierno", "ayuntamiento", "ministra", "elecciones", "presupuesto", "informe", "vecinos", "río",
         "puente", "hospital", "escuela", "policía", "empresa", "mercado", "trabajadores", "sindicato",
         "tribunal", "juez", "decisión", "política", "proyecto", "financiación", "comunidad", "pueblo",
         "puerto", "investigación", "declaración", "acuerdo", "negociaciones", "tormenta", "agricultores",
         "precios", "inflación", "energía", "estación", "museo", "festival", "equipo", "temporada",
         "entrenador", "jugadores", "victoria", "científicos", "universidad", "estudiantes", "profesores",
         "congreso", "oposición", "manifestación", "alcalde", "barrio", "vivienda", "alquiler", "familias"),
        ("Lucía García", "Javier López", "Marta Sánchez", "Diego Fernández", "Elena Ruiz", "Pablo Romero"),
        ("MADRID", "BARCELONA", "SEVILLA", "VALENCIA", "BILBAO", "MÁLAGA"),
        ("Política", "Economía", "Internacional", "Deportes", "Cultura", "Ciencia", "Local"),
        "Por", "Leer más", "Noticias relacionadas", "Suscríbete a nuestro boletín de la mañana",
        "Utilizamos cookies para mejorar tu experiencia. ¿Aceptar todas?", "Comentarios"),
    Language(
        "it", ("ilcorriere.example", "gazzettadelnord.example", "cronacaroma.example"),
        ("il", "la", "di", "che", "e", "in", "un", "una", "per", "con", "non", "sono", "del", "della", "dei",
         "alla", "al", "si", "ha", "da", "come", "anche", "secondo", "questo", "nel"),
        ("governo", "consiglio", "ministro", "elezioni", "bilancio", "rapporto", "cittadini", "fiume", "ponte",
         "ospedale", "scuola", "polizia", "azienda", "mercato", "lavoratori", "sindacato", "tribunale",
         "giudice", "decisione", "politica", "progetto", "finanziamento", "comune", "paese", "porto",
         "indagine", "dichiarazione", "accordo", "trattative", "tempesta", "agricoltori", "prezzi",
         "inflazione", "energia", "stazione", "museo", "festival", "squadra", "stagione", "allenatore",
         "giocatori", "vittoria", "ricercatori", "università", "studenti", "insegnanti", "parlamento",
         "opposizione", "manifestazione", "sindaco", "quartiere", "abitazioni", "affitto", "famiglie"),
        ("Giulia Rossi", "Marco Bianchi", "Francesca Russo", "Luca Romano", "Chiara Ferrari", "Matteo Greco"),
        ("ROMA", "MILANO", "NAPOLI", "TORINO", "BOLOGNA", "FIRENZE"),
        ("Politica", "Economia", "Esteri", "Sport", "Cultura", "Scienza", "Cronaca"),
        "Di", "Continua a leggere", "Articoli correlati", "Iscriviti alla nostra newsletter del mattino",
        "Utilizziamo i cookie per migliorare la tua esperienza. Accetti tutti?", "Commenti"),
)

_CSS = "".join(f".c{i}{{margin:{i % 7}px;padding:{i % 5}px;color:#{i * 37 % 4096:03x}}}" for i in range(400))
_SCRIPT = ("window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}"
           "gtag('js',new Date());gtag('config','G-BENCH');" * 8)


# Pseudo-words beyond each language's word list: news vocabularies are large and Zipf-distributed, so two
# unrelated texts share few of their rarer words (and land 12+ SimHash bits apart, as real ones do).
_SYLLABLES = ("ka", "ra", "ni", "to", "be", "lo", "mi", "su", "de", "ga", "pe", "vi", "no", "ta", "ri", "se",
              "mo", "fa", "lu", "ze", "an", "er", "in", "or", "us", "el")
VOCABULARY_SIZE = 30_000


def language(code: str) -> Language:
    """The corpus's language of an ISO code (English for any other)."""
    return next((lg for lg in LANGUAGES if lg.code == code), LANGUAGES[0])


@functools.cache
def vocabulary(code: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[float, ...]]:
    """(function words, content words by rank, cumulative Zipf weights rank^-1) of a language: its word
    list first, then pseudo-words, VOCABULARY_SIZE in all."""
    lang = language(code)
    rng = random.Random(f"vocabulary:{lang.code}")
    content = list(dict.fromkeys(lang.words))
    seen = set(content)
    while len(content) < VOCABULARY_SIZE:
        word = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))
        if word not in seen:
            seen.add(word)
            content.append(word)
    weights = tuple(itertools.accumulate(1 / rank for rank in range(1, len(content) + 1)))
    return lang.function_words, tuple(content), weights


def _sentence(rng: random.Random, lang: Language, min_words: int = 9, max_words: int = 24) -> str:
    n = rng.randint(min_words, max_words)
    function_words, content, weights = vocabulary(lang.code)
    picks = iter(rng.choices(content, cum_weights=weights, k=n))
    words = [rng.choice(function_words) if rng.random() < 0.45 else next(picks) for _ in range(n)]
    if rng.random() < 0.15:
        words.insert(rng.randint(0, len(words)), str(rng.randint(2, 2025)))
    text = " ".join(words)
    return text[0].upper() + text[1:] + rng.choice(".....?!")


def paragraph(rng: random.Random, lang: Language) -> str:
    return " ".join(_sentence(rng, lang) for _ in range(rng.randint(2, 6)))


def _title(rng: random.Random, lang: Language) -> str:
    return _sentence(rng, lang, 6, 12).rstrip(".?!")


def _links(rng: random.Random, site: str, labels: tuple[str, ...], n: int) -> str:
    return "".join(f'<li><a href="https://{site}/{rng.choice(labels).lower()}/{rng.randint(1, 99999)}">'
                   f"{html.escape(rng.choice(labels))} {rng.randint(1, 99)}</a></li>" for _ in range(n))


def _mega_menu(rng: random.Random, site: str, lang: Language) -> str:
    return "".join(f'<div class="menu-col"><div class="menu-head"><span>{html.escape(s)}</span></div>'
                   f'<ul class="menu-list">{_links(rng, site, lang.sections, 20)}</ul></div>' for s in lang.sections)


def _state_script(rng: random.Random, site: str, lang: Language) -> str:
    """The JSON state a JavaScript front end inlines (teasers, ad slots, tracking config): most of a real
    page's bytes, none of its text."""
    items = [{"id": rng.randint(10**6, 10**7), "href": f"https://{site}/{rng.randint(1, 99999)}",
              "title": _title(rng, lang), "section": rng.choice(lang.sections),
              "image": {"src": f"https://{site}/img/{rng.randint(1, 99999)}.jpg", "w": 1200, "h": 675},
              "slots": [f"ad-{rng.randint(1, 999)}" for _ in range(3)], "ab": rng.random() < 0.5}
             for _ in range(rng.randint(60, 140))]
    return "window.__STATE__=" + json.dumps({"site": site, "lang": lang.code, "items": items}, ensure_ascii=False)


_ICON = ('<svg class="icon" viewBox="0 0 24 24" aria-hidden="true"><g><path d="M12 2a10 10 0 1 0 0 20a10 10 0 '
         '1 0 0-20z"/><path d="M8 12h8"/></g></svg>')


def _teasers(rng: random.Random, site: str, lang: Language, n: int) -> str:
    e = html.escape
    return "".join(
        f'<div class="teaser"><div class="teaser-inner"><a href="https://{site}/{rng.randint(1, 99999)}">'
        f'<img src="https://{site}/img/{rng.randint(1, 99999)}.jpg" alt="{e(_title(rng, lang))}" loading="lazy">'
        f'<span class="kicker">{e(rng.choice(lang.sections))}</span><h4>{e(_title(rng, lang))}</h4></a>'
        f"<p>{e(_sentence(rng, lang))}</p></div></div>" for _ in range(n))


@functools.lru_cache(maxsize=4 * WIRE_STORIES)
def wire_story(seed: int, lang: Language, story: int) -> list[str]:
    """The paragraphs of wire story `story` of a language, as every outlet that carries it prints them."""
    rng = random.Random(f"{seed}:wire:{lang.code}:{story}")
    return [paragraph(rng, lang) for _ in range(rng.randint(8, 20))]


def page(index: int, seed: int) -> tuple[str, str]:
    """(relative file name, HTML) of page `index`: the same for the same (index, seed), different otherwise."""
    rng = random.Random(f"{seed}:{index}")
    lang = LANGUAGES[index % len(LANGUAGES)]
    site = rng.choice(lang.sites)
    section = rng.choice(lang.sections)
    title = _title(rng, lang)
    authors = rng.sample(lang.names, rng.choice((1, 1, 1, 2)))
    published = datetime(2020, 1, 1, tzinfo=UTC) + timedelta(minutes=rng.randint(0, 3_000_000))
    # Some sites print the date only as text: no JSON-LD or meta date, no <time datetime>, no date in the URL.
    dated = rng.random() >= UNDATED_SHARE
    slug = f"{section.lower()}/{published:%Y/%m/%d}/article-{seed}-{index}" if dated else \
        f"{section.lower()}/article-{seed}-{index}"
    url = f"https://{site}/{slug}"
    paragraphs = [paragraph(rng, lang) for _ in range(rng.randint(10, 40))]
    if rng.random() < SYNDICATED_SHARE:  # the outlet's copy of a wire story: the same paragraphs everywhere
        sign_off = f"{rng.choice(lang.names)} / {site.split('.')[0]}"
        paragraphs = [*wire_story(seed, lang, rng.randrange(WIRE_STORIES)), sign_off]
    description = paragraphs[0][:180]
    e = html.escape
    stamp = f'<time datetime="{published.isoformat()}">{published:%d.%m.%Y %H:%M}</time>' if dated else \
        f'<span class="date">{published:%d.%m.%Y %H:%M}</span>'
    dates = {"datePublished": published.isoformat(),
             "dateModified": (published + timedelta(hours=2)).isoformat()} if dated else {}
    jsonld = json.dumps({
        "@context": "https://schema.org", "@type": "NewsArticle", "headline": title, "url": url, **dates,
        "author": [{"@type": "Person", "name": a} for a in authors], "inLanguage": lang.code,
        "publisher": {"@type": "Organization", "name": site.split(".")[0]}, "articleSection": section,
        "description": description,
    }, ensure_ascii=False)
    published_meta = f'<meta property="article:published_time" content="{published.isoformat()}">' if dated else ""
    body = []
    for i, text in enumerate(paragraphs):
        if i == 0:
            text = f"{rng.choice(lang.cities)} – {text}"
        body.append(f"<p>{e(text)}</p>")
        if i == 2:
            body.append(f'<aside class="inline-promo"><a href="https://{site}/subscribe">{e(lang.newsletter)}</a>'
                        "</aside>")
        if i == len(paragraphs) // 2:
            body.append(f"<h2>{e(_title(rng, lang))}</h2>")
    related = "".join(f'<li><a href="https://{site}/{e(section.lower())}/{rng.randint(1, 99999)}">'
                      f"{e(_title(rng, lang))}</a></li>" for _ in range(6))
    comments = "".join(f'<div class="comment"><b>{e(rng.choice(lang.names))}</b><p>{e(_sentence(rng, lang))}</p>'
                       "</div>" for _ in range(rng.randint(0, 5)))
    doc = f"""<!DOCTYPE html>
<html lang="{lang.code}">
<head>
<meta charset="utf-8">
<title>{e(title)} | {e(site)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="{e(description)}">
<meta name="author" content="{e(', '.join(authors))}">
<meta property="og:type" content="article">
<meta property="og:title" content="{e(title)}">
<meta property="og:url" content="{url}">
<meta property="og:site_name" content="{e(site.split('.')[0])}">
<meta property="og:description" content="{e(description)}">
{published_meta}
<meta property="article:section" content="{e(section)}">
<link rel="canonical" href="{url}">
<style>{_CSS}</style>
<script>{_SCRIPT}</script>
<script type="application/ld+json">{jsonld}</script>
<script>{_state_script(rng, site, lang)}</script>
</head>
<body>
<div id="cookie-banner" class="consent"><p>{e(lang.cookies)}</p><button>OK</button></div>
<header class="site-header"><a class="logo" href="https://{site}/">{e(site)}</a>
<nav class="main-nav">{_mega_menu(rng, site, lang)}</nav></header>
<main>
<article class="story">
<div class="breadcrumb"><a href="https://{site}/">Home</a> › <a href="https://{site}/{e(section.lower())}">{e(section)}</a></div>
<h1 class="headline">{e(title)}</h1>
<p class="byline">{e(lang.by)} {e(' & '.join(authors))} · {stamp}</p>
<div class="share">{''.join(f'<a href="#" class="share-{n.lower()}">{_ICON}<span>{n}</span></a>'
                             for n in ("Facebook", "X", "WhatsApp", "LinkedIn", "Reddit", "E-mail", "Print"))}</div>
<div class="article-body">
{chr(10).join(body)}
</div>
<div class="tags">{' '.join(f'<a href="https://{site}/tag/{w}">{e(w)}</a>' for w in rng.sample(lang.words, 5))}</div>
</article>
<section class="related"><h3>{e(lang.related)}</h3><ul>{related}</ul></section>
<section class="newsletter"><h3>{e(lang.newsletter)}</h3><form><input type="email"><button>OK</button></form></section>
<section class="teasers">{_teasers(rng, site, lang, 24)}</section>
<section class="comments"><h3>{e(lang.comments)}</h3>{comments}</section>
</main>
<aside class="sidebar"><h3>{e(lang.read_more)}</h3><ul>{_links(rng, site, lang.sections, 15)}</ul></aside>
<footer class="site-footer"><ul>{_links(rng, site, lang.sections, 80)}</ul>
<p>© {published.year} {e(site)}. All rights reserved.</p></footer>
<script>{_SCRIPT}</script>
</body>
</html>
"""
    return f"{index // FILES_PER_DIR:04d}/{lang.code}-{index:07d}.html", doc


def generate(out_dir: Path, docs: int, seed: int = 7) -> Iterator[Path]:
    """Write pages 0..docs-1 under `out_dir` (1,000 per sub-directory), skipping files already there."""
    for index in range(docs):
        name, doc = page(index, seed)
        path = out_dir / name
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_text(doc, encoding="utf-8")
            os.replace(tmp, path)  # a killed run never leaves a half-written page behind
        yield path


def ensure_corpus(out_dir: Path, docs: int, seed: int = 7) -> Path:
    """A directory holding exactly pages 0..docs-1 of `seed` (made or completed now)."""
    marker = out_dir / MARKER
    wanted = {"docs": docs, "seed": seed, "generator": GENERATOR_VERSION}
    if marker.exists() and json.loads(marker.read_text()) == wanted:
        return out_dir
    if marker.exists():  # made by another generator version: its pages are not these
        for old in sorted(out_dir.glob("*/*.html")):
            old.unlink()
    out_dir.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    for n, _ in enumerate(generate(out_dir, docs, seed), start=1):
        if n % 10_000 == 0:
            print(f"  corpus: {n:,}/{docs:,} pages", file=sys.stderr)
    marker.write_text(json.dumps(wanted))
    print(f"  corpus: {docs:,} pages in {out_dir} ({time.monotonic() - started:.1f} s)", file=sys.stderr)
    return out_dir


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    ensure_corpus(args.out_dir, args.docs, args.seed)


if __name__ == "__main__":
    main()
