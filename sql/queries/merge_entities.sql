-- Entities of the staged articles, replaced as a set. An article rewritten since it was read (another
-- content_hash) is left 'pending' for the next pass.
INSERT INTO entities (name, label, entity_key)
SELECT DISTINCT ON (label, entity_key) name, label, entity_key
FROM stage_entities
ORDER BY label, entity_key, name
ON CONFLICT (label, entity_key) DO NOTHING;

CREATE TEMP TABLE current_entity_status ON COMMIT DROP AS
SELECT s.article_id, s.status
FROM stage_entity_status s JOIN articles a ON a.article_id = s.article_id AND a.content_hash = s.content_hash;

DELETE FROM article_entities ae
USING current_entity_status c
WHERE ae.article_id = c.article_id;

INSERT INTO article_entities (article_id, entity_id, mentions)
SELECT se.article_id, e.entity_id, sum(se.mentions)
FROM stage_entities se
JOIN current_entity_status c ON c.article_id = se.article_id
JOIN entities e ON e.label = se.label AND e.entity_key = se.entity_key
GROUP BY 1, 2
ORDER BY 1, 2;

UPDATE articles a SET entities_status = c.status
FROM current_entity_status c
WHERE a.article_id = c.article_id;
