"""Metadata candidates from parsed pages and their reconciliation (htmlmeta.py, fields.py, metadata.py)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from trafilatura.utils import load_html

from news_etl.fields import access_status, resolve_fields
from news_etl.htmlmeta import read_page, strip_site_name
from news_etl.metadata import normalize_authors, parse_datetime, url_date
from news_etl.records import Hints

NOW = datetime(2026, 11, 1, tzinfo=UTC)


def page(head: str, body: str) -> str:
    return f"<html lang='en'><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>"


def fields(html: str, url: str | None = None, hints: Hints | None = None) -> dict[str, object]:
    tree = load_html(html)
    return resolve_fields(hints or Hints(), read_page(tree, url), url, tree)


@pytest.mark.parametrize(
    ("title", "sites", "host", "expected"),
    [
        ("Harbour board approves expansion | The Courier", ["The Courier"], None, "Harbour board approves expansion"),
        ("The Courier - Harbour board approves expansion", ["The Courier"], None, "Harbour board approves expansion"),
        ("Ten tips for renters :: Movebuddy.com", [], "www.movebuddy.com", "Ten tips for renters"),
        ("Paris – Lyon: a rail race", [], "example.org", "Paris – Lyon: a rail race"),  # no site part
    ],
)
def test_strip_site_name(title: str, sites: list[str], host: str | None, expected: str) -> None:
    assert strip_site_name(title, sites, host) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-05-03T10:00:00Z", ("2024-05-03T10:00:00+00:00", "second")),
        ("2024-05-03T10:05+0200", ("2024-05-03T10:05+02:00", "minute")),
        ("2024-05-03", ("2024-05-03", "day")),
        ("03/04/2024 - 12:47h", ("2024-04-03T12:47", "minute")),
        ("5 de julio de 2023", ("2023-07-05", "day")),
        ("April 3, 2024", ("2024-04-03", "day")),
        ("1989-12-31", None),
        ("2026-12-01", None),
        ("soon", None),
    ],
)
def test_parse_datetime_precision_and_bounds(value: str, expected: tuple[str, str] | None) -> None:
    assert parse_datetime(value, now=NOW) == expected


def test_ambiguous_numeric_dates_follow_the_page_convention() -> None:
    assert parse_datetime("03-09-2026", now=NOW) == ("2026-09-03", "day")
    assert parse_datetime("03-09-2026", now=NOW, month_first=True) == ("2026-03-09", "day")


@pytest.mark.parametrize(
    ("url", "day"),
    [
        ("https://a.example/news/2024/04/03/slug", "2024-04-03"),
        ("https://a.example/20231105-library-fines", "2023-11-05"),
        ("https://a.example/archive/2025/12/slug", None),  # a month is not a day
        ("https://a.example/story/12345", None),
    ],
)
def test_url_date(url: str, day: str | None) -> None:
    assert url_date(url) == day


@pytest.mark.parametrize(
    ("raw", "sites", "names"),
    [
        (["By Tom Reed, Staff Reporter"], [], ("Tom Reed",)),
        (["Jane Doe, MD, PhD"], [], ("Jane Doe",)),
        (["Doe, Jane"], [], ("Jane Doe",)),
        (["Rachel MacDonald Senior Writer"], [], ("Rachel MacDonald",)),
        (["16 December 2025 by Sam O'Brien"], [], ("Sam O'Brien",)),
        (["Cazzy Magennis Last Updated August 1"], [], ("Cazzy Magennis",)),
        (["jane@example.org"], [], ()),
        (["Harbor Health News"], ["Harbor Health News"], ()),  # the site's own name is not a person
        (["Jane Doe"], ["Jane Doe"], ("Jane Doe",)),  # a personal blog named after its author keeps her
        (["Updated March 3"], [], ()),
    ],
)
def test_normalize_authors(raw: list[str], sites: list[str], names: tuple[str, ...]) -> None:
    assert normalize_authors(raw, sites) == names


def test_jsonld_graph_author_reference_and_organisation() -> None:
    ld = """<script type="application/ld+json">{"@graph": [
      {"@type": "NewsArticle", "headline": "Ferry fares frozen", "author": [{"@id": "#p1"}, {"@type": "Organization",
       "name": "Island Post"}], "datePublished": "2024-01-02T08:00:00+01:00", "isAccessibleForFree": "False"},
      {"@type": "Person", "@id": "#p1", "name": "Ana Lopes"}]}</script>"""
    got = fields(page(ld, "<h1>Ferry fares frozen</h1><p>Text.</p>"))
    assert got["authors"] == ("Ana Lopes",)
    assert got["published_at"] == "2024-01-02T08:00:00+01:00"
    assert got["provenance"] == {"authors": "jsonld", "published_at": "jsonld", "published_precision": "jsonld",
                                 "title": "h1"}


def test_logo_h1_loses_to_the_headline_and_share_links_give_the_url() -> None:
    body = ("<div class='logo'><h1>Riverside Daily</h1></div><h1>Bridge reopens after repairs</h1>"
            "<a href='https://fb.example/sharer.php?u=https://rd.example/2024/05/02/bridge'>f</a>"
            "<a href='https://x.example/share?url=https://rd.example/2024/05/02/bridge'>x</a>")
    got = fields(page("<title>Bridge reopens after repairs | Riverside Daily</title>", body))
    assert got["title"] == "Bridge reopens after repairs"
    assert got["url"] == "https://rd.example/2024/05/02/bridge"
    assert got["published_at"] == "2024-05-02"
    assert got["provenance"]["published_at"] == "url"


def test_url_day_wins_over_a_contradicting_structured_date() -> None:
    head = "<meta property='article:published_time' content='2025-12-19T02:41:41+00:00'>"
    got = fields(page(head, "<h1>x</h1>"), url="https://blog.example/2025/12/18/comfort-watches")
    assert (got["published_at"], got["published_precision"]) == ("2025-12-18", "day")


def test_hints_come_first_and_http_last_modified_last() -> None:
    hints = Hints(title="Record title", authors=("Ann Lee",), http_last_modified="2024-03-01T10:00:00+00:00",
                  origin="feed")
    got = fields(page("", "<p>No metadata here at all.</p>"), hints=hints)
    assert got["title"] == "Record title" and got["provenance"]["title"] == "feed"
    assert got["authors"] == ("Ann Lee",)
    assert got["modified_at"] == "2024-03-01T10:00:00+00:00" and got["provenance"]["modified_at"] == "http"


@pytest.mark.parametrize(
    ("text", "html", "status"),
    [
        ("Please verify you are human to continue.", "", "bot_wall"),
        ("We use cookies. Accept all or manage preferences.", "", "consent_wall"),
        ("", "<div>Subscribe to continue reading</div>", "paywalled"),
        ("", "<div></div>", "empty"),
        ("word " * 300, "", "ok"),
    ],
)
def test_access_status(text: str, html: str, status: str) -> None:
    assert access_status(text, None, html) == status
