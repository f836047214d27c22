"""Guarantee 7 (SSRF): the fetch guard refuses private destinations given directly, reached by a redirect
(every hop is checked), or named by a DNS name that resolves to one; only NEWS_FETCH_ALLOW_NETWORKS opens it.
A real HTTP server on 127.0.0.1 plays the "public" site (allowed for this test) that redirects inward."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

fetch = pytest.importorskip("news_etl.fetch", reason="the fetching module (news_etl.fetch) is not present")

INTERNAL = [
    "http://127.0.0.2:{port}/admin",           # loopback outside the allowed /32
    "http://10.0.0.1/",                        # RFC 1918
    "http://192.168.1.1/",
    "http://172.16.0.1/",
    "http://169.254.169.254/latest/meta-data/",  # cloud metadata (link-local)
    "http://[::1]:{port}/",                    # IPv6 loopback
    "http://[::ffff:127.0.0.2]:{port}/",       # IPv4-mapped IPv6
    "http://[fd00::1]/",                       # IPv6 unique local
    "http://0.0.0.0:{port}/",
    "http://2130706434:{port}/",               # 127.0.0.2 as one decimal number
    "http://0x7f000002:{port}/",               # ... and in hex
    "http://localhost.:{port}/",               # a DNS name that resolves to loopback
    "http://100.64.0.1/",                      # carrier-grade NAT
    "http://224.0.0.1/",                       # multicast
]
VISITS: list[str] = []


class Site(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        VISITS.append(self.path)
        if self.path.startswith("/go?to="):
            self.send_response(302)
            self.send_header("Location", self.path.split("=", 1)[1])
            self.end_headers()
        elif self.path == "/robots.txt":
            self.send_response(404)
            self.end_headers()
        else:
            body = b"<html><body><p>internal secret page</p></body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def site() -> Iterator[int]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield int(server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def fetcher(conn: Any, dsn: str, schema: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    from news_etl.config import settings
    from news_etl.db import connect
    from news_etl.politeness import DomainGate

    monkeypatch.setenv("NEWS_FETCH_ALLOW_NETWORKS", "127.0.0.1/32")
    monkeypatch.setenv("NEWS_DOMAIN_MIN_DELAY_S", "0")
    monkeypatch.setenv("NEWS_FETCH_RETRIES", "0")
    gate_conn = connect(dsn, schema)
    f = fetch.Fetcher(DomainGate(gate_conn, 1), settings())
    try:
        yield f
    finally:
        f.close()
        gate_conn.close()


@pytest.mark.parametrize("target", INTERNAL)
def test_internal_destinations_are_refused_directly(target: str) -> None:
    with pytest.raises(fetch.FetchError) as refused:
        fetch.check_destination(target.format(port=8080), fetch.parse_networks(("127.0.0.1/32",)))
    assert refused.value.error_class in ("SSRFBlocked", "InvalidURL", "DNSError")


@pytest.mark.parametrize("target", INTERNAL)
def test_a_redirect_to_an_internal_address_is_refused_before_connecting(fetcher: Any, site: int,
                                                                        target: str) -> None:
    VISITS.clear()
    inward = target.format(port=site)
    result = fetcher.get(f"http://127.0.0.1:{site}/go?to={inward}")
    assert not result.ok and result.error_class in ("SSRFBlocked", "DNSError", "InvalidURL"), result
    assert b"internal secret" not in result.content
    assert [v for v in VISITS if not v.startswith(("/go", "/robots.txt"))] == []


def test_the_allowed_network_itself_is_fetched(fetcher: Any, site: int) -> None:
    """The control: the guard is what stops the redirects above, not a broken server."""
    result = fetcher.get(f"http://127.0.0.1:{site}/go?to=/page")
    assert result.ok and b"internal secret" in result.content and result.redirects == 1


def test_names_resolving_to_loopback_are_refused_without_an_allow_list() -> None:
    for url in ("http://localhost/", "http://LocalHost/x", "http://127.1/", "http://[0:0:0:0:0:ffff:7f00:1]/"):
        with pytest.raises(fetch.FetchError) as refused:
            fetch.check_destination(url, ())
        assert refused.value.error_class in ("SSRFBlocked", "InvalidURL"), url


def test_non_http_schemes_are_refused() -> None:
    for url in ("file:///etc/passwd", "gopher://127.0.0.1:6379/_INFO", "ftp://example.org/", "dict://127.0.0.1:6379/"):
        with pytest.raises(fetch.FetchError) as refused:
            fetch.check_destination(url, ())
        assert refused.value.error_class == "InvalidURL"
