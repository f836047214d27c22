"""Metadata from values: language, dateline, dates, author names, counts and hashes. Pure functions."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import UTC, datetime, timedelta

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


_BY_PREFIX = re.compile(r"^\s*(?:by|par|von|por|door|av|af)\s+", re.IGNORECASE)
_SPLIT_AUTHORS = re.compile(r"\s*(?:;|\||,|\band\b|\bet\b|\bund\b|\by\b|\be\b|\ben\b|&)\s*", re.IGNORECASE)


def split_authors(raw: str | list[str] | tuple[str, ...] | None) -> tuple[str, ...]:
    """'By Jane Doe and John Roe' -> ('Jane Doe', 'John Roe'); duplicates (by folded name) dropped."""
    if not raw:
        return ()
    items = [raw] if isinstance(raw, str) else list(raw)
    names: list[str] = []
    seen: set[str] = set()
    for item in items:
        for part in _SPLIT_AUTHORS.split(_BY_PREFIX.sub("", item.strip())):
            name = _SPACE.sub(" ", part).strip(" .,-–—")
            if not name or not any(c.isalpha() for c in name) or len(name) > 80:
                continue
            key = fold_name(name)
            if key not in seen:
                seen.add(key)
                names.append(name)
    return tuple(names)


EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)


def parse_date(value: str | None, now: datetime | None = None) -> str | None:
    """An ISO 8601 string for a plausible publication date, or None.

    Accepts ISO dates and datetimes (with 'Z' or an offset); a date in the future beyond a day, or before
    1990, is rejected as an extraction error rather than stored.
    """
    if not value:
        return None
    text = value.strip()
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    check = parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    limit = (now or datetime.now(UTC)) + timedelta(days=1)
    if check < EARLIEST or check > limit:
        return None
    if len(text) <= 10:  # a day, no time: keep it a day
        return parsed.date().isoformat()
    return parsed.isoformat()
