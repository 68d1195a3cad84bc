-- Members' data rights, concerns and retention (issue 9).

-- Concerns members raise with the moderators through /concern. A named
-- concern keeps the member's ID; an anonymous one never does: it keeps
-- only the DM channel Kindred replies through (reply_channel_id), and
-- that is cleared when the concern is closed. ref is what moderators see
-- and use ("C-7F3K").
CREATE TABLE concerns (
	id               INTEGER PRIMARY KEY,
	guild_id         TEXT NOT NULL,
	ref              TEXT NOT NULL,
	anonymous        INTEGER NOT NULL CHECK (anonymous IN (0, 1)),
	user_id          TEXT,                     -- named concerns only
	reply_channel_id TEXT,                     -- anonymous concerns only, while open
	text             TEXT NOT NULL,
	status           TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
	alert_channel_id TEXT NOT NULL DEFAULT '',
	alert_message_id TEXT NOT NULL DEFAULT '',
	replies          INTEGER NOT NULL DEFAULT 0,
	created_at       INTEGER NOT NULL,
	closed_at        INTEGER,
	closed_by        TEXT NOT NULL DEFAULT '',
	UNIQUE (guild_id, ref),
	CHECK (anonymous = 0 OR user_id IS NULL),
	CHECK (anonymous = 1 OR (user_id IS NOT NULL AND reply_channel_id IS NULL)),
	CHECK (status = 'open' OR reply_channel_id IS NULL)
) STRICT;
CREATE INDEX concerns_open ON concerns (guild_id, status, created_at);
CREATE INDEX concerns_member ON concerns (guild_id, user_id) WHERE user_id IS NOT NULL;

-- Concerns raised recently, for the per-member limit. member_key is an
-- HMAC-SHA256 of the server and member IDs under a secret held only in
-- the running process's memory, never the member ID, so an anonymous
-- concern leaves no ID behind; at is the UTC day. Past days are pruned.
CREATE TABLE concern_rate (
	guild_id   TEXT NOT NULL,
	member_key TEXT NOT NULL,
	at         INTEGER NOT NULL
) STRICT;
CREATE INDEX concern_rate_member ON concern_rate (guild_id, member_key, at);
CREATE INDEX concern_rate_at ON concern_rate (at);

-- Moderator actions across features, for accountability. Changes to
-- settings stay in settings_audit; the audit view shows both.
CREATE TABLE moderator_audit (
	id           INTEGER PRIMARY KEY,
	guild_id     TEXT NOT NULL,
	moderator_id TEXT NOT NULL,              -- '' once that member erased their data
	feature      TEXT NOT NULL,
	action       TEXT NOT NULL,
	target       TEXT NOT NULL DEFAULT '',
	detail       TEXT NOT NULL DEFAULT '',
	at           INTEGER NOT NULL
) STRICT;
CREATE INDEX moderator_audit_guild ON moderator_audit (guild_id, at);
CREATE INDEX moderator_audit_feature ON moderator_audit (guild_id, feature, at);

-- Members who left a server. Their data there is deleted once the
-- server's grace period has passed, unless they come back first.
CREATE TABLE members_left (
	guild_id TEXT NOT NULL,
	user_id  TEXT NOT NULL,
	left_at  INTEGER NOT NULL,
	PRIMARY KEY (guild_id, user_id)
) STRICT;
CREATE INDEX members_left_at ON members_left (left_at);

-- Servers that Kindred was removed from are found by guilds.removed_at.
CREATE INDEX guilds_removed ON guilds (removed_at) WHERE removed_at IS NOT NULL;

-- A check-in's note is kept for the server's note_retention_days.
CREATE INDEX checkins_notes ON checkins (guild_id, created_at) WHERE note IS NOT NULL;

-- Finds one member's answers, to export or delete them.
CREATE INDEX meeting_rsvps_user ON meeting_rsvps (guild_id, user_id);
