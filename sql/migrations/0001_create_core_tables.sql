-- Core warehouse: where inputs came from, what they held, what was extracted, and what failed.
-- Tables are created in the connection's search_path schema (public by default, a private schema in tests).

CREATE TABLE sources (
    source_id   bigserial PRIMARY KEY,
    name        text NOT NULL UNIQUE,
    kind        text NOT NULL CHECK (kind IN ('files', 'site', 'feed', 'sitemap', 'warc')),
    base_url    text,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- One row per DAG run or CLI invocation that loads data.
CREATE TABLE ingest_runs (
    run_id          bigserial PRIMARY KEY,
    dag_id          text,
    airflow_run_id  text,
    command         text NOT NULL,
    params          jsonb NOT NULL DEFAULT '{}'::jsonb,
    status          text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'succeeded', 'failed')),
    started_at      timestamptz NOT NULL DEFAULT now(),
    finished_at     timestamptz,
    counts          jsonb NOT NULL DEFAULT '{}'::jsonb
);

-- The inputs a run planned to process, split into batches; tasks read their batch from here so that
-- XCom carries batch numbers only, and a retried batch sees exactly the same inputs.
CREATE TABLE run_inputs (
    run_id    bigint NOT NULL REFERENCES ingest_runs (run_id) ON DELETE CASCADE,
    batch_no  integer NOT NULL,
    locator   text NOT NULL,
    source_name text NOT NULL,
    PRIMARY KEY (run_id, locator)
);
CREATE INDEX run_inputs_batch_idx ON run_inputs (run_id, batch_no);

-- A batch is marked done in the same transaction that loads it: a retried task skips a loaded batch,
-- and a batch killed half-way left nothing behind.
CREATE TABLE run_batches (
    run_id       bigint NOT NULL REFERENCES ingest_runs (run_id) ON DELETE CASCADE,
    batch_no     integer NOT NULL,
    counts       jsonb NOT NULL,
    finished_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (run_id, batch_no)
);

-- One row per distinct input (a file, a JSON record, a fetched page): raw bytes kept so that articles can
-- be rebuilt without going back to the origin.
CREATE TABLE documents (
    document_id      bigserial PRIMARY KEY,
    source_id        bigint NOT NULL REFERENCES sources (source_id),
    locator          text NOT NULL,
    url              text,
    sha256           text NOT NULL,
    kind             text NOT NULL,
    size_bytes       bigint NOT NULL,
    content          bytea,
    status           text NOT NULL CHECK (status IN ('extracted', 'failed')),
    first_loaded_at  timestamptz NOT NULL DEFAULT now(),
    last_seen_at     timestamptz NOT NULL DEFAULT now(),
    last_run_id      bigint REFERENCES ingest_runs (run_id),
    UNIQUE (locator, sha256)
);
CREATE INDEX documents_sha256_idx ON documents (sha256);

CREATE TABLE articles (
    article_id          bigserial PRIMARY KEY,
    url_key             text NOT NULL UNIQUE,   -- normalized URL, or 'sha256:<content hash>' without a URL
    url                 text,
    locator             text NOT NULL,          -- the input that produced this version
    source_id           bigint NOT NULL REFERENCES sources (source_id),
    document_id         bigint NOT NULL REFERENCES documents (document_id),
    title               text,
    title_derived       boolean NOT NULL DEFAULT false,
    description         text,
    site_name           text,
    published_at        timestamptz,
    language            text,
    dateline            text,
    text                text NOT NULL,
    word_count          integer NOT NULL,
    content_hash        text NOT NULL,
    extraction_method   text NOT NULL,
    extractor_version   text NOT NULL,
    provenance          jsonb NOT NULL DEFAULT '{}'::jsonb,
    first_seen_at       timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    last_run_id         bigint REFERENCES ingest_runs (run_id)
);
CREATE INDEX articles_source_idx ON articles (source_id);
CREATE INDEX articles_published_idx ON articles (published_at);
CREATE INDEX articles_content_hash_idx ON articles (content_hash);

CREATE TABLE authors (
    author_id  bigserial PRIMARY KEY,
    name       text NOT NULL,
    name_key   text NOT NULL UNIQUE   -- case- and accent-folded name: one person, one row
);

CREATE TABLE article_authors (
    article_id  bigint NOT NULL REFERENCES articles (article_id) ON DELETE CASCADE,
    author_id   bigint NOT NULL REFERENCES authors (author_id),
    position    smallint NOT NULL,
    PRIMARY KEY (article_id, author_id)
);
CREATE INDEX article_authors_author_idx ON article_authors (author_id);

-- Inputs that could not be read, decoded, parsed, extracted or loaded. One row per input and stage;
-- a later success of the same locator marks it resolved.
CREATE TABLE failures (
    failure_id     bigserial PRIMARY KEY,
    source_id      bigint REFERENCES sources (source_id),
    locator        text NOT NULL,
    stage          text NOT NULL,
    error_class    text NOT NULL,
    message        text NOT NULL,
    sha256         text NOT NULL DEFAULT '',
    run_id         bigint REFERENCES ingest_runs (run_id),
    first_seen_at  timestamptz NOT NULL DEFAULT now(),
    last_seen_at   timestamptz NOT NULL DEFAULT now(),
    resolved_at    timestamptz,
    UNIQUE (locator, sha256, stage)
);
CREATE INDEX failures_run_idx ON failures (run_id);
