-- Guidelines acknowledgements (issue 3).
SELECT 1;
