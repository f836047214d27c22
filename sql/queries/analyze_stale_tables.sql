-- The planner statistics of the tables changed past autovacuum's threshold, refreshed (migration 0011).
SELECT news_analyze_stale_tables();
