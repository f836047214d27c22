"""After the load: named entities, fingerprints missing from older rows, and the analytics views."""

from __future__ import annotations

import logging
import time
from typing import Any

from psycopg2.extensions import connection as Connection

from news_etl import dedup
from news_etl.db import copy_rows, query
from news_etl.entities import extract_entities, load_model, model_name, status_for
from news_etl.load import cluster_dirty, lock_merges

log = logging.getLogger(__name__)


def enrich_entities(conn: Connection, chunk: int = 200, limit: int | None = None) -> dict[str, Any]:
    """Entities for every article whose entities_status is 'pending', `chunk` articles per transaction.

    Articles whose language has no installed model get a status saying so ('no_model', 'no_language',
    'extra_not_installed') and no entities. Returns counts per status and seconds per modelled article.
    """
    statuses: dict[str, int] = {}
    modelled, model_seconds, done = 0, 0.0, 0
    while limit is None or done < limit:
        size = chunk if limit is None else min(chunk, limit - done)
        with conn, conn.cursor() as cur:
            cur.execute(query("select_pending_entities"), {"limit": size})
            rows = cur.fetchall()
            if not rows:
                break
            stage_entities: list[tuple[int, str, str, str, int]] = []
            stage_status: list[tuple[int, str, str]] = []
            for article_id, language, text, content_hash in rows:
                status = status_for(language)
                if status is None:
                    load_model(str(model_name(language)))  # once per process, outside the timing
                    started = time.perf_counter()
                    found = extract_entities(text, language)
                    model_seconds += time.perf_counter() - started
                    modelled += 1
                    stage_entities.extend((article_id, e.name, e.label, e.key, e.mentions) for e in found)
                    status = "done"
                stage_status.append((article_id, content_hash, status))
                statuses[status] = statuses.get(status, 0) + 1
            cur.execute(query("create_enrich_stage_tables"))
            copy_rows(cur, "stage_entities", ("article_id", "name", "label", "entity_key", "mentions"),
                      stage_entities)
            copy_rows(cur, "stage_entity_status", ("article_id", "content_hash", "status"), stage_status)
            cur.execute(query("merge_entities"))
        done += len(rows)
    per_article_ms = round(1000 * model_seconds / modelled, 1) if modelled else 0.0
    log.info("entities: %s; %d articles through spaCy at %.1f ms each", statuses, modelled, per_article_ms)
    return {"articles": done, "statuses": statuses, "modelled": modelled, "ms_per_modelled_article": per_article_ms}


def backfill_fingerprints(conn: Connection, chunk: int = 1000) -> int:
    """SimHash (and clusters) for articles stored before fingerprints existed; the loader sets them for
    every article it writes. Returns how many were filled."""
    filled = 0
    while True:
        with conn, conn.cursor() as cur:
            cur.execute(query("select_missing_fingerprints"), {"limit": chunk})
            rows = cur.fetchall()
            if not rows:
                break
            lock_merges(cur)
            cur.execute(query("create_stage_tables"))
            cur.execute(query("create_enrich_stage_tables"))
            copy_rows(cur, "stage_fingerprints", ("article_id", "simhash"),
                      ((article_id, dedup.simhash(text)) for article_id, text in rows))
            cur.execute(query("update_fingerprints"))
            cluster_dirty(cur)
        filled += len(rows)
    if filled:
        log.info("fingerprinted %d older articles", filled)
    return filled


def refresh_views(conn: Connection) -> float:
    """Refresh the materialized analytics views; returns the seconds it took."""
    started = time.perf_counter()
    with conn, conn.cursor() as cur:
        cur.execute(query("refresh_analytics_views"))
    seconds = round(time.perf_counter() - started, 3)
    log.info("refreshed the analytics views in %.3f s", seconds)
    return seconds


def enrich(conn: Connection) -> dict[str, Any]:
    """Everything after a load, in order: fingerprints, entities, views."""
    fingerprinted = backfill_fingerprints(conn)
    entities = enrich_entities(conn)
    seconds = refresh_views(conn)
    return {"fingerprinted": fingerprinted, "entities": entities, "refresh_seconds": seconds}
