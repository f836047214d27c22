-- Near-duplicate candidates per distinct fingerprint and cluster instead of per article. Articles with the
-- same SimHash are always in one cluster (0 bits apart), so a fingerprint has one cluster, kept with its
-- bands. A lookup then walks the distinct clusters of a band value (fingerprint_bands_cluster_idx) and
-- stops at the first fingerprint of each within the distance: a story syndicated thousands of times, or a
-- template filled thousands of times, costs a new copy a few index probes, not a pass over every copy
-- stored. articles_simhash_idx leads from a fingerprint to its articles. Bands are 16 bits (0005, dedup.py).
CREATE TABLE fingerprint_bands (
    band        smallint NOT NULL,
    value       integer NOT NULL,
    simhash     bigint NOT NULL,
    cluster_id  bigint NOT NULL,
    PRIMARY KEY (band, value, simhash)
);
WITH fingerprints AS (
    SELECT simhash, min(coalesce(cluster_id, article_id)) AS cluster_id
    FROM articles WHERE simhash IS NOT NULL GROUP BY simhash
)
INSERT INTO fingerprint_bands (band, value, simhash, cluster_id)
SELECT band, ((simhash >> (band * 16)) & 65535)::integer, simhash, cluster_id
FROM fingerprints CROSS JOIN generate_series(0, 3) AS band
ORDER BY 1, 2, 3;
CREATE INDEX fingerprint_bands_cluster_idx ON fingerprint_bands (band, value, cluster_id) INCLUDE (simhash);
CREATE INDEX fingerprint_bands_relabel_idx ON fingerprint_bands (cluster_id);
DROP TABLE article_fingerprint_bands;
CREATE INDEX articles_simhash_idx ON articles (simhash);

-- Raw documents, article texts and their old versions compressed with lz4 instead of pglz: several times
-- faster (pglz was most of the time of storing a batch's raw HTML), a little larger. Only on servers built
-- with lz4 (the embedded pgserver build is not); elsewhere the columns stay pglz. Values already stored
-- keep their compression until rewritten.
DO $$
BEGIN
    ALTER TABLE documents ALTER COLUMN content SET COMPRESSION lz4;
    ALTER TABLE articles ALTER COLUMN text SET COMPRESSION lz4;
    ALTER TABLE article_versions ALTER COLUMN text SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
    RAISE NOTICE 'this server has no lz4: TOAST compression stays pglz';
END
$$;

-- The search vector is computed by the loader in its staging table, before it takes the merge lock (batches
-- merge one at a time, and to_tsvector over the text is most of an article's merge), so it stops being a
-- generated column; news_search_vector is its one definition, and the trigger fills it for any other
-- writer (a row inserted without one, or whose words change without a new one).
CREATE FUNCTION news_search_vector(lang text, title text, description text, body text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT setweight(to_tsvector(news_search_config(lang), coalesce(title, '')), 'A')
        || setweight(to_tsvector(news_search_config(lang), coalesce(description, '')), 'B')
        || setweight(to_tsvector(news_search_config(lang), coalesce(body, '')), 'C')
$$;
ALTER TABLE articles ALTER COLUMN search_vector DROP EXPRESSION;

CREATE FUNCTION articles_fill_search_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' AND NEW.search_vector IS NULL
       OR TG_OP = 'UPDATE' AND NEW.search_vector IS NOT DISTINCT FROM OLD.search_vector
          AND (NEW.language, NEW.title, NEW.description, NEW.text)
              IS DISTINCT FROM (OLD.language, OLD.title, OLD.description, OLD.text) THEN
        NEW.search_vector := news_search_vector(NEW.language, NEW.title, NEW.description, NEW.text);
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER articles_search_vector
BEFORE INSERT OR UPDATE OF language, title, description, text ON articles
FOR EACH ROW EXECUTE FUNCTION articles_fill_search_vector();
