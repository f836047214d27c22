-- The batch's funnel per source: articles extracted, left after de-duplication on url_key, written
-- (new or changed), and failures.
SELECT source_name, 'extracted' AS stage, count(*) FROM stage_articles GROUP BY 1
UNION ALL
SELECT source_name, 'deduplicated', count(*) FROM stage_incoming GROUP BY 1
UNION ALL
SELECT i.source_name, 'loaded', count(*) FROM written_articles w JOIN stage_incoming i USING (url_key) GROUP BY 1
UNION ALL
SELECT source_name, 'failed', count(*) FROM stage_failures GROUP BY 1
ORDER BY 1, 2;
