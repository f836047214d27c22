-- Merge the search index's pending list (migration 0010) into the index: the pages it freed. Run when an
-- ingest run ends, so that searches after it are index scans; autovacuum and the next 64 MB do it otherwise.
SELECT gin_clean_pending_list('articles_search_idx'::regclass);
