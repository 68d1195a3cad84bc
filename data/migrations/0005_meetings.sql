-- Meetings and scheduled deliveries (issue 6).
SELECT 1;
