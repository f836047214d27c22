-- Before the articles in dirty_articles (new or changed fingerprints) are clustered: their fingerprint and
-- current cluster; the clusters they leave; no more bands for a fingerprint no article has any longer.
-- Returns their distinct fingerprints, which cluster_dirty groups among themselves (news_etl.dedup).
UPDATE dirty_articles d SET simhash = a.simhash, cluster_id = a.cluster_id
FROM articles a
WHERE a.article_id = d.article_id;
ANALYZE dirty_articles;

-- A dirty article leaves its old cluster, whose other members stay together without being re-clustered
-- (one changed copy of a story syndicated thousands of times costs the work of one article). Where it was
-- the cluster's label (its smallest article_id), its members and their fingerprints take the smallest
-- id among them.
WITH relabelled AS (
    SELECT a.cluster_id AS old_label, min(a.article_id) AS new_label
    FROM articles a
    WHERE a.cluster_id IN (SELECT article_id FROM dirty_articles)
      AND NOT EXISTS (SELECT 1 FROM dirty_articles d WHERE d.article_id = a.article_id)
    GROUP BY a.cluster_id
), members AS (
    UPDATE articles a SET cluster_id = r.new_label
    FROM relabelled r
    WHERE a.cluster_id = r.old_label
      AND NOT EXISTS (SELECT 1 FROM dirty_articles d WHERE d.article_id = a.article_id)
)
UPDATE fingerprint_bands b SET cluster_id = r.new_label
FROM relabelled r
WHERE b.cluster_id = r.old_label;

DELETE FROM fingerprint_bands b
USING (SELECT DISTINCT old_simhash FROM dirty_articles WHERE old_simhash IS NOT NULL) o,
      generate_series(0, %(bands)s - 1) AS g (band)
WHERE b.band = g.band
  AND b.value = ((o.old_simhash >> (g.band * %(band_bits)s)) & ((1 << %(band_bits)s) - 1))::integer
  AND b.simhash = o.old_simhash
  AND NOT EXISTS (SELECT 1 FROM articles a WHERE a.simhash = o.old_simhash);

SELECT DISTINCT simhash FROM dirty_articles WHERE simhash IS NOT NULL ORDER BY simhash;
