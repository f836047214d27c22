-- Per source: how complete extraction is (share with a real title, an author, a date), mean length,
-- and open failures by stage:reason. Sources at the top need attention first.
SELECT source, articles, share_with_title, share_with_author, share_with_date, mean_words,
       open_failures, failures_by_reason
FROM source_extraction_health
ORDER BY least(share_with_title, share_with_author, share_with_date), open_failures DESC, source;
