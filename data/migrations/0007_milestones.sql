-- Milestones (issue 8).
SELECT 1;
