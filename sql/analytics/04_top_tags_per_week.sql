-- The ten most used tags, categories and keywords of each week.
SELECT week, kind, rank, tag, articles
FROM weekly_top_tags
WHERE rank <= 10
ORDER BY week DESC, kind, rank;
