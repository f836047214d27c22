-- Funnel counts add up over a run's batches and callers (discovered/fetched from fetching, the rest from
-- the loader); each caller writes in the transaction that does the work, so a retry never counts twice.
INSERT INTO run_stage_counts AS c (run_id, source_name, stage, count)
SELECT %(run_id)s, source_name, stage, sum(n)
FROM unnest(%(source_names)s::text[], %(stages)s::text[], %(counts)s::bigint[]) AS x (source_name, stage, n)
GROUP BY source_name, stage
ORDER BY source_name, stage
ON CONFLICT (run_id, source_name, stage) DO UPDATE SET count = c.count + EXCLUDED.count;
