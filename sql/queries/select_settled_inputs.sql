-- Inputs whose stored validators still hold (same size and modification time, settled by this extractor
-- version) and whose documents all still hold an article of this version (another input with the same
-- url_key and a smaller locator may have taken it since): the run skips them at planning, without reading
-- them. The same test as select_unchanged_documents, made without the bytes.
-- OFFSET 0 keeps the inner test a probe of articles_document_idx per document: flattened into an anti-join,
-- the planner (misjudging the unnest as a few rows, and with no statistics right after a first run) compared
-- every input with every article of this version, 1.0 s for a 10,000-file re-run and growing as its square.
SELECT f.locator
FROM unnest(%(locators)s::text[], %(sizes)s::bigint[], %(mtimes)s::bigint[]) AS i (locator, size_bytes, mtime_ns)
JOIN input_files f ON f.locator = i.locator AND f.size_bytes = i.size_bytes AND f.mtime_ns = i.mtime_ns
WHERE f.extractor_version = %(extractor_version)s
  AND NOT EXISTS (
      SELECT 1 FROM unnest(f.document_ids) AS d (document_id)
      WHERE NOT EXISTS (SELECT 1 FROM articles a
                        WHERE a.document_id = d.document_id AND a.extractor_version = %(extractor_version)s
                        OFFSET 0));
