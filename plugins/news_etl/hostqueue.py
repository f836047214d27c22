"""Which URL to fetch next when many are fetched at once: one queue per host, hosts side by side.

A batch of URLs is split by host. A worker takes the next URL of the host that may start soonest and has a
free concurrency slot, so every host is kept as busy as its politeness limits allow (a start every
`delay_s`, at most `concurrency` requests in flight) and a slow or strict host never holds up the others.
Throughput then grows with the number of hosts, up to the number of workers.

This is the in-process plan only. The limits themselves are enforced across every process by DomainGate
(politeness.py); the plan's job is that workers do not sit in the gate's waits while another host is free.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import psycopg2

from news_etl.fetch import Fetcher, FetchResult, origin_of

log = logging.getLogger(__name__)

Next = tuple[int, str, str]  # (index in the input, URL, host)


@dataclass
class _Host:
    queue: deque[tuple[int, str]] = field(default_factory=deque)
    in_flight: int = 0
    ready_at: float = -math.inf  # when this process may start the host's next request (time.monotonic())


def host_key(url: str) -> str:
    """The politeness key of a URL; an unparseable URL gets its own key (fetching it records the error)."""
    try:
        return origin_of(url) or url
    except ValueError:
        return url


class HostQueues:
    """Not thread-safe: callers hold one lock around take() and done()."""

    def __init__(self, urls: Sequence[str], concurrency: int, delay_s: float) -> None:
        self.concurrency = max(1, concurrency)
        self.delay_s = max(0.0, delay_s)
        self._hosts: dict[str, _Host] = {}
        for index, url in enumerate(urls):
            self._hosts.setdefault(host_key(url), _Host()).queue.append((index, url))
        self.hosts = len(self._hosts)

    def lanes(self) -> int:
        """How many requests could be in flight at once: more workers than this would only wait."""
        return sum(min(self.concurrency, len(h.queue)) for h in self._hosts.values())

    def take(self, now: float) -> Next | float | None:
        """The next URL to start now; else the seconds until one may start (math.inf: not before a request in
        flight ends); None when every URL has been handed out."""
        best: tuple[str, _Host] | None = None
        waiting = False
        for key, host in self._hosts.items():
            if not host.queue:
                continue
            waiting = True
            if host.in_flight < self.concurrency and (best is None or host.ready_at < best[1].ready_at):
                best = (key, host)
        if best is None:
            return math.inf if waiting else None
        key, host = best
        if host.ready_at > now:
            return host.ready_at - now
        index, url = host.queue.popleft()
        host.in_flight += 1
        host.ready_at = now + self.delay_s
        return index, url, key

    def put_back(self, key: str, index: int, url: str) -> None:
        """A URL taken but not fetched goes back to the head of its host's queue (call done() as well)."""
        self._hosts[key].queue.appendleft((index, url))

    def done(self, key: str, next_start: float | None = None) -> None:
        """A request to host `key` ended; `next_start` moves the host's next start later (a crawl-delay)."""
        host = self._hosts[key]
        host.in_flight -= 1
        if next_start is not None:
            host.ready_at = max(host.ready_at, next_start)


def _clones(fetcher: Fetcher, wanted: int) -> list[Fetcher]:
    """Up to `wanted` clones; fewer when the database refuses more connections (each clone's gate holds one):
    the batch then runs on fewer threads, with a warning, instead of failing."""
    clones: list[Fetcher] = []
    for _ in range(wanted):
        try:
            clones.append(fetcher.clone())
        except psycopg2.OperationalError as exc:
            log.warning("fetching with %d thread(s) instead of %d: no more database connections (%s); lower "
                        "NEWS_FETCH_WORKERS or raise the server's max_connections", len(clones) + 1, wanted + 1,
                        str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__)
            break
    return clones


def fetch_many(fetcher: Fetcher, urls: Sequence[str], purpose: str = "article", workers: int | None = None,
               get: Callable[[Fetcher, int], FetchResult] | None = None) -> list[FetchResult]:
    """Fetch `urls` with up to `workers` threads (default NEWS_FETCH_WORKERS), hosts side by side; the results
    come back in input order, and every fetch's row is in `fetcher.results` as if it had fetched them all.
    `get(fetcher, i)` fetches urls[i] when a plain GET is not enough (a feed's conditional GET)."""
    cfg = fetcher.cfg

    def plain(own: Fetcher, index: int) -> FetchResult:
        return own.get(urls[index], purpose)

    call = get or plain
    queues = HostQueues(urls, cfg.domain_concurrency, cfg.domain_min_delay_s)
    threads = min(workers or cfg.fetch_workers, queues.lanes())
    if threads <= 1 or fetcher.gate_factory is None:
        return [call(fetcher, index) for index in range(len(urls))]
    results: list[FetchResult | None] = [None] * len(urls)
    cond = threading.Condition()
    started = time.monotonic()
    done = 0
    step = max(1, len(urls) // 10)

    def work(own: Fetcher) -> None:
        nonlocal done
        while True:
            with cond:
                while True:
                    got = queues.take(time.monotonic())
                    if got is None:
                        return
                    if not isinstance(got, tuple):
                        cond.wait(None if got == math.inf else got)
                        continue
                    break
            index, url, key = got
            picked, next_start, robots_only = time.monotonic(), None, False
            try:
                # A host's robots.txt is a request of its own: the page then waits a delay, and the thread
                # does other hosts' work meanwhile instead of sleeping in the gate.
                robots_only = own.read_robots_first(url)
                if not robots_only:
                    results[index] = call(own, index)
                delay = own.host_delay(url)  # robots.txt may ask for more than the default delay
                next_start = picked + delay if robots_only or delay > cfg.domain_min_delay_s else None
            finally:
                with cond:
                    if robots_only:
                        queues.put_back(key, index, url)
                    else:
                        done += 1
                        if done % step == 0 and done < len(urls):
                            log.info("fetched %d/%d URLs from %d host(s) in %.1f s", done, len(urls),
                                     queues.hosts, time.monotonic() - started)
                    queues.done(key, next_start)
                    cond.notify_all()

    clones: list[Fetcher] = []
    try:
        clones = _clones(fetcher, threads - 1)
        threads = len(clones) + 1
        with ThreadPoolExecutor(threads, thread_name_prefix="fetch") as pool:
            for future in [pool.submit(work, f) for f in [fetcher, *clones]]:
                future.result()
    finally:
        for clone in clones:
            fetcher.results.extend(clone.take_results())
            clone.close_with_gate()
    log.info("fetched %d URLs from %d host(s) with %d threads in %.1f s", len(urls), queues.hosts, threads,
             time.monotonic() - started)
    fetched = [r for r in results if r is not None]
    if len(fetched) != len(urls):  # cannot happen unless a worker died, and then future.result() raised
        raise RuntimeError(f"{len(urls) - len(fetched)} URL(s) were not fetched")
    return fetched
