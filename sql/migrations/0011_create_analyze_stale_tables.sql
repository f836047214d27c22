-- ANALYZE of the warehouse tables (this schema's) changed by more rows since their last ANALYZE than
-- autovacuum's own default threshold (50 rows and 10% of the table): what autovacuum would analyze next, on a
-- server where it runs. Where it does not (autovacuum = off), or has not come round yet, the planner would
-- otherwise plan the next run's lookups and merges on tables it believes empty. The end of every run calls it
-- (pipeline.refresh_statistics), in one statement whatever the tables; it returns the tables it analyzed.
-- Whole tables: an ANALYZE of some columns leaves the table counted as changed.
CREATE FUNCTION news_analyze_stale_tables() RETURNS SETOF text
LANGUAGE plpgsql AS $$
DECLARE
    stale text;
BEGIN
    FOR stale IN
        SELECT s.relname FROM pg_stat_user_tables s
        WHERE s.schemaname = current_schema() AND s.n_mod_since_analyze > 50 + 0.1 * s.n_live_tup
        ORDER BY s.relname
    LOOP
        EXECUTE format('ANALYZE %I', stale);
        RETURN NEXT stale;
    END LOOP;
END
$$;
