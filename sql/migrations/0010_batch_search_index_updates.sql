-- New search entries wait in the GIN index's pending list until 64 MB of them have gathered (the default is
-- 4 MB, gin_pending_list_limit), and are then merged into the index. At 4 MB the list was merged about once
-- per batch of 250 articles (~15 KB of entries per article), each merge walking the posting trees of a
-- growing index; a larger list is merged in fewer passes when the merging transaction has the work_mem to
-- hold it (set_load_settings: 5,000 articles into a 100,000-article warehouse, upsert_articles 11.3 s ->
-- 4.4 s; README, "After 0.3.1"). Entries in the pending list are searchable, only scanned without the
-- index's help; the end of a run merges it (flush_search_index), so searches after a run are index scans.
ALTER INDEX articles_search_idx SET (gin_pending_list_limit = 65536);
