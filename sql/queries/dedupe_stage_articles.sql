-- One incoming article per url_key: the smallest locator wins, in the batch and across runs (see
-- upsert_articles), so the result does not depend on batch order. The stored row's fingerprint and cluster
-- are kept to tell which articles need their near-duplicate cluster recomputed.
INSERT INTO stage_incoming
SELECT DISTINCT ON (a.url_key) a.*, s.source_id, d.document_id, t.simhash, t.cluster_id
FROM stage_articles a
JOIN sources s ON s.name = a.source_name
JOIN documents d ON d.locator = a.locator AND d.sha256 = a.document_sha256
LEFT JOIN articles t ON t.url_key = a.url_key
ORDER BY a.url_key, a.locator;
