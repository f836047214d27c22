-- Inputs of a batch already loaded with these exact bytes and whose article came from this extractor
-- version: extracting them again would give the same rows, so the batch skips them before any parsing.
-- A document that failed, or lost its url_key to a smaller locator, is extracted again.
-- Written as one lookup of the batch's documents in articles (= ANY of an array, an index scan on
-- articles_document_idx): the planner misjudges the unnest join as one row, and joined directly it scanned
-- articles once per input (2.2 s instead of 0.14 s a batch at 10,000 articles, before that index existed).
WITH batch AS MATERIALIZED (
    SELECT d.document_id, d.locator, d.sha256
    FROM unnest(%(locators)s::text[], %(sha256s)s::text[]) AS i (locator, sha256)
    JOIN documents d ON d.locator = i.locator AND d.sha256 = i.sha256
    WHERE d.status = 'extracted'
)
SELECT b.locator, b.sha256
FROM batch b
WHERE b.document_id = ANY (ARRAY(
    SELECT a.document_id FROM articles a
    WHERE a.document_id = ANY (ARRAY(SELECT document_id FROM batch))
      AND a.extractor_version = %(extractor_version)s));
