"""PostgreSQL access: which database, connections, forward-only migrations, and named SQL files."""

from __future__ import annotations

import hashlib
import io
import json
import logging
import re
import struct
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

import psycopg2
import psycopg2.extensions
from psycopg2 import sql

from news_etl.config import Settings, settings

log = logging.getLogger(__name__)

_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
_MIGRATION = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")
MIGRATIONS_LOCK = 7_252_001  # pg_advisory_lock key: one migrator at a time per database


def resolve_dsn(cfg: Settings | None = None) -> str:
    """NEWS_DB_URL when set, else the embedded server (started on first use)."""
    cfg = cfg or settings()
    if cfg.db_url:
        return cfg.db_url
    from news_etl.embedded import embedded_dsn

    return embedded_dsn(cfg.embedded_pgdata)


def redact(dsn: str) -> str:
    """The DSN with any password replaced, for logs and output."""
    return re.sub(r"(://[^:/@]+:)[^@]*@", r"\1***@", dsn)


def check_schema_name(schema: str) -> str:
    if not _IDENTIFIER.match(schema):
        raise ValueError(f"schema name {schema!r} must match {_IDENTIFIER.pattern}")
    return schema


def connect(dsn: str | None = None, schema: str | None = None) -> psycopg2.extensions.connection:
    """A psycopg2 connection whose search_path is the warehouse schema (NEWS_DB_SCHEMA, default public)."""
    cfg = settings()
    schema = check_schema_name(schema or cfg.db_schema)
    conn = psycopg2.connect(dsn or resolve_dsn(cfg), application_name="news_etl",
                            options=f"-c search_path={schema}")
    return conn


@contextmanager
def connection(dsn: str | None = None, schema: str | None = None) -> Iterator[psycopg2.extensions.connection]:
    conn = connect(dsn, schema)
    try:
        yield conn
    finally:
        conn.close()


@cache
def query(name: str, sql_dir: str | None = None) -> str:
    """The text of sql/queries/<name>.sql: SQL lives in files, not in f-strings."""
    base = Path(sql_dir) if sql_dir else settings().sql_dir
    return (base / "queries" / f"{name}.sql").read_text(encoding="utf-8")


def drop_schema(dsn: str, schema: str) -> None:
    """Drop a schema and everything in it (tests and benchmarks clean up their private schemas)."""
    admin = psycopg2.connect(dsn)
    try:
        admin.autocommit = True
        with admin.cursor() as cur:
            cur.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(check_schema_name(schema))))
    finally:
        admin.close()


def current_schema(conn: psycopg2.extensions.connection) -> str:
    with conn.cursor() as cur:
        cur.execute("SELECT current_setting('search_path')")
        row = cur.fetchone()
    assert row is not None
    return check_schema_name(str(row[0]).split(",")[0].strip().strip('"'))


def migrations(sql_dir: Path) -> list[tuple[str, Path]]:
    found = []
    for path in sorted((sql_dir / "migrations").glob("*.sql")):
        match = _MIGRATION.match(path.name)
        if not match:
            raise ValueError(f"migration {path.name} is not named NNNN_verb_noun.sql")
        found.append((match.group(1), path))
    return found


def migrate(conn: psycopg2.extensions.connection, sql_dir: Path | None = None) -> list[str]:
    """Apply the migrations not yet recorded in schema_migrations, each in its own transaction.

    Forward-only: an applied migration whose file has since changed is an error, never re-run.
    Returns the file names applied now (empty when the schema is current).
    """
    sql_dir = sql_dir or settings().sql_dir
    schema = current_schema(conn)
    applied_now: list[str] = []
    conn.rollback()
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("SELECT pg_advisory_lock(%s)", (MIGRATIONS_LOCK,))
    try:
        conn.autocommit = False
        with conn, conn.cursor() as cur:
            cur.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema)))
            cur.execute(query("create_schema_migrations", str(sql_dir)))
            cur.execute("SELECT version, checksum FROM schema_migrations")
            done = dict(cur.fetchall())
        for version, path in migrations(sql_dir):
            body = path.read_text(encoding="utf-8")
            checksum = hashlib.sha256(body.encode("utf-8")).hexdigest()
            if version in done:
                if done[version] != checksum:
                    raise RuntimeError(
                        f"migration {path.name} changed after it was applied; add a new migration instead")
                continue
            with conn, conn.cursor() as cur:
                cur.execute(body)
                cur.execute("INSERT INTO schema_migrations (version, name, checksum) VALUES (%s, %s, %s)",
                            (version, path.name, checksum))
            log.info("applied migration %s", path.name)
            applied_now.append(path.name)
    finally:
        conn.rollback()
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute("SELECT pg_advisory_unlock(%s)", (MIGRATIONS_LOCK,))
        conn.autocommit = False
    return applied_now


def pg_array(values: Iterable[str]) -> str:
    """A text[] literal for COPY: every element quoted, backslashes and quotes escaped."""
    items = (v.replace("\x00", "").replace("\\", "\\\\").replace('"', '\\"') for v in values)
    return "{" + ",".join(f'"{v}"' for v in items) + "}"


def _csv_field(value: Any) -> str:
    if value is None:
        return ""  # unquoted empty: NULL in COPY's csv format
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return "\\x" + bytes(value).hex()
    if isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False, sort_keys=True)
    text = str(value).replace("\x00", "")  # PostgreSQL text cannot hold NUL
    return '"' + text.replace('"', '""') + '"'


def copy_rows(cur: psycopg2.extensions.cursor, table: str, columns: Sequence[str],
              rows: Iterable[Sequence[Any]]) -> int:
    """COPY rows into a (staging) table in one round trip; values are data, never SQL."""
    buf = io.StringIO()
    count = 0
    for row in rows:
        buf.write(",".join(_csv_field(v) for v in row))
        buf.write("\n")
        count += 1
    if count:
        buf.seek(0)
        statement = sql.SQL("COPY {} ({}) FROM STDIN WITH (FORMAT csv)").format(
            sql.Identifier(table), sql.SQL(", ").join(sql.Identifier(c) for c in columns))
        cur.copy_expert(statement.as_string(cur), buf)
    return count


# COPY's binary format: a signature, flags and header extension length, then per row a 16-bit field count
# and each field as a 32-bit length (-1 for NULL) and the type's binary send format; a -1 count ends it.
_BINARY_HEADER = b"PGCOPY\n\xff\r\n\x00" + struct.pack("!ii", 0, 0)
_INT_FORMATS = {20: "!iq", 23: "!ii", 21: "!ih"}  # int8, int4, int2: length then value
_TEXT_TYPES = {25, 1043}  # text, varchar


def _binary_field(value: Any, type_oid: int) -> bytes:
    if value is None:
        return b"\xff\xff\xff\xff"
    if type_oid == 17:  # bytea: the bytes as they are, half the size of the hex text csv needs
        data = bytes(value)
    elif type_oid in _TEXT_TYPES:
        data = str(value).replace("\x00", "").encode("utf-8")  # PostgreSQL text cannot hold NUL
    elif type_oid in _INT_FORMATS:
        fmt = _INT_FORMATS[type_oid]
        return struct.pack(fmt, struct.calcsize(fmt) - 4, value)
    elif type_oid == 16:
        return struct.pack("!i?", 1, bool(value))
    else:
        raise TypeError(f"copy_binary does not encode type oid {type_oid}; use copy_rows")
    return struct.pack("!i", len(data)) + data


def copy_binary(cur: psycopg2.extensions.cursor, table: str, columns: Sequence[str],
                rows: Iterable[Sequence[Any]]) -> int:
    """COPY rows in PostgreSQL's binary format: for tables with bytea columns (raw documents), whose csv
    form is hex text twice the size that the server has to parse back. Columns may be text, varchar, bytea,
    bigint, integer, smallint or boolean (their types are read from the catalog: binary COPY does not cast)."""
    cur.execute("SELECT attname, atttypid FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0 "
                "AND NOT attisdropped", (table,))
    types = dict(cur.fetchall())
    oids = [int(types[c]) for c in columns]
    buf = io.BytesIO()
    buf.write(_BINARY_HEADER)
    row_head = struct.pack("!h", len(columns))
    count = 0
    for row in rows:
        buf.write(row_head)
        for value, oid in zip(row, oids, strict=True):
            buf.write(_binary_field(value, oid))
        count += 1
    if count:
        buf.write(b"\xff\xff")
        buf.seek(0)
        statement = sql.SQL("COPY {} ({}) FROM STDIN WITH (FORMAT binary)").format(
            sql.Identifier(table), sql.SQL(", ").join(sql.Identifier(c) for c in columns))
        cur.copy_expert(statement.as_string(cur), buf)
    return count
