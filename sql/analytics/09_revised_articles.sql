-- Articles that changed after they were first loaded: how often, what changed, and the latest change.
SELECT a.article_id, a.title, count(DISTINCT v.version_id) AS revisions,
       array_agg(DISTINCT c ORDER BY c) AS fields_changed, max(v.replaced_at) AS last_revised_at
FROM article_versions v
JOIN articles a USING (article_id)
CROSS JOIN LATERAL unnest(v.changed) AS c
GROUP BY a.article_id, a.title
ORDER BY revisions DESC, last_revised_at DESC;
