-- The cluster graph of the articles in dirty_articles (prepare_dirty_articles), built per distinct
-- fingerprint in narrow temp tables; merge_clusters labels it and write_cluster_labels writes the labels
-- that change (articles rows are wide: text, search vector, GIN index; a new article without
-- near-duplicates, inserted as its own cluster, is not written again).

-- Each group (fingerprints of the batch connected among themselves, dedup.components) is a node named by
-- its smallest dirty article.
UPDATE dirty_fingerprints f SET node = g.node
FROM (SELECT f.grp, min(d.article_id) AS node
      FROM dirty_fingerprints f JOIN dirty_articles d ON d.simhash = f.simhash
      GROUP BY f.grp) g
WHERE f.grp = g.grp;
ANALYZE dirty_fingerprints;

-- The stored clusters in each fingerprint's probe buckets (each band as is and with any one bit flipped:
-- dedup.probes), one row per bucket and cluster. The distinct clusters of a bucket are walked on
-- fingerprint_bands_cluster_idx, one index probe each (the next cluster_id), never fingerprint by
-- fingerprint: a bucket holding thousands of copies of one story costs two probes.
INSERT INTO cluster_candidates (simhash, band, value, cluster_id)
WITH RECURSIVE probes AS (
    SELECT f.simhash, g.band::smallint AS band,
           ((((f.simhash >> (g.band * %(band_bits)s)) & ((1 << %(band_bits)s) - 1))::integer) # p.flip) AS value
    FROM dirty_fingerprints f
    CROSS JOIN generate_series(0, %(bands)s - 1) AS g (band)
    CROSS JOIN (SELECT 0 AS flip UNION ALL SELECT 1 << bit FROM generate_series(0, %(band_bits)s - 1) AS bit) p
), walk (simhash, band, value, cluster_id) AS (
    SELECT p.simhash, p.band, p.value,
           (SELECT min(b.cluster_id) FROM fingerprint_bands b WHERE b.band = p.band AND b.value = p.value)
    FROM probes p
    UNION ALL
    SELECT w.simhash, w.band, w.value,
           (SELECT min(b.cluster_id) FROM fingerprint_bands b
            WHERE b.band = w.band AND b.value = w.value AND b.cluster_id > w.cluster_id)
    FROM walk w
    WHERE w.cluster_id IS NOT NULL
)
SELECT simhash, band, value, cluster_id FROM walk WHERE cluster_id IS NOT NULL;
ANALYZE cluster_candidates;

-- A fingerprint joins a stored cluster when one of the cluster's fingerprints in one of its buckets is
-- within max_distance bits (every such pair shares a bucket: dedup.probes): an index scan per bucket that
-- stops at the first one.
INSERT INTO cluster_edges (a, b)
SELECT DISTINCT f.node, k.cluster_id
FROM (SELECT DISTINCT simhash, cluster_id FROM cluster_candidates) k
JOIN dirty_fingerprints f ON f.simhash = k.simhash
WHERE EXISTS (
    SELECT 1
    FROM cluster_candidates c
    JOIN fingerprint_bands b ON b.band = c.band AND b.value = c.value AND b.cluster_id = c.cluster_id
    WHERE c.simhash = k.simhash AND c.cluster_id = k.cluster_id
      AND bit_count((b.simhash # k.simhash)::bit(64)) <= %(max_distance)s);

INSERT INTO cluster_edges (a, b)
SELECT b, a FROM cluster_edges;

INSERT INTO cluster_nodes (node, label)
SELECT node, node FROM dirty_fingerprints
UNION
SELECT b, b FROM cluster_edges;
ANALYZE cluster_edges;
ANALYZE cluster_nodes;
