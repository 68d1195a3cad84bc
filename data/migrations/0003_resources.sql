-- Resources directory (issue 5).
SELECT 1;
