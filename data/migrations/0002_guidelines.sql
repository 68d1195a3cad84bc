-- Guidelines acknowledgements (issue 3): members who pressed "I have read
-- and agree" on a posted copy of a server's guidelines. version identifies
-- the text they agreed to (data.GuidelinesVersion), so an edit starts a new
-- count while earlier agreements stay on record.
CREATE TABLE guidelines_acknowledgements (
	guild_id        TEXT NOT NULL,
	version         TEXT NOT NULL,
	user_id         TEXT NOT NULL,
	acknowledged_at INTEGER NOT NULL,
	PRIMARY KEY (guild_id, version, user_id)
) STRICT;
-- Finds one member's records, to delete them when they ask.
CREATE INDEX guidelines_acknowledgements_user ON guidelines_acknowledgements (guild_id, user_id);
