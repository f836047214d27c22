"""The record types that flow through the pipeline: RawDocument -> Article, or Failure."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Hints:
    """Metadata an input carries besides its content (a JSON record's fields, a feed entry, HTTP headers)."""

    title: str | None = None
    authors: tuple[str, ...] = ()
    published_at: str | None = None
    modified_at: str | None = None
    language: str | None = None
    description: str | None = None
    site_name: str | None = None
    tags: tuple[str, ...] = ()
    http_last_modified: str | None = None  # the Last-Modified header of a fetched page (ISO 8601)
    origin: str = "record"  # what gave these hints, for provenance: record | feed | sitemap | http

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["authors"] = list(self.authors)
        d["tags"] = list(self.tags)
        return d


@dataclass(frozen=True)
class RawDocument:
    """One distinct input, as read: where it came from, its bytes, and how to read them.

    `kind` is one of "html", "text", "record" (a JSON object whose text or HTML is in `hints`/`body`).
    `content` is the raw bytes exactly as read (after gzip decompression) and is what `sha256` hashes.
    """

    locator: str
    kind: str
    content: bytes
    source_name: str
    url: str | None = None
    body: str | None = None
    body_kind: str | None = None  # for records: "html" or "text"
    charset: str | None = None  # declared by the transport (HTTP Content-Type); wins over the page's own
    hints: Hints = field(default_factory=Hints)

    @property
    def sha256(self) -> str:
        return sha256_hex(self.content)


@dataclass(frozen=True)
class Article:
    """The cleaned article and its metadata, ready to load. Values only: no I/O handles."""

    locator: str
    source_name: str
    document_sha256: str
    url: str | None
    url_key: str
    title: str | None
    title_derived: bool
    authors: tuple[str, ...]
    published_at: str | None  # ISO 8601
    language: str | None
    site_name: str | None
    description: str | None
    dateline: str | None
    text: str
    word_count: int
    content_hash: str
    extraction_method: str
    provenance: dict[str, str] = field(default_factory=dict)
    published_precision: str | None = None  # day | minute | second
    modified_at: str | None = None
    canonical_url: str | None = None
    image: str | None = None
    tags: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    license: str | None = None
    reading_time_min: int = 0
    access_status: str = "ok"  # ok | paywalled | consent_wall | bot_wall | not_article | empty

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        for name in ("authors", "tags", "categories", "keywords"):
            d[name] = list(getattr(self, name))
        return d


@dataclass(frozen=True)
class Failure:
    """An input that could not be read, decoded, parsed or extracted: kept as data, never dropped."""

    locator: str
    source_name: str
    stage: str  # read | decode | parse | extract | load
    error_class: str
    message: str
    document_sha256: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)
