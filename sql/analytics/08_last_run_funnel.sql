-- The funnel of the latest run, per source: discovered -> fetched -> extracted -> deduplicated -> loaded,
-- and failed (stages a run does not have, e.g. discovery for local files, are 0).
SELECT source_name, discovered, fetched, extracted, deduplicated, loaded, failed
FROM run_funnel
WHERE run_id = (SELECT max(run_id) FROM run_stage_counts)
ORDER BY source_name;
