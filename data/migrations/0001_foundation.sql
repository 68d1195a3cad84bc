-- Servers Kindred has been added to.
CREATE TABLE guilds (
	guild_id   TEXT PRIMARY KEY,
	joined_at  INTEGER NOT NULL,
	removed_at INTEGER,            -- set when Kindred is removed; data is deleted after a grace period
	welcomed   INTEGER NOT NULL DEFAULT 0
) STRICT;

-- One row per setting a moderator changed from its default.
CREATE TABLE guild_settings (
	guild_id   TEXT NOT NULL,
	key        TEXT NOT NULL,
	value      TEXT NOT NULL,
	updated_at INTEGER NOT NULL,
	updated_by TEXT NOT NULL,
	PRIMARY KEY (guild_id, key)
) STRICT;

-- Every change to settings: who, what, old value, new value, when.
CREATE TABLE settings_audit (
	id        INTEGER PRIMARY KEY,
	guild_id  TEXT NOT NULL,
	user_id   TEXT NOT NULL,
	key       TEXT NOT NULL,
	old_value TEXT NOT NULL,
	new_value TEXT NOT NULL,
	at        INTEGER NOT NULL
) STRICT;
CREATE INDEX settings_audit_guild ON settings_audit (guild_id, at);

-- Small facts the runtime keeps, such as the hash of the last synced commands.
CREATE TABLE bot_state (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) STRICT;
