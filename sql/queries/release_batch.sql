-- Give back a batch taken by claim_batch (same key).
SELECT pg_advisory_unlock(hashtextextended(current_schema() || '/' || %(run_id)s || '/' || %(batch_no)s, 7252003));
