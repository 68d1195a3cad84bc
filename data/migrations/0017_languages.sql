-- Languages (issue 21). A member's own choice of language (/me language,
-- '' to follow Discord) and the Discord language Kindred last saw them
-- use, so DMs sent later (reminders) are in it too. The server's Discord
-- language, for public posts when moderators have not chosen one.
ALTER TABLE member_profile ADD COLUMN language TEXT NOT NULL DEFAULT '';
ALTER TABLE member_profile ADD COLUMN discord_locale TEXT NOT NULL DEFAULT '';
ALTER TABLE guilds ADD COLUMN locale TEXT NOT NULL DEFAULT '';
