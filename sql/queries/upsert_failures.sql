INSERT INTO failures (source_id, locator, stage, error_class, message, sha256, run_id)
SELECT DISTINCT ON (f.locator, f.sha256, f.stage)
       s.source_id, f.locator, f.stage, f.error_class, f.message, f.sha256, %(run_id)s
FROM stage_failures f
LEFT JOIN sources s ON s.name = f.source_name
ORDER BY f.locator, f.sha256, f.stage
ON CONFLICT (locator, sha256, stage) DO UPDATE
SET error_class = EXCLUDED.error_class, message = EXCLUDED.message, run_id = EXCLUDED.run_id,
    last_seen_at = now(), resolved_at = NULL;
