-- Self-care prompts and nudges (issue 7).
--
-- Kindred's own prompt library is not stored here: it is shipped data
-- (data/selfcare/prompts.json), and a prompt is named by a ref: "k:<id>"
-- for one of Kindred's, "s:<row id>" for one of a server's own.

-- A server's own prompts, which join Kindred's in the rotation.
CREATE TABLE selfcare_prompts (
	id         INTEGER PRIMARY KEY,
	guild_id   TEXT NOT NULL,
	category   TEXT NOT NULL,
	text       TEXT NOT NULL,
	text_key   TEXT NOT NULL,           -- text folded for duplicate checks
	enabled    INTEGER NOT NULL DEFAULT 1,
	created_by TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	updated_by TEXT NOT NULL,
	updated_at INTEGER NOT NULL,
	UNIQUE (guild_id, text_key)
) STRICT;
CREATE INDEX selfcare_prompts_guild ON selfcare_prompts (guild_id, category);

-- Kindred's own prompts that a server switched off.
CREATE TABLE selfcare_shipped_disabled (
	guild_id    TEXT NOT NULL,
	prompt_ref  TEXT NOT NULL,
	disabled_by TEXT NOT NULL,
	disabled_at INTEGER NOT NULL,
	PRIMARY KEY (guild_id, prompt_ref)
) STRICT;

-- Where each rotation is: one for a server's channel posts (scope ''),
-- one per member for their nudges (scope 'u:<user ID>'). The prompts used
-- in the current cycle are in selfcare_rotation_used; when every enabled
-- prompt was used, they are cleared and the cycle starts again.
CREATE TABLE selfcare_rotation (
	guild_id      TEXT NOT NULL,
	scope         TEXT NOT NULL,
	cycle         INTEGER NOT NULL DEFAULT 1,
	position      INTEGER NOT NULL DEFAULT 0,   -- prompts picked so far
	last_ref      TEXT NOT NULL DEFAULT '',
	last_category TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (guild_id, scope)
) STRICT;

CREATE TABLE selfcare_rotation_used (
	guild_id   TEXT NOT NULL,
	scope      TEXT NOT NULL,
	prompt_ref TEXT NOT NULL,
	PRIMARY KEY (guild_id, scope, prompt_ref)
) STRICT;

-- Each prompt sent: a channel post or a member's nudge. delivery_key is
-- the delivery it was picked for, so a retried send shows the same prompt
-- and the rotation moves on once. The text is kept as it was sent.
CREATE TABLE selfcare_posts (
	id           INTEGER PRIMARY KEY,
	guild_id     TEXT NOT NULL,
	delivery_key TEXT NOT NULL,
	schedule_id  INTEGER NOT NULL DEFAULT 0,     -- 0 for a nudge
	user_id      TEXT NOT NULL DEFAULT '',       -- the member, for a nudge
	prompt_ref   TEXT NOT NULL,
	category     TEXT NOT NULL,
	text         TEXT NOT NULL,
	created_at   INTEGER NOT NULL,
	UNIQUE (guild_id, delivery_key)
) STRICT;
-- A rotation's recent posts by category (user_id '' for the channel rotation).
CREATE INDEX selfcare_posts_rotation ON selfcare_posts (guild_id, user_id, category, id);

-- "I did this": one row per member per post, for milestones later.
CREATE TABLE selfcare_done (
	guild_id TEXT NOT NULL,
	post_id  INTEGER NOT NULL REFERENCES selfcare_posts (id) ON DELETE CASCADE,
	user_id  TEXT NOT NULL,
	at       INTEGER NOT NULL,
	PRIMARY KEY (guild_id, post_id, user_id)
) STRICT;
CREATE INDEX selfcare_done_user ON selfcare_done (guild_id, user_id, at);

-- Scheduled channel posts.
CREATE TABLE selfcare_schedules (
	id              INTEGER PRIMARY KEY,
	guild_id        TEXT NOT NULL,
	status          TEXT NOT NULL CHECK (status IN ('active', 'paused')),
	schedule        TEXT NOT NULL,               -- canonical schedule text
	channel_id      TEXT NOT NULL,
	post_error      TEXT NOT NULL DEFAULT '',    -- why posting stopped; '' while it works
	planned_through INTEGER NOT NULL,            -- slots up to this instant are planned
	next_plan_at    INTEGER,                     -- when the scheduler looks again; NULL: nothing left
	version         INTEGER NOT NULL DEFAULT 1,  -- bumped by every change, so planning never races an edit
	created_by      TEXT NOT NULL,
	created_at      INTEGER NOT NULL,
	updated_at      INTEGER NOT NULL
) STRICT;
CREATE INDEX selfcare_schedules_guild ON selfcare_schedules (guild_id);
CREATE INDEX selfcare_schedules_to_plan ON selfcare_schedules (next_plan_at) WHERE status = 'active';

-- Members' personal nudges (DMs) and quiet hours. times are HH:MM in
-- zone, comma-separated; days is the day part of a schedule ("every day",
-- "weekdays", "every Monday and Thursday"). A row exists once a member set
-- quiet hours or opted in; enabled says whether nudges are on.
CREATE TABLE selfcare_nudges (
	guild_id        TEXT NOT NULL,
	user_id         TEXT NOT NULL,
	enabled         INTEGER NOT NULL DEFAULT 0,
	times           TEXT NOT NULL DEFAULT '',
	days            TEXT NOT NULL DEFAULT 'every day',
	zone            TEXT NOT NULL DEFAULT 'UTC',
	quiet_from      TEXT NOT NULL DEFAULT '22:00',
	quiet_to        TEXT NOT NULL DEFAULT '08:00',
	snoozed_date    TEXT NOT NULL DEFAULT '',    -- a local day with no nudges (YYYY-MM-DD)
	dm_error        TEXT NOT NULL DEFAULT '',    -- why DMs failed; nudges stop until the member opts in again
	planned_through INTEGER NOT NULL DEFAULT 0,
	next_plan_at    INTEGER,
	version         INTEGER NOT NULL DEFAULT 1,
	updated_at      INTEGER NOT NULL,
	PRIMARY KEY (guild_id, user_id)
) STRICT;
CREATE INDEX selfcare_nudges_to_plan ON selfcare_nudges (next_plan_at) WHERE enabled = 1;
