-- Check-ins (issue 4): how members are doing, day by day.
-- A check-in belongs to one member in one server. local_date is the day in
-- the server's time zone when it was made, so streaks count the server's
-- days even if the zone changes later. note is the member's private note:
-- never logged, never shown to anyone else unless they choose to share it.
-- shared_* record the post in the check-in channel, so deleting the
-- check-in can delete the post too.
CREATE TABLE checkins (
	id                INTEGER PRIMARY KEY,
	guild_id          TEXT NOT NULL,
	user_id           TEXT NOT NULL,
	mood              INTEGER NOT NULL CHECK (mood BETWEEN 1 AND 5),
	feelings          TEXT NOT NULL DEFAULT '', -- comma-separated, from a short list
	note              TEXT,
	created_at        INTEGER NOT NULL,
	local_date        TEXT NOT NULL,            -- YYYY-MM-DD in the server's zone
	shared_channel_id TEXT,
	shared_message_id TEXT,
	shared_note       INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX checkins_member ON checkins (guild_id, user_id, created_at);
CREATE INDEX checkins_member_day ON checkins (guild_id, user_id, local_date);

-- Members who pressed "Ask a moderator to reach out". The note itself is
-- never copied here: note_shared only records that the member chose to
-- send it to the alerts channel.
CREATE TABLE checkin_followups (
	id               INTEGER PRIMARY KEY,
	guild_id         TEXT NOT NULL,
	user_id          TEXT NOT NULL,
	checkin_id       INTEGER REFERENCES checkins (id) ON DELETE SET NULL,
	mood             INTEGER NOT NULL,
	requested_at     INTEGER NOT NULL,
	alert_channel_id TEXT NOT NULL,
	alert_message_id TEXT NOT NULL,
	note_shared      INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE UNIQUE INDEX checkin_followups_checkin ON checkin_followups (checkin_id) WHERE checkin_id IS NOT NULL;
CREATE INDEX checkin_followups_guild ON checkin_followups (guild_id, requested_at);
CREATE INDEX checkin_followups_member ON checkin_followups (guild_id, user_id);

-- Daily DM nudges members opted in to. remind_at is HH:MM in zone, the
-- member's own time zone; last_sent_date is the member's local day of the
-- last nudge (or of opting in after that day's time had passed), so a
-- member is nudged at most once a day.
CREATE TABLE checkin_reminders (
	guild_id       TEXT NOT NULL,
	user_id        TEXT NOT NULL,
	remind_at      TEXT NOT NULL,
	zone           TEXT NOT NULL,
	last_sent_date TEXT NOT NULL DEFAULT '',
	updated_at     INTEGER NOT NULL,
	PRIMARY KEY (guild_id, user_id)
) STRICT;
