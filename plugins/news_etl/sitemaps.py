"""XML sitemaps as values: urlset (with Google News tags) and sitemap indexes, parsed without entities or DTDs."""

from __future__ import annotations

from xml.etree.ElementTree import Element

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from news_etl.feeds import FeedEntry, FeedError, ParsedFeed, iso_date


def _local(tag: str) -> str:
    """'{http://www.sitemaps.org/schemas/sitemap/0.9}url' -> 'url' (sites get the namespace wrong often)."""
    return tag.rsplit("}", 1)[-1].lower()


def _child_text(element: Element, name: str) -> str | None:
    for child in element:
        if _local(child.tag) == name and child.text and child.text.strip():
            return " ".join(child.text.split())
    return None


def _child(element: Element, name: str) -> Element | None:
    for child in element:
        if _local(child.tag) == name:
            return child
    return None


def parse_sitemap(content: bytes, url: str) -> ParsedFeed:
    """A <urlset> (each <url>: loc, lastmod, news:news/news:title, news:publication_date, image/video ignored)
    or a <sitemapindex> (each <sitemap>: loc, lastmod, returned as `children`)."""
    try:
        root = SafeET.fromstring(content, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise FeedError("XMLEntities", f"the sitemap declares a DTD or entities; refused: {exc!r}") from exc
    except SafeET.ParseError as exc:
        raise FeedError("MalformedXML", f"not well-formed XML: {exc}") from exc
    kind = _local(root.tag)
    if kind == "sitemapindex":
        children = []
        for node in root:
            loc = _child_text(node, "loc") if _local(node.tag) == "sitemap" else None
            if loc:
                children.append(FeedEntry(guid=loc, url=loc, updated_at=iso_date(_child_text(node, "lastmod"))))
        return ParsedFeed("sitemap", "sitemapindex", None, (), tuple(children))
    if kind != "urlset":
        raise FeedError("NotASitemap", f"root element <{kind}> is neither <urlset> nor <sitemapindex>")
    entries = []
    is_news = False
    for node in root:
        if _local(node.tag) != "url":
            continue
        loc = _child_text(node, "loc")
        if not loc:
            continue
        news = _child(node, "news")
        title = published = None
        keywords: tuple[str, ...] = ()
        if news is not None:
            is_news = True
            title = _child_text(news, "title")
            published = iso_date(_child_text(news, "publication_date"))
            words = _child_text(news, "keywords")
            keywords = tuple(k.strip() for k in words.split(",") if k.strip()) if words else ()
        entries.append(FeedEntry(guid=loc, url=loc, title=title, published_at=published,
                                 updated_at=iso_date(_child_text(node, "lastmod")), categories=keywords))
    return ParsedFeed("sitemap", "news_sitemap" if is_news else "urlset", None, tuple(entries))
