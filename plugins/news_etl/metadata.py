"""Metadata from values: language, dateline, dates, author names, counts and hashes. Pure functions."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from itertools import islice
from urllib.parse import urlsplit

_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")

# "TOKYO –", "MADRID (EFE) –", "WASHINGTON, D.C. —", "Paris, 3 mai (Reuters) -": an upper-case place, an
# optional qualifier and agency, then a dash. The place must start the text and be short.
_DATELINE = re.compile(
    r"""^(?P<place>[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þa-zß-öø-ÿ.'’ -]{1,40}?)
        (?:,\s*[^\s–—-][^–—\n]{0,30}?)?
        \s*(?:\([^()\n]{1,30}\))?
        \s*[–—-]{1,2}\s+(?=\S)""",
    re.VERBOSE,
)

def squash(text: str) -> str:
    r"""Whitespace runs made one space, the ends stripped: what `re.sub(r"\s+", " ", text).strip()` gives (str.split
    and re's \s agree on what whitespace is), five times faster."""
    return " ".join(text.split())


def word_runs(text: str) -> int:
    """Runs of word characters: the words of a spaced script, and a whole sentence of Chinese or Japanese.
    The extraction's length thresholds (the recall pass, the fallbacks) are in these units: they were set on
    spaced scripts, and on Chinese and Japanese pages they choose as they did before word_count (below)."""
    return len(_WORD.findall(text))


# Chinese and Japanese put no spaces between words: each Han character or kana counts as a word, as word
# processors count them (and readers read about as many of them a minute as they read English words).
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f\U00020000-\U0002fa1f"
_CJK_CHAR = re.compile(f"[{_CJK}]")
_WORD_BESIDE_CJK = re.compile(f"[^\\W{_CJK}]+")


def word_count(text: str, runs: int | None = None) -> int:
    """Words of the text, as stored and shown: runs of word characters, and each Chinese or Japanese character
    on its own (`runs`: word_runs(text), when the caller has it)."""
    if _CJK_CHAR.search(text) is None:
        return word_runs(text) if runs is None else runs
    return len(_WORD_BESIDE_CJK.findall(text)) + len(_CJK_CHAR.findall(text))


def content_hash(text: str) -> str:
    """Hash of the text with case and whitespace folded: the same article re-exported hashes the same."""
    folded = " ".join(text.split()).casefold()  # str.split() and re's \s agree on what whitespace is
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


# py3langid walks the sample's bytes in Python, so its cost grows with the sample; its scores have settled
# long before this many characters (a few hundred words).
_LANGUAGE_SAMPLE_CHARS = 2000
# Fewer words than this in the sample and the text is too short to say: the hint decides.
_LANGUAGE_MIN_WORDS = 8


def text_decides_language(text: str) -> bool:
    """Whether `detect_language` reads the language from the text itself rather than from the hint."""
    words = _WORD.finditer(text, 0, _LANGUAGE_SAMPLE_CHARS)
    return next(islice(words, _LANGUAGE_MIN_WORDS - 1, None), None) is not None


def detect_language(text: str, hint: str | None = None, decides: bool | None = None) -> str | None:
    """ISO 639-1 code of the text, from py3langid's model (shipped in its wheel: no download).

    A hint (a page's lang attribute, a record's language field) decides only when the text is too short
    to say: a wrong `lang` attribute is common on news sites, the text is the better evidence. `decides`:
    text_decides_language(text), when the caller has it.
    """
    if not (text_decides_language(text) if decides is None else decides):
        return normalize_language(hint)
    from news_etl.language_model import identifier  # the model, loaded once per process (cached unpacked)

    lang, _score = identifier().classify(text[:_LANGUAGE_SAMPLE_CHARS])
    return str(lang)


def normalize_language(value: str | None) -> str | None:
    """'fr-FR', 'fr_FR', 'FR' -> 'fr'; anything that is not a two-letter code -> None."""
    if not value:
        return None
    code = value.strip().replace("_", "-").split("-")[0].lower()
    return code if len(code) == 2 and code.isalpha() else None


def find_dateline(text: str) -> str | None:
    """The place a wire story opens with ("TOKYO –" gives "TOKYO"), or None."""
    match = _DATELINE.match(text.lstrip())
    if not match:
        return None
    place = match.group("place").strip()
    letters = [c for c in place if c.isalpha()]
    # A dateline place is upper-case ("TOKYO") or a short capitalised name ("Paris"); a sentence is not.
    if not letters:
        return None
    words = place.split()
    if not place.isupper() and (len(words) > 3 or not all(w[0].isupper() for w in words)):
        return None
    return place


def derive_headline(text: str, max_words: int = 14) -> str | None:
    """A headline derived from the first sentence, for documents that carry none (marked as derived)."""
    first = text.strip().split("\n", 1)[0]
    match = _DATELINE.match(first)
    if match:
        first = first[match.end():]
    sentence = re.split(r"(?<=[.!?])\s", first, maxsplit=1)[0].strip()
    words = sentence.split()
    if not words:
        return None
    if len(words) > max_words:
        return " ".join(words[:max_words]).rstrip(",;:") + "…"
    return sentence.rstrip(".")


class _CombiningMarks(dict[int, "int | None"]):
    """A str.translate table deleting combining marks (the accents NFKD splits off), filled as code points
    are first seen."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        self[code] = kept
        return kept


_STRIP_MARKS = _CombiningMarks()
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _strip_marks(run: re.Match[str]) -> str:
    return run.group().translate(_STRIP_MARKS)


def strip_accents(text: str) -> str:
    """NFKD, then without its combining marks: 'Pérez' -> 'Perez', 'ﬁ' -> 'fi'. Marks are never ASCII, so
    only the runs of other characters are looked at."""
    decomposed = unicodedata.normalize("NFKD", text)
    return decomposed if decomposed.isascii() else _NON_ASCII.sub(_strip_marks, decomposed)


def fold_name(name: str) -> str:
    """Key that makes 'José Pérez', 'JOSE PEREZ', 'José  Pérez' and 'José Pérez, MD' one author row."""
    stripped = strip_accents(name)
    key = squash(stripped).casefold()
    bare = _CREDENTIALS_TAIL.sub("", key).rstrip(" ,")
    return bare or key


BY_WORD = re.compile(
    r"^\s*(?:authors?:?\s+|(?:article|written|posted|submitted|reported|published|reviewed|edited|authored|text|story"
    r"|words|photos?)\s+)?"
    r"(?:by|par|von|por|door|di|da|de"
    r"|av|af|texto de|text von|escrito por|publicado por|publié par|geschrieben von|a cura di)\b[:\s]+",
    re.IGNORECASE)
_EMAIL = re.compile(r"\S+@\S+\.\w+")
_AUTHOR_LABEL = re.compile(r"^(?:authors?|autor(?:es)?|auteurs?|author name)\s*:?\s+(?=\S)", re.IGNORECASE)
# Job titles: a comma-separated part of a byline holding one of these describes the person before it
# ("Jane Doe, Marketing Director", "Paul Frew, Home and Digital Security Expert"), it is not a co-author.
_JOB = re.compile(
    r"\b(?:director|manager|officer|attorney|lawyer|educators?|coordinator|marketer|engineer|scientist|designer"
    r"|developer|professor|lecturer|nutritionist|dietitian|therapist|instructor|physician|pharmacist"
    r"|veterinarian|horticulturalist|horticulturist|winemaker|astrologer|experts?|specialist|consultant"
    r"|strategist|analyst|researcher|founder|co-founder|ceo|cto|coo|cfo|president|head of|writers?|editors?"
    r"|reporters?|columnist|correspondent|contributors?|desk|bureau|former)\b", re.IGNORECASE)
_ROLE_WORDS = (
    r"staff (?:reporter|writer|writers|editor)|senior (?:reporter|writer|editor|correspondent)|reporter|"
    r"correspondent|contributor|contributing (?:writer|editor)|editor(?:-at-large)?|journalist|columnist|"
    r"photographer|redacci[oó]n|r[ée]daction|redaktion|agencias?|special to [\w .]+|for [\w .]+"
)
_ROLE_TAIL = re.compile(r"\s*[,|/–—-]\s*(?:" + _ROLE_WORDS + r")\b.*$", re.IGNORECASE)
_ROLE_ONLY = re.compile(r"^(?:the\s+)?(?:" + _ROLE_WORDS + r"|admin|administrator|staff|team|editorial team"
                        r"|guest|anonymous|unknown|none|null)$", re.IGNORECASE)
DATE_IN_NAME = re.compile(
    r"\s*[|,–—-]?\s*(?:(?:updated|published|posted|on|le|am|el|il)\s+)?"
    r"(?:\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|(?:\w+\.?\s+)?\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
    r"|\d{1,2}(?:st|nd|rd|th)?\s+\w+\.?,?\s+\d{4}"
    r"|\d{1,2}:\d{2}).*$", re.IGNORECASE)
# "Jane Doe on Friday", "Jane Doe Last updated ...", "Jane Doe Published": what follows a name in bylines
_NAME_TAIL = re.compile(
    r"\s+(?:on\s+\S.*|(?:last\s+)?(?:updated|modified|published|posted|reviewed)\b.*|\d+\s+min(?:ute)?s?\s+read.*)$",
    re.IGNORECASE)
# Byline text that is a date, a credit or a copyright line, not a name.
_NOT_A_NAME = re.compile(
    r"^(?:©|\(c\)|copyright|credit|photo|image|source|more about|about the author|the author$|view all|posts? by"
    r"|view |sign in|log in|read more|learn more|full bio|bio\b|fact[- ]checked|medically reviewed|reviewed by"
    r"|more posts|all posts|(?:last )?(?:updated|published|posted|submitted)\b"
    r"|(?:\w+\s+)?(?:by|par|von|por)\s*:?$"
    r"|(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?$"
    r"|(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?"
    r"|nov(?:ember)?|dec(?:ember)?)\.?$)",
    re.IGNORECASE)
# A job title after a name in a byline: "Jane Doe Senior Writer", "Jane Doe, Founder at Acme".
_ROLE_AFTER_NAME = re.compile(
    r"(?:\s*[,|–—-])?\s+(?:(?:former|senior|deputy|lead|head|staff|contributing|chief|executive|managing|associate"
    r"|assistant|certified|expert|guest|freelance|licensed)\s+)*(?:writer|editor|reporter|founder|co-founder|ceo"
    r"|expert|reviewer|consultant|columnist|contributor|correspondent|journalist|author|producer|analyst"
    r"|editor-in-chief|content writer|copywriter|researcher|strategist|specialist)\b.*$"
    r"|(?:\s*[,|–—-])?\s+former\s+\S.*$", re.IGNORECASE)  # "Jane Doe, former ambassador to ..."
# Words that make a name an organisation (the site's own name in a byline is not a person).
_ORG_WORD = re.compile(
    r"\b(?:news|media|team|staff|magazine|times|post|journal|press|inc|llc|ltd|gmbh|group|daily|gazette|tribune"
    r"|herald|blog|online|editorial|desk|network|agency|company|\w+\.(?:com|org|net|io))\b", re.IGNORECASE)
_AUTHOR_SPLIT = re.compile(r"\s*(?:;|\||,|\band\b|\bet\b|\bund\b|\by\b|\be\b|\ben\b|&|\bog\b|\boch\b)\s*",
                           re.IGNORECASE)
# Post-nominal letters (degrees, licences, fellowships) and generational suffixes: part of the name as
# bylined ("Jillian Kubala, MS, RD"), never a person of their own, and left out of the name's key.
_CREDENTIAL_WORDS = (
    r"ph\.?\s?d|m\.?\s?d|d\.?o|mba|ms|ma|msc|bsc|bs|ba|mfa|med|edd|psyd|rd|rdn|ldn|rn|bsn|msn|aprn|fnp(?:-c)?|dnp|np"
    r"|pa-c|cpa|cfa|cfp|chfc|clu|jd|esq|llm|lcsw|lmft|lmhc|lpc|lpcc|bcba|fand|faan|facp|faclm|foma|dabom|dacvb"
    r"|dds|dmd|od|dpm|dc|dpt|pt|otr|atc|cssd|cscs|cpt|mph|mpa|pharmd|dvm|vmd|lvt|vts|ibclc|cde|cdces|ccc-slp|ld"
    r"|jr|sr|ii|iii|iv")
_CREDENTIAL_RUN = r"(?:" + _CREDENTIAL_WORDS + r")\.?(?:\s+(?:" + _CREDENTIAL_WORDS + r")\.?)*"
_CREDENTIAL = re.compile(r"^(?:" + _CREDENTIAL_WORDS + r")\.?$", re.IGNORECASE)
_CREDENTIALS = re.compile(_CREDENTIAL_RUN, re.IGNORECASE)  # "M.D. FACLM", "MS"
# after a comma only: "Anna Ma" is a name, "Anna Ma, MA" a name and a degree
_CREDENTIALS_TAIL = re.compile(r"(?:\s*,\s*" + _CREDENTIAL_RUN + r")+$", re.IGNORECASE)
# A shared or generic account, not a person: "admin", "q_admin", "wpadmin"; or a template placeholder
# left unfilled ("page.head.extra.author", "{{author}}").
_ACCOUNT = re.compile(r"^[\w.-]*admin[\w.-]*$|\badmin\b|^(?:webmaster|root|user)$|[{}$%<>]"
                      r"|(?:^|[._])(?:author|name|page|undefined|null)(?:$|[._])", re.IGNORECASE)
_LOGIN = re.compile(r"^[a-z0-9][\w.-]*$")


_COLLECTIVE = re.compile(r"\b(?:team|staff|desk|editors|newsroom)$", re.IGNORECASE)


def is_collective(name: str) -> bool:
    """'Podium Staff', 'News Desk', 'The Upwork Team': a credit to a group of the publisher's people."""
    return bool(_COLLECTIVE.search(name))


def looks_like_job(text: str) -> bool:
    """'Co-Founder & Marketing Director', 'Senior Writer': a short line naming a position."""
    return len(text.split()) <= 6 and bool(_JOB.search(text) or _ROLE_ONLY.match(text.strip()))


def looks_like_person(name: str) -> bool:
    """'Jane Doe', 'Julian K. Arni', 'Marna van der Merwe': two or three capitalised words (name particles
    aside) and nothing that reads as a job, an organisation or a date."""
    words = name.split()
    particles = {"van", "von", "der", "den", "de", "da", "di", "del", "la", "le", "du", "dos", "bin", "al"}
    if not 2 <= len([w for w in words if w not in particles]) <= 3 or _JOB.search(name) or _ORG_WORD.search(
            name) or _NOT_A_NAME.match(name):
        return False
    return all((w[:1].isupper() and not w.isupper()) or w in particles or re.fullmatch(r"[A-Z]\.?", w)
               for w in words) and not any(w.lower() in _STOPWORDS for w in words)


_STOPWORDS = frozenset({"the", "a", "an", "and", "or", "of", "to", "in", "on", "for", "with", "at", "by", "from",
                        "how", "what", "why", "your", "my", "our", "read", "min", "share", "home", "blog", "news",
                        "no", "comments", "comment", "start", "trial", "free", "sign", "log", "subscribe", "follow",
                        "contact", "menu", "search", "back", "next", "previous", "more", "all", "view", "top",
                        "latest", "updated", "published", "posted", "listen", "print", "save", "email", "last",
                        "reviewed", "modified", "when", "i", "we", "you", "it", "this", "that", "show", "see"})


def is_login(name: str) -> bool:
    """'sara.r.peter', 'aawoods': a lower-case user name, shown where the site has no display name."""
    return bool(_LOGIN.match(name))
_URL_DATE = re.compile(
    r"/((?:19|20)\d{2})[/_-](0?[1-9]|1[0-2])(?:[/_-](0?[1-9]|[12]\d|3[01]))?(?:[/_.-]|$)")
_URL_DATE_COMPACT = re.compile(r"[/_-]((?:19|20)\d{2})(0[1-9]|1[0-2])([0-3]\d)(?:[/_.-]|$)")
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})[./-](\d{1,2})[./-]((?:19|20)\d{2})\b(?:\D{0,6}(\d{1,2})[:.h](\d{2}))?")
_ISO_IN_TEXT = re.compile(r"\b((?:19|20)\d{2})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?")
_MONTHS = {
    name: number for number, names in enumerate((
        ("january", "jan", "janvier", "januar", "enero", "ene", "gennaio", "janeiro", "januari", "jänner"),
        ("february", "feb", "février", "fevrier", "februar", "febrero", "febbraio", "fevereiro", "februari"),
        ("march", "mar", "mars", "märz", "marz", "marzo", "março", "marco", "maart"),
        ("april", "apr", "avril", "abril", "aprile"),
        ("may", "mai", "mayo", "maggio", "maio", "mei"),
        ("june", "jun", "juin", "juni", "junio", "giugno", "junho"),
        ("july", "jul", "juillet", "juli", "julio", "luglio", "julho"),
        ("august", "aug", "août", "aout", "agosto", "augustus"),
        ("september", "sep", "sept", "septembre", "septiembre", "settembre", "setembro"),
        ("october", "oct", "octobre", "oktober", "octubre", "ottobre", "outubro", "okt"),
        ("november", "nov", "novembre", "noviembre", "novembro"),
        ("december", "dec", "décembre", "decembre", "dezember", "diciembre", "dicembre", "dezembro", "dez"),
    ), start=1) for name in names
}
_MONTH_WORD = "|".join(sorted((re.escape(m) for m in _MONTHS), key=len, reverse=True))
_TEXT_DATE_MDY = re.compile(r"\b(" + _MONTH_WORD + r")\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+((?:19|20)\d{2})\b", re.I)
_TEXT_DATE_DMY = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th|\.|º|er)?\s+(?:de\s+)?(" + _MONTH_WORD
                            + r")\.?,?\s+(?:de\s+)?((?:19|20)\d{2})\b", re.I)

EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)


def clean_name(value: str, structured: bool = False) -> str | None:
    """One credited name from byline text, or None when the text is a date, a role, a credit line.

    `structured` names come from an author field (JSON-LD, meta) rather than page text: they need not be
    capitalised, since a login shown as the byline ("sara.r.peter") is still the credit the page gives.
    """
    name = squash(_EMAIL.sub("", value))
    if _NOT_A_NAME.match(name):
        return None
    # "16 December 2025 by Jane Doe": the name is what follows the last "by"
    inner = re.search(r"(?:^|\s)(?:by|par|von|por|door):?\s+(\S.*)$", name, re.IGNORECASE)
    name = inner.group(1) if inner else BY_WORD.sub("", name, count=1)
    name = _AUTHOR_LABEL.sub("", name)
    name = _NAME_TAIL.sub("", _ROLE_TAIL.sub("", name))
    name = DATE_IN_NAME.sub("", name)
    name = _ROLE_AFTER_NAME.sub("", name)
    # "David Jackson - FullStack Editorial Team", "Jane Doe | Acme News": an affiliation after a dash or bar
    affiliation = re.match(r"^(.+?)\s+[|–—-]\s+(.+)$", name)
    if affiliation and _ORG_WORD.search(affiliation.group(2)) and not _ORG_WORD.search(affiliation.group(1)):
        name = affiliation.group(1)
    name = _SPACE.sub(" ", name).strip(" ,;:-–—|•·@[]\"'“”")
    # "CM Craig McCarthy": the initials of an avatar placeholder printed before the name
    initials = re.match(r"^([A-Z]{2,3}) (.+)$", name)
    if initials and initials.group(1) == "".join(w[0] for w in initials.group(2).split()[:3]).upper():
        name = initials.group(2)
    # a trailing period belongs to an abbreviation ("Jeff T.", "Ph.D.", "Jr."), not to a sentence
    if name.endswith(".") and not re.search(r"(?:^|[\s.])\w\.$|\.\w+\.$", name) and not _CREDENTIAL.match(
            name.rsplit(" ", 1)[-1]):
        name = name.rstrip(". ")
    name = name.lstrip(".")
    if not name or _ROLE_ONLY.match(name) or _NOT_A_NAME.match(name) or not any(c.isalpha() for c in name):
        return None
    if name.count("(") != name.count(")"):
        name = name.strip("()")
    if any(c.isdigit() or c in "?!" for c in name):  # "Jun 2", "Room 101", "Guess what?" are not names
        return None
    if any(w.count("-") > 1 for w in name.split()):  # "wp-block-co-authors": a class name, not a person
        return None
    words = name.split()
    if len(words) > 6 or len(name) > 60 or name.startswith(("http", "www.")) or _ACCOUNT.match(name):
        return None
    if not structured and sum(w[:1].isupper() for w in words if w[:1].isalpha()) == 0:  # "posted in news"
        return None
    return name


def split_names(value: str, structured: bool = False) -> list[str]:
    """'Jane Doe and John Roe', 'Doe, Jane' (one person), 'Jane Doe, MD, PhD' (credentials stay with her)."""
    value = _EMAIL.sub("", value)
    value = BY_WORD.sub("", value.strip(), count=1)
    segments = [p for p in re.split(r"\s*[,;|]\s*", value) if p.strip()]
    if len(segments) > 1:  # job titles and affiliations after the first name go, with the words they hold
        value = ", ".join([segments[0]] + [p for p in segments[1:] if not _JOB.search(p) and not (
            _ORG_WORD.search(p) and len(p.split()) > 1)])
    pieces = [p.strip() for p in _AUTHOR_SPLIT.split(value) if p and p.strip()]
    parts: list[str] = []
    for piece in pieces:
        if _CREDENTIALS.fullmatch(piece.strip(" .")) or _CREDENTIALS.fullmatch(piece.strip()):
            if parts:
                parts[-1] = f"{parts[-1]}, {piece}"
        elif not _ROLE_ONLY.match(piece.strip(" .")):
            parts.append(piece)
    # "Doe, Jane", "Doe, Jane T.": a single word, a comma and a given name (with initials) are one person
    if len(parts) == 2 and "," in value and len(parts[0].split()) == 1 and " and " not in value and (
            len(parts[1].split()) == 1 or all(re.fullmatch(r"\w\.?", w) for w in parts[1].split()[1:])):
        parts = [f"{parts[1].strip()} {parts[0].strip()}"]
    names: list[str] = []
    for part in parts:
        name = clean_name(part, structured)
        if name and fold_name(name) not in {fold_name(n) for n in names}:
            names.append(name)
    return names


def normalize_authors(names: Iterable[str], site_names: Iterable[str] = (),
                      structured: bool = False) -> tuple[str, ...]:
    """Cleaned, de-duplicated credits, without the site's own name passed off as a person."""
    sites = {fold_name(s) for s in site_names if s}
    out: list[str] = []
    seen: set[str] = set()
    for raw in names:
        for name in (split_names(raw, structured) if _AUTHOR_SPLIT.search(raw)
                     else [n for n in [clean_name(raw, structured)] if n]):
            key = fold_name(name)
            if key in seen:
                continue
            # The site's own name in a byline is the publisher, not a person; a personal blog named after
            # its author ("Jane Doe") keeps her: only names that read as an organisation are dropped. Other
            # credits stay: a wire agency ("Associated Press"), a partner newsroom, or a collective byline
            # ("Podium Staff", "News Desk") is who the publisher says wrote the piece.
            if (key in sites or key.replace(" ", "") in {s.replace(" ", "") for s in sites}) and not (
                    looks_like_person(name)):
                continue
            seen.add(key)
            out.append(name)
    # beside a person, a name that reads as an organisation is her affiliation, not a co-author (a staff
    # credit, "ACO Rankings Team", is one)
    if any(looks_like_person(n) for n in out):
        out = [n for n in out if looks_like_person(n) or is_collective(n)
               or not (_ORG_WORD.search(n) and len(n.split()) > 1)]
    return tuple(out)


def split_authors(raw: str | list[str] | tuple[str, ...] | None) -> tuple[str, ...]:
    """'By Jane Doe and John Roe' -> ('Jane Doe', 'John Roe'); duplicates (by folded name) dropped."""
    if not raw:
        return ()
    return normalize_authors([raw] if isinstance(raw, str) else list(raw))


def date_in_text(value: str, month_first: bool = False) -> str | None:
    """An ISO date from a byline's 'dd/mm/yyyy - hh:mm', 'April 3, 2024' or '3 de abril de 2024'.

    An ambiguous numeric date (both parts <= 12) is read day first, unless `month_first` (US English pages).
    """
    match = _ISO_IN_TEXT.search(value)
    if match:
        return match.group(0).replace(" ", "T")
    match = _NUMERIC_DATE.search(value)
    if match:
        first, second, year = int(match.group(1)), int(match.group(2)), int(match.group(3))
        if first > 12 or (second <= 12 and not month_first):
            day, month = first, second
        else:
            day, month = second, first
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return None
        if match.group(4):
            return f"{year:04d}-{month:02d}-{day:02d}T{int(match.group(4)):02d}:{match.group(5)}"
        return f"{year:04d}-{month:02d}-{day:02d}"
    match = _TEXT_DATE_MDY.search(value)
    if match:
        return f"{match.group(3)}-{_MONTHS[match.group(1).lower()]:02d}-{int(match.group(2)):02d}"
    match = _TEXT_DATE_DMY.search(value)
    if match:
        return f"{match.group(3)}-{_MONTHS[match.group(2).lower()]:02d}-{int(match.group(1)):02d}"
    return None


def find_dates(value: str) -> list[tuple[int, str]]:
    """Every date written in a text as (offset, the date as written), in reading order:
    "Published 3 May 2024 · Updated 05/06/2024" gives both."""
    spans: list[tuple[int, int]] = []
    for pattern in (_ISO_IN_TEXT, _TEXT_DATE_MDY, _TEXT_DATE_DMY, _NUMERIC_DATE):
        for match in pattern.finditer(value):
            if not any(match.start() < end and start < match.end() for start, end in spans):
                spans.append((match.start(), match.end()))
    return [(start, value[start:end]) for start, end in sorted(spans)]


def cut_date(value: str) -> str:
    """The text before the first date in it: "María Ortega - 5 de julio de 2023" -> "María Ortega - "."""
    starts = [match.start() for pattern in (_ISO_IN_TEXT, _NUMERIC_DATE, _TEXT_DATE_MDY, _TEXT_DATE_DMY)
              if (match := pattern.search(value))]
    if not starts:
        return value
    # "Peter Bell on 3 May 2024": the word that introduced the date goes with it
    return re.sub(r"\s(?:on|le|am|el|il|em|op)\s*$", " ", value[:min(starts)], flags=re.IGNORECASE)


def parse_datetime(value: str | None, now: datetime | None = None,
                   month_first: bool = False) -> tuple[str, str] | None:
    """(ISO 8601, precision) for a plausible date: day, minute or second; timezone-aware when given one.

    Dates before 1990 or more than a day in the future are rejected as extraction errors.
    """
    if not value:
        return None
    text = value.strip()
    match = _ISO_IN_TEXT.match(text)
    if not match:
        found = date_in_text(text, month_first)
        if not found:
            return None
        text = found
    else:
        text = text[: max(match.end(), _iso_end(text))]
    candidate = text.replace("Z", "+00:00").replace("z", "+00:00")
    if len(candidate) > 10 and candidate[10] == " ":
        candidate = candidate[:10] + "T" + candidate[11:]
    candidate = re.sub(r"([+-]\d{2})(\d{2})$", r"\1:\2", candidate)
    try:
        parsed = datetime.fromisoformat(candidate)
    except ValueError:
        try:
            parsed = datetime.fromisoformat(candidate[:10])
        except ValueError:
            return None
        candidate = candidate[:10]
    check = parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    limit = (now or datetime.now(UTC)) + timedelta(days=1)
    if check < EARLIEST or check > limit:
        return None
    if len(candidate) <= 10:
        return parsed.date().isoformat(), "day"
    if parsed.hour == 0 and parsed.minute == 0 and parsed.second == 0 and parsed.tzinfo is None:
        return parsed.date().isoformat(), "day"
    precision = "second" if parsed.second or parsed.microsecond or re.search(r"T\d{2}:\d{2}:\d{2}", candidate) \
        else "minute"
    return parsed.isoformat(timespec="seconds" if precision == "second" else "minutes"), precision


def _iso_end(text: str) -> int:
    match = re.match(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|z|[+-]\d{2}:?\d{2})?)?", text)
    return match.end() if match else 10


def url_date(url: str | None) -> str | None:
    """'/2024/04/03/slug' or '/20240403-slug' in a URL path -> '2024-04-03' (a month alone is not a day)."""
    if not url:
        return None
    path = urlsplit(url).path
    match = _URL_DATE.search(path)
    if match and match.group(3):
        return f"{match.group(1)}-{int(match.group(2)):02d}-{int(match.group(3)):02d}"
    match = _URL_DATE_COMPACT.search(path)
    if match:
        return f"{match.group(1)}-{match.group(2)}-{match.group(3)}"
    return None


def parse_date(value: str | None, now: datetime | None = None) -> str | None:
    """An ISO 8601 string for a plausible publication date, or None (see `parse_datetime`)."""
    parsed = parse_datetime(value, now)
    return parsed[0] if parsed else None
