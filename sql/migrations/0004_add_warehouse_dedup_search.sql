-- The warehouse for analysts: every URL of an article, near-duplicate clusters, revisions, tags and
-- entities, full-text search in each article's language, the per-run funnel and data-quality results.

-- Which Airflow run last wrote the row (NULL for CLI runs; ingest_runs has the rest), the SimHash of its
-- text and the near-duplicate cluster it belongs to (cluster_id = the smallest article_id of the cluster),
-- and whether named entities were extracted ('no_model' when its language has no installed spaCy model).
ALTER TABLE articles
    ADD COLUMN airflow_run_id text,
    ADD COLUMN simhash bigint,
    ADD COLUMN cluster_id bigint,
    ADD COLUMN entities_status text NOT NULL DEFAULT 'pending'
        CHECK (entities_status IN ('pending', 'done', 'no_model', 'no_language', 'extra_not_installed'));
CREATE INDEX articles_cluster_idx ON articles (cluster_id);
CREATE INDEX articles_simhash_missing_idx ON articles (article_id) WHERE simhash IS NULL;
CREATE INDEX articles_entities_pending_idx ON articles (article_id) WHERE entities_status = 'pending';

-- Language code -> PostgreSQL text search configuration. The list of configurations must match
-- search_articles' SEARCH_CONFIGS below. IMMUTABLE so that a generated column can use it.
CREATE FUNCTION news_search_config(lang text) RETURNS regconfig
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT (CASE lower(split_part(coalesce(lang, ''), '-', 1))
        WHEN 'fr' THEN 'pg_catalog.french' WHEN 'en' THEN 'pg_catalog.english'
        WHEN 'de' THEN 'pg_catalog.german' WHEN 'es' THEN 'pg_catalog.spanish'
        WHEN 'it' THEN 'pg_catalog.italian' WHEN 'pt' THEN 'pg_catalog.portuguese'
        WHEN 'nl' THEN 'pg_catalog.dutch' WHEN 'da' THEN 'pg_catalog.danish'
        WHEN 'sv' THEN 'pg_catalog.swedish' WHEN 'no' THEN 'pg_catalog.norwegian'
        WHEN 'nb' THEN 'pg_catalog.norwegian' WHEN 'fi' THEN 'pg_catalog.finnish'
        WHEN 'ru' THEN 'pg_catalog.russian' WHEN 'tr' THEN 'pg_catalog.turkish'
        WHEN 'hu' THEN 'pg_catalog.hungarian' WHEN 'ro' THEN 'pg_catalog.romanian'
        ELSE 'pg_catalog.simple' END)::regconfig
$$;

-- Title weighs most, then the description, then the body.
ALTER TABLE articles
    ADD COLUMN search_config regconfig GENERATED ALWAYS AS (news_search_config(language)) STORED,
    ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector(news_search_config(language), coalesce(title, '')), 'A')
        || setweight(to_tsvector(news_search_config(language), coalesce(description, '')), 'B')
        || setweight(to_tsvector(news_search_config(language), text), 'C')) STORED;
CREATE INDEX articles_search_idx ON articles USING gin (search_vector);

-- Ranked hits with a snippet. Each article's vector was built with its own language's configuration, so
-- the query is parsed once per configuration and matched only against articles of that configuration
-- (each pair an index scan on articles_search_idx). `lang` ('fr', 'en', ...) restricts to one language.
CREATE FUNCTION search_articles(query text, lang text DEFAULT NULL, max_hits integer DEFAULT 20)
RETURNS TABLE (article_id bigint, url text, title text, language text, published_at timestamptz,
               source text, rank real, snippet text)
LANGUAGE sql STABLE AS $$
    WITH configs AS (  -- SEARCH_CONFIGS: every value news_search_config can return
        SELECT cfg FROM unnest(ARRAY['french', 'english', 'german', 'spanish', 'italian', 'portuguese', 'dutch',
                                     'danish', 'swedish', 'norwegian', 'finnish', 'russian', 'turkish',
                                     'hungarian', 'romanian', 'simple']::regconfig[]) AS cfg
        WHERE lang IS NULL OR cfg = news_search_config(lang)
    ), queries AS (
        SELECT cfg, websearch_to_tsquery(cfg, query) AS tsq FROM configs
    ), hits AS (
        SELECT a.article_id, a.url, a.title, a.language, a.published_at, a.source_id, a.text, q.cfg, q.tsq,
               ts_rank(a.search_vector, q.tsq, 1) AS rank
        FROM queries q
        JOIN articles a ON a.search_config = q.cfg AND a.search_vector @@ q.tsq
        WHERE lang IS NULL OR lower(split_part(a.language, '-', 1)) = lower(split_part(lang, '-', 1))
        ORDER BY rank DESC, a.published_at DESC NULLS LAST, a.article_id
        LIMIT max_hits
    )
    SELECT h.article_id, h.url, h.title, h.language, h.published_at, s.name, h.rank,
           ts_headline(h.cfg, h.text, h.tsq, 'MaxFragments=2, MaxWords=25, MinWords=10, StartSel=«, StopSel=»')
    FROM hits h JOIN sources s USING (source_id)
    ORDER BY h.rank DESC, h.published_at DESC NULLS LAST, h.article_id
$$;

-- Every URL an article was seen under (as given, e.g. with utm_* parameters) and its canonical URL.
-- url_key is the normalized form; articles.url_key is unique, so one normalized URL is one article.
CREATE TABLE article_urls (
    url            text PRIMARY KEY,
    url_key        text NOT NULL,
    article_id     bigint NOT NULL REFERENCES articles (article_id) ON DELETE CASCADE,
    is_canonical   boolean NOT NULL DEFAULT false,
    first_seen_at  timestamptz NOT NULL DEFAULT now(),
    first_run_id   bigint REFERENCES ingest_runs (run_id)
);
CREATE INDEX article_urls_article_idx ON article_urls (article_id);
CREATE INDEX article_urls_key_idx ON article_urls (url_key);
INSERT INTO article_urls (url, url_key, article_id, is_canonical, first_run_id)
SELECT url, url_key, article_id, coalesce(url = canonical_url, false), last_run_id FROM articles WHERE url IS NOT NULL
ON CONFLICT (url) DO NOTHING;

-- The previous versions of an article: written when a re-load changes its text, title, description or
-- date, with the fields that changed, the old values and the run that replaced them.
CREATE TABLE article_versions (
    version_id          bigserial PRIMARY KEY,
    article_id          bigint NOT NULL REFERENCES articles (article_id) ON DELETE CASCADE,
    changed             text[] NOT NULL,
    replaced_at         timestamptz NOT NULL DEFAULT now(),
    replaced_by_run_id  bigint REFERENCES ingest_runs (run_id),
    valid_from          timestamptz NOT NULL,
    run_id              bigint REFERENCES ingest_runs (run_id),
    document_id         bigint REFERENCES documents (document_id),
    locator             text NOT NULL,
    title               text,
    description         text,
    published_at        timestamptz,
    text                text NOT NULL,
    word_count          integer NOT NULL,
    content_hash        text NOT NULL,
    extractor_version   text NOT NULL
);
CREATE INDEX article_versions_article_idx ON article_versions (article_id, replaced_at);

-- Tags, categories and keywords, one dictionary (tag_key: case- and accent-folded) and one link table.
CREATE TABLE tags (
    tag_id   bigserial PRIMARY KEY,
    name     text NOT NULL,
    tag_key  text NOT NULL UNIQUE
);
CREATE TABLE article_tags (
    article_id  bigint NOT NULL REFERENCES articles (article_id) ON DELETE CASCADE,
    tag_id      bigint NOT NULL REFERENCES tags (tag_id),
    kind        text NOT NULL CHECK (kind IN ('tag', 'category', 'keyword')),
    PRIMARY KEY (article_id, tag_id, kind)
);
CREATE INDEX article_tags_tag_idx ON article_tags (tag_id);
WITH labels AS (
    SELECT article_id, 'tag' AS kind, btrim(v) AS name FROM articles, unnest(tags) AS v
    UNION ALL SELECT article_id, 'category', btrim(v) FROM articles, unnest(categories) AS v
    UNION ALL SELECT article_id, 'keyword', btrim(v) FROM articles, unnest(keywords) AS v
), ins AS (
    INSERT INTO tags (name, tag_key)
    SELECT DISTINCT ON (lower(name)) name, lower(name) FROM labels WHERE name <> '' ORDER BY lower(name), name
    ON CONFLICT (tag_key) DO NOTHING
    RETURNING tag_id, tag_key
)
INSERT INTO article_tags (article_id, tag_id, kind)
SELECT DISTINCT l.article_id, ins.tag_id, l.kind FROM labels l JOIN ins ON ins.tag_key = lower(l.name);

-- Named entities (spaCy), per article with their mention counts.
CREATE TABLE entities (
    entity_id   bigserial PRIMARY KEY,
    name        text NOT NULL,
    label       text NOT NULL,         -- PER, ORG, LOC, MISC (the model's labels)
    entity_key  text NOT NULL,         -- case- and accent-folded name
    UNIQUE (label, entity_key)
);
CREATE TABLE article_entities (
    article_id  bigint NOT NULL REFERENCES articles (article_id) ON DELETE CASCADE,
    entity_id   bigint NOT NULL REFERENCES entities (entity_id),
    mentions    integer NOT NULL CHECK (mentions > 0),
    PRIMARY KEY (article_id, entity_id)
);
CREATE INDEX article_entities_entity_idx ON article_entities (entity_id);

-- SimHash bands: candidates for near-duplicates are articles sharing a band value (an index lookup), and
-- only those pairs get their Hamming distance computed.
CREATE TABLE article_fingerprint_bands (
    band        smallint NOT NULL,
    value       smallint NOT NULL,
    article_id  bigint NOT NULL REFERENCES articles (article_id) ON DELETE CASCADE,
    PRIMARY KEY (band, value, article_id)
);
CREATE INDEX article_fingerprint_bands_article_idx ON article_fingerprint_bands (article_id);

CREATE VIEW duplicate_clusters AS
SELECT a.cluster_id,
       count(*) AS articles,
       count(DISTINCT a.source_id) AS sources,
       min(a.published_at) AS first_published_at,
       max(a.published_at) AS last_published_at,
       array_agg(a.article_id ORDER BY a.article_id) AS article_ids,
       (array_agg(a.title ORDER BY a.published_at NULLS LAST, a.article_id))[1] AS title
FROM articles a
WHERE a.cluster_id IS NOT NULL
GROUP BY a.cluster_id
HAVING count(*) > 1;

-- The per-run funnel: discovered -> fetched -> extracted -> deduplicated -> loaded -> failed, per source.
-- Counts add up over a run's batches (each batch writes its counts in the transaction that loads it).
CREATE TABLE run_stage_counts (
    run_id       bigint NOT NULL REFERENCES ingest_runs (run_id) ON DELETE CASCADE,
    source_name  text NOT NULL,
    stage        text NOT NULL
        CHECK (stage IN ('discovered', 'fetched', 'extracted', 'deduplicated', 'loaded', 'failed')),
    count        bigint NOT NULL CHECK (count >= 0),
    PRIMARY KEY (run_id, source_name, stage)
);

CREATE VIEW run_funnel AS
SELECT r.run_id, r.dag_id, r.airflow_run_id, r.started_at, c.source_name,
       coalesce(sum(c.count) FILTER (WHERE c.stage = 'discovered'), 0)::bigint AS discovered,
       coalesce(sum(c.count) FILTER (WHERE c.stage = 'fetched'), 0)::bigint AS fetched,
       coalesce(sum(c.count) FILTER (WHERE c.stage = 'extracted'), 0)::bigint AS extracted,
       coalesce(sum(c.count) FILTER (WHERE c.stage = 'deduplicated'), 0)::bigint AS deduplicated,
       coalesce(sum(c.count) FILTER (WHERE c.stage = 'loaded'), 0)::bigint AS loaded,
       coalesce(sum(c.count) FILTER (WHERE c.stage = 'failed'), 0)::bigint AS failed
FROM run_stage_counts c JOIN ingest_runs r USING (run_id)
GROUP BY r.run_id, r.dag_id, r.airflow_run_id, r.started_at, c.source_name;

-- One row per data-quality check evaluation (news_quality DAG, `news-etl quality`).
CREATE TABLE quality_check_results (
    result_id       bigserial PRIMARY KEY,
    checked_at      timestamptz NOT NULL DEFAULT now(),
    airflow_run_id  text,
    check_name      text NOT NULL,
    passed          boolean NOT NULL,
    offending       bigint NOT NULL,
    sample          jsonb NOT NULL DEFAULT '[]'::jsonb
);
CREATE INDEX quality_check_results_name_idx ON quality_check_results (check_name, checked_at);

-- Analytics views. The grouped ones over all articles are materialized (refreshed by the news_quality DAG
-- and `news-etl refresh-views`); each has a unique index so it can be refreshed CONCURRENTLY.
-- Days and weeks are UTC.
CREATE MATERIALIZED VIEW daily_source_volume AS
SELECT s.name AS source, (coalesce(a.published_at, a.first_seen_at) AT TIME ZONE 'UTC')::date AS day,
       count(*) AS articles, sum(a.word_count) AS words, count(*) FILTER (WHERE a.published_at IS NULL) AS undated
FROM articles a JOIN sources s USING (source_id)
GROUP BY 1, 2;
CREATE UNIQUE INDEX daily_source_volume_key ON daily_source_volume (source, day);

CREATE VIEW language_mix AS
SELECT coalesce(a.language, 'unknown') AS language, count(*) AS articles,
       round(100.0 * count(*) / sum(count(*)) OVER (), 1) AS percent, sum(a.word_count) AS words
FROM articles a
GROUP BY 1;

CREATE MATERIALIZED VIEW weekly_top_tags AS
SELECT week, kind, tag, articles, rank FROM (
    SELECT date_trunc('week', coalesce(a.published_at, a.first_seen_at) AT TIME ZONE 'UTC')::date AS week,
           at.kind, t.name AS tag, count(DISTINCT a.article_id) AS articles,
           row_number() OVER (PARTITION BY date_trunc('week', coalesce(a.published_at, a.first_seen_at) AT TIME ZONE 'UTC'), at.kind
                              ORDER BY count(DISTINCT a.article_id) DESC, t.name) AS rank
    FROM article_tags at JOIN tags t USING (tag_id) JOIN articles a USING (article_id)
    GROUP BY 1, 2, 3, date_trunc('week', coalesce(a.published_at, a.first_seen_at) AT TIME ZONE 'UTC')
) ranked
WHERE rank <= 50;
CREATE UNIQUE INDEX weekly_top_tags_key ON weekly_top_tags (week, kind, tag);

CREATE MATERIALIZED VIEW weekly_top_entities AS
SELECT week, label, entity, articles, mentions, rank FROM (
    SELECT date_trunc('week', coalesce(a.published_at, a.first_seen_at) AT TIME ZONE 'UTC')::date AS week,
           e.label, e.name AS entity, count(*) AS articles, sum(ae.mentions) AS mentions,
           row_number() OVER (PARTITION BY date_trunc('week', coalesce(a.published_at, a.first_seen_at) AT TIME ZONE 'UTC'), e.label
                              ORDER BY count(*) DESC, sum(ae.mentions) DESC, e.name) AS rank
    FROM article_entities ae JOIN entities e USING (entity_id) JOIN articles a USING (article_id)
    GROUP BY 1, 2, 3, e.entity_id, date_trunc('week', coalesce(a.published_at, a.first_seen_at) AT TIME ZONE 'UTC')
) ranked
WHERE rank <= 50;
CREATE UNIQUE INDEX weekly_top_entities_key ON weekly_top_entities (week, label, entity);

CREATE MATERIALIZED VIEW author_activity AS
SELECT au.author_id, au.name AS author, count(*) AS articles, count(DISTINCT a.source_id) AS sources,
       array_agg(DISTINCT s.name ORDER BY s.name) AS source_names,
       array_agg(DISTINCT a.language ORDER BY a.language) FILTER (WHERE a.language IS NOT NULL) AS languages,
       min(a.published_at) AS first_published_at, max(a.published_at) AS last_published_at,
       round(avg(a.word_count)) AS mean_words
FROM article_authors aa JOIN authors au USING (author_id) JOIN articles a USING (article_id)
JOIN sources s ON s.source_id = a.source_id
GROUP BY au.author_id, au.name;
CREATE UNIQUE INDEX author_activity_key ON author_activity (author_id);

CREATE MATERIALIZED VIEW syndication_clusters AS
SELECT a.cluster_id, count(*) AS articles, count(DISTINCT a.source_id) AS sources,
       array_agg(DISTINCT s.name ORDER BY s.name) AS source_names,
       min(a.published_at) AS first_published_at, max(a.published_at) AS last_published_at,
       extract(epoch FROM max(a.published_at) - min(a.published_at)) / 3600.0 AS spread_hours,
       (array_agg(a.title ORDER BY a.published_at NULLS LAST, a.article_id))[1] AS first_title,
       (array_agg(s.name ORDER BY a.published_at NULLS LAST, a.article_id))[1] AS first_source
FROM articles a JOIN sources s USING (source_id)
WHERE a.cluster_id IS NOT NULL
GROUP BY a.cluster_id
HAVING count(*) > 1;
CREATE UNIQUE INDEX syndication_clusters_key ON syndication_clusters (cluster_id);

CREATE MATERIALIZED VIEW source_extraction_health AS
WITH per_source AS (
    SELECT a.source_id, count(*) AS articles,
           avg((a.title IS NOT NULL AND NOT a.title_derived)::int) AS share_with_title,
           avg((EXISTS (SELECT 1 FROM article_authors aa WHERE aa.article_id = a.article_id))::int) AS share_with_author,
           avg((a.published_at IS NOT NULL)::int) AS share_with_date,
           avg(a.word_count) AS mean_words,
           avg(length(a.text)) AS mean_chars
    FROM articles a GROUP BY a.source_id
), failed AS (
    SELECT source_id, count(*) AS open_failures,
           jsonb_object_agg(reason, n ORDER BY reason) AS failures_by_reason
    FROM (SELECT source_id, stage || ':' || error_class AS reason, count(*) AS n
          FROM failures WHERE resolved_at IS NULL GROUP BY 1, 2) r
    GROUP BY source_id
)
SELECT s.source_id, s.name AS source, coalesce(p.articles, 0) AS articles,
       round(coalesce(p.share_with_title, 0), 3) AS share_with_title,
       round(coalesce(p.share_with_author, 0), 3) AS share_with_author,
       round(coalesce(p.share_with_date, 0), 3) AS share_with_date,
       round(coalesce(p.mean_words, 0), 1) AS mean_words,
       round(coalesce(p.mean_chars, 0), 1) AS mean_chars,
       coalesce(f.open_failures, 0) AS open_failures,
       coalesce(f.failures_by_reason, '{}'::jsonb) AS failures_by_reason
FROM sources s
LEFT JOIN per_source p USING (source_id)
LEFT JOIN failed f USING (source_id);
CREATE UNIQUE INDEX source_extraction_health_key ON source_extraction_health (source_id);
