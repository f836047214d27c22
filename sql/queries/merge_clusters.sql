-- One step of merging clusters along near_pairs: every cluster label joined by a pair to a smaller label
-- takes the smallest one, for all its members at once. Repeated until no row changes (labels only go
-- down), so a cluster ends labelled with the smallest article_id it holds.
WITH edges AS (
    SELECT greatest(pa.cluster_id, pb.cluster_id) AS hi, least(pa.cluster_id, pb.cluster_id) AS lo
    FROM near_pairs p
    JOIN articles pa ON pa.article_id = p.a
    JOIN articles pb ON pb.article_id = p.b
    WHERE pa.cluster_id <> pb.cluster_id
), moves AS (
    SELECT hi, min(lo) AS lo FROM edges GROUP BY hi
)
UPDATE articles a SET cluster_id = m.lo
FROM moves m
WHERE a.cluster_id = m.hi;
