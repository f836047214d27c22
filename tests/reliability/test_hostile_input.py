"""Guarantee 5: hostile and mutated documents (HTML, text, JSON/JSONL, feeds, sitemaps, WARC) go through the
readers, extraction and the loader with zero unhandled exceptions; each failure is a Failure (and a failures
row), each parse ends within its time limit, memory stays bounded, and XML never resolves entities."""

from __future__ import annotations

import gzip
import io
import json
import resource
import subprocess
import sys
import textwrap
import time
import traceback
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reliability_support import SEEDS

from news_etl.extract import extract, extractor_version
from news_etl.load import load_batch
from news_etl.pipeline import start_run
from news_etl.records import Article, Failure, RawDocument
from news_etl.sources import read_input

TIMEOUT_S = 3.0
MAX_BYTES = 2 * 1024 * 1024
SEED_FILES = sorted(p for p in SEEDS.rglob("*") if p.is_file() and p.suffix != ".md")
SUFFIXES = (".html", ".htm", ".xhtml", ".txt", ".json", ".jsonl", ".html.gz", ".txt.gz")
NASTY = [b"\x00", b"\xff\xfe", b"\xc3\x28", b"\xe9", b"<!--", b"<script>", b"]]>", b"&#0;", b"&#xD800;", b"\\u0000",
         b"<div>" * 50, b'<a href="' + b"x" * 5000, b"\r\n\r\n", b'{"html":', b"\xef\xbb\xbf", b"<?xml"]


def _seed_bytes(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def _mutate(data: bytes, ops: list[tuple[int, int, int]]) -> bytes:
    """Truncate, splice nasty fragments, flip bytes, duplicate slices: the damage real files show."""
    buf = bytearray(data)
    for op, a, b in ops:
        pos = a % (len(buf) + 1)
        if op == 0:
            del buf[pos:]
        elif op == 1:
            buf[pos:pos] = NASTY[b % len(NASTY)]
        elif op == 2 and buf:
            buf[pos % len(buf)] = b % 256
        elif op == 3:
            buf[pos:pos] = buf[pos: pos + b % 4096]
        elif op == 4:
            del buf[pos: pos + b % 512]
    return bytes(buf)


def _holds_no_record(path: Path) -> bool:
    """A .json/.jsonl file that is empty, blank or an empty array."""
    data = path.read_bytes()
    if not path.name.endswith((".json", ".jsonl")):
        return False
    try:
        return not data.strip() or json.loads(data) == []
    except (ValueError, RecursionError):
        return False


class Outcomes:
    """Everything the fuzzing produced, loaded at the end through the real loader."""

    def __init__(self) -> None:
        self.documents: list[RawDocument] = []
        self.articles: list[Article] = []
        self.failures: list[Failure] = []
        self.cases = 0
        self.crashes: dict[str, list[str]] = {}
        self.kinds: dict[str, int] = {}
        self.vanished = 0
        self.slowest = 0.0

    def run(self, path: Path) -> None:
        """Read and extract one input. An exception escaping the package is collected as a crash (the test
        fails on them at the end, all of them listed, not only the first one hypothesis meets)."""
        self.cases += 1
        kind = path.name.split(".", 1)[1]
        self.kinds[kind] = self.kinds.get(kind, 0) + 1
        try:
            self._run(path)
        except Exception as exc:  # the finding itself: reported, with where it escaped
            frames = [f for f in traceback.extract_tb(exc.__traceback__) if "news_etl" in f.filename]
            where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"
            key = f"{type(exc).__name__} at {where}"
            self.crashes.setdefault(key, []).append(path.name)

    def _run(self, path: Path) -> None:
        items = list(read_input(str(path), "files:fuzz", MAX_BYTES))
        if not items and _holds_no_record(path):
            self.vanished += 1  # the known way to vanish, asserted on its own: test_an_empty_export_leaves_a_trace
            return
        assert items, f"{path} produced nothing: neither a document nor a failure"
        for item in items:
            assert isinstance(item, RawDocument | Failure)
            if isinstance(item, Failure):
                self.failures.append(item)
                continue
            started = time.monotonic()
            outcome = extract(item, TIMEOUT_S)
            took = time.monotonic() - started
            self.slowest = max(self.slowest, took)
            # the guard under test is extract's own time limit (SIGALRM); the grace covers a C call that
            # must return before Python sees the alarm
            assert took < TIMEOUT_S + 5, f"{path}: extraction ran {took:.1f} s past a {TIMEOUT_S} s limit"
            self.documents.append(item)
            if isinstance(outcome, Article):
                self.articles.append(outcome)
            else:
                assert isinstance(outcome, Failure) and outcome.stage and outcome.error_class and outcome.message
                self.failures.append(outcome)

    def load(self, conn: Any) -> None:
        run_id = start_run(conn, "fuzz", {})
        with conn, conn.cursor() as cur:
            load_batch(cur, run_id, self.documents, self.articles, self.failures, extractor_version())
        with conn.cursor() as cur:
            cur.execute("SELECT count(*) FROM documents")
            assert cur.fetchone()[0] == len({(d.locator, d.sha256) for d in self.documents})
            cur.execute("SELECT count(*) FROM failures")
            assert cur.fetchone()[0] == len({(f.locator, f.document_sha256 or "", f.stage) for f in self.failures})
            cur.execute("SELECT count(*) FROM articles")
            assert 0 < cur.fetchone()[0] <= len(self.articles)
        conn.rollback()


def _fuzz(tmp_path: Path, conn: Any, examples: int) -> Outcomes:
    out = Outcomes()
    counter = iter(range(10**9))

    @settings(max_examples=examples, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(seed=st.sampled_from(SEED_FILES), suffix=st.sampled_from(SUFFIXES),
           ops=st.lists(st.tuples(st.integers(0, 4), st.integers(0, 10**6), st.integers(0, 10**4)), max_size=6))
    def mutated(seed: Path, suffix: str, ops: list[tuple[int, int, int]]) -> None:
        data = _mutate(_seed_bytes(seed), ops)
        path = tmp_path / f"m{next(counter):06d}{suffix}"
        path.write_bytes(gzip.compress(data) if suffix.endswith(".gz") else data)
        out.run(path)

    @settings(max_examples=examples, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(value=st.recursive(st.none() | st.booleans() | st.integers() | st.text(),
                              lambda kids: st.lists(kids, max_size=4) | st.dictionaries(
                                  st.sampled_from(["url", "html", "text", "title", "authors", "published_at",
                                                   "language", "x"]), kids, max_size=5), max_leaves=12),
           jsonl=st.booleans())
    def records(value: Any, jsonl: bool) -> None:
        path = tmp_path / f"r{next(counter):06d}.{'jsonl' if jsonl else 'json'}"
        path.write_text(json.dumps(value), encoding="utf-8")
        out.run(path)

    mutated()
    records()
    out.load(conn)
    return out


@pytest.mark.parametrize("examples", [pytest.param(150, id="quick"),
                                      pytest.param(1500, id="full", marks=[pytest.mark.slow])])
@pytest.mark.timeout(3600)
def test_mutated_documents_become_articles_or_failures(conn: Any, tmp_path: Path, examples: int) -> None:
    out = _fuzz(tmp_path, conn, examples)
    print(f"fuzz: {out.cases} inputs, {len(out.documents)} documents, {len(out.articles)} articles, "
          f"{len(out.failures)} failures, {out.vanished} empty exports; slowest extraction {out.slowest:.2f} s")
    crashes = {k: (len(v), v[:3]) for k, v in out.crashes.items()}
    print(f"fuzz cases per kind: {out.kinds}; crashes: {crashes}")
    assert crashes == {}, "unhandled exceptions escaped the readers or extraction"
    assert out.cases >= 2 * examples * 0.9 and out.failures and out.articles


# Each case runs in a fresh interpreter, so its peak RSS is its own.
PATHOLOGICAL = {
    "nested_divs_100k.html": b"<html><body>" + b"<div>" * 100_000 + b"deep" + b"</div>" * 100_000 + b"</body></html>",
    "huge_attribute.html": b'<html><body><p title="' + b"A" * 1_500_000 + b'">Hello world of news.</p></body></html>',
    "many_attributes.html": b"<html><body><p " + b" ".join(b'a%d="v"' % i for i in range(30_000))
                            + b">x</p></body></html>",
    "nul_bytes.html": b"<html><body><p>Breaking\x00 news\x00</p></body></html>" * 100,
    "nul_late.txt": ("Council approves the new budget for schools. " * 400).encode() + b"\x00\x00",
    "invalid_utf8.txt": ("Le conseil a voté. " * 50).encode() + b"\xff\xfe\xfa" + b"tail",
    "mixed_encodings.html": b"<html><head><meta charset='utf-8'></head><body><p>caf\xc3\xa9/caf\xe9</p></body>",
    "truncated_utf8.txt": "Zürich Straßenbahn".encode()[:-1],
    "billion_laughs.xhtml": b"""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">"""
        + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                   for i in range(1, 10))
        + b"""]><html><body><p>&lol9;</p><p>The council met today to vote on the budget.</p></body></html>""",
    "deep_json.json": b"[" * 100_000 + b"]" * 100_000,
    "deep_jsonl.jsonl": b'{"text": ' + b"[" * 50_000 + b"]" * 50_000 + b"}\n",
    "long_line.txt": b"word " * 400_000,
    "only_markup.html": b"<html>" + b"<span></span>" * 100_000 + b"</html>",
    "control_chars.txt": bytes(range(1, 32)) * 1000,
}


def _run_isolated(path: Path, secret: Path | None = None) -> dict[str, Any]:
    code = textwrap.dedent(f"""
        import json, resource, sys, time
        from news_etl.extract import extract
        from news_etl.records import RawDocument
        from news_etl.sources import read_input
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.monotonic()
        out = []
        for item in read_input({str(path)!r}, "files:hostile", {MAX_BYTES * 2}):
            if isinstance(item, RawDocument):
                item = extract(item, {TIMEOUT_S})
            out.append({{"type": type(item).__name__, "error_class": getattr(item, "error_class", None),
                         "text": getattr(item, "text", None)}})
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(json.dumps({{"out": out, "seconds": time.monotonic() - started, "baseline_kb": before,
                           "peak_kb": peak, "rss_growth_kb": peak - before}}))
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"{path.name}: unhandled: {done.stderr[-3000:]}"
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


MEMORY_BOUND_KB = 512 * 1024


@pytest.mark.slow
@pytest.mark.timeout(900)
@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_pathological_documents_fail_or_load_within_time_and_memory(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(PATHOLOGICAL[name])
    result = _run_isolated(path)
    print(f"{name}: {[o['type'] + ':' + str(o['error_class']) for o in result['out']]} "
          f"{result['seconds']:.2f} s, peak RSS {result['peak_kb'] // 1024} MiB "
          f"(+{result['rss_growth_kb'] // 1024} MiB over the {result['baseline_kb'] // 1024} MiB after imports)")
    assert result["out"], "neither a document nor a failure"
    # extract's limit is a SIGALRM: the grace covers the return from a C call, not a parse that ignores it
    assert result["seconds"] < TIMEOUT_S + 2, f"{name} ran {result['seconds']:.1f} s past a {TIMEOUT_S} s limit"
    assert result["rss_growth_kb"] < MEMORY_BOUND_KB
    for o in result["out"]:
        assert o["type"] in ("Article", "Failure")
        assert o["type"] == "Failure" or "lollollol" not in (o["text"] or "")  # entities not expanded


def test_html_xxe_does_not_read_local_files(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET-7f3a9", encoding="utf-8")
    page = tmp_path / "xxe.xhtml"
    page.write_bytes(f"""<?xml version="1.0"?><!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{secret}">]>
<html><body><article><p>The harbour authority approved the new quay on Monday after a long debate.</p>
<p>&xxe;</p><p>Work starts next spring and will take two years to complete, officials said.</p></article>
</body></html>""".encode())
    result = _run_isolated(page)
    assert "TOPSECRET" not in json.dumps(result)


def _feed_cases(secret: Path) -> dict[str, bytes]:
    laughs = (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
              + b"".join(b'<!ENTITY a%d "%s">' % (i, b"&a;" * 10 if i == 1 else (b"&a%d;" % (i - 1)) * 10)
                         for i in range(1, 9)))
    xxe = f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file://{secret}">]>'.encode()
    return {
        "rss_laughs": laughs + b']><rss version="2.0"><channel><title>&a8;</title><item><title>t</title>'
                      b"<link>https://e.org/a</link></item></channel></rss>",
        "rss_xxe": xxe + b'<rss version="2.0"><channel><title>&x;</title><item><title>&x;</title>'
                   b"<link>https://e.org/a</link></item></channel></rss>",
        "sitemap_laughs": laughs + b']><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>'
                          b"https://e.org/&a8;</loc></url></urlset>",
        "sitemap_xxe": xxe + b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>&x;</loc>'
                       b"</url></urlset>",
        "atom_truncated": b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><entry><title>x',
        "json_feed_deep": b'{"version": "https://jsonfeed.org/version/1.1", "items": ' + b"[" * 50_000,
        "gzip_bomb": gzip.compress(b"<urlset>" + b" " * 50_000_000 + b"</urlset>"),
        "nul_feed": b'<rss version="2.0">\x00<channel><item><link>https://e.org/\x00</link></item></channel></rss>',
    }


def test_feeds_and_sitemaps_refuse_entities_and_survive_damage(tmp_path: Path) -> None:
    feeds = pytest.importorskip("news_etl.feeds", reason="fetching module not present")
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET-feed", encoding="utf-8")
    for name, body in _feed_cases(secret).items():
        try:
            parsed = feeds.parse_any(body, "https://e.org/feed", 5 * 1024 * 1024)
        except feeds.FeedError as exc:
            assert exc.error_class and str(exc), name
            continue
        assert "TOPSECRET" not in repr(parsed) and "aaaaaaaaaa" * 10 not in repr(parsed), name


@settings(max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=st.binary(max_size=3000) | st.text(max_size=3000).map(lambda s: s.encode("utf-8", "surrogatepass")),
       prefix=st.sampled_from([b"", b'<?xml version="1.0"?>', b'<rss version="2.0"><channel>', b"<urlset>",
                               b'<feed xmlns="http://www.w3.org/2005/Atom">', b'{"items": [', b"\x1f\x8b"]))
def test_fuzzed_feed_and_sitemap_bodies_parse_or_raise_feed_error(body: bytes, prefix: bytes) -> None:
    from news_etl.feeds import FeedError, parse_any

    try:
        parse_any(prefix + body, "https://e.org/feed", 1024 * 1024)
    except FeedError as exc:
        assert exc.error_class


def _warc_bytes(pages: list[tuple[str, bytes, int]]) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    for url, body, status in pages:
        headers = StatusAndHeaders(f"{status} OK", [("Content-Type", "text/html; charset=utf-8")],
                                   protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                      http_headers=headers))
    return buf.getvalue()


@settings(max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(bodies=st.lists(st.binary(max_size=2000), min_size=1, max_size=4), cut=st.integers(0, 10**5),
       flip=st.integers(0, 10**5))
def test_fuzzed_warc_archives_yield_documents_or_failures(tmp_path_factory: Any, bodies: list[bytes], cut: int,
                                                          flip: int) -> None:
    warc = pytest.importorskip("news_etl.warc", reason="WARC module not present")
    data = bytearray(_warc_bytes([(f"https://e.org/{i}", b, 200 + (i % 2) * 300) for i, b in enumerate(bodies)]))
    if flip % 3 == 0 and data:
        data[flip % len(data)] ^= 0xFF
    if cut % 2 == 0:
        del data[cut % (len(data) + 1):]
    path = tmp_path_factory.mktemp("warc") / "a.warc.gz"
    path.write_bytes(bytes(data))
    for item in warc.read_warc(str(path), "files:warc", 1024 * 1024):
        assert isinstance(item, RawDocument | Failure)
        if isinstance(item, RawDocument):
            assert isinstance(extract(item, TIMEOUT_S), Article | Failure)


@pytest.mark.parametrize("name, body", [("export.json", "[]"), ("export.jsonl", ""), ("blank.jsonl", "\n \n")])
def test_an_empty_export_leaves_a_trace(tmp_path: Path, name: str, body: str) -> None:
    """A file given as input must load or fail: an empty JSON array or an empty JSONL file yields neither
    today, so the input leaves no row anywhere (sources.read_records yields nothing for them)."""
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    items = list(read_input(str(path), "files:exports", MAX_BYTES))
    assert [(type(i).__name__, getattr(i, "stage", None)) for i in items] == [("Failure", "parse")]


def test_resource_module_is_available() -> None:
    """ru_maxrss (used for the memory bound above) is in kilobytes on Linux: a sanity check that it moves."""
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    block = bytearray(64 * 1024 * 1024)
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before >= 32 * 1024 or before > 64 * 1024
    del block


@pytest.mark.parametrize("name, body", [("deep.json", b"[" * 100_000 + b"]" * 100_000),
                                        ("deep.jsonl", b'{"text": ' + b"[" * 100_000 + b"]" * 100_000 + b"}\n")])
def test_deeply_nested_json_is_a_failure_not_a_crash(tmp_path: Path, name: str, body: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(body)
    items = list(read_input(str(path), "files:exports", MAX_BYTES))
    assert [type(i).__name__ for i in items] == ["Failure"]


@pytest.mark.parametrize("authors", [True, 5, 1.5, {"name": "A"}, [None, 3, "Ann Lee"]])
def test_record_fields_of_the_wrong_type_are_data_not_crashes(tmp_path: Path, authors: Any) -> None:
    """Found by the fuzzer: a scraper export whose `authors` is not a string or a list of strings."""
    path = tmp_path / "export.jsonl"
    path.write_text(json.dumps({"text": "The council approved the budget after a long debate on Monday.",
                                "authors": authors, "title": 7, "published_at": ["x"]}) + "\n", encoding="utf-8")
    items = list(read_input(str(path), "files:exports", MAX_BYTES))
    assert len(items) == 1 and isinstance(items[0], RawDocument | Failure)
    if isinstance(items[0], RawDocument):
        assert isinstance(extract(items[0], TIMEOUT_S), Article | Failure)
