-- Settings for this load transaction. Wide values (raw documents, texts) are compressed when COPY puts them
-- in the staging tables, and the merge copies them compressed as they are: lz4 where the server has it
-- (several times faster than pglz, migration 0008), else the server's default. No JIT: its compilation
-- (a quarter of a second) costs more than it saves on statements over one batch.
SET LOCAL jit = off;
SELECT set_config('default_toast_compression', 'lz4', true)
FROM pg_settings
WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals);
