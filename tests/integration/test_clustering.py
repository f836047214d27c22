"""Near-duplicate clusters on real PostgreSQL: the incremental, fingerprint-level clustering of the loader
(cluster_dirty) against connected components computed from every pair, a changed article leaving its
cluster, and the bounded work for a story syndicated many times."""

from __future__ import annotations

import random
from typing import Any

from warehouse_helpers import rows

from news_etl import dedup
from news_etl.db import query
from news_etl.load import cluster_dirty

MASK = (1 << dedup.BITS) - 1


def insert_articles(cur: Any, hashes: list[int]) -> list[int]:
    """Articles with these fingerprints and no cluster yet (as enrich.backfill_fingerprints sees them)."""
    cur.execute("INSERT INTO sources (name, kind) VALUES ('c.example', 'site') ON CONFLICT DO NOTHING")
    cur.execute("INSERT INTO documents (source_id, locator, sha256, kind, size_bytes, status) "
                "SELECT source_id, 'doc', 'doc', 'text', 0, 'extracted' FROM sources WHERE name = 'c.example' "
                "ON CONFLICT DO NOTHING")
    ids = []
    for value in hashes:
        cur.execute("INSERT INTO articles (url_key, locator, source_id, document_id, text, word_count, content_hash, "
                    "extraction_method, extractor_version, simhash) "
                    "SELECT 'k' || nextval('articles_article_id_seq'), 'l', s.source_id, d.document_id, 't', 1, 'h', "
                    "'test', 'test', %s FROM sources s, documents d WHERE s.name = 'c.example' AND d.locator = 'doc' "
                    "RETURNING article_id", (dedup.to_signed(value),))
        ids.append(cur.fetchone()[0])
    return ids


def cluster(conn: Any, article_ids: list[int], old: dict[int, int] | None = None) -> dict[str, int]:
    """cluster_dirty over these articles, in one transaction; the sizes of its work tables."""
    with conn, conn.cursor() as cur:
        cur.execute(query("create_stage_tables"))
        cur.executemany("INSERT INTO dirty_articles (article_id, old_simhash) VALUES (%s, %s)",
                        [(i, (old or {}).get(i)) for i in article_ids])
        rounds = cluster_dirty(cur)
        cur.execute("SELECT (SELECT count(*) FROM cluster_candidates), (SELECT count(*) FROM dirty_fingerprints)")
        candidates, fingerprints = cur.fetchone()
    return {"rounds": rounds, "candidates": candidates, "dirty_fingerprints": fingerprints}


def stored(conn: Any) -> dict[int, tuple[int, int]]:
    """article_id -> (unsigned simhash, cluster_id)."""
    return {a: (s & MASK, c) for a, s, c in rows(conn, "SELECT article_id, simhash, cluster_id FROM articles")}


def assert_bands_consistent(conn: Any) -> None:
    """fingerprint_bands: every fingerprint in use, BANDS rows each, carrying the one cluster of its articles."""
    assert rows(conn, "SELECT count(*) FROM (SELECT simhash FROM articles GROUP BY simhash "
                      "HAVING count(DISTINCT cluster_id) > 1) s") == [(0,)]
    assert rows(conn, "SELECT count(*) FROM (SELECT DISTINCT a.simhash, a.cluster_id FROM articles a) a "
                      "FULL JOIN (SELECT simhash, min(cluster_id) AS cluster_id, count(*) AS n "
                      "           FROM fingerprint_bands GROUP BY simhash) b USING (simhash) "
                      "WHERE a.cluster_id IS DISTINCT FROM b.cluster_id OR b.n <> %s", (dedup.BANDS,)) == [(0,)]


def components(hashes: dict[int, int]) -> dict[int, int]:
    """article_id -> smallest article_id of its connected component over pairs at most MAX_DISTANCE apart."""
    parent = {a: a for a in hashes}

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    ids = sorted(hashes)
    for i, a in enumerate(ids):
        for b in ids[i + 1:]:
            if dedup.distance(hashes[a], hashes[b]) <= dedup.MAX_DISTANCE:
                ra, rb = find(a), find(b)
                parent[max(ra, rb)] = min(ra, rb)
    return {a: find(a) for a in ids}


def flip(value: int, rnd: random.Random, bits: int) -> int:
    for bit in rnd.sample(range(dedup.BITS), bits):
        value ^= 1 << bit
    return value


def between(a: int, b: int) -> int:
    """A fingerprint halfway between two: at most MAX_DISTANCE from each when they are at most twice that."""
    differing = [bit for bit in range(dedup.BITS) if (a ^ b) >> bit & 1]
    for bit in differing[: len(differing) // 2]:
        a ^= 1 << bit
    return a


def arrivals(rnd: random.Random, n: int) -> list[int]:
    """Fingerprints as a corpus brings them: unrelated ones, exact and edited copies of earlier ones, ones
    just beyond the threshold from an earlier one, and ones between two such, which merge two clusters."""
    out: list[int] = []
    apart: list[tuple[int, int]] = []
    while len(out) < n:
        kind = rnd.random()
        if kind < 0.25 or not out:
            out.append(rnd.getrandbits(dedup.BITS))
        elif kind < 0.4:
            out.append(rnd.choice(out))
        elif kind < 0.7:
            out.append(flip(rnd.choice(out), rnd, rnd.randint(1, dedup.MAX_DISTANCE)))
        elif kind < 0.85 or not apart:
            base = rnd.choice(out)
            out.append(flip(base, rnd, rnd.randint(dedup.MAX_DISTANCE + 1, 2 * dedup.MAX_DISTANCE)))
            apart.append((base, out[-1]))
        else:
            out.append(between(*apart.pop(rnd.randrange(len(apart)))))
    return out


def test_clusters_are_the_connected_components_whatever_the_batches(conn: Any) -> None:
    rnd = random.Random(11)
    hashes = arrivals(rnd, 240)
    before: dict[int, int] = {}
    merged = []
    for start in range(0, len(hashes), 40):  # six batches: later ones join and merge earlier clusters
        with conn, conn.cursor() as cur:
            ids = insert_articles(cur, hashes[start:start + 40])
        cluster(conn, ids)
        state = stored(conn)
        assert {a: c for a, (_, c) in state.items()} == components({a: s for a, (s, _) in state.items()})
        merged.append(len({c for a, (_, c) in state.items() if a in before}) < len(set(before.values())))
        before = {a: c for a, (_, c) in state.items()}
    assert len(set(before.values())) < 200 and any(merged)  # clusters formed, and a batch merged two
    assert_bands_consistent(conn)


def test_a_changed_article_leaves_its_cluster_and_joins_its_new_neighbours(conn: Any) -> None:
    rnd = random.Random(5)
    hashes = arrivals(rnd, 150)
    with conn, conn.cursor() as cur:
        ids = insert_articles(cur, hashes)
    cluster(conn, ids)
    for _ in range(4):
        before = stored(conn)
        changed = rnd.sample(sorted(before), 15)
        new = {a: arrivals(rnd, 1)[0] if rnd.random() < 0.5 else flip(before[rnd.choice(ids)][0], rnd, 2)
               for a in changed}
        with conn, conn.cursor() as cur:
            for a, value in new.items():
                cur.execute("UPDATE articles SET simhash = %s WHERE article_id = %s", (dedup.to_signed(value), a))
        cluster(conn, changed, old={a: dedup.to_signed(before[a][0]) for a in changed})
        state = stored(conn)
        members: dict[int, list[int]] = {}
        for a, (_, c) in state.items():
            members.setdefault(c, []).append(a)
        # each cluster is labelled with its smallest article ...
        assert all(label == min(ids_) for label, ids_ in members.items())
        # ... every near-duplicate pair is in one cluster (components may only be kept together) ...
        expected = components({a: s for a, (s, _) in state.items()})
        assert all(state[a][1] == state[expected[a]][1] for a in state)
        # ... and the bands hold exactly the fingerprints still in use, with their cluster
        assert_bands_consistent(conn)


def test_copies_of_one_story_cost_the_same_however_many_are_stored(conn: Any) -> None:
    story = random.Random(3).getrandbits(dedup.BITS)
    work = []
    for _ in range(4):
        with conn, conn.cursor() as cur:
            ids = insert_articles(cur, [story] * 100)
        work.append(cluster(conn, ids))
    # a batch of 100 copies is one fingerprint, and finds the stored cluster once per band whether 100 or
    # 300 copies are stored
    assert [(w["dirty_fingerprints"], w["candidates"]) for w in work] == [(1, 0)] + [(1, dedup.BANDS)] * 3
    assert rows(conn, "SELECT count(DISTINCT cluster_id), min(article_id) = min(cluster_id) FROM articles") == [
        (1, True)]
    assert_bands_consistent(conn)


def test_a_template_filled_many_times_costs_each_batch_the_same(conn: Any) -> None:
    """Distinct fingerprints all near one another (a story edited everywhere, a generated report): each
    probe bucket holds one cluster, so a batch's candidates do not grow with what is stored."""
    rnd = random.Random(4)
    base = rnd.getrandbits(dedup.BITS)
    work = []
    for _ in range(4):
        with conn, conn.cursor() as cur:
            ids = insert_articles(cur, [flip(base, rnd, rnd.randint(0, 3)) for _ in range(100)])
        work.append(cluster(conn, ids))
    probes = 1 + dedup.BAND_BITS  # per band: as is and each bit flipped
    assert all(w["candidates"] <= w["dirty_fingerprints"] * dedup.BANDS * probes for w in work[1:]), work
    assert rows(conn, "SELECT count(DISTINCT cluster_id) FROM articles") == [(1,)]
    assert_bands_consistent(conn)
