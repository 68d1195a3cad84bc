-- Meetings published in the server's Events tab as Discord scheduled
-- events, and the meeting gaps of issue 14.

-- Options of a meeting added after its table; no row means the defaults.
CREATE TABLE meeting_options (
	meeting_id     INTEGER PRIMARY KEY REFERENCES meetings (id) ON DELETE CASCADE,
	guild_id       TEXT NOT NULL,
	events         INTEGER NOT NULL DEFAULT 1, -- published in the Events tab
	attendee_limit INTEGER NOT NULL DEFAULT 0 CHECK (attendee_limit >= 0) -- 0: no limit
) STRICT;

-- One row per date Kindred published (or was told not to publish again).
CREATE TABLE meeting_events (
	guild_id   TEXT NOT NULL,
	meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
	starts_at  INTEGER NOT NULL,
	event_id   TEXT NOT NULL,
	-- creating: Kindred is publishing it (claimed_at says since when);
	-- live: published; deleting: Kindred is withdrawing it; removed: a
	-- moderator deleted it in Discord, so it is not created again.
	status     TEXT NOT NULL DEFAULT 'live' CHECK (status IN ('creating', 'live', 'deleting', 'removed')),
	claimed_at INTEGER NOT NULL DEFAULT 0,
	synced     TEXT NOT NULL DEFAULT '',   -- what was last sent, so unchanged events cost no request
	user_count INTEGER NOT NULL DEFAULT 0, -- Discord's "Interested"
	PRIMARY KEY (meeting_id, starts_at)
) STRICT;
CREATE INDEX meeting_events_event ON meeting_events (guild_id, event_id);

-- Members waiting for a place at a full meeting, first come first served.
CREATE TABLE meeting_waitlist (
	occurrence_id INTEGER NOT NULL REFERENCES meeting_occurrences (id) ON DELETE CASCADE,
	guild_id      TEXT NOT NULL,
	user_id       TEXT NOT NULL,
	added_at      INTEGER NOT NULL,
	PRIMARY KEY (occurrence_id, user_id)
) STRICT;
