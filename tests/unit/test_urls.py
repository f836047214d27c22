from __future__ import annotations

import pytest

from news_etl.urls import normalize_url, url_host


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTPS://WWW.Example.COM/News/A?b=2&a=1#comments", "https://www.example.com/News/A?a=1&b=2"),
        ("https://example.com:443/a", "https://example.com/a"),
        ("http://example.com:80", "http://example.com/"),
        ("http://example.com:8080/a", "http://example.com:8080/a"),
        ("https://e.com/a?utm_source=x&utm_medium=y&id=3&fbclid=abc&gclid=1", "https://e.com/a?id=3"),
        ("https://e.com/a?mc_cid=1&mc_eid=2", "https://e.com/a"),
        ("ftp://e.com/a", None),
        ("not a url", None),
        ("https:///nohost", None),
        ("https://e.com:notaport/", None),
    ],
)
def test_normalize_url(url: str, expected: str | None) -> None:
    assert normalize_url(url) == expected


def test_url_host_strips_www() -> None:
    assert url_host("https://WWW.Lyon-Quotidien.example/x") == "lyon-quotidien.example"
    assert url_host(None) is None
