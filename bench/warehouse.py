"""Warehouse benchmark: loading a batch, near-duplicate clustering and search on a warehouse of N articles.

    python bench/warehouse.py --articles 100000

Fills a fresh schema with N synthetic articles (random words from a 5,000-word vocabulary, random SimHash
fingerprints and their bands, written by SQL so filling is fast), then times, on top of it: `load_batch`
of 250 new articles (10 of them copies of stored ones, so clusters merge), `search_articles` for a
two-word query with and without a language, entity extraction per French article, and refreshing the
materialized views. Prints the figures; nothing is asserted.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "plugins"))

from news_etl import dedup
from news_etl.db import connection, migrate
from news_etl.enrich import enrich_entities, refresh_views
from news_etl.load import load_batch
from news_etl.metadata import content_hash, word_count
from news_etl.pipeline import start_run
from news_etl.records import Article, RawDocument

FILL = """
INSERT INTO sources (name, kind) VALUES ('bench.example', 'site');
INSERT INTO documents (source_id, locator, sha256, kind, size_bytes, status)
SELECT 1, 'bench', 'bench', 'text', 0, 'extracted';
INSERT INTO articles (url_key, locator, source_id, document_id, title, language, text, word_count, content_hash,
                      extraction_method, extractor_version, simhash, published_at, entities_status)
SELECT 'https://bench.example/' || i, 'bench-' || i, 1, 1, 'Story ' || i, (ARRAY['en', 'fr', 'de'])[1 + i %% 3],
       t.text, 200, md5(t.text), 'bench', 'bench',
       (floor(random() * 18446744073709551616) - 9223372036854775808)::bigint,
       timestamptz '2024-01-01' + (i %% 365) * interval '1 day', 'no_model'
FROM generate_series(1, %(n)s) AS i
CROSS JOIN LATERAL (
    SELECT string_agg('w' || (floor(random() * 5000))::int || chr(97 + w %% 26), ' ') AS text
    FROM generate_series(1, 200) AS w WHERE i IS NOT NULL) t;
UPDATE articles SET cluster_id = article_id;
INSERT INTO fingerprint_bands (band, value, simhash, cluster_id)
SELECT band, ((simhash >> (band * %(band_bits)s)) & ((1 << %(band_bits)s) - 1))::integer, simhash, min(cluster_id)
FROM articles CROSS JOIN generate_series(0, %(bands)s - 1) AS band
GROUP BY band, simhash;
ANALYZE;
"""


def words(rnd: random.Random, n: int) -> str:
    return " ".join(f"w{rnd.randrange(5000)}{chr(97 + rnd.randrange(26))}" for _ in range(n))


def batch(rnd: random.Random, round_no: int, stored: list[str]) -> tuple[list[RawDocument], list[Article]]:
    docs, arts = [], []
    for i in range(250):
        text = stored[i] + " Copyright wire." if i < len(stored) else words(rnd, 200)
        url = f"https://new.example/{round_no}/{i}"
        raw = RawDocument(url, "text", text.encode(), "new.example", url=url)
        docs.append(raw)
        arts.append(Article(url, "new.example", raw.sha256, url, url, f"New {i}", False, (), None, "en", None,
                            None, None, text, word_count(text), content_hash(text), "bench"))
    return docs, arts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    rnd = random.Random(7)
    with connection(schema=schema) as conn:
        try:
            migrate(conn)
            started = time.perf_counter()
            with conn, conn.cursor() as cur:
                cur.execute(FILL, {"n": args.articles, "bands": dedup.BANDS, "band_bits": dedup.BAND_BITS})
            print(f"filled {args.articles:,} articles in {time.perf_counter() - started:.1f} s")
            with conn.cursor() as cur:
                cur.execute("SELECT text FROM articles ORDER BY article_id LIMIT 10")
                stored = [r[0] for r in cur.fetchall()]
            conn.rollback()
            timings = []
            for round_no in range(args.rounds):
                docs, arts = batch(rnd, round_no, stored)
                run_id = start_run(conn, "bench", {})
                started = time.perf_counter()
                with conn, conn.cursor() as cur:
                    load_batch(cur, run_id, docs, arts, [], "bench")
                timings.append(time.perf_counter() - started)
            print(f"load_batch of 250 articles (with fingerprints, bands, clusters, URLs, versions): "
                  f"median {statistics.median(timings):.3f} s, max {max(timings):.3f} s over {args.rounds}")
            with conn.cursor() as cur:
                cur.execute("SELECT count(*), max(articles) FROM duplicate_clusters")
                clusters, largest = cur.fetchone()
                print(f"clusters with copies: {clusters}, largest {largest}")
                for query, lang in (("w17a", None), ("w17a", "en"), ("w17a w42b", None)):
                    started = time.perf_counter()
                    cur.execute("SELECT count(*) FROM search_articles(%s, %s)", (query, lang))
                    hits = cur.fetchone()[0]
                    print(f"search_articles({query!r}, {lang!r}): {hits} hits in "
                          f"{1000 * (time.perf_counter() - started):.1f} ms")
            conn.rollback()
            print(f"refresh of the materialized views: {refresh_views(conn):.2f} s")
            with conn, conn.cursor() as cur:
                cur.execute("UPDATE articles SET entities_status = 'pending', language = 'fr', text = %s "
                            "WHERE article_id <= 50",
                            ("Emmanuel Macron a rencontré Olaf Scholz à Berlin. " * 20,))
            result = enrich_entities(conn)
            print(f"entities: {result['modelled']} French articles at {result['ms_per_modelled_article']} ms each "
                  "(model load excluded)")
        finally:
            conn.rollback()
            with conn.cursor() as cur:
                cur.execute(f'DROP SCHEMA "{schema}" CASCADE')  # generated above
            conn.commit()


if __name__ == "__main__":
    main()
