"""What landed in the warehouse, as plain text for the terminal (the demo and `news-etl report`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import psycopg2.extensions

from news_etl.db import query


def _table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    cells = [[("" if v is None else str(v)) for v in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    out = [line, "  ".join("-" * w for w in widths)]
    out += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)) for r in cells]
    return "\n".join(out)


def render_report(conn: psycopg2.extensions.connection) -> str:
    parts: list[str] = []
    with conn.cursor() as cur:
        cur.execute(query("report_last_run"))
        last = cur.fetchone()
        if last:
            run_id, command, status, _started, took, counts = last
            parts.append(f"Last run: #{run_id} ({command}) {status} in {took}: " + ", ".join(
                f"{k} {v}" for k, v in sorted(counts.items())))
        cur.execute(query("report_table_counts"))
        parts.append("Rows per table\n" + _table(("table", "rows"), cur.fetchall()))
        cur.execute(query("report_articles_by_source_language"))
        parts.append("Articles per source and language\n" + _table(("source", "language", "articles"),
                                                                   cur.fetchall()))
        cur.execute(query("report_open_failures"))
        failures = cur.fetchall()
        parts.append(f"Failures ({len(failures)})\n" + (_table(("input", "stage", "error", "reason"), failures)
                                                         if failures else "none"))
        cur.execute(query("report_sample_article"))
        row = cur.fetchone()
        names = [d[0] for d in cur.description] if cur.description else []
    conn.rollback()
    if row:
        width = max(len(n) for n in names)
        parts.append("Sample article\n" + "\n".join(f"{n.ljust(width)}  {v}" for n, v in zip(names, row, strict=True)))
    return "\n\n".join(parts)
