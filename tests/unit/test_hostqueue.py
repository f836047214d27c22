"""The in-process fetch plan: one queue per host, hosts side by side, each within its politeness limits."""

from __future__ import annotations

import math

from news_etl.hostqueue import HostQueues, host_key


def urls(host: str, n: int) -> list[str]:
    return [f"http://{host}/a{i}" for i in range(n)]


def test_hosts_are_taken_side_by_side_not_one_after_another() -> None:
    q = HostQueues(urls("a.example", 3) + urls("b.example", 3) + urls("c.example", 3), concurrency=1, delay_s=2.0)
    first = [q.take(0.0) for _ in range(3)]
    assert [t[2] for t in first if isinstance(t, tuple)] == ["a.example", "b.example", "c.example"]
    assert [t[0] for t in first if isinstance(t, tuple)] == [0, 3, 6]  # each host's URLs in input order


def test_concurrency_caps_a_host_and_a_finished_request_frees_its_slot() -> None:
    q = HostQueues(urls("a.example", 4), concurrency=2, delay_s=0.0)
    a, b = q.take(0.0), q.take(0.0)
    assert isinstance(a, tuple) and isinstance(b, tuple)
    assert q.take(0.0) == math.inf  # both slots taken: wait for one to end
    q.done(a[2])
    c = q.take(0.0)
    assert isinstance(c, tuple) and c[0] == 2


def test_the_delay_spaces_a_hosts_starts_and_the_wait_is_returned() -> None:
    q = HostQueues(urls("a.example", 2), concurrency=2, delay_s=2.0)
    assert isinstance(q.take(10.0), tuple)
    assert q.take(10.5) == 1.5  # the next start of the only host is 2 s after the first
    assert isinstance(q.take(12.0), tuple)
    assert q.take(12.0) is None  # everything handed out


def test_a_crawl_delay_pushes_the_next_start_later() -> None:
    q = HostQueues(urls("a.example", 2), concurrency=1, delay_s=1.0)
    first = q.take(0.0)
    assert isinstance(first, tuple)
    q.done(first[2], next_start=5.0)
    assert q.take(1.0) == 4.0


def test_a_waiting_host_does_not_hold_up_a_ready_one() -> None:
    q = HostQueues(urls("slow.example", 2) + urls("fast.example", 1), concurrency=1, delay_s=3.0)
    slow, fast = q.take(0.0), q.take(0.0)
    assert isinstance(slow, tuple) and isinstance(fast, tuple) and fast[2] == "fast.example"
    q.done(slow[2])
    got = q.take(0.5)  # slow.example's second URL may not start before 3.0 s; nothing else is left
    assert got == 2.5


def test_lanes_count_what_could_run_at_once() -> None:
    assert HostQueues(urls("a.example", 5) + urls("b.example", 1), concurrency=2, delay_s=1.0).lanes() == 3
    assert HostQueues([], concurrency=2, delay_s=1.0).lanes() == 0


def test_ports_are_distinct_hosts_and_bad_urls_get_a_key_of_their_own() -> None:
    assert host_key("http://127.0.0.1:8001/x") != host_key("http://127.0.0.1:8002/x")
    assert host_key("HTTP://Example.org/a") == host_key("http://example.org/b")
    assert host_key("ftp:/broken") == "ftp:/broken" and host_key("not a url") == "not a url"


def test_a_url_put_back_is_the_hosts_next_and_waits_for_its_turn() -> None:
    q = HostQueues(urls("a.example", 2) + urls("b.example", 1), concurrency=1, delay_s=2.0)
    first = q.take(0.0)
    assert isinstance(first, tuple) and first[0] == 0
    q.put_back(first[2], first[0], first[1])  # its robots.txt was fetched instead: the page waits a delay
    q.done(first[2], next_start=2.0)
    other = q.take(0.1)
    assert isinstance(other, tuple) and other[2] == "b.example"  # the thread works for another host meanwhile
    assert q.take(0.1) == 1.9
    again = q.take(2.0)
    assert isinstance(again, tuple) and again[0] == 0
