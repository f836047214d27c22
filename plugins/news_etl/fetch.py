"""The HTTP client: SSRF guard, robots.txt, politeness, limits, retries, conditional GET; results as values."""

from __future__ import annotations

import email.utils
import ipaddress
import logging
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests

from news_etl.config import Settings, settings
from news_etl.politeness import DomainGate
from news_etl.records import Failure, Hints, RawDocument, sha256_hex
from news_etl.robots import Robots

log = logging.getLogger(__name__)

PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml"})
# Feeds and sitemaps come under many labels (servers are careless); refuse only what is clearly not text.
NOT_TEXT_PREFIXES = ("image/", "audio/", "video/", "font/", "application/pdf", "application/zip",
                     "application/msword", "application/vnd.")
REDIRECTS = frozenset({301, 302, 303, 307, 308})
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_CHUNK = 64 * 1024


def is_page_type(media_type: str | None) -> bool:
    """An article page: HTML, or no Content-Type at all (then decoding decides)."""
    return not media_type or media_type in PAGE_TYPES


def is_feed_type(media_type: str | None) -> bool:
    return not media_type or not media_type.startswith(NOT_TEXT_PREFIXES)


class FetchError(Exception):
    """A fetch that did not give a usable body; `error_class` goes to fetches and failures."""

    def __init__(self, error_class: str, message: str, status: int | None = None, retryable: bool = False,
                 retry_after: float | None = None) -> None:
        super().__init__(message)
        self.error_class = error_class
        self.status = status
        self.retryable = retryable
        self.retry_after = retry_after
        self.final_url: str | None = None  # the hop where it happened, when known


@dataclass(frozen=True)
class FetchResult:
    """One logical fetch (all hops and attempts): what a `fetches` row records, plus the body."""

    purpose: str
    url: str
    final_url: str | None = None
    status: int | None = None
    content: bytes = b""
    content_type: str | None = None  # the full header value
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False
    attempts: int = 0
    redirects: int = 0
    duration_ms: int = 0
    error_class: str | None = None
    error: str | None = None
    retryable: bool = False
    retry_after: float | None = None
    fetched_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat())

    @property
    def ok(self) -> bool:
        return self.error_class is None

    @property
    def body_sha256(self) -> str | None:
        return sha256_hex(self.content) if self.content else None

    @property
    def media_type(self) -> str | None:
        return parse_content_type(self.content_type)[0]

    @property
    def charset(self) -> str | None:
        return parse_content_type(self.content_type)[1]


def parse_content_type(value: str | None) -> tuple[str | None, str | None]:
    """'text/html; charset=ISO-8859-1' -> ('text/html', 'ISO-8859-1')."""
    if not value:
        return None, None
    parts = [p.strip() for p in value.split(";")]
    media = parts[0].lower() or None
    charset = None
    for param in parts[1:]:
        name, _, val = param.partition("=")
        if name.strip().lower() == "charset" and val.strip().strip("\"'"):
            charset = val.strip().strip("\"'")
    return media, charset


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def http_date_iso(value: str | None) -> str | None:
    """A Last-Modified header as ISO 8601, or None when absent or unparseable."""
    if not value:
        return None
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).isoformat()


def origin_of(url: str) -> str:
    """'https://Example.com:8443/a' -> 'example.com:8443': the politeness and robots.txt key."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return f"{host}:{parts.port}" if parts.port else host


def parse_networks(specs: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    try:
        return tuple(ipaddress.ip_network(s, strict=False) for s in specs)
    except ValueError as exc:
        raise ValueError(f"NEWS_FETCH_ALLOW_NETWORKS: {exc}") from exc


def check_destination(url: str, allow: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]) -> None:
    """Refuse URLs that are not http(s) or whose host resolves to a loopback, private, link-local, multicast
    or otherwise non-public address, unless that address is in an allowed network (NEWS_FETCH_ALLOW_NETWORKS).
    Checked on every redirect hop, so a public page cannot bounce us to an internal service."""
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise FetchError("InvalidURL", f"not a valid URL: {url!r}: {exc}") from exc
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError("InvalidURL", f"not an absolute http(s) URL: {url!r}")
    try:
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError("DNSError", f"cannot resolve {parts.hostname}: {exc}", retryable=True) from exc
    for info in infos:
        addr = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped:
            addr = addr.ipv4_mapped
        if any(addr in net for net in allow):
            continue
        if not addr.is_global or addr.is_multicast:
            raise FetchError(
                "SSRFBlocked",
                f"{parts.hostname} resolves to {addr}, a non-public address (loopback, private, link-local, "
                "multicast or reserved); refused. Allow it with NEWS_FETCH_ALLOW_NETWORKS if intended")


class _RobotsCache:
    """robots.txt rules per origin, shared by a Fetcher and its clones; one lock per origin, so threads that
    reach a new host together fetch its robots.txt once."""

    def __init__(self) -> None:
        self.rules: dict[str, Robots] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def lock(self, origin: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(origin, threading.Lock())


class Fetcher:
    """Fetch URLs politely. Never raises for what a server or network does: every outcome is a FetchResult,
    also kept in `results` until the caller writes them to `fetches` (in its own transaction).

    One Fetcher is for one thread. `gate_factory` lets clone() give other threads their own (a DomainGate
    holds its slots as session locks of its own connection); clones share the robots.txt cache."""

    def __init__(self, gate: DomainGate, cfg: Settings | None = None,
                 gate_factory: Callable[[], DomainGate] | None = None, robots: _RobotsCache | None = None) -> None:
        self.cfg = cfg or settings()
        self.gate = gate
        self.gate_factory = gate_factory
        self.allow = parse_networks(self.cfg.fetch_allow_networks)
        self.session = requests.Session()
        self.session.trust_env = False  # no proxies or .netrc from the environment: the SSRF guard decides
        self.session.headers["User-Agent"] = self.cfg.user_agent
        self.results: list[FetchResult] = []
        self._robots = robots or _RobotsCache()

    def clone(self) -> Fetcher:
        """A Fetcher for another thread, with its own gate connection (close both with close_with_gate())."""
        if self.gate_factory is None:
            raise RuntimeError("this Fetcher has no gate_factory, so it cannot fetch from several threads")
        return Fetcher(self.gate_factory(), self.cfg, self.gate_factory, self._robots)

    def close(self) -> None:
        self.session.close()

    def close_with_gate(self) -> None:
        self.close()
        self.gate.conn.close()

    def take_results(self) -> list[FetchResult]:
        taken, self.results = self.results, []
        return taken

    # robots.txt -----------------------------------------------------------------------------------------

    def robots_for(self, url: str) -> Robots:
        origin = origin_of(url)
        if origin in self._robots.rules:
            return self._robots.rules[origin]
        with self._robots.lock(origin):
            if origin not in self._robots.rules:
                self._robots.rules[origin] = self._load_robots(url, origin)
        return self._robots.rules[origin]

    def _load_robots(self, url: str, origin: str) -> Robots:
        cached = self.gate.cached_robots(origin)
        if cached is not None:
            robots = Robots(cached[0], cached[1] or "")
        else:
            scheme = urlsplit(url).scheme
            result = self.get(f"{scheme}://{origin}/robots.txt", purpose="robots", accept=is_feed_type,
                              check_robots=False)
            # An HTTP status says what the file is; anything else (timeout, refused, oversized) is "unreachable".
            answered = result.ok or result.error_class == f"HTTP{result.status}"
            status = result.status if answered else None
            robots = Robots(status, result.content.decode("utf-8", "replace") if result.ok else "")
            if status is not None and status < 500:  # an unreachable robots.txt is asked again next run
                self.gate.save_robots(origin, status, robots.text, robots.crawl_delay(self.cfg.user_agent))
        return robots

    def read_robots_first(self, url: str) -> bool:
        """Read the robots.txt of the URL's host now unless it is known (or the URL is refused anyway): True
        when that took a request, i.e. a turn of the host's politeness schedule. A scheduler uses it to let
        the thread do other work while the host's page waits for its next turn."""
        try:
            origin = origin_of(url)
            if not origin or origin in self._robots.rules:
                return False
            check_destination(url, self.allow)
        except (ValueError, FetchError):
            return False  # get() records why
        before = len(self.results)
        self.robots_for(url)
        return len(self.results) > before

    def host_delay(self, url: str) -> float:
        """The delay between requests to the URL's host as known now (robots.txt crawl-delay once read)."""
        return self.delay_for(url, self._robots.rules.get(origin_of(url)))

    def delay_for(self, url: str, robots: Robots | None) -> float:
        crawl_delay = robots.crawl_delay(self.cfg.user_agent) if robots else None
        return max(self.cfg.domain_min_delay_s, crawl_delay or 0.0)

    # fetching -------------------------------------------------------------------------------------------

    def get(self, url: str, purpose: str = "article", accept: Callable[[str | None], bool] = is_page_type,
            etag: str | None = None, last_modified: str | None = None, check_robots: bool = True) -> FetchResult:
        started = time.monotonic()
        result = FetchResult(purpose=purpose, url=url)
        attempts = 0
        while True:
            attempts += 1
            try:
                result = self._attempt(url, purpose, accept, etag, last_modified, check_robots)
            except FetchError as exc:
                result = FetchResult(purpose=purpose, url=url, status=exc.status, error_class=exc.error_class,
                                     error=str(exc), retryable=exc.retryable, retry_after=exc.retry_after,
                                     final_url=exc.final_url)
            if result.ok or not result.retryable or attempts > self.cfg.fetch_retries:
                break
            wait = self._backoff(attempts, result.retry_after)
            if wait is None:
                break
            log.info("retrying %s in %.1f s after %s (attempt %d)", url, wait, result.error_class, attempts)
            self.gate.defer(origin_of(result.final_url or url), wait)
        result = replace(result, attempts=attempts, duration_ms=int((time.monotonic() - started) * 1000))
        if not result.ok:
            log.warning("fetch %s failed: %s: %s", url, result.error_class, result.error)
        self.results.append(result)
        return result

    def _backoff(self, attempts: int, retry_after: float | None) -> float | None:
        """Seconds before the next attempt: Retry-After when given (None when too long to wait in this run),
        else exponential back-off."""
        if retry_after is not None:
            return retry_after if retry_after <= self.cfg.fetch_max_retry_after_s else None
        return float(self.cfg.fetch_backoff_s * 2 ** (attempts - 1))

    def _attempt(self, url: str, purpose: str, accept: Callable[[str | None], bool], etag: str | None,
                 last_modified: str | None, check_robots: bool) -> FetchResult:
        headers = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        deadline = time.monotonic() + self.cfg.fetch_total_timeout_s
        current, seen, hops = url, {url}, 0
        while True:
            check_destination(current, self.allow)
            robots = self.robots_for(current) if check_robots else None
            if robots is not None and not robots.allowed(current, self.cfg.user_agent):
                raise _at(FetchError("RobotsDisallowed", f"robots.txt of {origin_of(current)} disallows {current}"),
                          current)
            # The slot is held until the body is read: a host's concurrency counts whole exchanges.
            with self.gate.turn(origin_of(current), self.delay_for(current, robots)):
                response = self._send(current, headers)
                try:
                    if not (response.status_code in REDIRECTS and response.headers.get("Location")):
                        return self._finish(response, url, current, purpose, accept, hops, deadline)
                finally:
                    response.close()
            target = urljoin(current, response.headers["Location"])
            hops += 1
            if target in seen:
                raise _at(FetchError("RedirectLoop", f"redirect loop: {target} was already visited",
                                     status=response.status_code), current)
            if hops > self.cfg.fetch_max_redirects:
                raise _at(FetchError("TooManyRedirects", f"more than {self.cfg.fetch_max_redirects} redirects",
                                     status=response.status_code), current)
            seen.add(target)
            current = target

    def _send(self, url: str, headers: dict[str, str]) -> requests.Response:
        try:
            return self.session.get(url, headers=headers, stream=True, allow_redirects=False,
                                    timeout=(self.cfg.fetch_connect_timeout_s, self.cfg.fetch_read_timeout_s))
        except requests.Timeout as exc:
            raise _at(FetchError("Timeout", f"no response within the time limit: {exc}", retryable=True), url) from exc
        except requests.ConnectionError as exc:
            raise _at(FetchError("ConnectionError", f"cannot connect: {exc}", retryable=True), url) from exc
        except requests.RequestException as exc:
            raise _at(FetchError(type(exc).__name__, str(exc)), url) from exc

    def _finish(self, response: requests.Response, url: str, final_url: str, purpose: str,
                accept: Callable[[str | None], bool], hops: int, deadline: float) -> FetchResult:
        status = response.status_code
        h = response.headers
        base: dict[str, Any] = {"purpose": purpose, "url": url, "final_url": final_url, "status": status,
                                "content_type": h.get("Content-Type"), "etag": h.get("ETag"),
                                "last_modified": h.get("Last-Modified"), "redirects": hops}
        if status == 304:
            return FetchResult(**base, not_modified=True)
        if status >= 400 or not 200 <= status < 300:
            retry_after = parse_retry_after(h.get("Retry-After")) if status in (429, 503) else None
            if retry_after is not None:
                self.gate.defer(origin_of(final_url), min(retry_after, self.cfg.fetch_max_retry_after_s))
            reason = f"HTTP {status} {response.reason or ''}".strip()
            if retry_after is not None:
                reason += f" (Retry-After {retry_after:g} s)"
            return FetchResult(**base, error_class=f"HTTP{status}", error=reason,
                               retryable=status in RETRY_STATUSES, retry_after=retry_after)
        media_type = parse_content_type(h.get("Content-Type"))[0]
        if not accept(media_type):
            return FetchResult(**base, error_class="UnsupportedContentType",
                               error=f"{media_type} is not a type we read here")
        max_bytes = self.cfg.fetch_max_bytes
        declared = h.get("Content-Length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            return FetchResult(**base, error_class="TooLarge",
                               error=f"Content-Length {int(declared):,} is over the {max_bytes:,}-byte limit")
        body = bytearray()
        try:
            for chunk in response.iter_content(_CHUNK):
                body += chunk
                if len(body) > max_bytes:
                    return FetchResult(**base, error_class="TooLarge",
                                       error=f"body exceeds the {max_bytes:,}-byte limit")
                if time.monotonic() > deadline:
                    return FetchResult(**base, error_class="Timeout", retryable=True,
                                       error=f"body not complete within {self.cfg.fetch_total_timeout_s:g} s")
        except requests.RequestException as exc:
            timeout = "timed out" in str(exc).lower() or isinstance(exc, requests.Timeout)
            return FetchResult(**base, error_class="Timeout" if timeout else "ConnectionError", retryable=True,
                               error=f"reading the body failed: {exc}")
        return FetchResult(**base, content=bytes(body))


def _at(exc: FetchError, url: str) -> FetchError:
    exc.final_url = url
    return exc


def page_document(result: FetchResult, source_name: str, hints: Hints) -> RawDocument | Failure:
    """A fetched (or archived) HTML page as a RawDocument, or a Failure saying why it is not one.

    The Content-Type charset travels with the bytes (`charset`, also stored on the documents row), and
    extract() lets it win over the page's own declaration, as browsers do.
    """
    locator = result.final_url or result.url
    if not result.ok:
        return Failure(result.url, source_name, "fetch", result.error_class or "FetchError", result.error or "")
    if not is_page_type(result.media_type):
        return Failure(result.url, source_name, "fetch", "UnsupportedContentType",
                       f"{result.media_type} is not an HTML page")
    return RawDocument(locator=locator, kind="html", content=result.content, source_name=source_name,
                       url=result.url, hints=hints, charset=result.charset)
