"""The embedded PostgreSQL (the `pgserver` package) used when no NEWS_DB_URL is configured."""

from __future__ import annotations

import logging
from pathlib import Path

log = logging.getLogger(__name__)
# pgserver logs every handle it opens and closes at INFO, some of it from atexit hooks after logging
# has shut down; its warnings and errors still show.
logging.getLogger("pgserver").setLevel(logging.WARNING)

WAREHOUSE_DB = "news"


def embedded_dsn(pgdata: Path, database: str = WAREHOUSE_DB) -> str:
    """Start (or reuse) the server whose data lives in `pgdata` and return a DSN for `database`.

    The server is left running when this process exits (cleanup_mode=None) so that the CLI, the DAG's task
    processes and the tests all share one server and its data across runs; `news-etl db-stop` stops it.
    """
    # heavy import (psutil, platformdirs): only when the embedded server is wanted
    from pgserver.postgres_server import get_server

    pgdata.parent.mkdir(parents=True, exist_ok=True)
    server = get_server(pgdata, cleanup_mode=None)
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{database}';")
    if "(1 row)" not in exists:
        log.info("creating database %s in the embedded server at %s", database, pgdata)
        # database names here are our constants, never user input
        server.psql(f'CREATE DATABASE "{database}";')
    return str(server.get_uri(database))


def stop_embedded(pgdata: Path) -> bool:
    """Stop the embedded server if it runs; True when one was stopped."""
    if not (pgdata / "postmaster.pid").exists():
        return False
    from pgserver.postgres_server import get_server

    server = get_server(pgdata, cleanup_mode="stop")
    server.cleanup()
    return True
