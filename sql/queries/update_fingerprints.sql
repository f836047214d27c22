-- Fingerprints of articles loaded before they existed; their clusters are then recomputed.
UPDATE articles a SET simhash = f.simhash
FROM stage_fingerprints f
WHERE a.article_id = f.article_id AND a.simhash IS NULL;

INSERT INTO dirty_articles (article_id)
SELECT article_id FROM stage_fingerprints
ON CONFLICT DO NOTHING;
