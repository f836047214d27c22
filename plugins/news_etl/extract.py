"""RawDocument -> Article: decoding, trafilatura on HTML, cleaning, metadata; failures as values."""

from __future__ import annotations

import codecs
import contextlib
import re
import signal
import threading
from collections.abc import Iterator
from typing import Any

from news_etl import __version__
from news_etl.clean import clean_text
from news_etl.metadata import (
    content_hash,
    derive_headline,
    detect_language,
    find_dateline,
    normalize_language,
    parse_date,
    split_authors,
    word_count,
)
from news_etl.records import Article, Failure, RawDocument
from news_etl.urls import normalize_url, url_host

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.-]+)""")
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


class ExtractionError(Exception):
    """A document that cannot become an article; `stage` and `error_class` go to the failure row."""

    def __init__(self, stage: str, error_class: str, message: str) -> None:
        super().__init__(message)
        self.stage = stage
        self.error_class = error_class


def extractor_version() -> str:
    import trafilatura

    return f"news_etl {__version__} / trafilatura {trafilatura.__version__}"


def decode(content: bytes, declared: str | None = None) -> str:
    """Bytes -> text, strictly: a BOM, then the declared charset (HTTP header, <meta>, XML declaration),
    then UTF-8. Undeclared bytes that are not UTF-8 are an error, not a guess: guessing turns Latin-1 into
    mojibake that then loads silently."""
    if not content.strip():
        raise ExtractionError("read", "EmptyDocument", "the document is empty")
    head = content[:8192]
    if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ExtractionError("decode", "BinaryContent", "the document holds NUL bytes: binary, not text")
    for bom, encoding in _BOMS:
        if content.startswith(bom):
            return content.decode(encoding, errors="strict")
    if declared is None:
        match = _CHARSET.search(head) or _XML_ENCODING.search(head)
        declared = match.group(1).decode("ascii") if match else None
    if declared:
        try:
            codec = codecs.lookup(declared).name
        except LookupError:
            codec = "utf-8"
        try:
            return content.decode(codec)
        except UnicodeDecodeError as exc:
            raise ExtractionError(
                "decode", "UnicodeDecodeError",
                f"bytes do not match the declared charset {declared}: {exc.reason} at byte {exc.start}") from exc
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ExtractionError(
            "decode", "UnicodeDecodeError",
            f"not valid UTF-8 and no charset declared (byte 0x{content[exc.start]:02x} at offset {exc.start}); "
            "re-encode as UTF-8 or declare the charset") from exc


def _control_ratio(text: str) -> float:
    sample = text[:4096]
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\t\n\r\f")
    return controls / max(1, len(sample))


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise ExtractionError when the block runs longer than `seconds` (trafilatura has no time limit).

    Uses SIGALRM, so it applies in a process's main thread (CLI, Airflow task processes); elsewhere the
    block runs unbounded rather than failing.
    """
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def _expire(signum: int, frame: Any) -> None:
        raise ExtractionError("extract", "Timeout", f"extraction took longer than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, _expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _from_html(html: str, url: str | None) -> dict[str, Any]:
    import trafilatura

    found = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False, as_dict=True)
    return found if isinstance(found, dict) else {}


_HTML_LANG = re.compile(r"<html[^>]*\slang\s*=\s*[\"']?([A-Za-z_-]+)", re.IGNORECASE)


def extract(raw: RawDocument, timeout_s: float = 20.0) -> Article | Failure:
    """Turn one input into an Article, or a Failure saying at which stage and why."""
    try:
        with time_limit(timeout_s):
            return _extract(raw)
    except ExtractionError as exc:
        return Failure(raw.locator, raw.source_name, exc.stage, exc.error_class, str(exc), raw.sha256)
    except RecursionError:
        return Failure(raw.locator, raw.source_name, "parse", "RecursionError", "document nested too deeply to parse",
                       raw.sha256)


def _extract(raw: RawDocument) -> Article:
    provenance: dict[str, str] = {}
    hints = raw.hints
    if raw.kind == "record":
        assert raw.body is not None
        body, body_kind = raw.body, raw.body_kind or "text"
    else:
        body, body_kind = decode(raw.content), raw.kind
    if _control_ratio(body) > 0.05:
        raise ExtractionError("decode", "BinaryContent", "the document is mostly control characters: binary, not text")
    found: dict[str, Any] = {}
    lang_hint = hints.language
    if body_kind == "html":
        match = _HTML_LANG.search(body[:4096])
        lang_hint = lang_hint or (normalize_language(match.group(1)) if match else None)
        found = _from_html(body, raw.url)
        text, method = found.get("text") or "", "trafilatura"
    else:
        text, method = body, "plain_text"
    cleaned = clean_text(text, lang_hint)
    text = cleaned.text.replace("\x00", "")
    if not text.strip():
        raise ExtractionError("extract", "NoContent", "no article text found in the document")

    url = raw.url or found.get("url")
    url_norm = normalize_url(url) if url else None
    chash = content_hash(text)

    title = _pick(provenance, "title", (hints.title, "record"), (found.get("title"), "trafilatura"))
    title_derived = False
    if title is None:
        title = derive_headline(text)
        title_derived = title is not None
        if title_derived:
            provenance["title"] = "derived:first_sentence"

    author_source = "record" if hints.authors else "trafilatura"
    authors = split_authors(hints.authors or found.get("author"))
    if authors:
        provenance["authors"] = author_source

    published = None
    for value, source in ((hints.published_at, "record"), (found.get("date"), "trafilatura")):
        published = parse_date(value)
        if published:
            provenance["published_at"] = source
            break

    language = detect_language(text, lang_hint)
    provenance["language"] = "text" if word_count(text[:4000]) >= 8 else "hint"
    site_name = _pick(provenance, "site_name", (hints.site_name, "record"), (found.get("sitename"), "trafilatura"))
    description = _pick(provenance, "description", (hints.description, "record"),
                        (found.get("description"), "trafilatura"))
    if url:
        provenance["url"] = "record" if raw.url else "trafilatura"
    dateline = find_dateline(text)
    if dateline:
        provenance["dateline"] = "text"

    return Article(
        locator=raw.locator,
        source_name=url_host(url) or raw.source_name,
        document_sha256=raw.sha256,
        url=url,
        url_key=url_norm or f"sha256:{chash}",
        title=title,
        title_derived=title_derived,
        authors=authors,
        published_at=published,
        language=language,
        site_name=site_name,
        description=description,
        dateline=dateline,
        text=text,
        word_count=word_count(text),
        content_hash=chash,
        extraction_method=method,
        provenance=provenance,
    )


def _pick(provenance: dict[str, str], name: str, *candidates: tuple[str | None, str]) -> str | None:
    for value, source in candidates:
        if value and value.strip():
            provenance[name] = source
            return value.strip()
    return None
