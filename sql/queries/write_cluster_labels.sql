-- The clusters found by cluster_dirty_articles and merge_clusters, written where a label changes: the
-- members of a stored cluster joined to a smaller label (through the cluster_id index), each dirty article
-- (its group's label; its own id without a fingerprint), and the clusters of the fingerprints' bands.
UPDATE articles a SET cluster_id = n.label
FROM cluster_nodes n
WHERE a.cluster_id = n.node AND n.label < n.node
  AND NOT EXISTS (SELECT 1 FROM dirty_articles d WHERE d.article_id = a.article_id);

UPDATE articles a SET cluster_id = coalesce(n.label, d.article_id)
FROM dirty_articles d
LEFT JOIN dirty_fingerprints f ON f.simhash = d.simhash
LEFT JOIN cluster_nodes n ON n.node = f.node
WHERE a.article_id = d.article_id AND a.cluster_id IS DISTINCT FROM coalesce(n.label, d.article_id);

UPDATE fingerprint_bands b SET cluster_id = n.label
FROM cluster_nodes n
WHERE b.cluster_id = n.node AND n.label < n.node;

INSERT INTO fingerprint_bands (band, value, simhash, cluster_id)
SELECT g.band, ((f.simhash >> (g.band * %(band_bits)s)) & ((1 << %(band_bits)s) - 1))::integer, f.simhash,
       n.label
FROM dirty_fingerprints f
JOIN cluster_nodes n ON n.node = f.node
CROSS JOIN generate_series(0, %(bands)s - 1) AS g (band)
ORDER BY 1, 2, 3
ON CONFLICT (band, value, simhash) DO UPDATE SET cluster_id = EXCLUDED.cluster_id
WHERE fingerprint_bands.cluster_id <> EXCLUDED.cluster_id;
