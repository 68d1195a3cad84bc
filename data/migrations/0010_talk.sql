-- Talk to someone (issue 15): private support threads between a member
-- and the community's listeners.

-- One request for support. A draft holds what the member chose before
-- they confirm: nothing is shared with anyone until then.
CREATE TABLE talk_requests (
	id INTEGER PRIMARY KEY,
	guild_id TEXT NOT NULL,
	user_id TEXT NOT NULL,
	need TEXT NOT NULL,                      -- listen | practical | struggling
	first_message TEXT NOT NULL DEFAULT '',  -- the member's own words, optional
	shared INTEGER NOT NULL DEFAULT 0,       -- 1: the member let listeners see them in the notice
	status TEXT NOT NULL,                    -- draft | open | taken | closed
	thread_id TEXT NOT NULL DEFAULT '',
	notice_channel_id TEXT NOT NULL DEFAULT '',
	notice_message_id TEXT NOT NULL DEFAULT '',
	listener_id TEXT NOT NULL DEFAULT '',    -- who has it now
	created_at INTEGER NOT NULL,
	opened_at INTEGER,
	pinged_at INTEGER,                       -- when listeners were last pinged for it
	escalate_at INTEGER,                     -- due: tell the member nobody has taken it yet
	escalated_at INTEGER,
	taken_at INTEGER,
	closed_at INTEGER,
	closed_by TEXT NOT NULL DEFAULT '',      -- member | listener
	rating INTEGER CHECK (rating IS NULL OR rating BETWEEN 1 AND 5),
	keep INTEGER NOT NULL DEFAULT 0,         -- 1: the member asked to keep their thread
	CHECK (status IN ('draft', 'open', 'taken', 'closed')),
	CHECK (need IN ('listen', 'practical', 'struggling'))
);
-- One open support thread per member per server.
CREATE UNIQUE INDEX talk_requests_one_open ON talk_requests (guild_id, user_id) WHERE status IN ('open', 'taken');
CREATE INDEX talk_requests_escalate ON talk_requests (escalate_at) WHERE status = 'open' AND escalated_at IS NULL;
CREATE INDEX talk_requests_closed ON talk_requests (closed_at) WHERE status = 'closed';

-- Hand-overs between listeners, with a note only listeners see.
CREATE TABLE talk_handovers (
	id INTEGER PRIMARY KEY,
	request_id INTEGER NOT NULL REFERENCES talk_requests (id) ON DELETE CASCADE,
	guild_id TEXT NOT NULL,
	from_id TEXT NOT NULL,
	to_id TEXT NOT NULL,
	note TEXT NOT NULL DEFAULT '',
	-- Where the note was posted for listeners, to delete it with the request.
	note_channel_id TEXT NOT NULL DEFAULT '',
	note_message_id TEXT NOT NULL DEFAULT '',
	at INTEGER NOT NULL
);
CREATE INDEX talk_handovers_request ON talk_handovers (request_id);

-- Listeners who set themselves on duty.
CREATE TABLE talk_listeners (
	guild_id TEXT NOT NULL,
	user_id TEXT NOT NULL,
	on_duty INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	PRIMARY KEY (guild_id, user_id)
);
