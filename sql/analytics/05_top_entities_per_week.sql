-- The people, organisations and places most written about each week (languages with an entity model).
SELECT week, label, rank, entity, articles, mentions
FROM weekly_top_entities
WHERE rank <= 10 AND label IN ('PER', 'ORG', 'LOC', 'PERSON', 'GPE')
ORDER BY week DESC, label, rank;
