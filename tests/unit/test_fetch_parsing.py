"""Pure parts of fetching: feed and sitemap parsing, autodiscovery, robots rules, headers, the SSRF guard."""

from __future__ import annotations

import gzip
from pathlib import Path
from string import Template

import pytest

from news_etl.feeds import FeedError, discover_feed_links, parse_any
from news_etl.fetch import FetchError, check_destination, parse_content_type, parse_networks, parse_retry_after
from news_etl.robots import Robots

WEB = Path(__file__).resolve().parents[1] / "fixtures" / "web"
BASE = "http://gazette.example"


def fixture(name: str) -> bytes:
    return Template((WEB / name).read_text(encoding="utf-8")).safe_substitute(base=BASE).encode("utf-8")


@pytest.mark.parametrize(("name", "fmt", "first"), [
    ("rss20.xml", "rss20", ("gazette-harbour-1", f"{BASE}/news/harbour?utm_source=rss&utm_medium=feed",
                            "2025-03-04T08:30:00+00:00", ("Anna Keller",), ("Transport", "Harbour"))),
    ("rss10.rdf", "rss10", (f"{BASE}/news/orchard", f"{BASE}/news/orchard", None, ("Mira Jansen",),
                            ("Agriculture",))),
    ("atom.xml", "atom10", ("tag:gazette.example,2025:bridge", f"{BASE}/news/bridge#comments",
                            "2025-03-01T09:00:00+00:00", ("Sam Okafor",), ("Transport",))),
    ("feed.json", "json11", ("json-harbour", f"{BASE}/news/harbour", "2025-03-04T08:30:00+00:00",
                             ("Anna Keller",), ("Transport",))),
])
def test_every_feed_format_gives_guid_link_date_authors_categories(name: str, fmt: str, first: tuple) -> None:
    parsed = parse_any(fixture(name), f"{BASE}/{name}", 1 << 20)
    e = parsed.entries[0]
    assert (parsed.kind, parsed.format) == ("feed", fmt)
    assert (e.guid, e.url, e.published_at, e.authors, e.categories) == first
    assert e.title and parsed.title and parsed.title.startswith("Valley Gazette")


def test_rss10_dc_date_is_the_updated_date() -> None:
    [entry] = parse_any(fixture("rss10.rdf"), BASE, 1 << 20).entries
    assert entry.updated_at == "2025-03-02T08:15:00+00:00"


def test_sitemaps_index_news_and_gzip() -> None:
    index = parse_any(fixture("sitemap_index.xml"), BASE, 1 << 20)
    assert index.format == "sitemapindex" and [c.url for c in index.children] == [
        f"{BASE}/sitemap_news.xml", f"{BASE}/sitemap_pages.xml.gz"]
    assert index.children[0].updated_at == "2025-03-04T10:00:00+00:00"
    news = parse_any(fixture("sitemap_news.xml"), BASE, 1 << 20)
    assert news.format == "news_sitemap"
    e = news.entries[0]
    assert (e.url, e.title, e.published_at, e.categories) == (
        f"{BASE}/news/library", "City library extends opening hours after record year",
        "2025-03-03T17:00:00+00:00", ("library", "culture"))
    pages = parse_any(gzip.compress(fixture("sitemap_pages.xml")), BASE, 1 << 20)
    assert (pages.entries[0].url, pages.entries[0].updated_at) == (f"{BASE}/news/orchard", "2025-03-02T00:00:00+00:00")


@pytest.mark.parametrize(("body", "error_class"), [
    (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><urlset><url><loc>&e;</loc>'
     b"</url></urlset>", "XMLEntities"),
    (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><rss version="2.0"><channel><item><link>&a;</link>'
     b"</item></channel></rss>", "XMLEntities"),
    (b"<urlset><url><loc>http://a/</loc></url>", "MalformedXML"),
    (b"<html><head><title>home</title></head></html>", "NotAFeed"),
    (b'{"items": []}', "NotAFeed"),
    (gzip.compress(b"<urlset>" + b" " * 5000 + b"</urlset>"), "TooLarge"),
    (b"\x1f\x8b\x08\x00broken", "CorruptGzip"),
])
def test_unreadable_bodies_are_named_errors(body: bytes, error_class: str) -> None:
    with pytest.raises(FeedError) as err:
        parse_any(body, BASE, 1000)
    assert err.value.error_class == error_class


def test_autodiscovery_resolves_relative_links_in_order() -> None:
    html = fixture("home.html").decode()
    assert discover_feed_links(html, f"{BASE}/section/") == [
        f"{BASE}/rss20.xml", f"{BASE}/atom.xml", f"{BASE}/section/feed.json"]


def test_robots_rules_follow_rfc_9309_outcomes() -> None:
    text = "User-agent: news-etl\nDisallow: /drafts/\nCrawl-delay: 7\n\nUser-agent: *\nDisallow: /\n" \
           "Sitemap: https://a.example/s.xml\n"
    robots = Robots(200, text)
    ua = "news-etl/0.1 (+https://example.org)"
    assert robots.allowed("https://a.example/news/1", ua) and not robots.allowed("https://a.example/drafts/1", ua)
    assert not robots.allowed("https://a.example/news/1", "otherbot/1.0")
    assert robots.crawl_delay(ua) == 7.0 and robots.sitemaps() == ["https://a.example/s.xml"]
    assert Robots(404).allowed("https://a.example/x", ua)
    assert not Robots(503).allowed("https://a.example/x", ua) and not Robots(None).allowed("https://a.example/x", ua)
    assert Robots(200, "User-agent: *\nCrawl-delay: 86400\n").crawl_delay(ua) == 60.0


def test_header_parsing() -> None:
    assert parse_content_type('text/HTML; charset="ISO-8859-1"') == ("text/html", "ISO-8859-1")
    assert parse_content_type(None) == (None, None)
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == 10.0
    assert parse_retry_after("soon") is None


@pytest.mark.parametrize("url", ["http://127.0.0.1/", "http://10.1.2.3/", "http://169.254.169.254/latest/",
                                 "http://[::1]/", "http://[::ffff:192.168.0.1]/", "http://224.0.0.1/",
                                 "http://0.0.0.0/", "http://100.64.0.1/"])
def test_ssrf_guard_refuses_non_public_addresses(url: str) -> None:
    with pytest.raises(FetchError) as err:
        check_destination(url, ())
    assert err.value.error_class == "SSRFBlocked"


def test_ssrf_guard_allows_listed_networks_and_public_addresses() -> None:
    check_destination("http://127.0.0.1:8080/", parse_networks(("127.0.0.0/8",)))
    check_destination("http://93.184.216.34/", ())
    with pytest.raises(FetchError) as err:
        check_destination("file:///etc/passwd", ())
    assert err.value.error_class == "InvalidURL"
