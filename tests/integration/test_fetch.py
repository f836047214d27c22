"""Fetching from a real loopback web site into a real PostgreSQL schema: politeness, faults, feeds, DAG runs."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import count
from fixtures.web.site import Route, Site
from test_dag_runs import asset_events, load_dag, task_states

UA = "news-etl-test/1.0 (+https://example.org/bot)"
DELAY = 0.15


@pytest.fixture
def web_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWS_FETCH_ALLOW_NETWORKS", "127.0.0.0/8")
    monkeypatch.setenv("NEWS_USER_AGENT", UA)
    monkeypatch.setenv("NEWS_DOMAIN_MIN_DELAY_S", str(DELAY))
    monkeypatch.setenv("NEWS_FETCH_BACKOFF_S", "0.05")
    monkeypatch.setenv("NEWS_FETCH_RETRIES", "1")
    monkeypatch.setenv("NEWS_FETCH_READ_TIMEOUT_S", "0.5")
    monkeypatch.setenv("NEWS_FETCH_MAX_BYTES", "200000")
    monkeypatch.setenv("NEWS_FETCH_MAX_RETRY_AFTER_S", "2")


@pytest.fixture
def site(web_env: None) -> Iterator[Site]:
    s = Site().standard()
    yield s
    s.close()


def rows(conn: Any, sql: str, params: Any = None) -> list[tuple[Any, ...]]:
    with conn.cursor() as cur:
        cur.execute(sql, params)
        out = cur.fetchall()
    conn.rollback()
    return out


def add_faults(site: Site) -> None:
    b = site.base
    site.routes["/gone"] = Route(410, b"gone")
    site.routes["/missing"] = Route(404, b"no")
    site.routes["/broken"] = Route(500, b"oops")
    site.routes["/report.pdf"] = Route(body=b"%PDF-1.4 binary", headers={"Content-Type": "application/pdf"})
    site.routes["/photo.jpg"] = Route(body=b"\xff\xd8\xff\xe0", headers={"Content-Type": "image/jpeg"})
    site.routes["/loop-a"] = Route(302, headers={"Location": f"{b}/loop-b"})
    site.routes["/loop-b"] = Route(302, headers={"Location": "/loop-a"})
    site.routes["/to-metadata"] = Route(302, headers={"Location": "http://169.254.169.254/latest/meta-data/"})
    site.routes["/huge"] = Route(body=b"<html><body>" + b"<p>word </p>" * 40_000, headers={"Content-Type": "text/html"})
    site.routes["/slow"] = Route(body=b"<html></html>", headers={"Content-Type": "text/html"}, delay_s=1.0)
    latin1 = site.text("article_bridge.html").replace('<meta charset="utf-8">', "").replace(
        "Old railway bridge", "Old railway bridge at Café Müller")
    site.routes["/latin1"] = Route(body=latin1.encode("latin-1"),
                                   headers={"Content-Type": "text/html; charset=ISO-8859-1"})
    site.routes["/wrong-charset"] = Route(body=latin1.encode("latin-1"),
                                          headers={"Content-Type": "text/html; charset=utf-8"})
    site.routes["/moved"] = Route(301, headers={"Location": "/news/orchard"})


def test_fetch_urls_loads_pages_and_records_every_fault(site: Site, conn: Any) -> None:
    from news_etl.crawl import fetch_urls

    add_faults(site)
    b = site.base
    urls = [f"{b}/news/harbour?utm_source=x&fbclid=y", f"{b}/news/harbour#top", f"{b}/news/library",
            f"{b}/moved", f"{b}/latin1", f"{b}/wrong-charset", f"{b}/gone", f"{b}/missing", f"{b}/broken",
            f"{b}/report.pdf", f"{b}/photo.jpg", f"{b}/loop-a", f"{b}/to-metadata", f"{b}/huge", f"{b}/slow",
            f"{b}/private/secret", "ftp://example.org/x"]
    summary = fetch_urls(conn, urls)
    assert summary["status"] == "succeeded"

    articles = dict(rows(conn, "SELECT url_key, title FROM articles"))
    assert set(articles) == {f"{b}/news/harbour", f"{b}/news/library", f"{b}/moved", f"{b}/latin1"}
    assert "Café Müller" in articles[f"{b}/latin1"]  # the header charset decoded it
    # ... and travels with the stored bytes, so re-extraction from `documents` decodes them the same way
    stored = rows(conn, "SELECT kind, charset FROM documents WHERE locator LIKE '%/latin1'")
    assert stored == [("html", "ISO-8859-1")]
    failures = {loc.replace(b, ""): (stage, cls) for loc, stage, cls in
                rows(conn, "SELECT locator, stage, error_class FROM failures")}
    assert failures == {
        "/wrong-charset": ("decode", "UnicodeDecodeError"),
        "/gone": ("fetch", "HTTP410"), "/missing": ("fetch", "HTTP404"), "/broken": ("fetch", "HTTP500"),
        "/report.pdf": ("fetch", "UnsupportedContentType"), "/photo.jpg": ("fetch", "UnsupportedContentType"),
        "/loop-a": ("fetch", "RedirectLoop"), "/to-metadata": ("fetch", "SSRFBlocked"),
        "/huge": ("fetch", "TooLarge"), "/slow": ("fetch", "Timeout"),
        "/private/secret": ("fetch", "RobotsDisallowed"), "ftp://example.org/x": ("fetch", "InvalidURL"),
    }
    # the fetches table: one row per logical fetch of the run, with final URL, attempts and validators
    fetched = {u.replace(b, ""): (final, status, attempts, redirects) for u, final, status, attempts, redirects in
               rows(conn, "SELECT url, final_url, status, attempts, redirects FROM fetches WHERE purpose='article'")}
    assert fetched["/moved"] == (f"{b}/news/orchard", 200, 1, 1)
    assert fetched["/broken"][1:3] == (500, 2) and fetched["/slow"][1:3] == (None, 2)
    assert rows(conn, "SELECT count(*) FROM fetches WHERE purpose='robots'") == [(1,)]
    # the server's own log: one robots.txt, the disallowed page never asked, the UA on every request
    hits = site.hits()
    assert [h.path for h in hits].count("/robots.txt") == 1
    assert "/private/secret" not in site.paths()
    assert "/news/harbour?utm_source=x&fbclid=y" in site.paths() and site.paths().count("/news/harbour#top") == 0
    assert {h.headers.get("User-Agent") for h in hits} == {UA}
    assert len(site.hits("/broken")) == 2 and len(site.hits("/slow")) == 2
    assert min(site.gaps()) >= DELAY * 0.8, site.gaps()


def test_stored_articles_are_not_fetched_again_unless_asked(site: Site, conn: Any) -> None:
    from news_etl.crawl import fetch_urls

    url = f"{site.base}/news/library"
    fetch_urls(conn, [url])
    before = len(site.hits("/news/library"))
    second = fetch_urls(conn, [url + "?utm_campaign=again"])
    assert second["inputs"] == 0 and len(site.hits("/news/library")) == before == 1
    fetch_urls(conn, [url], refetch=True)
    assert len(site.hits("/news/library")) == 2
    assert count(conn, "articles") == 1


def test_ssrf_guard_refuses_loopback_unless_allowed(site: Site, conn: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from news_etl.crawl import fetch_urls

    monkeypatch.delenv("NEWS_FETCH_ALLOW_NETWORKS")
    fetch_urls(conn, [f"{site.base}/news/harbour"])
    assert site.hits() == []
    [(cls, message)] = rows(conn, "SELECT error_class, message FROM failures")
    assert cls == "SSRFBlocked" and "127.0.0.1" in message and "NEWS_FETCH_ALLOW_NETWORKS" in message


def test_retry_after_is_honoured_and_a_long_one_gives_up(site: Site, conn: Any) -> None:
    from news_etl.crawl import fetch_urls

    calls = {"n": 0}

    def busy_then_ok(s: Site, handler: Any) -> Route:
        calls["n"] += 1
        if calls["n"] == 1:
            return Route(429, b"slow down", {"Retry-After": "1"})
        return Route(body=s.text("article_orchard.html").encode(), headers={"Content-Type": "text/html"})

    site.routes["/busy"] = busy_then_ok
    site.routes["/down"] = Route(503, b"maintenance", {"Retry-After": "3600"})
    fetch_urls(conn, [f"{site.base}/busy", f"{site.base}/down"])
    busy = site.hits("/busy")
    assert len(busy) == 2 and busy[1].at - busy[0].at >= 0.9
    assert len(site.hits("/down")) == 1  # an hour is beyond NEWS_FETCH_MAX_RETRY_AFTER_S: no retry now
    assert rows(conn, "SELECT url_key FROM articles") == [(f"{site.base}/busy",)]
    [(cls, msg)] = rows(conn, "SELECT error_class, message FROM failures")
    assert cls == "HTTP503" and "Retry-After 3600" in msg
    [(until,)] = rows(conn, "SELECT next_allowed_at - now() > interval '1 second' FROM domain_state "
                            "WHERE host = %s", (site.base.split("//")[1],))
    assert until  # the host stays deferred for every worker


def test_min_delay_and_concurrency_hold_across_parallel_fetchers(site: Site, conn: Any,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from news_etl.crawl import open_fetcher

    monkeypatch.setenv("NEWS_DOMAIN_CONCURRENCY", "1")
    in_flight = {"now": 0, "max": 0}
    lock = threading.Lock()

    def slow_page(s: Site, handler: Any) -> Route:
        with lock:
            in_flight["now"] += 1
            in_flight["max"] = max(in_flight["max"], in_flight["now"])
        time.sleep(0.2)
        with lock:
            in_flight["now"] -= 1
        return Route(body=b"<html><p>x</p></html>", headers={"Content-Type": "text/html"})

    for i in range(6):
        site.routes[f"/p{i}"] = slow_page

    def worker(paths: list[str]) -> None:
        with open_fetcher() as fetcher:
            for p in paths:
                assert fetcher.get(site.base + p).status == 200

    threads = [threading.Thread(target=worker, args=([f"/p{i}" for i in range(k, 6, 2)],)) for k in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len([p for p in site.paths() if p.startswith("/p")]) == 6
    assert in_flight["max"] == 1
    assert min(site.gaps()) >= DELAY * 0.8, [(h.path, round(h.at, 3)) for h in site.hits()]
    # both workers made progress side by side: neither waited for the other to finish its list
    order = [h.path for h in site.hits() if h.path.startswith("/p")]
    assert {int(p[2]) % 2 for p in order[:3]} == {0, 1}, order


def test_one_batch_keeps_every_host_busy_within_its_limits(web_env: None, conn: Any,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 7, target 6: a batch over many hosts fetches them side by side (not one global queue), while each
    host still gets one robots.txt, starts spaced by the delay and at most NEWS_DOMAIN_CONCURRENCY in flight."""
    from news_etl.crawl import fetch_urls

    monkeypatch.setenv("NEWS_FETCH_WORKERS", "6")
    sites = [Site() for _ in range(4)]
    in_flight: dict[str, list[int]] = {s.base: [0, 0] for s in sites}
    lock = threading.Lock()

    def slow_page(s: Site, handler: Any) -> Route:
        with lock:
            in_flight[s.base][0] += 1
            in_flight[s.base][1] = max(in_flight[s.base][1], in_flight[s.base][0])
        time.sleep(0.3)  # longer than the delay: a second request to the host starts while this one runs
        with lock:
            in_flight[s.base][0] -= 1
        body = s.text("article_library.html").replace("Library", f"Library {handler.path}")
        return Route(body=body.encode(), headers={"Content-Type": "text/html; charset=utf-8"})

    try:
        for s in sites:
            s.serve("/robots.txt", "robots.txt")
            for i in range(4):
                s.routes[f"/story/{i}"] = slow_page
        urls = [f"{s.base}/story/{i}" for s in sites for i in range(4)]  # grouped by host, as feeds plan them
        summary = fetch_urls(conn, urls)
        assert summary["status"] == "succeeded" and count(conn, "failures") == 0
        assert count(conn, "documents") == 16
        for s in sites:
            assert [h.path for h in s.hits()].count("/robots.txt") == 1
            assert min(s.gaps()) >= DELAY * 0.8, (s.base, s.gaps())
            assert in_flight[s.base][1] == 2  # NEWS_DOMAIN_CONCURRENCY's default, reached and not passed
        # side by side: every host had its first page asked before the first host had its last one
        first_host_last = max(h.at for h in sites[0].hits() if h.path.startswith("/story/"))
        assert all(min(h.at for h in s.hits() if h.path.startswith("/story/")) < first_host_last for s in sites)
    finally:
        for s in sites:
            s.close()


def test_a_database_short_of_connections_means_fewer_fetch_threads_not_a_failed_batch(
        site: Site, conn: Any, dsn: str, schema: str, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    """Each fetch thread's DomainGate holds a connection: when the server refuses more (here a role limited to
    two), the batch runs on the threads it got, with a warning that says what to change."""
    import psycopg2
    from psycopg2 import sql

    from news_etl.crawl import open_fetcher
    from news_etl.hostqueue import fetch_many

    monkeypatch.setenv("NEWS_FETCH_WORKERS", "6")
    role = f"news_fetch_{schema}"
    others = [Site() for _ in range(2)]
    admin = psycopg2.connect(dsn)
    admin.autocommit = True
    try:
        with admin.cursor() as cur:
            cur.execute(sql.SQL("CREATE ROLE {} LOGIN CONNECTION LIMIT 2").format(sql.Identifier(role)))
            cur.execute(sql.SQL("GRANT USAGE ON SCHEMA {s} TO {r}; GRANT ALL ON ALL TABLES IN SCHEMA {s} TO {r}; "
                                "GRANT ALL ON ALL SEQUENCES IN SCHEMA {s} TO {r}").format(
                s=sql.Identifier(schema), r=sql.Identifier(role)))
        limited = psycopg2.extensions.make_dsn(dsn, user=role)
        page = Route(body=b"<html><p>x</p></html>", headers={"Content-Type": "text/html"})
        for s in [site, *others]:
            s.routes["/a"] = s.routes["/b"] = page
        urls = [f"{s.base}/{p}" for s in [site, *others] for p in ("a", "b")]
        with caplog.at_level("WARNING", logger="news_etl.hostqueue"), open_fetcher(limited) as fetcher:
            results = fetch_many(fetcher, urls)
        assert [r.status for r in results] == [200] * 6
        assert "fetching with 2 thread(s) instead of 6" in caplog.text and "NEWS_FETCH_WORKERS" in caplog.text
    finally:
        for s in others:
            s.close()
        with admin.cursor() as cur:
            cur.execute(sql.SQL("DROP OWNED BY {r}; DROP ROLE {r}").format(r=sql.Identifier(role)))
        admin.close()


def test_feeds_add_discovers_feeds_and_robots_sitemaps(site: Site, conn: Any) -> None:
    from news_etl.crawl import add_feeds, list_feeds, open_fetcher

    with open_fetcher() as fetcher:
        added = add_feeds(conn, fetcher, site.base + "/")
        again = add_feeds(conn, fetcher, site.base + "/rss10.rdf", source_name="gazette")
    assert {(r["url"].replace(site.base, ""), r["kind"]) for r in added} == {
        ("/rss20.xml", "feed"), ("/atom.xml", "feed"), ("/feed.json", "feed"), ("/sitemap_index.xml", "sitemap")}
    assert again == [{"feed_id": again[0]["feed_id"], "url": site.base + "/rss10.rdf", "kind": "feed",
                      "source_name": "gazette", "title": "Valley Gazette (RSS 1.0)", "new": True}]
    assert len(list_feeds(conn)) == 5


def register_all(conn: Any, site: Site) -> None:
    from news_etl.crawl import add_feeds, open_fetcher

    with open_fetcher() as fetcher:
        add_feeds(conn, fetcher, site.base + "/")
        add_feeds(conn, fetcher, site.base + "/rss10.rdf")


def test_poll_ingests_entries_once_and_a_second_poll_fetches_nothing(site: Site, conn: Any) -> None:
    from news_etl.crawl import poll

    register_all(conn, site)
    first = poll(conn, force=True)
    assert first["status"] == "succeeded" and first["articles"] == 4
    b = site.base
    assert {r[0] for r in rows(conn, "SELECT url_key FROM articles")} == {
        f"{b}/news/{s}" for s in ("harbour", "library", "orchard", "bridge")}
    # both child sitemaps of the index were registered and polled in the same run
    kinds = dict(rows(conn, "SELECT replace(url, %s, ''), format FROM feeds WHERE kind = 'sitemap'", (b,)))
    assert kinds == {"/sitemap_index.xml": "sitemapindex", "/sitemap_news.xml": "news_sitemap",
                     "/sitemap_pages.xml.gz": "urlset"}
    # feed evidence kept per entry: guid, dates, authors, categories, news:title
    items = {(g, t): (p, a, c) for g, t, p, a, c in rows(
        conn, "SELECT guid, title, published_at::text, authors, categories FROM feed_items")}
    assert items[("gazette-harbour-1", "Harbour authority approves new ferry terminal")] == (
        "2025-03-04 08:30:00+00", ["Anna Keller"], ["Transport", "Harbour"])
    assert items[(f"{b}/news/orchard", "Late frost damages apple orchards across the valley")][1] == ["Mira Jansen"]
    assert items[(f"{b}/news/bridge", "Old railway bridge to reopen as a cycling path")][0] == "2025-03-01 00:00:00+00"
    assert "/private/secret" not in site.paths()  # listed in a sitemap, disallowed by robots.txt
    article_hits = [p.split("?")[0] for p in site.paths() if p.startswith("/news/")]  # feed links keep utm_*
    assert sorted(article_hits) == [f"/news/{s}" for s in ("bridge", "harbour", "library", "orchard")]

    n_before = len(site.hits())
    second = poll(conn, force=True)
    new_hits = site.hits()[n_before:]
    assert second["status"] == "succeeded" and second["inputs"] == 0
    assert not [h for h in new_hits if h.path.startswith("/news/")]
    conditional = [h for h in new_hits if h.path == "/rss20.xml"]
    assert conditional and conditional[0].headers.get("If-None-Match") == '"rss-v1"'
    assert rows(conn, "SELECT count(*) FROM fetches WHERE not_modified AND purpose IN ('feed', 'sitemap')")[0][0] >= 5
    assert count(conn, "articles") == 4


def test_feeds_of_several_hosts_are_polled_side_by_side(web_env: None, conn: Any) -> None:
    from news_etl.crawl import open_fetcher, poll_all, register_feed

    sites = [Site() for _ in range(3)]
    try:
        for s in sites:
            s.serve("/rss20.xml", "rss20.xml", "application/rss+xml", delay_s=0.3)  # a slow feed server
        with conn, conn.cursor() as cur:
            for i, s in enumerate(sites):
                register_feed(cur, s.base + "/rss20.xml", "feed", f"gazette-{i}")
        with open_fetcher() as fetcher:
            outcomes = poll_all(conn, fetcher, start_run(conn), force=True)
        assert [o.status for o in outcomes] == ["changed"] * 3 and all(o.new_items > 0 for o in outcomes)
        asked = [s.hits("/rss20.xml")[0].at for s in sites]
        assert max(asked) - min(asked) < 0.3, asked  # every feed asked before the first one answered
        assert rows(conn, "SELECT count(*) FROM fetches WHERE purpose = 'feed'") == [(3,)]
    finally:
        for s in sites:
            s.close()


def test_lying_etag_is_caught_by_the_body_hash(site: Site, conn: Any) -> None:
    from news_etl.crawl import open_fetcher, poll_all, register_feed

    tick = {"n": 0}

    def liar(s: Site, handler: Any) -> Route:
        tick["n"] += 1
        return Route(body=s.text("atom.xml").encode(), headers={"Content-Type": "application/atom+xml",
                                                                "ETag": f'"v{tick["n"]}"'}, honour_conditional=False)

    site.routes["/liar.xml"] = liar
    with conn, conn.cursor() as cur:
        register_feed(cur, site.base + "/liar.xml", "feed", "gazette")
    run_id = start_run(conn)
    with open_fetcher() as fetcher:
        first = poll_all(conn, fetcher, run_id, force=True)
        second = poll_all(conn, fetcher, run_id, force=True)
    assert [o.status for o in first] == ["changed"] and first[0].new_items == 1
    assert [o.status for o in second] == ["unchanged"] and second[0].new_items == 0
    assert site.hits("/liar.xml")[1].headers.get("If-None-Match") == '"v1"'


def start_run(conn: Any) -> int:
    from news_etl.pipeline import start_run as start

    return start(conn, "test", {})


def test_failing_feeds_back_off_and_are_disabled_with_their_reason(site: Site, conn: Any,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from news_etl.crawl import open_fetcher, poll_all, register_feed

    monkeypatch.setenv("NEWS_FEED_FAILURE_LIMIT", "2")
    site.routes["/bad.xml"] = Route(body=b"<?xml version='1.0'?><rss><channel><item><title>x</ite",
                                    headers={"Content-Type": "application/rss+xml"})
    site.routes["/bomb.xml"] = Route(body=b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]>'
                                          b"<urlset><url><loc>&lol;</loc></url></urlset>",
                                     headers={"Content-Type": "application/xml"})
    site.routes["/retired.xml"] = Route(410, b"gone")
    with conn, conn.cursor() as cur:
        for path in ("/bad.xml", "/bomb.xml", "/retired.xml"):
            register_feed(cur, site.base + path, "feed", "gazette")
    run_id = start_run(conn)
    with open_fetcher() as fetcher:
        first = {o.url.replace(site.base, ""): (o.status, o.error) for o in poll_all(conn, fetcher, run_id, True)}
        assert first["/retired.xml"][0] == "disabled"
        assert first["/bad.xml"][0] == "failed" and "MalformedFeed" in str(first["/bad.xml"][1])
        assert first["/bomb.xml"][0] == "failed" and "XMLEntities" in str(first["/bomb.xml"][1])
        next_poll = rows(conn, "SELECT next_poll_at > now() + interval '50 minutes' FROM feeds WHERE active")
        assert next_poll == [(True,), (True,)]
        second = {o.url.replace(site.base, ""): o.status for o in poll_all(conn, fetcher, run_id, True)}
    assert second == {"/bad.xml": "disabled", "/bomb.xml": "disabled"}
    reasons = dict(rows(conn, "SELECT replace(url, %s, ''), disabled_reason FROM feeds", (site.base,)))
    assert reasons["/retired.xml"].startswith("HTTP410") and "after 2 consecutive" in reasons["/bad.xml"]
    assert {r[0] for r in rows(conn, "SELECT error_class FROM failures")} == {"HTTP410", "MalformedFeed",
                                                                              "XMLEntities"}


def test_news_fetch_urls_dag_run(airflow_db: Path, site: Site, conn: Any) -> None:
    add_faults(site)
    urls = [f"{site.base}/news/harbour", f"{site.base}/news/bridge", f"{site.base}/report.pdf"]
    run = load_dag("news_fetch_urls").test(run_conf={"urls": urls, "batch_size": 2})
    assert str(run.state) in ("success", "DagRunState.SUCCESS")
    assert count(conn, "articles") == 2
    [(status, counts)] = rows(conn, "SELECT status, counts FROM ingest_runs WHERE dag_id = 'news_fetch_urls'")
    assert status == "succeeded" and counts["batches_planned"] == 2 and counts["failures"] == 1
    assert rows(conn, "SELECT count(DISTINCT run_id) FROM fetches WHERE purpose = 'article'") == [(1,)]


def test_news_poll_feeds_dag_run(airflow_db: Path, site: Site, conn: Any) -> None:
    register_all(conn, site)
    dag = load_dag("news_poll_feeds")
    run = dag.test(run_conf={"force": True, "batch_size": 2})
    assert str(run.state) in ("success", "DagRunState.SUCCESS")
    assert count(conn, "articles") == 4
    hits = len([p for p in site.paths() if p.startswith("/news/")])
    run = dag.test(run_conf={"force": True, "batch_size": 2})
    assert str(run.state) in ("success", "DagRunState.SUCCESS")
    assert len([p for p in site.paths() if p.startswith("/news/")]) == hits
    # nothing new to fetch: poll_feeds closed the run, and no news_articles event wakes news_quality
    assert task_states(run) == {"start_run": "success", "poll_feeds": "success", "fetch_batch": "skipped",
                                "finish_run": "skipped"}
    assert asset_events(run) == 0
    statuses = rows(conn, "SELECT status FROM ingest_runs WHERE dag_id = 'news_poll_feeds' ORDER BY run_id")
    assert statuses == [("succeeded",), ("succeeded",)]
