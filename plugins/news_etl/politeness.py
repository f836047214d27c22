"""Per-host politeness that holds across processes: minimum delay, concurrency slots, Retry-After, robots cache.

State lives in PostgreSQL (`domain_state`), so parallel Airflow tasks on any worker share one schedule per
host: a start time is reserved under a row lock, and at most `concurrency` requests are in flight, each
holding a session advisory lock (freed by the server if the process dies).
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg2.extensions

from news_etl.db import query

log = logging.getLogger(__name__)

ROBOTS_MAX_AGE_S = 24 * 3600  # RFC 9309: a cached robots.txt should not be used for more than 24 hours


class DomainGate:
    """Politeness for one process, on its own autocommit connection (never the load transaction's)."""

    def __init__(self, conn: psycopg2.extensions.connection, concurrency: int) -> None:
        self.conn = conn
        self.conn.autocommit = True
        self.concurrency = max(1, concurrency)
        self._next_wait_slot = os.getpid()

    @contextmanager
    def turn(self, host: str, delay_s: float) -> Iterator[None]:
        """Hold one of the host's slots and wait for the host's next reserved start time."""
        slot = self._acquire_slot(host)
        try:
            with self.conn.cursor() as cur:
                cur.execute(query("domain_reserve_turn"), {"host": host, "delay_s": max(0.0, delay_s)})
                row = cur.fetchone()
            wait_s = float(row[0]) if row else 0.0
            if wait_s > 0:
                log.debug("politeness: waiting %.2f s before %s", wait_s, host)
                time.sleep(wait_s)
            yield
        finally:
            with self.conn.cursor() as cur:
                cur.execute(query("domain_release_slot"), {"host": host, "slot": slot})

    def _acquire_slot(self, host: str) -> int:
        """A free slot if there is one, else wait in PostgreSQL's lock queue for one (first come, first
        served: a busy task cannot starve the others by re-taking the slot it just released)."""
        for slot in range(self.concurrency):
            with self.conn.cursor() as cur:
                cur.execute(query("domain_try_slot"), {"host": host, "slot": slot})
                row = cur.fetchone()
            if row and row[0]:
                return slot
        slot = self._next_wait_slot % self.concurrency
        self._next_wait_slot += 1
        with self.conn.cursor() as cur:
            cur.execute(query("domain_wait_slot"), {"host": host, "slot": slot})
        return slot

    def defer(self, host: str, seconds: float) -> None:
        """No request to `host` starts within `seconds` (a Retry-After), whoever sends it."""
        with self.conn.cursor() as cur:
            cur.execute(query("domain_defer"), {"host": host, "seconds": max(0.0, seconds)})

    def cached_robots(self, host: str) -> tuple[int | None, str | None] | None:
        with self.conn.cursor() as cur:
            cur.execute(query("domain_select_robots"), {"host": host, "max_age_s": ROBOTS_MAX_AGE_S})
            row = cur.fetchone()
        return (row[0], row[1]) if row else None

    def save_robots(self, host: str, status: int | None, text: str | None, crawl_delay_s: float | None) -> None:
        with self.conn.cursor() as cur:
            cur.execute(query("domain_save_robots"), {"host": host, "status": status, "robots_txt": text,
                                                      "crawl_delay_s": crawl_delay_s})
