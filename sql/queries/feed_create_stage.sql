CREATE TEMP TABLE stage_feed_items (
    guid text, url text, url_key text, title text, published_at timestamptz, updated_at timestamptz,
    authors text[], categories text[]
) ON COMMIT DROP;
