-- Unchanged inputs skipped before parsing: record only that this run saw them again (one statement a batch).
UPDATE documents d
SET last_seen_at = now(), last_run_id = %(run_id)s
FROM unnest(%(locators)s::text[], %(sha256s)s::text[]) AS i (locator, sha256)
WHERE d.locator = i.locator AND d.sha256 = i.sha256;
