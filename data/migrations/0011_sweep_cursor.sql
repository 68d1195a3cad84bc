-- The departed-member sweep's cursor (issue 12): when Kindred last tried
-- and failed to check with Discord whether a departed member is gone.
-- The sweep takes members never tried first, then those tried longest
-- ago, so members it can't check never hold up the others.
ALTER TABLE members_left ADD COLUMN checked_at INTEGER NOT NULL DEFAULT 0;
CREATE INDEX members_left_checked ON members_left (checked_at, left_at);
