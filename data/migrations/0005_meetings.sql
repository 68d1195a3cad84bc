-- Meetings and scheduled deliveries (issue 6).

-- Recurring (or one-off) meetings. A draft is what /meeting create shows
-- before the moderator confirms; it is not a meeting yet.
CREATE TABLE meetings (
	id              INTEGER PRIMARY KEY,
	guild_id        TEXT NOT NULL,
	status          TEXT NOT NULL CHECK (status IN ('draft', 'active', 'paused', 'deleted')),
	title           TEXT NOT NULL,
	schedule        TEXT NOT NULL,             -- canonical schedule text
	zone            TEXT NOT NULL DEFAULT '',  -- IANA zone; '' means the server's
	duration_min    INTEGER NOT NULL CHECK (duration_min BETWEEN 1 AND 1440),
	location        TEXT NOT NULL DEFAULT '',  -- voice/stage channel ID or a link
	channel_id      TEXT NOT NULL,             -- where reminders are posted
	description     TEXT NOT NULL DEFAULT '',
	host_role_id    TEXT NOT NULL DEFAULT '',
	ping_role_id    TEXT NOT NULL DEFAULT '',
	reminders       TEXT NOT NULL DEFAULT '24h,15m',
	announce_error  TEXT NOT NULL DEFAULT '',  -- why announcements stopped; '' while they work
	planned_through INTEGER NOT NULL,          -- occurrences up to this instant are planned
	next_plan_at    INTEGER,                   -- when the scheduler looks again; NULL: nothing left
	version         INTEGER NOT NULL DEFAULT 1, -- bumped by every change, so planning never races an edit
	created_by      TEXT NOT NULL,
	created_at      INTEGER NOT NULL,
	updated_at      INTEGER NOT NULL
) STRICT;
CREATE INDEX meetings_guild ON meetings (guild_id, status);
CREATE INDEX meetings_to_plan ON meetings (next_plan_at) WHERE status = 'active' AND announce_error = '';
CREATE UNIQUE INDEX meetings_title ON meetings (guild_id, title COLLATE NOCASE) WHERE status IN ('active', 'paused');

-- One row per occurrence the scheduler planned or a moderator cancelled.
CREATE TABLE meeting_occurrences (
	id         INTEGER PRIMARY KEY,
	guild_id   TEXT NOT NULL,
	meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
	starts_at  INTEGER NOT NULL,
	status     TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'cancelled')),
	UNIQUE (meeting_id, starts_at)
) STRICT;
CREATE INDEX meeting_occurrences_guild ON meeting_occurrences (guild_id, starts_at);

-- Members' answers to "are you coming?".
CREATE TABLE meeting_rsvps (
	occurrence_id INTEGER NOT NULL REFERENCES meeting_occurrences (id) ON DELETE CASCADE,
	guild_id      TEXT NOT NULL,
	user_id       TEXT NOT NULL,
	status        TEXT NOT NULL CHECK (status IN ('going', 'maybe', 'no')),
	dm_opt_in     INTEGER NOT NULL DEFAULT 0,
	updated_at    INTEGER NOT NULL,
	PRIMARY KEY (occurrence_id, user_id)
) STRICT;

-- Who was at a meeting: marked by the member, or recorded by a moderator.
CREATE TABLE meeting_attendance (
	occurrence_id INTEGER NOT NULL REFERENCES meeting_occurrences (id) ON DELETE CASCADE,
	guild_id      TEXT NOT NULL,
	user_id       TEXT NOT NULL,
	recorded_by   TEXT NOT NULL,
	at            INTEGER NOT NULL,
	PRIMARY KEY (occurrence_id, user_id)
) STRICT;
CREATE INDEX meeting_attendance_user ON meeting_attendance (guild_id, user_id);

-- Messages the scheduler is to send, is sending, or sent: due work is rows,
-- so nothing is lost on restart, and each is claimed before it is sent, so
-- nothing is sent twice.
CREATE TABLE deliveries (
	id              INTEGER PRIMARY KEY,
	guild_id        TEXT NOT NULL,
	kind            TEXT NOT NULL,
	source          TEXT NOT NULL DEFAULT '',  -- what planned it, e.g. "meeting:42"
	ref             TEXT NOT NULL DEFAULT '',  -- what it is about, e.g. an occurrence ID
	user_id         TEXT NOT NULL DEFAULT '',  -- the member a DM goes to
	channel_id      TEXT NOT NULL DEFAULT '',
	supersede_group TEXT NOT NULL DEFAULT '',  -- of several due at once, only the latest is sent
	dedupe_key      TEXT NOT NULL,
	due_at          INTEGER NOT NULL,
	expires_at      INTEGER NOT NULL,          -- sending after this is useless
	status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'claimed', 'sent', 'skipped', 'failed')),
	attempts        INTEGER NOT NULL DEFAULT 0,
	next_attempt_at INTEGER NOT NULL,
	claimed_at      INTEGER,
	last_error      TEXT NOT NULL DEFAULT '',
	message_id      TEXT NOT NULL DEFAULT '',
	sent_at         INTEGER,
	created_at      INTEGER NOT NULL,
	UNIQUE (guild_id, dedupe_key)
) STRICT;
CREATE INDEX deliveries_pending ON deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX deliveries_claimed ON deliveries (claimed_at) WHERE status = 'claimed';
CREATE INDEX deliveries_group ON deliveries (guild_id, supersede_group, due_at) WHERE supersede_group != '';
CREATE INDEX deliveries_source ON deliveries (guild_id, source, ref);
CREATE INDEX deliveries_done ON deliveries (due_at) WHERE status IN ('sent', 'skipped', 'failed');

-- The last DM to a member that Discord refused (closed DMs), so features
-- can say so and never retry in a loop. Cleared when a DM gets through.
CREATE TABLE dm_failures (
	guild_id TEXT NOT NULL,
	user_id  TEXT NOT NULL,
	kind     TEXT NOT NULL,
	reason   TEXT NOT NULL,
	at       INTEGER NOT NULL,
	PRIMARY KEY (guild_id, user_id)
) STRICT;
