-- An input that now loads closes its earlier failures (kept, with the time they were resolved).
UPDATE failures f
SET resolved_at = now()
FROM stage_articles a
WHERE f.locator = a.locator AND f.resolved_at IS NULL;
