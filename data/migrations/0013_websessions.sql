-- Sessions of the website's moderator dashboard (issue 18). The ID is a
-- random secret held only in the visitor's cookie and here; the Discord
-- access token is never stored: the dashboard asks the bot's own view of
-- each server on every request instead.
CREATE TABLE web_sessions (
	id          TEXT PRIMARY KEY,
	user_id     TEXT NOT NULL,
	username    TEXT NOT NULL DEFAULT '',
	guild_ids   TEXT NOT NULL DEFAULT '', -- servers the user is in, comma-separated, at login
	created_at  INTEGER NOT NULL,
	expires_at  INTEGER NOT NULL
) STRICT;

CREATE INDEX web_sessions_expiry ON web_sessions (expires_at);
CREATE INDEX web_sessions_user ON web_sessions (user_id);
