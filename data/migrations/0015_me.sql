-- /me (issue 16): a member's own time zone and country, set once and
-- used in every server and in DMs. Not per server: a member's zone is
-- the same wherever they are.
CREATE TABLE member_profile (
	user_id    TEXT PRIMARY KEY,
	time_zone  TEXT NOT NULL DEFAULT '',  -- IANA name, '' for unset
	country    TEXT NOT NULL DEFAULT '',  -- ISO 3166 alpha-2, '' for unset
	updated_at INTEGER NOT NULL
) STRICT;

-- The server's name as Discord last said, so DMs about a server can
-- name it (issue 16). '' until Kindred sees the server again.
ALTER TABLE guilds ADD COLUMN name TEXT NOT NULL DEFAULT '';
