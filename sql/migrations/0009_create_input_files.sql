-- Stored validators of local input files: a file whose size and modification time match its row, and whose
-- every document was extracted by this extractor version into an article, is skipped when a run is planned,
-- before it is even read (as HTTP validators spare a refetch). A batch writes these rows in the transaction
-- that loads it, and deletes them for inputs that failed or changed, so a row never outlives what it vouches for.
CREATE TABLE input_files (
    locator           text PRIMARY KEY,
    size_bytes        bigint NOT NULL,
    mtime_ns          bigint NOT NULL,
    extractor_version text NOT NULL,
    document_ids      bigint[] NOT NULL,
    settled_run_id    bigint REFERENCES ingest_runs (run_id) ON DELETE SET NULL,
    settled_at        timestamptz NOT NULL DEFAULT now()
);

-- run_inputs.batch_no is NULL for an input skipped at planning (unchanged since it settled): it is part of the
-- run, but of no batch.
ALTER TABLE run_inputs ALTER COLUMN batch_no DROP NOT NULL;
