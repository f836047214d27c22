-- Full-text search in French (stemmed: "bureaux" also finds "bureau"), ranked, with a snippet.
SELECT article_id, title, source, published_at, round(rank::numeric, 4) AS rank, snippet
FROM search_articles('bureaux OTAN', 'fr');
