"""Owns the reconciliation of every metadata candidate (input hints, page candidates, trafilatura's and
htmldate's heuristics, the URL) into one value per article field, with the strategy that gave it. Pure."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

from news_etl.htmlmeta import Candidate, PageMeta, choose_title, fold
from news_etl.metadata import normalize_authors, parse_datetime, url_date, word_count
from news_etl.records import Hints
from news_etl.urls import url_host

# Adult silent reading speed, words per minute, for reading_time_min.
_WORDS_PER_MINUTE = 230
_MAX_LIST = 30
# A wall or an error page says so in few words; an article that mentions cookies is long.
_WALL_MAX_WORDS = 250
_PAYWALL = re.compile(
    r"subscribe to (?:continue|read)|subscribers? only|this (?:article|story|content) is (?:only )?(?:for|available"
    r" to) (?:subscribers|members)|already a subscriber|to continue reading|become a (?:subscriber|member) to"
    r"|réservé aux abonnés|article réservé|abonnez-vous pour lire|nur für abonnenten|weiterlesen mit"
    r"|exclusivo para suscriptores|contenido exclusivo para|riservato agli abbonati|exclusivo para assinantes"
    r"|alleen voor abonnees", re.IGNORECASE)
_CONSENT = re.compile(
    r"we use cookies|use of cookies|cookie (?:settings|preferences|policy)|accept all|accept cookies"
    r"|manage (?:consent|preferences)|before you continue|your privacy choices|nous utilisons des cookies"
    r"|accepter (?:et fermer|tout)|wir verwenden cookies|alle akzeptieren|utilizamos cookies|aceptar todas?"
    r"|utilizziamo i cookie|accetta tutti|wij gebruiken cookies", re.IGNORECASE)
_BOT_WALL = re.compile(
    r"verify (?:you are|that you are) (?:a )?human|are you a robot|captcha|just a moment\.\.\.|checking your browser"
    r"|access denied|enable javascript and cookies|unusual traffic|request blocked|pardon our interruption"
    r"|attention required", re.IGNORECASE)


def reading_time(words: int) -> int:
    return math.ceil(words / _WORDS_PER_MINUTE) if words else 0


def resolve_fields(hints: Hints, page: PageMeta | None, url: str | None, tree: Any) -> dict[str, Any]:
    """Field values and their provenance. `page`/`tree` are None for plain text, where hints are all there is."""
    prov: dict[str, str] = {}
    out: dict[str, Any] = {"provenance": prov}
    origin = hints.origin or "record"
    page = page or PageMeta()

    page_url = url
    if url:
        prov["url"] = "record"
    elif page.canonical:
        page_url = page.canonical.value
        prov["url"] = page.canonical.source
    out["url"] = page_url
    if page.canonical:
        out["canonical_url"] = page.canonical.value
        prov["canonical_url"] = page.canonical.source
    host = url_host(page_url)

    site = _first([Candidate(hints.site_name, origin)] if hints.site_name else [], page.site_names)
    if site:
        out["site_name"], prov["site_name"] = site.value, site.source
    title = Candidate(hints.title.strip(), origin) if hints.title and hints.title.strip() else choose_title(page, host)
    if title is None and tree is not None:
        title = _trafilatura_title(tree)
    if title:
        out["title"], prov["title"] = title.value, title.source

    sites = [c.value for c in page.site_names] + ([hints.site_name] if hints.site_name else [])
    authors = normalize_authors(hints.authors) if hints.authors else ()
    author_source = origin
    for names, source in ([] if authors else page.authors):
        authors = normalize_authors(names, sites)
        if authors:
            author_source = source
            break
    if not authors and tree is not None:
        authors = normalize_authors(_trafilatura_author(tree), sites)
        author_source = "trafilatura"
    if authors:
        out["authors"], prov["authors"] = authors, author_source

    published = _resolve_published(hints, page, page_url, tree)
    if published:
        (out["published_at"], out["published_precision"]), prov["published_at"] = published[:2], published[2]
        prov["published_precision"] = published[2]
    modified_candidates = list(page.modified)
    if hints.modified_at:
        modified_candidates.append(Candidate(hints.modified_at, origin))
    if hints.http_last_modified:
        modified_candidates.append(Candidate(hints.http_last_modified, "http"))
    for cand in modified_candidates:
        parsed = parse_datetime(cand.value)
        if parsed:
            out["modified_at"], prov["modified_at"] = parsed[0], cand.source
            break

    description = _first([Candidate(hints.description, origin)] if hints.description else [], page.descriptions)
    if description:
        out["description"], prov["description"] = description.value, description.source
    if page.image:
        out["image"], prov["image"] = urljoin(page_url or "", page.image.value), page.image.source
    if page.license:
        out["license"], prov["license"] = page.license.value, page.license.source
    tag_candidates = [Candidate(t, origin) for t in hints.tags] + page.tags
    for name, candidates in (("tags", tag_candidates), ("categories", page.categories), ("keywords", page.keywords)):
        values, source = _unique(candidates)
        if values:
            out[name], prov[name] = values, source
    return out


def _resolve_published(hints: Hints, page: PageMeta, url: str | None, tree: Any) -> tuple[str, str, str] | None:
    """Publication date by trust: a scraper record's own field, the page's structured data (JSON-LD, meta,
    <time>, byline), a feed entry, the URL path, htmldate's heuristics, and last HTTP Last-Modified."""
    origin = hints.origin or "record"
    ordered: list[Candidate] = []
    if hints.published_at and origin == "record":
        ordered.append(Candidate(hints.published_at, origin))
    ordered.extend(page.published)
    if hints.published_at and origin != "record":
        ordered.append(Candidate(hints.published_at, origin))
    from_url = url_date(url)
    # US English writes 03-09-2026 for March 9; everyone else (and ISO) puts the day first.
    month_first = (page.lang or "").lower().replace("_", "-") in ("en", "en-us")
    for cand in ordered:
        parsed = parse_datetime(cand.value, month_first=month_first)
        if parsed:
            if from_url and parsed[0][:10] != from_url:
                # A day in the URL path is set when the story goes up, in the newsroom's time zone; a
                # structured date that disagrees is an update, a UTC rendering or another item's date.
                return from_url, "day", "url"
            return parsed[0], parsed[1], cand.source
    if from_url:
        return from_url, "day", "url"
    if tree is not None:
        found = _htmldate(tree, url)
        parsed = parse_datetime(found)
        if parsed:
            return parsed[0], parsed[1], "htmldate"
    parsed = parse_datetime(hints.http_last_modified)
    if parsed:
        return parsed[0], parsed[1], "http"
    return None


def _htmldate(tree: Any, url: str | None) -> str | None:
    from htmldate import find_date

    today = datetime.now(UTC).strftime("%Y-%m-%d")
    found = find_date(tree, url=url, original_date=True, extensive_search=True, max_date=today)
    return str(found) if found else None


def _trafilatura_title(tree: Any) -> Candidate | None:
    from trafilatura.metadata import extract_title

    value = extract_title(tree)
    return Candidate(value.strip(), "trafilatura") if value and value.strip() else None


def _trafilatura_author(tree: Any) -> list[str]:
    from trafilatura.metadata import extract_author

    value = extract_author(tree)  # works on its own copy of the tree
    return [v for v in (value or "").split(";") if v.strip()]


def _first(*groups: Iterable[Candidate]) -> Candidate | None:
    for group in groups:
        for cand in group:
            if cand.value and cand.value.strip():
                return Candidate(cand.value.strip(), cand.source)
    return None


def _unique(candidates: list[Candidate]) -> tuple[tuple[str, ...], str]:
    values: list[str] = []
    seen: set[str] = set()
    source = candidates[0].source if candidates else ""
    for cand in candidates:
        value = cand.value.strip().strip("#")
        key = fold(value)
        if value and key and key not in seen and len(value) <= 80:
            seen.add(key)
            values.append(value)
    return tuple(values[:_MAX_LIST]), source


def access_status(text: str, page: PageMeta | None, html: str) -> str:
    """ok | paywalled | consent_wall | bot_wall | not_article | empty: why a page gave little or no text."""
    words = word_count(text)
    if words >= _WALL_MAX_WORDS:
        return "paywalled" if page is not None and page.free is False and _PAYWALL.search(text) else "ok"
    sample = text + "\n" + (page.html_title or "" if page else "")
    if _BOT_WALL.search(sample) or (not text.strip() and _BOT_WALL.search(html[:20000])):
        return "bot_wall"
    if (page is not None and page.free is False) or _PAYWALL.search(text) or (
            not text.strip() and _PAYWALL.search(html)):
        return "paywalled"
    if _CONSENT.search(text) or (not text.strip() and _CONSENT.search(html)):
        return "consent_wall"
    if not text.strip():
        return "empty"
    if page is not None and words < 80 and not page.jsonld_types & {"newsarticle", "article", "blogposting"} \
            and page.og_type not in (None, "article"):
        return "not_article"
    return "ok"
