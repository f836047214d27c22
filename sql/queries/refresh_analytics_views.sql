-- CONCURRENTLY: readers keep the previous contents while a view refreshes (each has a unique index).
REFRESH MATERIALIZED VIEW CONCURRENTLY daily_source_volume;
REFRESH MATERIALIZED VIEW CONCURRENTLY weekly_top_tags;
REFRESH MATERIALIZED VIEW CONCURRENTLY weekly_top_entities;
REFRESH MATERIALIZED VIEW CONCURRENTLY author_activity;
REFRESH MATERIALIZED VIEW CONCURRENTLY syndication_clusters;
REFRESH MATERIALIZED VIEW CONCURRENTLY source_extraction_health;
