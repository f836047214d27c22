-- Articles whose near-duplicate cluster is recomputed: those written with a new or changed fingerprint.
-- A changed article leaves its old cluster (cluster_dirty_articles), which keeps its other members: they
-- are not re-clustered, so one changed copy of a story syndicated thousands of times costs the work of
-- one article, not of the whole cluster.
INSERT INTO dirty_articles (article_id, old_simhash)
SELECT w.article_id, i.old_simhash
FROM written_articles w JOIN stage_incoming i USING (url_key)
WHERE i.old_simhash IS DISTINCT FROM i.simhash OR i.old_cluster_id IS NULL
ON CONFLICT DO NOTHING;
