-- One step of labelling the connected components of the cluster graph (cluster_dirty_articles): a node
-- takes the smallest label among its neighbours' and its label's own label (pointer jumping, so the
-- number of steps grows with the log of a chain's length). Repeated until no row changes; labels only go
-- down, so each component ends labelled with the smallest article_id it holds.
WITH candidates AS (
    SELECT e.a AS node, n.label
    FROM cluster_edges e JOIN cluster_nodes n ON n.node = e.b
    UNION ALL
    SELECT n.node, l.label
    FROM cluster_nodes n JOIN cluster_nodes l ON l.node = n.label
), best AS (
    SELECT node, min(label) AS label FROM candidates GROUP BY node
)
UPDATE cluster_nodes n SET label = b.label
FROM best b
WHERE n.node = b.node AND b.label < n.label;
