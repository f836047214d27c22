-- The articles in dirty_articles start as singletons; their bands are rewritten and their near-duplicate
-- pairs found (merge_clusters then joins the clusters).
UPDATE articles a SET cluster_id = a.article_id
FROM dirty_articles d
WHERE a.article_id = d.article_id AND a.cluster_id IS DISTINCT FROM a.article_id;

-- Bands of the rewritten fingerprints: BANDS slices of BAND_BITS bits, lowest first (news_etl.dedup.bands).
DELETE FROM article_fingerprint_bands b
USING dirty_articles d
WHERE b.article_id = d.article_id;

INSERT INTO article_fingerprint_bands (band, value, article_id)
SELECT band, ((a.simhash >> (band * %(band_bits)s)) & ((1 << %(band_bits)s) - 1))::integer, a.article_id
FROM dirty_articles d
JOIN articles a ON a.article_id = d.article_id
CROSS JOIN generate_series(0, %(bands)s - 1) AS band
WHERE a.simhash IS NOT NULL
ORDER BY 1, 2, 3;

-- Candidates have a band equal to one of ours or one bit away from it (news_etl.dedup.probes): index
-- lookups on (band, value); only they get a Hamming distance. One pair per dirty article and neighbouring
-- cluster is enough to merge the clusters (a cluster relabels as a whole), so a story syndicated
-- thousands of times adds one pair, not thousands.
INSERT INTO near_pairs (a, b)
SELECT DISTINCT ON (d.article_id, oa.cluster_id) d.article_id, oa.article_id
FROM dirty_articles d
JOIN article_fingerprint_bands db ON db.article_id = d.article_id
CROSS JOIN LATERAL (SELECT 0 AS flip UNION ALL
                    SELECT 1 << bit FROM generate_series(0, %(band_bits)s - 1) AS bit) p
JOIN article_fingerprint_bands ob ON ob.band = db.band AND ob.value = (db.value # p.flip)
                                 AND ob.article_id <> d.article_id
JOIN articles da ON da.article_id = d.article_id
JOIN articles oa ON oa.article_id = ob.article_id
WHERE bit_count((da.simhash # oa.simhash)::bit(64)) <= %(max_distance)s
ORDER BY d.article_id, oa.cluster_id, oa.article_id;
ANALYZE near_pairs;
