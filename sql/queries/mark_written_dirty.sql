-- Articles whose near-duplicate cluster is recomputed: those written with a new or changed fingerprint,
-- and every member of the clusters they were in (a changed text may leave its cluster). They start as
-- singletons and merge_clusters joins them back along near_pairs.
INSERT INTO dirty_articles (article_id)
SELECT w.article_id
FROM written_articles w JOIN stage_incoming i USING (url_key)
WHERE i.old_simhash IS DISTINCT FROM i.simhash OR i.old_cluster_id IS NULL
ON CONFLICT DO NOTHING;

INSERT INTO dirty_articles (article_id)
SELECT a.article_id
FROM articles a
WHERE a.cluster_id IN (SELECT i.old_cluster_id
                       FROM stage_incoming i JOIN written_articles w USING (url_key)
                       JOIN dirty_articles d ON d.article_id = w.article_id)
ON CONFLICT DO NOTHING;
