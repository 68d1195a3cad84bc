// Package scheduler implements the schedule language Kindred uses for
// meetings and self-care prompts.
//
// # Language
//
// A schedule is written either in plain words or as a standard 5-field cron
// expression. Plain words are case-insensitive and extra spaces are ignored:
//
//	every day at 09:00            daily at 9am
//	every Tuesday at 19:00        every tuesday and thursday at 7pm
//	every Mon, Wed, Fri at 18:30  weekdays at 08:30
//	weekends at 10:00             first Monday of the month at 18:00
//	last Friday of the month at 17:30
//	every month on the 15th at 12:00
//	once on 2026-12-24 at 17:00
//
// Times may be written as "19:00", "19.00", "7pm", "7:30 pm", "noon" or
// "midnight". A bare hour such as "7" is rejected because it could mean
// morning or evening. The ordinals first, second, third, fourth and last
// are understood; a monthly day such as the 31st is skipped in months that
// do not have it, as in cron.
//
// Anything else is read as a cron expression with the fields minute, hour,
// day of month, month and day of week ("0 19 * * 2"), or one of the
// descriptors @yearly, @annually, @monthly, @weekly, @daily, @midnight and
// @hourly. Seconds fields, @every and CRON_TZ=/TZ= prefixes are rejected:
// the time zone always comes from the server's settings.
//
// Parse errors are written for the moderator who typed the schedule, and
// usually include a suggestion they can copy.
//
// # Time zones and daylight saving time
//
// A schedule does not carry a time zone. [Schedule.Next] interprets it in
// the location it is given: occurrences are computed as wall-clock times in
// that location and each wall-clock time is then turned into an instant by
// one rule:
//
// An occurrence at wall-clock time W happens at the first instant at which
// the local clock reads W or later. So a time skipped by a spring-forward
// jump happens once, at the instant of the jump (02:30 on the US
// spring-forward day happens at 03:00 EDT, the first valid instant after the
// gap, not at 03:30), and a time that occurs twice on a fall-back day
// happens once, at its first (earlier, daylight-saving) instant.
//
// Several wall-clock times inside one gap (say 02:00, 02:15 and 02:30 from a
// cron expression) all map to the jump instant and are reported once. The
// rule applies equally to plain-word schedules and cron expressions, so
// results from Next are strictly increasing and never repeat a wall-clock
// occurrence, even when the starting instant lies between the two passes of
// a repeated hour.
package scheduler
