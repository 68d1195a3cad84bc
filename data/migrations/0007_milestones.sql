-- Milestones (issue 8): progress members reach, share, and give each other.

-- One row per milestone: reached automatically (first check-in, streaks,
-- meetings, self-care, time in the community, first story), shared by the
-- member, given as kudos by another member, or awarded by a moderator.
-- Automatic kinds are recorded once per member and threshold (the unique
-- index), so nothing is celebrated twice, even across restarts.
-- announced_at is when a celebration post was planned (the delivery
-- "milestone:<id>" sends it); NULL means none was: the member keeps
-- celebrations private, no channel was set, or the milestone was
-- back-filled (reached before Kindred noticed), which is never posted.
CREATE TABLE milestones (
	id             INTEGER PRIMARY KEY,
	guild_id       TEXT NOT NULL,
	user_id        TEXT NOT NULL,
	kind           TEXT NOT NULL CHECK (kind IN ('first_checkin', 'checkin_streak', 'meetings_attended', 'selfcare_done',
	                                             'membership', 'first_story', 'self_reported', 'kudos', 'award')),
	threshold      INTEGER NOT NULL DEFAULT 0,   -- days, meetings, prompts or months; 0 for one-offs
	title          TEXT NOT NULL DEFAULT '',     -- what a member shared, a kudos reason, an award's title
	note           TEXT NOT NULL DEFAULT '',     -- a shared milestone's note: posted only if the member shares it
	public         INTEGER NOT NULL DEFAULT 0,   -- others may see it in /milestones
	backfilled     INTEGER NOT NULL DEFAULT 0,
	awarded_by     TEXT NOT NULL DEFAULT '',     -- who gave kudos or an award
	ref_channel_id TEXT NOT NULL DEFAULT '',     -- "Celebrate this": the message celebrated
	ref_message_id TEXT NOT NULL DEFAULT '',
	achieved_at    INTEGER NOT NULL,
	announced_at   INTEGER,
	variant        INTEGER NOT NULL DEFAULT 0,   -- the server's celebration number, which picks the words
	encouragements INTEGER NOT NULL DEFAULT 0,
	seen_at        INTEGER                       -- when the member saw an unposted one in /milestones
) STRICT;
CREATE UNIQUE INDEX milestones_automatic ON milestones (guild_id, user_id, kind, threshold)
	WHERE kind NOT IN ('self_reported', 'kudos', 'award');
CREATE INDEX milestones_member ON milestones (guild_id, user_id, achieved_at);
CREATE INDEX milestones_given ON milestones (guild_id, awarded_by, kind, achieved_at) WHERE awarded_by != '';

-- Who pressed "Send encouragement" on a celebration: once per member.
CREATE TABLE milestone_encouragements (
	milestone_id INTEGER NOT NULL REFERENCES milestones (id) ON DELETE CASCADE,
	guild_id     TEXT NOT NULL,
	user_id      TEXT NOT NULL,
	at           INTEGER NOT NULL,
	PRIMARY KEY (milestone_id, user_id)
) STRICT;
CREATE INDEX milestone_encouragements_member ON milestone_encouragements (guild_id, user_id);

-- Members as milestones know them: when they joined the server (as
-- Discord said when Kindred first saw them), and whether they keep their
-- celebrations private (recorded, never posted).
CREATE TABLE milestone_members (
	guild_id   TEXT NOT NULL,
	user_id    TEXT NOT NULL,
	joined_at  INTEGER,
	private    INTEGER NOT NULL DEFAULT 0,
	updated_at INTEGER NOT NULL,
	PRIMARY KEY (guild_id, user_id)
) STRICT;

-- How many celebration posts each server has had: each post takes the
-- next number, which picks its words, so two in a row never read the same.
CREATE TABLE milestone_guilds (
	guild_id     TEXT PRIMARY KEY,
	celebrations INTEGER NOT NULL DEFAULT 0
) STRICT;
