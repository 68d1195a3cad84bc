-- Resources directory and crisis lines (issue 5).

-- The country whose crisis lines a member wants to see, per server.
CREATE TABLE member_country (
	guild_id   TEXT NOT NULL,
	user_id    TEXT NOT NULL,
	country    TEXT NOT NULL,    -- ISO 3166-1 alpha-2
	updated_at INTEGER NOT NULL,
	PRIMARY KEY (guild_id, user_id)
) STRICT;

-- A server's directory of help: services, hotlines, groups, reading, apps.
CREATE TABLE resources (
	id              INTEGER PRIMARY KEY,
	guild_id        TEXT NOT NULL,
	name            TEXT NOT NULL,
	name_key        TEXT NOT NULL,   -- name folded to lower case, for uniqueness and sorting
	category        TEXT NOT NULL,
	description     TEXT NOT NULL,
	tags            TEXT NOT NULL,   -- lower case, comma-separated
	region          TEXT NOT NULL,
	region_key      TEXT NOT NULL,   -- region folded to lower case, for browsing
	languages       TEXT NOT NULL,
	phone           TEXT NOT NULL,
	text_line       TEXT NOT NULL,
	website         TEXT NOT NULL,
	address         TEXT NOT NULL,
	hours           TEXT NOT NULL,
	last_checked_at INTEGER NOT NULL,
	created_by      TEXT NOT NULL,
	created_at      INTEGER NOT NULL,
	updated_by      TEXT NOT NULL,
	updated_at      INTEGER NOT NULL,
	UNIQUE (guild_id, name_key)
) STRICT;
CREATE INDEX resources_browse ON resources (guild_id, category, name_key);
CREATE INDEX resources_region ON resources (guild_id, region_key, name_key);
CREATE INDEX resources_checked ON resources (guild_id, last_checked_at);

-- A small number standing for each server in the full-text index.
CREATE TABLE resource_guilds (
	lid      INTEGER PRIMARY KEY,
	guild_id TEXT NOT NULL UNIQUE
) STRICT;

-- Full-text index of resources (FTS4: go-sqlite3 builds it by default,
-- FTS5 only with a build tag). docid is resources.id. The index is
-- partitioned by server through FTS4's languageid ("lid", from
-- resource_guilds), so a search reads only its own server's entries and
-- costs the same however many servers there are. The triggers keep it in
-- step with resources inside the same transaction. prefix="1,2,3" makes
-- the short prefix queries of autocomplete fast.
CREATE VIRTUAL TABLE resources_fts USING fts4 (
	name, tags, body,
	languageid="lid",
	tokenize=unicode61 "remove_diacritics=2",
	prefix="1,2,3"
);

CREATE TRIGGER resources_guild BEFORE INSERT ON resources BEGIN
	INSERT OR IGNORE INTO resource_guilds (guild_id) VALUES (new.guild_id);
END;

CREATE TRIGGER resources_fts_insert AFTER INSERT ON resources BEGIN
	INSERT INTO resources_fts (docid, lid, name, tags, body)
	VALUES (new.id, (SELECT lid FROM resource_guilds WHERE guild_id = new.guild_id), new.name,
	        new.category || ' ' || replace(new.tags, ',', ' '),
	        new.description || ' ' || new.region || ' ' || new.languages || ' ' || new.address);
END;

-- A resource never changes server, so its lid stays.
CREATE TRIGGER resources_fts_update AFTER UPDATE OF name, category, tags, description, region, languages, address ON resources BEGIN
	UPDATE resources_fts SET
		name = new.name,
		tags = new.category || ' ' || replace(new.tags, ',', ' '),
		body = new.description || ' ' || new.region || ' ' || new.languages || ' ' || new.address
	WHERE docid = old.id;
END;

CREATE TRIGGER resources_fts_delete AFTER DELETE ON resources BEGIN
	DELETE FROM resources_fts WHERE docid = old.id;
END;

-- A server with no resources left keeps no number in the index, so that
-- erasing a server's resources leaves no trace of it here.
CREATE TRIGGER resources_guild_forget AFTER DELETE ON resources
WHEN NOT EXISTS (SELECT 1 FROM resources WHERE guild_id = old.guild_id) BEGIN
	DELETE FROM resource_guilds WHERE guild_id = old.guild_id;
END;
