"""Fetch-stage benchmark: many domains on loopback, fetched by the real Fetcher through the real DomainGate.

    python bench/fetch.py                       # `make bench-fetch`: 1, 4, 16, 64 domains (~2 min)
    python bench/fetch.py --domains 8,128 --workers 8,32 --delay 2 --latency 0.5

Every domain is a loopback HTTP server of its own (host:port is the politeness key), with a robots.txt and
`--pages` article pages (bench/corpus.py) answered after `--latency` seconds. For each number of domains and
each `--workers` (threads of one fetch task; 1 is the one global queue the fetch stage had before), one
batch of all the URLs, grouped by domain as feed polling plans them, goes through `fetch_many` into a fresh
warehouse schema (politeness state in `domain_state`, slots as advisory locks). It prints the wall time,
pages/s, the ceilings that bound it, how much of the ideal wall time was reached, and what the servers saw:
the smallest start-to-start gap and the most requests in flight per domain (must stay >= the delay and
<= NEWS_DOMAIN_CONCURRENCY). Needs a database (NEWS_DB_URL, else the embedded one).
"""

from __future__ import annotations

import argparse
import itertools
import multiprocessing
import os
import sys
import threading
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(1, str(ROOT / "bench"))

from corpus import page  # noqa: E402

from news_etl.crawl import open_fetcher  # noqa: E402
from news_etl.db import connection, drop_schema, migrate, resolve_dsn  # noqa: E402
from news_etl.hostqueue import fetch_many  # noqa: E402

ROBOTS = b"User-agent: *\nDisallow: /private/\n"


@dataclass
class Log:
    starts: dict[int, list[float]]  # port -> request arrival times (time.monotonic(): one clock for all processes)
    in_flight: dict[int, int]
    peak: dict[int, int]
    lock: threading.Lock


def serve(domains: int, pages: list[bytes], latency: float, conn: Connection) -> None:
    """The servers' own process (so that they do not compete with the fetcher for a GIL): `domains` loopback
    sites, each robots.txt and /news/<i> answered after `latency` seconds. Sends the ports, waits for "stop",
    then sends what the servers saw."""
    log = Log(defaultdict(list), defaultdict(int), defaultdict(int), threading.Lock())

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            port = self.server.server_address[1]
            with log.lock:
                log.starts[port].append(time.monotonic())
                log.in_flight[port] += 1
                log.peak[port] = max(log.peak[port], log.in_flight[port])
            try:
                time.sleep(latency)
                if self.path == "/robots.txt":
                    body, kind = ROBOTS, "text/plain"
                else:
                    body, kind = pages[int(self.path.rsplit("/", 1)[1])], "text/html; charset=utf-8"
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            finally:
                with log.lock:
                    log.in_flight[port] -= 1

    servers = [ThreadingHTTPServer(("127.0.0.1", 0), Handler) for _ in range(domains)]
    for server in servers:
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
    conn.send([int(server.server_address[1]) for server in servers])
    conn.recv()
    for server in servers:
        server.shutdown()
        server.server_close()
    conn.send((dict(log.starts), dict(log.peak)))


def run_once(dsn: str, domains: int, pages: list[bytes], workers: int, args: argparse.Namespace) -> dict[str, Any]:
    schema = f"bench_fetch_{uuid.uuid4().hex[:8]}"
    os.environ.update({"NEWS_DB_SCHEMA": schema, "NEWS_FETCH_WORKERS": str(workers),
                       "NEWS_DOMAIN_MIN_DELAY_S": str(args.delay), "NEWS_DOMAIN_CONCURRENCY": str(args.concurrency)})
    with connection(dsn, schema) as conn:
        migrate(conn)
    ours, theirs = multiprocessing.Pipe()
    servers = multiprocessing.Process(target=serve, args=(domains, pages, args.latency, theirs), daemon=True)
    servers.start()
    try:
        ports = ours.recv()
        urls = [f"http://127.0.0.1:{port}/news/{i}" for port in ports for i in range(len(pages))]
        with open_fetcher(dsn) as fetcher:
            started = time.monotonic()
            results = fetch_many(fetcher, urls)
            wall = time.monotonic() - started
        ok = sum(1 for r in results if r.ok)
        ours.send("stop")
        starts, peak = ours.recv()
    finally:
        servers.kill()  # done by now, unless the fetch raised
        servers.join()
        drop_schema(dsn, schema)
    requests = sum(len(times) for times in starts.values())  # pages and robots.txt
    per_host_rate = min(1 / args.delay if args.delay else float("inf"), args.concurrency / args.latency)
    gaps = [b - a for times in starts.values() for a, b in itertools.pairwise(sorted(times))]
    # a domain's robots.txt and pages as fast as its limits allow: the first start at 0, then one every
    # 1/rate, the last answered `latency` after it starts
    ideal = len(pages) / per_host_rate + args.latency
    return {"domains": domains, "workers": workers, "urls": len(urls), "ok": ok, "requests": requests,
            "wall_s": wall, "req_s": requests / wall, "limit_s": domains * per_host_rate,
            "threads_limit_s": workers / args.latency, "ideal_s": ideal, "busy": ideal / wall,
            "min_gap_s": min(gaps) if gaps else float("nan"), "max_in_flight": max(peak.values())}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--domains", default="1,4,16,64", help="comma-separated numbers of domains")
    ap.add_argument("--workers", default="1,8,32", help="comma-separated NEWS_FETCH_WORKERS values (1: sequential)")
    ap.add_argument("--pages", type=int, default=5, help="article pages per domain")
    ap.add_argument("--delay", type=float, default=0.5, help="NEWS_DOMAIN_MIN_DELAY_S (2 s in production)")
    ap.add_argument("--concurrency", type=int, default=2, help="NEWS_DOMAIN_CONCURRENCY")
    ap.add_argument("--latency", type=float, default=0.25, help="seconds each server takes to answer")
    ap.add_argument("--sequential-max-domains", type=int, default=16,
                    help="skip workers=1 above this many domains (it takes domains x pages x delay)")
    args = ap.parse_args()
    os.environ["NEWS_FETCH_ALLOW_NETWORKS"] = "127.0.0.0/8"
    dsn = resolve_dsn()
    pages = [page(i, 11)[1].encode("utf-8") for i in range(args.pages)]
    print(f"fetch stage: {args.pages} pages + robots.txt per domain, delay {args.delay} s, concurrency "
          f"{args.concurrency}, server latency {args.latency} s")
    head = (f"{'domains':>7} {'workers':>7} {'urls':>5} {'ok':>5} {'reqs':>5} {'wall s':>7} {'req/s':>7} "
            f"{'polite max':>10} {'thread max':>10} {'ideal s':>7} {'busy':>5} {'min gap s':>9} {'in flight':>9}")
    print(head)
    print("-" * len(head))
    for domains in (int(d) for d in args.domains.split(",")):
        for workers in (int(w) for w in args.workers.split(",")):
            if workers == 1 and domains > args.sequential_max_domains:
                print(f"{domains:>7} {workers:>7}  skipped: about {domains * args.pages * args.delay:.0f} s "
                      f"(--sequential-max-domains)")
                continue
            r = run_once(dsn, domains, pages, workers, args)
            print(f"{r['domains']:>7} {r['workers']:>7} {r['urls']:>5} {r['ok']:>5} {r['requests']:>5} "
                  f"{r['wall_s']:>7.2f} {r['req_s']:>7.1f} {r['limit_s']:>10.1f} {r['threads_limit_s']:>10.1f} "
                  f"{r['ideal_s']:>7.2f} {r['busy']:>5.0%} {r['min_gap_s']:>9.3f} {r['max_in_flight']:>9}", flush=True)
    print("reqs: requests the servers saw (pages and robots.txt); polite max: domains x min(1/delay, "
          "concurrency/latency) requests/s; thread max: workers/latency; ideal s: one domain's robots.txt and "
          "pages at its politeness limit; busy: ideal s / wall s; min gap: the shortest start-to-start time "
          "of a domain's requests as its server saw them; in flight: the most at once at one domain")


if __name__ == "__main__":
    main()
