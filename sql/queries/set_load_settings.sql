-- Settings for this load transaction. Wide values (raw documents, texts) are compressed when COPY puts them
-- in the staging tables, and the merge copies them compressed as they are: lz4 where the server has it
-- (several times faster than pglz, migration 0008), else the server's default. No JIT: its compilation
-- (a quarter of a second) costs more than it saves on statements over one batch.
SET LOCAL jit = off;
SELECT set_config('default_toast_compression', 'lz4', true)
FROM pg_settings
WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals);
-- Memory for merging the search index's pending list when a batch fills it past 64 MB (migration 0010): with
-- the default 4 MB the merge goes in 4 MB passes, each walking the index again (on a 100,000-article
-- warehouse, 5,000 articles' upsert_articles took 11.3 s with 4 MB and 4.4 s with 64 MB). Batches are small,
-- so the merge statements' sorts and hashes stay far below it.
SET LOCAL work_mem = '64MB';
