-- When a delivery was first claimed: a send whose outcome is unknown (the
-- process was killed, or Discord answered 5xx or timed out) is looked for
-- among the channel's messages posted since then before it is sent again.
ALTER TABLE deliveries ADD COLUMN first_claimed_at INTEGER;
