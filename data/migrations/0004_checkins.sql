-- Check-ins (issue 4).
SELECT 1;
