-- In the batch's own transaction: if two workers race on one batch, the second one's load rolls back here.
INSERT INTO run_batches (run_id, batch_no, counts)
VALUES (%(run_id)s, %(batch_no)s, %(counts)s::jsonb);
