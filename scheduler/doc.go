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
//	every other Tuesday at 19:00  biweekly on tuesday at 19:00
//	mon-fri at 8:00               2nd and 4th Thursday at 18:00
//
// Every-other-week schedules count weeks (Monday to Sunday) from a start
// date: one written as "from 2026-12-08", or set by [Schedule.Anchored]
// when the schedule is saved, or else a fixed date in 2024, so the dates
// of stored text never depend on when it is read.
//
// Times may be written as "19:00", "19.00", "0830", "20h30", "7pm",
// "7:30 pm", "noon" or "midnight" ([ParseTimeOfDay] reads them alone). A bare hour such as "7" is rejected because it could mean
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
// usually include a suggestion they can copy. They are a [*ParseError]:
// its Error is English, and [ProblemIn] writes it in a reader's language
// with examples that Parse accepts in that language.
//
// # Other languages
//
// Schedules may also be typed in any language Kindred speaks:
//
//	todos los martes a las 19:00      tous les mardis à 19h
//	jeden 2. und 4. Donnerstag im Monat um 18 Uhr
//	toda terça-feira às 19h           ogni martedì alle 19
//	om de week op dinsdag om 19:00    w każdy wtorek o 19:00
//	una vez el 24 de diciembre de 2026 a las 17:00
//
// Parse first reads text as English, exactly as above; if that fails,
// each language's words (words_<lang>.go, with accents folded away) are
// rewritten into English and the result is parsed. Words whose meaning
// depends on their neighbours are decided there: "a" is "at" before a
// time and "to" between two days, Portuguese "quarta" is Wednesday or
// fourth, German "am" is "on" unless it follows a number. No word means
// different things in two languages (the tables are checked when the
// package loads). A bare hour from 12 to 23 is accepted after a
// language's word for "at" ("alle 19"), as those languages use a
// 24-hour clock.
//
// [Schedule.Describe] writes a schedule in English and
// [Schedule.DescribeIn] in a printer's language, from the catalogue's
// schedule.* messages ("jeden Dienstag um 19:00 Uhr"). A description is
// text Parse reads back as the same schedule, except for the start date
// of an every-other-week schedule, the note on days 29 to 31 of a month
// and a cron expression without words. [Schedule.String], the stored
// form, stays English.
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
//
// # Running: reminders as rows
//
// A [Runner] turns meetings into deliveries (rows in the database) and
// sends them through a [Notifier], which package bot implements. It wakes
// when the next delivery is due (or a claim's lease ends), shortly after
// another writer changed the store, and at least every 30 seconds; tests
// call [Runner.Tick] after moving a fake clock, without sleeping, or
// inject Run's ticker and timer.
//
// Planning: each active meeting's occurrences are computed with
// [Schedule.Next] in the meeting's time zone (or else the server's) and
// recorded, one row per occurrence, as soon as they are within the
// meeting's longest reminder plus an hour. Each occurrence gets one
// delivery per reminder offset (due that long before it starts, expiring
// when it starts) and a "starting now" post (due when it starts, expiring
// [StartGrace] later). Deliveries have unique keys, so planning twice
// changes nothing.
//
// Every recurring source (meetings, self-care schedules, members' nudges,
// check-in reminders) is planned the same way: it implements [Source],
// and one planner loads its due rows in batches, applies the missed-run
// policy (planning resumes where the row was planned through, but never
// more than the source's grace before now), and records each batch with
// data.Store.RecordPlans, which enqueues a row's deliveries only if the
// row is unchanged since it was loaded. A new source (scheduled events,
// say) implements Source and gets all of that.
//
// Sending: due deliveries go out urgent first (starting-now posts and
// alerts), then by expiry, one lane per destination (a channel or a
// member's DMs) so one channel's rate limit holds up only that channel,
// within the bot's global pace. Each is claimed in an immediate
// transaction before it is sent, so two processes never both send it. A
// claim is a lease: one left by a killed process is released when the
// next process starts (or after [ClaimLease]), and a delivery tried
// before is first looked for in its channel ([Finder]) and only sent if
// it is not there; the bot's nonce makes a repeat within minutes safe
// anyway. So every delivery goes out exactly once. A temporary failure
// (network, 5xx, 429) is retried after 5s, 10s, 20s and so on, then every
// 10m, up to 12 attempts, while the delivery is still useful: a wait
// that would end after the delivery expires is cut to half the time it
// has left ([RetryAt]), so a reminder gets its last tries before the
// meeting starts. A permanent
// failure is not retried: a deleted channel or missing access stops that
// meeting's announcements and tells the moderators in the alerts
// channel; a member's closed DMs are recorded and not retried.
//
// Missed while down: when Kindred comes back, a reminder is still sent if
// the meeting has not started yet, and a "starting now" post if the
// meeting started less than [StartGrace] ago. Anything older is skipped
// and logged, never sent late. If several deliveries for the same
// occurrence are due at once (say the 24-hour and the 15-minute reminder
// after a long outage, or a meeting created shortly before it starts),
// only the latest one is sent. Occurrences that passed entirely while
// Kindred was down are not announced.
package scheduler
