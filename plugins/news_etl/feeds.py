"""Feeds as values: RSS 2.0, RSS 1.0/RDF, Atom (feedparser) and JSON Feed -> entries; feed autodiscovery."""

from __future__ import annotations

import calendar
import hashlib
import json
import re
import xml.sax
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin

FEED_LINK_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml",
                             "application/feed+json", "application/json", "application/xml", "text/xml"})
# Paths where sites commonly serve a feed without announcing it (WordPress, Blogger, Hugo, Ghost, ...).
COMMON_FEED_PATHS = ("/feed", "/rss", "/rss.xml", "/feed.xml", "/atom.xml", "/index.xml", "/feed.json",
                     "/feeds/posts/default")
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)


class FeedError(Exception):
    """A body that is not a feed or sitemap we can read; `error_class` goes to the failure row."""

    def __init__(self, error_class: str, message: str) -> None:
        super().__init__(message)
        self.error_class = error_class


@dataclass(frozen=True)
class FeedEntry:
    """One entry of a feed or URL of a sitemap, with the evidence it carries about the page."""

    guid: str
    url: str | None
    title: str | None = None
    published_at: str | None = None  # ISO 8601
    updated_at: str | None = None
    authors: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()


@dataclass(frozen=True)
class ParsedFeed:
    """What one fetch of a feed or sitemap said: its format, entries, and (sitemap index) child sitemaps."""

    kind: str  # feed | sitemap
    format: str  # rss20, rss10, atom10, json, urlset, sitemapindex, ...
    title: str | None = None
    entries: tuple[FeedEntry, ...] = ()
    children: tuple[FeedEntry, ...] = field(default=())  # sitemap index entries: loc + lastmod


def gunzip_limited(content: bytes, max_bytes: int) -> bytes:
    """A gzipped body (a .xml.gz sitemap) unpacked, never beyond `max_bytes`."""
    stream = zlib.decompressobj(wbits=47)
    try:
        data = stream.decompress(content, max_bytes + 1)
    except zlib.error as exc:
        raise FeedError("CorruptGzip", f"not a valid gzip body: {exc}") from exc
    if len(data) > max_bytes:
        raise FeedError("TooLarge", f"decompressed body exceeds the {max_bytes:,}-byte limit")
    if not stream.eof:
        raise FeedError("CorruptGzip", "gzip body ends before its end marker (truncated)")
    return data


def sniff(content: bytes) -> str:
    """'gzip', 'json', 'sitemap', 'feed', 'html' or 'unknown' from the first bytes of a body."""
    if content[:2] == b"\x1f\x8b":
        return "gzip"
    head = content[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"{", b"[")):
        return "json"
    if b"<urlset" in head or b"<sitemapindex" in head:
        return "sitemap"
    if b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head or b"<rdf" in head:
        return "feed"
    if b"<html" in head or b"<!doctype html" in head or b"<head" in head:
        return "html"
    if head.startswith(b"<?xml"):
        return "xml"
    return "unknown"


def parse_any(content: bytes, url: str, max_bytes: int) -> ParsedFeed:
    """A feed or a sitemap, whichever the body is (gzipped or not)."""
    from news_etl.sitemaps import parse_sitemap

    kind = sniff(content)
    if kind == "gzip":
        content = gunzip_limited(content, max_bytes)
        kind = sniff(content)
    if kind == "sitemap":
        return parse_sitemap(content, url)
    if kind == "json":
        return parse_json_feed(content, url)
    if kind == "html":
        raise FeedError("NotAFeed", "the body is an HTML page, not a feed or sitemap")
    return parse_xml_feed(content, url)


def _iso(parsed: Any) -> str | None:
    """feedparser's struct_time (UTC) -> ISO 8601."""
    if not parsed:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(parsed), UTC).isoformat()
    except (TypeError, ValueError, OverflowError):
        return None


def iso_date(value: Any) -> str | None:
    """An RFC 3339 / W3C datetime string kept when it parses, else None (bad dates are not evidence)."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        when = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return when.isoformat() if when.tzinfo else when.replace(tzinfo=UTC).isoformat()


def _clean(value: Any) -> str | None:
    if isinstance(value, str) and value.strip():
        return " ".join(value.split())
    return None


def _guid(*candidates: Any) -> str:
    for c in candidates:
        if _clean(c):
            return str(_clean(c))
    return "sha1:" + hashlib.sha1(repr(candidates).encode("utf-8")).hexdigest()


def parse_xml_feed(content: bytes, url: str) -> ParsedFeed:
    """RSS 2.0 / RSS 1.0 (RDF) / Atom with feedparser. Entity declarations are refused before parsing."""
    import feedparser

    if _ENTITY_DECL.search(content[:65536]):
        raise FeedError("XMLEntities", "the feed declares XML entities; refused (entity expansion attacks)")
    parsed = feedparser.parse(content, response_headers={"content-location": url})
    version = str(parsed.get("version") or "")
    entries = parsed.get("entries") or []
    exc = parsed.get("bozo_exception")
    if isinstance(exc, xml.sax.SAXParseException) and not any(e.get("link") or e.get("id") for e in entries):
        # Readers are lenient with feeds that are slightly off (an undefined entity) when entries survive;
        # a feed broken so badly that no entry has a link or id is a failure, with the parser's reason.
        raise FeedError("MalformedFeed", f"not well-formed XML: {exc}")
    if not version and not entries:
        reason = f": {exc}" if exc else ""
        raise FeedError("MalformedFeed", f"not a readable RSS/Atom/RDF feed{reason}")
    out = []
    for e in entries:
        link = _clean(e.get("link"))
        authors = tuple(a for a in (_clean(x.get("name")) for x in e.get("authors") or [] if isinstance(x, dict)) if a)
        if not authors and _clean(e.get("author")):
            authors = (str(_clean(e.get("author"))),)
        categories = tuple(t for t in (_clean(x.get("term")) for x in e.get("tags") or []) if t)
        out.append(FeedEntry(
            guid=_guid(e.get("id"), link, e.get("title")),
            url=urljoin(url, link) if link else None,
            title=_clean(e.get("title")),
            published_at=_iso(e.get("published_parsed")),
            updated_at=_iso(e.get("updated_parsed")),
            authors=authors,
            categories=categories,
        ))
    return ParsedFeed("feed", version or "unknown", _clean(parsed.get("feed", {}).get("title")), tuple(out))


def parse_json_feed(content: bytes, url: str) -> ParsedFeed:
    """JSON Feed 1.0 / 1.1 (https://jsonfeed.org/version/1.1)."""
    try:
        doc = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise FeedError("MalformedFeed", f"not valid JSON: {exc}") from exc
    if not isinstance(doc, dict) or not str(doc.get("version", "")).startswith("https://jsonfeed.org/version/"):
        raise FeedError("NotAFeed", "JSON without a jsonfeed.org version: not a JSON Feed")
    out = []
    for item in doc.get("items") or []:
        if not isinstance(item, dict):
            continue
        link = _clean(item.get("url")) or _clean(item.get("external_url"))
        people = item.get("authors") or ([item["author"]] if isinstance(item.get("author"), dict) else [])
        authors = tuple(a for a in (_clean(p.get("name")) for p in people if isinstance(p, dict)) if a)
        out.append(FeedEntry(
            guid=_guid(item.get("id"), link, item.get("title")),
            url=urljoin(url, link) if link else None,
            title=_clean(item.get("title")),
            published_at=iso_date(item.get("date_published")),
            updated_at=iso_date(item.get("date_modified")),
            authors=authors,
            categories=tuple(t for t in (_clean(x) for x in item.get("tags") or []) if t),
        ))
    return ParsedFeed("feed", "json" + str(doc["version"]).rsplit("/", 1)[-1].replace(".", ""),
                      _clean(doc.get("title")), tuple(out))


class _LinkFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []  # (type, href)
        self.base: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "base" and a.get("href") and self.base is None:
            self.base = a["href"]
        if tag == "link" and "alternate" in a.get("rel", "").lower().split():
            kind = a.get("type", "").split(";")[0].strip().lower()
            if kind in FEED_LINK_TYPES and a.get("href"):
                self.links.append((kind, a["href"].strip()))


def discover_feed_links(html: str, page_url: str) -> list[str]:
    """Feeds a page announces with <link rel="alternate" type="application/rss+xml" ...>, absolute, in order."""
    finder = _LinkFinder()
    finder.feed(html)
    base = urljoin(page_url, finder.base) if finder.base else page_url
    seen: dict[str, None] = {}
    for _, href in finder.links:
        seen.setdefault(urljoin(base, href), None)
    return list(seen)


def common_feed_urls(page_url: str) -> list[str]:
    return [urljoin(page_url, path) for path in COMMON_FEED_PATHS]
