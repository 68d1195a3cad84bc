-- Members' data rights, concerns and retention (issue 9).
SELECT 1;
