-- Take a planned batch for this session (a session advisory lock, freed by release_batch or when the task's
-- connection ends, a killed task's included): the mapped tasks of a run share its batches, and a batch one of
-- them is loading is passed over by the others. The key is a 64-bit hash of schema, run and batch (the
-- single-bigint key space: the politeness slots use the two-integer one).
SELECT pg_try_advisory_lock(hashtextextended(current_schema() || '/' || %(run_id)s || '/' || %(batch_no)s, 7252003));
