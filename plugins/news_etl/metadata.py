"""Metadata from values: language, dateline, dates, author names, counts and hashes. Pure functions."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
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

def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def content_hash(text: str) -> str:
    """Hash of the text with case and whitespace folded: the same article re-exported hashes the same."""
    folded = _SPACE.sub(" ", text).strip().casefold()
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def detect_language(text: str, hint: str | None = None) -> str | None:
    """ISO 639-1 code of the text, from py3langid's model (shipped in its wheel: no download).

    A hint (a page's lang attribute, a record's language field) decides only when the text is too short
    to say: a wrong `lang` attribute is common on news sites, the text is the better evidence.
    """
    sample = text[:4000]
    if word_count(sample) < 8:
        return normalize_language(hint)
    import py3langid  # loads its model once, on first use, from the installed wheel

    lang, _score = py3langid.classify(sample)
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


def fold_name(name: str) -> str:
    """Key that makes 'José Pérez', 'JOSE PEREZ' and 'José  Pérez' one author row."""
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACE.sub(" ", stripped).strip().casefold()


BY_WORD = re.compile(
    r"^\s*(?:authors?:?\s+|(?:article|written|posted|reported|published|reviewed|edited|authored|text|story"
    r"|words|photos?)\s+)?"
    r"(?:by|par|von|por|door|di|da|de"
    r"|av|af|texto de|text von|escrito por|publicado por|publié par|geschrieben von|a cura di)\b[:\s]+",
    re.IGNORECASE)
_EMAIL = re.compile(r"\S+@\S+\.\w+")
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
    r"(?:\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|(?:\w+\.?\s+)?\d{1,2},?\s+\d{4}|\d{1,2}\s+\w+\.?,?\s+\d{4}"
    r"|\d{1,2}:\d{2}).*$", re.IGNORECASE)
# "Jane Doe on Friday", "Jane Doe Last updated ...", "Jane Doe Published": what follows a name in bylines
_NAME_TAIL = re.compile(
    r"\s+(?:on\s+\S.*|(?:last\s+)?(?:updated|modified|published|posted|reviewed)\b.*|\d+\s+min(?:ute)?s?\s+read.*)$",
    re.IGNORECASE)
# Byline text that is a date, a credit or a copyright line, not a name.
_NOT_A_NAME = re.compile(
    r"^(?:©|\(c\)|copyright|credit|photo|image|source|more about|about the author|the author$|view all|posts? by"
    r"|view |sign in|log in|read more|more posts|all posts|(?:last )?(?:updated|published|posted)\b|(?:by|par|von|por)$"
    r"|(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?$|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?$)",
    re.IGNORECASE)
# A job title after a name in a byline: "Jane Doe Senior Writer", "Jane Doe, Founder at Acme".
_ROLE_AFTER_NAME = re.compile(
    r"(?:\s*[,|–—-])?\s+(?:(?:former|senior|deputy|lead|head|staff|contributing|chief|executive|managing|associate"
    r"|assistant|certified|expert|guest|freelance|licensed)\s+)*(?:writer|editor|reporter|founder|co-founder|ceo"
    r"|expert|reviewer|consultant|columnist|contributor|correspondent|journalist|author|producer|analyst"
    r"|editor-in-chief|content writer|copywriter|researcher|strategist|specialist)\b.*$", re.IGNORECASE)
# Words that make a name an organisation (the site's own name in a byline is not a person).
_ORG_WORD = re.compile(
    r"\b(?:news|media|team|staff|magazine|times|post|journal|press|inc|llc|ltd|gmbh|group|daily|gazette|tribune"
    r"|herald|blog|online|editorial|desk|network|agency|company|\w+\.(?:com|org|net|io))\b", re.IGNORECASE)
_AUTHOR_SPLIT = re.compile(r"\s*(?:;|\||,|\band\b|\bet\b|\bund\b|\by\b|\be\b|\ben\b|&|\bog\b|\boch\b)\s*",
                           re.IGNORECASE)
_CREDENTIAL = re.compile(
    r"^(?:ph\.?d|m\.?d|md|mba|ms|ma|msc|bsc|ba|rd|rn|cpa|cfa|cfp|jd|dr|jr|sr|iii|ii|esq|lcsw|lmft|fand|do"
    r"|dds|np|pa-c|cpt|cscs|mph|pharmd|dvm|facp|faan)\.?$", re.IGNORECASE)
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


def clean_name(value: str) -> str | None:
    name = _SPACE.sub(" ", _EMAIL.sub("", value)).strip()
    if _NOT_A_NAME.match(name):
        return None
    # "16 December 2025 by Jane Doe": the name is what follows the last "by"
    inner = re.search(r"(?:^|\s)(?:by|par|von|por|door):?\s+(\S.*)$", name, re.IGNORECASE)
    name = inner.group(1) if inner else BY_WORD.sub("", name, count=1)
    name = _NAME_TAIL.sub("", _ROLE_TAIL.sub("", name))
    name = DATE_IN_NAME.sub("", name)
    name = _ROLE_AFTER_NAME.sub("", name)
    name = _SPACE.sub(" ", name).strip(" .,;:-–—|@[]\"'“”")
    if not name or _ROLE_ONLY.match(name) or _NOT_A_NAME.match(name) or not any(c.isalpha() for c in name):
        return None
    if name.count("(") != name.count(")"):
        name = name.strip("()")
    if any(c.isdigit() for c in name):  # "Jun 2", "Room 101": people's names carry no digits
        return None
    words = name.split()
    if len(words) > 6 or len(name) > 60 or name.startswith(("http", "www.")):
        return None
    if sum(w[:1].isupper() for w in words if w[:1].isalpha()) == 0:  # "posted in news": no proper noun
        return None
    return name


def split_names(value: str) -> list[str]:
    """'Jane Doe and John Roe', 'Doe, Jane' (one person), 'Jane Doe, MD, PhD' (credentials dropped)."""
    value = _EMAIL.sub("", value)
    value = BY_WORD.sub("", value.strip(), count=1)
    parts = [p for p in _AUTHOR_SPLIT.split(value) if p and p.strip()]
    parts = [p for p in parts if not _CREDENTIAL.match(p.strip(" .")) and not _ROLE_ONLY.match(p.strip(" ."))]
    # "Doe, Jane": two single words around a comma are one inverted name
    if len(parts) == 2 and "," in value and all(len(p.split()) == 1 for p in parts) and " and " not in value:
        parts = [f"{parts[1].strip()} {parts[0].strip()}"]
    names: list[str] = []
    for part in parts:
        name = clean_name(part)
        if name and fold_name(name) not in {fold_name(n) for n in names}:
            names.append(name)
    return names


def normalize_authors(names: Iterable[str], site_names: Iterable[str] = ()) -> tuple[str, ...]:
    """Cleaned, de-duplicated people, without the site's own name passed off as a person."""
    sites = {fold_name(s) for s in site_names if s}
    out: list[str] = []
    seen: set[str] = set()
    for raw in names:
        for name in split_names(raw) if _AUTHOR_SPLIT.search(raw) else [n for n in [clean_name(raw)] if n]:
            key = fold_name(name)
            if key in seen:
                continue
            # The site's own name in a byline is the publisher, not a person; a personal blog named after
            # its author ("Jane Doe") keeps her: only names that read as an organisation are dropped.
            if (key in sites or key.replace(" ", "") in {s.replace(" ", "") for s in sites}) and (
                    len(name.split()) == 1 or len(name.split()) > 3 or _ORG_WORD.search(name)):
                continue
            if _ORG_WORD.search(name) and len(name.split()) > 1 and not re.search(r"\w+\.\w+", name) and (
                    _ORG_WORD.search(name.split()[-1])):
                continue
            seen.add(key)
            out.append(name)
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


def cut_date(value: str) -> str:
    """The text before the first date in it: "María Ortega - 5 de julio de 2023" -> "María Ortega - "."""
    starts = [match.start() for pattern in (_ISO_IN_TEXT, _NUMERIC_DATE, _TEXT_DATE_MDY, _TEXT_DATE_DMY)
              if (match := pattern.search(value))]
    return value[:min(starts)] if starts else value


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
