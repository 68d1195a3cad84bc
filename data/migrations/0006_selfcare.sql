-- Self-care prompts and nudges (issue 7).
SELECT 1;
