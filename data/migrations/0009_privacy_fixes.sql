-- Privacy fixes (review of issue 9).

-- Where a milestone's celebration was posted, recorded on the milestone
-- when the post is sent (as checkins.shared_message_id is), so the post
-- can be deleted with the member's data however long ago it was made:
-- the delivery that sent it is pruned after 30 days.
ALTER TABLE milestones ADD COLUMN post_channel_id TEXT NOT NULL DEFAULT '';
ALTER TABLE milestones ADD COLUMN post_message_id TEXT NOT NULL DEFAULT '';

-- Posts sent before this migration are known only while their delivery
-- is kept: copy them over.
UPDATE milestones SET
	post_channel_id = d.channel_id,
	post_message_id = d.message_id
FROM deliveries d
WHERE d.guild_id = milestones.guild_id AND d.dedupe_key = 'milestone:' || milestones.id
  AND d.status = 'sent' AND d.message_id != '';
