"""Guarantee 6: SQL and shell metacharacters in content and file names load verbatim (NUL aside: PostgreSQL
text cannot hold it, so it is stripped), and no SQL in the package is built from values."""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

from reliability_support import ROOT, cli_env, run_cli

from news_etl.extract import extract, extractor_version
from news_etl.load import load_batch
from news_etl.pipeline import start_run
from news_etl.records import Article, RawDocument
from news_etl.sources import read_input

HOSTILE = [
    "'; DROP TABLE articles; --",
    "Robert'); DELETE FROM sources WHERE ('1'='1",
    "$(rm -rf /tmp/news-etl-pwned)",
    "`touch /tmp/news-etl-pwned`",
    "\\'\\\" \\\\ back\\slashes \\N \\x41",
    "%(run_id)s %s {0} {{}} $1 :name ?",
    'quotes " \' “ ” « » ‘ ’',
    "unicode ✓ 東京 Ελλάδα עברית \u200f \ufeff 🙂",
    "E'\\x00' COPY stdin; \\. end-of-copy",
]
PWNED = Path("/tmp/news-etl-pwned")


def _record(i: int, value: str) -> dict[str, Any]:
    body = (f"Paragraph one tells the story of {value} at the council meeting on Monday evening, where the "
            f"vote was close. Paragraph two quotes {value} again and adds detail about the budget.")
    return {"url": f"https://hostile.example.org/{i}/{value}?q={value}", "title": f"Title {i} {value}",
            "authors": [f"Auteur{i}{value.replace(',', '').replace(';', '').replace('&', '')}"],
            "text": body, "description": value}


def test_hostile_values_and_file_names_round_trip_verbatim(dsn: str, schema: str, conn: Any, tmp_path: Path) -> None:
    PWNED.unlink(missing_ok=True)
    folder = tmp_path / "in; DROP TABLE failures; -- $(id)"
    folder.mkdir()
    records = [_record(i, v) for i, v in enumerate(HOSTILE)]
    records.append({**_record(99, "nul"), "title": "Title with\x00NUL", "text": records[0]["text"] + " \x00end"})
    (folder / "export.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    (folder / "it's `a` $(b) \"c\" \\d.txt").write_text(
        "A story whose file name is hostile, about the harbour and the new quay built this year.", encoding="utf-8")
    done = run_cli(["ingest", str(folder)], cli_env(dsn, schema))
    assert done.returncode == 0, done.stderr[-2000:]
    assert not PWNED.exists()

    with conn.cursor() as cur:
        cur.execute("SELECT url, title, description FROM articles WHERE url LIKE 'https://hostile.example.org/%' "
                    "ORDER BY title")
        rows = {r[1]: r for r in cur.fetchall()}
        cur.execute("SELECT au.name FROM authors au")
        authors = {r[0] for r in cur.fetchall()}
        cur.execute("SELECT locator FROM documents WHERE kind = 'text'")
        locators = [r[0] for r in cur.fetchall()]
        cur.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = %s", (schema,))
        tables = cur.fetchone()[0]
    for i, value in enumerate(HOSTILE):
        url, _title, description = rows[f"Title {i} {value.strip()}".strip()]
        assert url == f"https://hostile.example.org/{i}/{value}?q={value}"
        assert description == value.strip()
    assert "Title with\x00NUL".replace("\x00", "") in rows  # NUL stripped, the rest verbatim
    # bylines are normalized by extraction (split on separators, implausible names dropped); whatever it
    # keeps is stored exactly as extracted
    extracted = {name for item in read_input(str(folder / "export.jsonl"), "files:x", 10**7)
                 if isinstance(item, RawDocument) for name in getattr(extract(item), "authors", ())}
    assert extracted <= authors
    assert locators == [str(folder / "it's `a` $(b) \"c\" \\d.txt")]
    assert tables >= 10  # nothing was dropped


def _execute_calls(tree: ast.AST) -> list[ast.Call]:
    return [n for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
            and n.func.attr in ("execute", "executemany", "copy_expert", "mogrify")]


def _built_from_values(arg: ast.expr) -> bool:
    """A statement made by f-string, % or + or str.format: the ways a value gets spliced into SQL."""
    if isinstance(arg, ast.JoinedStr):
        return any(isinstance(v, ast.FormattedValue) for v in arg.values)
    if isinstance(arg, ast.BinOp) and isinstance(arg.op, ast.Mod | ast.Add):
        return True
    return (isinstance(arg, ast.Call) and isinstance(arg.func, ast.Attribute) and arg.func.attr == "format"
            and isinstance(arg.func.value, ast.Constant))


def test_no_sql_statement_in_the_package_is_built_from_values() -> None:
    offenders, statements = [], 0
    for path in sorted((ROOT / "plugins" / "news_etl").glob("*.py")):
        for call in _execute_calls(ast.parse(path.read_text(encoding="utf-8"))):
            statements += 1
            if call.args and _built_from_values(call.args[0]):
                offenders.append(f"{path.name}:{call.lineno}")
    assert statements >= 20  # the scan sees the package's statements
    assert offenders == []


def test_the_scan_catches_a_spliced_statement() -> None:
    tree = ast.parse("cur.execute(f\"SELECT * FROM t WHERE x = '{v}'\")\ncur.execute('SELECT %s' % v)\n"
                     "cur.execute(query('x'), {'v': v})")
    assert [_built_from_values(c.args[0]) for c in _execute_calls(tree)] == [True, True, False]


def test_the_loader_stores_hostile_values_of_every_field_verbatim(conn: Any) -> None:
    """Past extraction's normalizing: every text field the loader writes, straight from an Article."""
    docs, articles = [], []
    for i, value in enumerate(HOSTILE):
        raw = RawDocument(f"/in/{value}/{i}.txt", "text", f"{i} {value}".encode(), f"files:{value}")
        docs.append(raw)
        articles.append(Article(
            locator=raw.locator, source_name=raw.source_name, document_sha256=raw.sha256,
            url=f"https://h.example/{i}?{value}", url_key=f"https://h.example/{i}?{value}", title=value,
            title_derived=False, authors=(f"A{i} {value}",), published_at=None, language="en", site_name=value,
            description=value, dateline=value, text=f"{value}\n\n{value}", word_count=2, content_hash=f"h{i}",
            extraction_method="plain_text", provenance={"title": value}, tags=(value, "x"), keywords=(value,)))
    run_id = start_run(conn, "injection", {})
    with conn, conn.cursor() as cur:
        load_batch(cur, run_id, docs, articles, [], extractor_version())
    with conn.cursor() as cur:
        cur.execute("SELECT a.locator, a.url, a.title, a.site_name, a.description, a.dateline, a.text, "
                    "a.provenance ->> 'title', s.name, d.content FROM articles a JOIN sources s USING (source_id) "
                    "JOIN documents d USING (document_id) ORDER BY a.locator")
        rows = {r[0]: (*r[:-1], bytes(r[-1])) for r in cur.fetchall()}
        cur.execute("SELECT name FROM authors")
        authors = {r[0] for r in cur.fetchall()}
    conn.rollback()
    for i, value in enumerate(HOSTILE):
        raw = docs[i]
        assert rows[raw.locator][1:] == (f"https://h.example/{i}?{value}", value, value, value, value,
                                         f"{value}\n\n{value}", value, raw.source_name, raw.content)
        assert f"A{i} {value}" in authors
