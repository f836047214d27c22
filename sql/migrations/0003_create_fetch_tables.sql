-- Fetching from the web: registered feeds and sitemaps with their fetch state, the entries they listed,
-- every HTTP exchange, and per-domain politeness state shared by all workers.

-- A feed or a sitemap we poll. kind says which parser reads it; the fetch state drives conditional GET
-- (etag, last_modified), lying-validator detection (body_sha256) and back-off (consecutive_failures,
-- next_poll_at); a feed that keeps failing is disabled with its reason instead of being polled forever.
CREATE TABLE feeds (
    feed_id               bigserial PRIMARY KEY,
    url                   text NOT NULL,
    url_key               text NOT NULL UNIQUE,
    kind                  text NOT NULL CHECK (kind IN ('feed', 'sitemap')),
    format                text,            -- rss20, rss10, atom10, json, urlset, sitemapindex ... (last seen)
    source_name           text NOT NULL,
    title                 text,
    parent_feed_id        bigint REFERENCES feeds (feed_id) ON DELETE SET NULL,  -- the sitemap index listing it
    discovered_from       text,
    active                boolean NOT NULL DEFAULT true,
    disabled_at           timestamptz,
    disabled_reason       text,
    created_at            timestamptz NOT NULL DEFAULT now(),
    last_polled_at        timestamptz,
    last_success_at       timestamptz,
    last_status           integer,
    last_error            text,
    etag                  text,
    last_modified         text,
    body_sha256           text,
    consecutive_failures  integer NOT NULL DEFAULT 0,
    next_poll_at          timestamptz NOT NULL DEFAULT now(),
    items_seen            integer NOT NULL DEFAULT 0
);
CREATE INDEX feeds_due_idx ON feeds (next_poll_at) WHERE active;

-- An entry as its feed or sitemap listed it: the best title and date evidence when the page lacks them.
CREATE TABLE feed_items (
    feed_item_id   bigserial PRIMARY KEY,
    feed_id        bigint NOT NULL REFERENCES feeds (feed_id) ON DELETE CASCADE,
    guid           text NOT NULL,
    url            text,
    url_key        text,
    title          text,
    published_at   timestamptz,
    updated_at     timestamptz,
    authors        text[] NOT NULL DEFAULT '{}',
    categories     text[] NOT NULL DEFAULT '{}',
    first_seen_at  timestamptz NOT NULL DEFAULT now(),
    last_seen_at   timestamptz NOT NULL DEFAULT now(),
    first_run_id   bigint REFERENCES ingest_runs (run_id),
    UNIQUE (feed_id, guid)
);
CREATE INDEX feed_items_url_key_idx ON feed_items (url_key);

-- Every HTTP exchange (articles, feeds, sitemaps, robots.txt, discovery), tied to its run when there is one.
CREATE TABLE fetches (
    fetch_id       bigserial PRIMARY KEY,
    run_id         bigint REFERENCES ingest_runs (run_id),
    purpose        text NOT NULL,  -- article | feed | sitemap | robots | discovery
    url            text NOT NULL,
    url_key        text,
    final_url      text,
    status         integer,        -- NULL when no response came back (timeout, refused, SSRF guard)
    bytes          bigint NOT NULL DEFAULT 0,
    duration_ms    integer NOT NULL DEFAULT 0,
    attempts       integer NOT NULL DEFAULT 1,
    redirects      integer NOT NULL DEFAULT 0,
    content_type   text,
    etag           text,
    last_modified  text,
    body_sha256    text,
    not_modified   boolean NOT NULL DEFAULT false,
    error_class    text,
    error          text,
    retryable      boolean NOT NULL DEFAULT false,  -- a timeout, 429 or 5xx: worth trying again later
    fetched_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX fetches_run_idx ON fetches (run_id);
CREATE INDEX fetches_url_key_idx ON fetches (url_key);

-- Politeness shared by every process: the next moment a request to this host may start (reserved under a
-- row lock, so parallel tasks queue instead of bursting), and its robots.txt cached with its fetch time.
CREATE TABLE domain_state (
    host               text PRIMARY KEY,  -- host[:port], lower case: one robots.txt origin
    next_allowed_at    timestamptz NOT NULL DEFAULT now(),
    crawl_delay_s      real,
    robots_status      integer,
    robots_txt         text,
    robots_fetched_at  timestamptz,
    requests           bigint NOT NULL DEFAULT 0
);
