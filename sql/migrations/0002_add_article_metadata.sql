-- Deeper metadata (extraction-quality work): dates with precision, canonical URL, image, labels, license,
-- reading time and why an article may have no text (access_status).
ALTER TABLE articles
    ADD COLUMN published_precision text CHECK (published_precision IN ('day', 'minute', 'second')),
    ADD COLUMN modified_at timestamptz,
    ADD COLUMN canonical_url text,
    ADD COLUMN image text,
    ADD COLUMN tags text[] NOT NULL DEFAULT '{}',
    ADD COLUMN categories text[] NOT NULL DEFAULT '{}',
    ADD COLUMN keywords text[] NOT NULL DEFAULT '{}',
    ADD COLUMN license text,
    ADD COLUMN reading_time_min integer NOT NULL DEFAULT 0,
    ADD COLUMN access_status text NOT NULL DEFAULT 'ok'
        CHECK (access_status IN ('ok', 'paywalled', 'consent_wall', 'bot_wall', 'not_article', 'empty'));
