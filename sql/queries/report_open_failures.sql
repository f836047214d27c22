SELECT f.locator, f.stage, f.error_class, f.message
FROM failures f
WHERE f.resolved_at IS NULL
ORDER BY f.locator, f.stage;
