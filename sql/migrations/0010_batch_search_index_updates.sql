-- New search entries wait in the GIN index's pending list until 64 MB of them have gathered (the default is
-- 4 MB, gin_pending_list_limit), and are then merged into the index in one sorted pass. At 4 MB the list was
-- merged about once per batch of 250 articles (~15 KB of entries per article), each merge walking the
-- posting trees of a growing index: on a 100,000-article warehouse it was a third of a batch's load
-- (bench/README: 10.7 of 30.1 s for 2,500 articles, against 0.7 s plus a 2.4 s merge at 64 MB). Entries in
-- the pending list are searchable, only scanned without the index's help; the loaders merge it when a run
-- ends (flush_search_index), so searches after a run are as fast as before.
ALTER INDEX articles_search_idx SET (gin_pending_list_limit = 65536);
