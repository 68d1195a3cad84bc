package scheduler

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/robfig/cron/v3"
)

// maxTextLen is the longest schedule text Parse accepts, in bytes.
const maxTextLen = 200

// tryHint ends most error messages with examples to copy.
const tryHint = `Try "every Tuesday at 19:00", "every other Tuesday at 19:00", "mon-fri at 08:30", "2nd and 4th Thursday at 18:00" or a cron expression like "0 19 * * 2".`

// Parse reads a schedule written in plain words, such as
// "every Tuesday at 19:00", or as a 5-field cron expression, such as
// "0 19 * * 2". The package documentation describes the language.
//
// Errors are meant to be shown to the moderator who wrote text: they say
// what was wrong and suggest something that works.
func Parse(text string) (Schedule, error) {
	text = strings.TrimSpace(text)
	var s Schedule
	var err error
	switch {
	case text == "":
		return Schedule{}, errors.New(`I need a schedule, like "every Tuesday at 19:00" or a cron expression like "0 19 * * 2".`)
	case len(text) > maxTextLen:
		err = errors.New("that's too long for a schedule. " + tryHint)
	case hasZonePrefix(text):
		err = errors.New(`Kindred always uses the server's time zone, so please leave out the TZ= or CRON_TZ= part.`)
	case looksLikeCron(text):
		s, err = parseCron(text)
	default:
		s, err = parseWords(text)
	}
	if err != nil {
		return Schedule{}, fmt.Errorf("I couldn't read %s: %w", quote(text), err)
	}
	return s, nil
}

// quote quotes text for an error message, shortening it if it is long.
func quote(text string) string {
	const limit = 60
	if utf8.RuneCountInString(text) > limit {
		text = string([]rune(text)[:limit]) + "…"
	}
	return strconv.Quote(text)
}

// hasZonePrefix reports whether text starts with a cron time zone setting.
func hasZonePrefix(text string) bool {
	upper := strings.ToUpper(text)
	return strings.HasPrefix(upper, "TZ=") || strings.HasPrefix(upper, "CRON_TZ=")
}

// looksLikeCron reports whether text should be read as a cron expression
// rather than words: it starts with a digit, "*", "?" or "@", and does not
// start with a date (which begins a one-off schedule).
func looksLikeCron(text string) bool {
	if !strings.ContainsRune("0123456789*?@", rune(text[0])) {
		return false
	}
	first := strings.Fields(text)[0]
	if isDateLike(first) {
		return false
	}
	// "2nd and 4th Thursday at 18:00" starts with a digit but is words: a
	// cron field has only digits and * , - / ? in it.
	return first[0] == '@' || strings.Trim(first, "0123456789*,-/?") == ""
}

// Cron expressions.

// cronFieldNames names the five fields of a cron expression, in order.
var cronFieldNames = [5]string{"minute", "hour", "day-of-month", "month", "day-of-week"}

// cronFieldParsers parse one field each, to say which field is wrong.
var cronFieldParsers = [5]cron.Parser{
	cron.NewParser(cron.Minute),
	cron.NewParser(cron.Hour),
	cron.NewParser(cron.Dom),
	cron.NewParser(cron.Month),
	cron.NewParser(cron.Dow),
}

var standardParser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// cronHint ends error messages about cron expressions.
const cronHint = `A cron expression has five fields: minute, hour, day of month, month and day of week, like "0 19 * * 2" for every Tuesday at 19:00.`

func parseCron(text string) (Schedule, error) {
	fields := strings.Fields(text)
	if strings.HasPrefix(fields[0], "@") {
		return parseDescriptor(fields)
	}
	switch n := len(fields); {
	case n == 6:
		return Schedule{}, errors.New("it has six fields, but Kindred doesn't use a seconds field. " + cronHint)
	case n != 5:
		return Schedule{}, fmt.Errorf("it has %d fields. %s", n, cronHint)
	}
	for i, f := range fields {
		if strings.Trim(strings.ToLower(f), "0123456789abcdefghijklmnopqrstuvwxyz*?,-/") != "" {
			return Schedule{}, fmt.Errorf("the %s field %s has characters cron doesn't use. %s", cronFieldNames[i], quote(f), cronHint)
		}
		if slices.Contains(strings.Split(f, ","), "") {
			return Schedule{}, fmt.Errorf("the %s field %s has an empty part between commas. %s", cronFieldNames[i], quote(f), cronHint)
		}
		if _, err := cronFieldParsers[i].Parse(f); err != nil {
			hint := cronHint
			if i == 4 && strings.Contains(f, "7") {
				hint = "Use 0 for Sunday. " + hint
			}
			return Schedule{}, fmt.Errorf("the %s field %s doesn't work (%w). %s", cronFieldNames[i], quote(f), err, hint)
		}
	}
	return cronSchedule(strings.Join(fields, " "))
}

// descriptors are the cron descriptors Parse accepts.
var descriptors = []string{"@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"}

func parseDescriptor(fields []string) (Schedule, error) {
	d := strings.ToLower(fields[0])
	switch {
	case d == "@every":
		return Schedule{}, errors.New(`@every isn't supported, because it drifts from the clock. For every 30 minutes, use "*/30 * * * *".`)
	case !slices.Contains(descriptors, d):
		return Schedule{}, fmt.Errorf("I don't know %s. The ones I know are %s.", quote(fields[0]), strings.Join(descriptors, ", "))
	case len(fields) > 1:
		return Schedule{}, fmt.Errorf("%s stands on its own, without anything after it.", d)
	}
	return cronSchedule(d)
}

// cronSchedule turns an already checked cron expression into a Schedule.
func cronSchedule(spec string) (Schedule, error) {
	parsed, err := standardParser.Parse(spec)
	if err != nil {
		return Schedule{}, fmt.Errorf("%w. %s", err, cronHint)
	}
	ss, ok := parsed.(*cron.SpecSchedule)
	if !ok {
		return Schedule{}, errors.New("that isn't a calendar schedule. " + cronHint)
	}
	s := Schedule{kind: kindCron, cron: cronFields{
		minute: ss.Minute,
		hour:   ss.Hour,
		dom:    ss.Dom,
		month:  ss.Month,
		dow:    ss.Dow,
	}}
	if _, ok := s.cron.nextWall(time.Date(2000, time.January, 1, 0, 0, 0, 0, time.UTC)); !ok {
		return Schedule{}, errors.New("it never happens, because it only matches dates that don't exist (like 30 February). " + cronHint)
	}
	return s, nil
}

// Plain words.

// dayWords maps words for days of the week to the days they mean.
var dayWords = map[string]time.Weekday{
	"sunday": time.Sunday, "sun": time.Sunday, "sundays": time.Sunday,
	"monday": time.Monday, "mon": time.Monday, "mondays": time.Monday,
	"tuesday": time.Tuesday, "tue": time.Tuesday, "tues": time.Tuesday, "tuesdays": time.Tuesday,
	"wednesday": time.Wednesday, "wed": time.Wednesday, "wednesdays": time.Wednesday,
	"thursday": time.Thursday, "thu": time.Thursday, "thur": time.Thursday, "thurs": time.Thursday, "thursdays": time.Thursday,
	"friday": time.Friday, "fri": time.Friday, "fridays": time.Friday,
	"saturday": time.Saturday, "sat": time.Saturday, "saturdays": time.Saturday,
}

// daySetWords maps words for several days to the days they mean.
var daySetWords = map[string]weekdaySet{
	"day": allDays, "days": allDays, "daily": allDays, "everyday": allDays,
	"weekday": weekdays, "weekdays": weekdays,
	"weekend": weekends, "weekends": weekends,
}

// ordinals maps the ordinal words of "first Monday of the month".
var ordinals = map[string]int{
	"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3,
	"fourth": 4, "4th": 4, "last": -1,
}

// biweeklyWords mark an every-other-week schedule.
var biweeklyWords = []string{"other", "alternate", "fortnight", "fortnightly", "biweekly", "bi-weekly"}

// unsupported explains words for schedules Parse can't express.
var unsupported = map[string]string{
	"hour":     everyHour,
	"hours":    everyHour,
	"hourly":   everyHour,
	"minute":   everyHour,
	"minutes":  everyHour,
	"year":     everyYear,
	"years":    everyYear,
	"yearly":   everyYear,
	"annually": everyYear,
}

const (
	everyHour = `for something every hour or every few minutes, use a cron expression like "0 * * * *" (every hour) or "*/30 * * * *" (every 30 minutes).`
	everyYear = `for something once a year, use a cron expression like "0 12 24 12 *" (24 December at 12:00).`
)

// vocabulary lists the words suggested for misspellings.
var vocabulary = []string{
	"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
	"every", "daily", "weekdays", "weekends", "month", "once",
	"first", "second", "third", "fourth", "last",
}

// clock is a time of day.
type clock struct{ hour, minute int }

func (c clock) String() string { return fmt.Sprintf("%02d:%02d", c.hour, c.minute) }

// defaultClock is the time used in suggestions when text has no usable time.
var defaultClock = clock{19, 0}

func parseWords(text string) (Schedule, error) {
	text = strings.ToLower(text)
	text = strings.NewReplacer("a.m.", "am", "p.m.", "pm", "a.m", "am", "p.m", "pm", ",", " , ", "&", " and ", "–", "-", "—", "-").Replace(text)
	toks, anchor, anchored, err := cutStartDate(strings.Fields(text))
	if err != nil {
		return Schedule{}, err
	}

	dateToks, timeToks, hasTime := splitTime(toks)
	var c clock
	var clockErr error
	if hasTime {
		c, clockErr = parseClock(timeToks)
	}
	hint := c
	if !hasTime || clockErr != nil {
		hint = defaultClock
	}

	s, err := parseDays(dateToks, hint)
	switch {
	case err != nil:
		return Schedule{}, err
	case !hasTime:
		s.hour, s.minute = hint.hour, hint.minute
		return Schedule{}, fmt.Errorf("I need a time too. Try %q.", s.String())
	case clockErr != nil:
		return Schedule{}, clockErr
	}
	s.hour, s.minute = c.hour, c.minute
	if anchored {
		if !s.Biweekly() {
			return Schedule{}, errors.New(`a start date only goes with every-other-week schedules, like "every other Tuesday at 19:00 from 2026-12-08".`)
		}
		s.anchor = anchor
	}
	return s, nil
}

// splitTime splits tokens into the part that says which days and the part
// that says what time: the words after the last "at", or else a time
// such as "9am" or "19:00" at the end.
func splitTime(toks []string) (days, clock []string, ok bool) {
	for i := len(toks) - 1; i >= 0; i-- {
		if toks[i] == "at" {
			return toks[:i], toks[i+1:], true
		}
	}
	n := len(toks)
	if n >= 2 && (toks[n-1] == "am" || toks[n-1] == "pm") && isDigits(strings.NewReplacer(":", "", ".", "").Replace(toks[n-2])) {
		return toks[:n-2], toks[n-2:], true
	}
	if n >= 2 && len(toks[n-1]) == 4 && isDigits(toks[n-1]) {
		return toks[:n-1], toks[n-1:], true // "weekdays 0830"
	}
	if n >= 1 && looksLikeClock(toks[n-1]) {
		return toks[:n-1], toks[n-1:], true
	}
	return toks, nil, false
}

// looksLikeClock reports whether tok is clearly meant as a time, like
// "9am", "19:00" or "noon" (but not a bare number such as "15").
func looksLikeClock(tok string) bool {
	if tok == "noon" || tok == "midnight" {
		return true
	}
	body := strings.TrimSuffix(strings.TrimSuffix(tok, "am"), "pm")
	marked := body != tok || strings.ContainsAny(body, ":.")
	return marked && body != "" && isDigits(strings.NewReplacer(":", "", ".", "").Replace(body))
}

func isDigits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

// parseClock reads a time of day from the tokens after "at".
func parseClock(toks []string) (clock, error) {
	text := strings.Join(toks, "")
	switch text {
	case "":
		return clock{}, errors.New(`I need a time after "at", like "at 19:00" or "at 7pm".`)
	case "noon":
		return clock{12, 0}, nil
	case "midnight":
		return clock{0, 0}, nil
	}
	if len(toks) > 2 {
		return clock{}, fmt.Errorf(`the time %s has extra words. Put one time at the end, like "every Tuesday at 19:00".`, quote(strings.Join(toks, " ")))
	}

	body, suffix := text, ""
	if s, ok := strings.CutSuffix(text, "am"); ok {
		body, suffix = s, "am"
	} else if s, ok := strings.CutSuffix(text, "pm"); ok {
		body, suffix = s, "pm"
	}
	hourText, minuteText, hasMinutes := strings.Cut(strings.NewReplacer(".", ":", "h", ":").Replace(body), ":")
	if !hasMinutes && isDigits(hourText) && (len(hourText) == 3 || len(hourText) == 4) {
		// "0830", "1900" or "830", as on a 24-hour clock.
		hourText, minuteText, hasMinutes = hourText[:len(hourText)-2], hourText[len(hourText)-2:], true
	}
	if hasMinutes && minuteText == "" && strings.HasSuffix(body, "h") {
		minuteText = "00" // "20h"
	}
	if !isDigits(hourText) || len(hourText) > 2 || (hasMinutes && (!isDigits(minuteText) || len(minuteText) != 2)) {
		return clock{}, fmt.Errorf(`I don't understand the time %s. Write it like "19:00", "0830", "7pm" or "7:30 pm".`, quote(text))
	}
	hour, _ := strconv.Atoi(hourText)
	minute := 0
	if hasMinutes {
		minute, _ = strconv.Atoi(minuteText)
	}

	switch {
	case suffix == "" && !hasMinutes && hour >= 1 && hour <= 12:
		return clock{}, fmt.Errorf(`%s could be morning or evening. Write "%dam", "%dpm" or "%02d:00".`, quote(text), hour, hour, hour%12+12)
	case suffix == "" && !hasMinutes && hour <= 23:
		return clock{}, fmt.Errorf(`please write %s as "%02d:00".`, quote(text), hour)
	case suffix != "" && (hour < 1 || hour > 12):
		return clock{}, fmt.Errorf(`%s isn't a time: with am or pm, hours go from 1 to 12.`, quote(text))
	case hour > 23:
		return clock{}, fmt.Errorf(`%s isn't a time of day: hours go from 00 to 23.`, quote(text))
	case minute > 59:
		return clock{}, fmt.Errorf(`%s isn't a time of day: minutes go from 00 to 59.`, quote(text))
	}
	switch suffix {
	case "am":
		hour %= 12
	case "pm":
		hour = hour%12 + 12
	}
	return clock{hour, minute}, nil
}

// parseDays reads the part of a plain-words schedule before the time.
// Its result has no time of day yet; hint is used in suggestions.
func parseDays(toks []string, hint clock) (Schedule, error) {
	if len(toks) == 0 {
		return Schedule{}, fmt.Errorf("I need to know which days. %s", tryHint)
	}
	if slices.ContainsFunc(toks, isDateLike) || slices.Contains(toks, "once") {
		return parseOnce(toks)
	}
	for _, t := range toks {
		if msg, ok := unsupported[t]; ok {
			return Schedule{}, errors.New(msg)
		}
	}
	if slices.ContainsFunc(toks, func(t string) bool { return slices.Contains(biweeklyWords, t) }) {
		return parseBiweekly(toks, hint)
	}
	if slices.Contains(toks, "month") || slices.Contains(toks, "monthly") || hasOrdinalWeekday(toks) {
		return parseMonthly(toks, hint)
	}
	return parseWeekly(toks, hint)
}

// isDateLike reports whether tok looks like an attempt at a date: three
// numbers separated by "-" or "/", one of them a four-digit year, such as
// "2026-12-24" or "24/12/2026". Cron fields never look like that.
func isDateLike(tok string) bool {
	for _, sep := range []string{"-", "/"} {
		parts := strings.Split(tok, sep)
		if len(parts) == 3 && isDigits(parts[0]) && isDigits(parts[1]) && isDigits(parts[2]) &&
			(len(parts[0]) == 4 || len(parts[2]) == 4) {
			return true
		}
	}
	return false
}

// dateHint ends error messages about one-off dates.
const dateHint = `Write one-off dates as year-month-day, like "once on 2026-12-24 at 17:00".`

func parseOnce(toks []string) (Schedule, error) {
	var rest []string
	for _, t := range toks {
		if t != "once" && t != "on" && t != "the" {
			rest = append(rest, t)
		}
	}
	switch {
	case len(rest) == 0:
		return Schedule{}, errors.New("I need a date. " + dateHint)
	case len(rest) > 1:
		return Schedule{}, errors.New("a one-off schedule has just a date and a time. " + dateHint)
	}
	parts := strings.Split(rest[0], "-")
	if len(parts) != 3 || len(parts[0]) != 4 || len(parts[1]) > 2 || len(parts[2]) > 2 ||
		!isDigits(parts[0]) || !isDigits(parts[1]) || !isDigits(parts[2]) {
		return Schedule{}, fmt.Errorf("I don't understand the date %s. %s", quote(rest[0]), dateHint)
	}
	year, _ := strconv.Atoi(parts[0])
	month, _ := strconv.Atoi(parts[1])
	day, _ := strconv.Atoi(parts[2])
	switch {
	case month < 1 || month > 12:
		return Schedule{}, fmt.Errorf("%s isn't a real date: months go from 01 to 12. %s", quote(rest[0]), dateHint)
	case day < 1 || day > daysIn(year, time.Month(month)):
		return Schedule{}, fmt.Errorf("%s isn't a real date: %s %d has %d days.",
			quote(rest[0]), time.Month(month), year, daysIn(year, time.Month(month)))
	}
	return Schedule{kind: kindOnce, year: year, month: time.Month(month), day: day}, nil
}

// hasOrdinalWeekday reports whether toks contain something like
// "first Monday" or "fifth Friday".
func hasOrdinalWeekday(toks []string) bool {
	for i := 0; i+1 < len(toks); i++ {
		_, isOrdinal := ordinals[toks[i]]
		isOrdinal = isOrdinal || toks[i] == "fifth" || toks[i] == "5th"
		if _, isDay := dayWords[toks[i+1]]; isOrdinal && isDay {
			return true
		}
	}
	return false
}

// monthFiller are words in monthly schedules that carry no meaning here.
var monthFiller = []string{"every", "each", "on", "the", "of", "month", "monthly", "a", "in", "and", ","}

// monthlyHint ends error messages about monthly schedules.
const monthlyHint = `Try "first Monday of the month at 18:00", "last Friday of the month at 17:30" or "every month on the 15th at 12:00".`

func parseMonthly(toks []string, hint clock) (Schedule, error) {
	var rest []string
	for _, t := range toks {
		if !slices.Contains(monthFiller, t) {
			rest = append(rest, t)
		}
	}
	switch {
	case len(rest) == 0:
		return Schedule{}, errors.New("I need to know which day of the month. " + monthlyHint)
	case len(rest) == 1:
		if n, ok := dayNumber(rest[0]); ok {
			if n < 1 || n > 31 {
				return Schedule{}, fmt.Errorf("months have days 1 to 31, so %s doesn't work. %s", quote(rest[0]), monthlyHint)
			}
			return Schedule{kind: kindMonthDay, dom: n}, nil
		}
	case len(rest) >= 2:
		wd, isDay := dayWords[rest[len(rest)-1]]
		var nths nthSet
		allOrdinals := true
		for _, t := range rest[:len(rest)-1] {
			n, ok := ordinals[t]
			allOrdinals = allOrdinals && ok
			nths |= nthBit(n)
		}
		switch {
		case isDay && allOrdinals:
			return Schedule{kind: kindNthWeekday, nths: nths, weekday: wd}, nil
		case isDay && slices.ContainsFunc(rest, func(t string) bool { return t == "fifth" || t == "5th" }):
			return Schedule{}, fmt.Errorf(`not every month has a fifth %s. Try "last %s of the month at %s".`, wd, wd, hint)
		case len(rest) == 2 && rest[0] == "last" && (rest[1] == "day" || rest[1] == "days"):
			return Schedule{}, errors.New(`I can't do the last day of the month yet. "every month on the 28th" happens in every month.`)
		}
	}
	for _, t := range rest {
		_, known := dayWords[t]
		_, isOrdinal := ordinals[t]
		if _, isNumber := dayNumber(t); !known && !isOrdinal && !isNumber {
			return Schedule{}, unknownWord(t, hint)
		}
	}
	return Schedule{}, errors.New("I couldn't tell which day of the month you mean. " + monthlyHint)
}

// dayNumber reads a day of the month such as "15", "15th" or "1st". It
// reports false if tok isn't a number; the number may be out of range.
func dayNumber(tok string) (int, bool) {
	for _, suffix := range []string{"st", "nd", "rd", "th"} {
		tok = strings.TrimSuffix(tok, suffix)
	}
	if !isDigits(tok) || len(tok) > 2 {
		return 0, false
	}
	n, _ := strconv.Atoi(tok)
	return n, true
}

// weeklyFiller are words in weekly schedules that carry no meaning here.
var weeklyFiller = []string{"every", "each", "on", "and", ",", "week", "weekly"}

// rangeWords join two days into a range, as in "monday to friday".
var rangeWords = []string{"to", "through", "thru", "till", "until", "-"}

// dayRange returns the days from a to b, wrapping past Sunday ("fri-mon").
func dayRange(a, b time.Weekday) weekdaySet {
	var set weekdaySet
	for d := a; ; d = (d + 1) % 7 {
		set |= 1 << d
		if d == b {
			return set
		}
	}
}

// splitRanges splits tokens like "mon-fri" into "mon", "-", "fri".
func splitRanges(toks []string) []string {
	var out []string
	for _, t := range toks {
		a, b, ok := strings.Cut(t, "-")
		_, aDay := dayWords[a]
		_, bDay := dayWords[b]
		if ok && aDay && bDay {
			out = append(out, a, "-", b)
			continue
		}
		out = append(out, t)
	}
	return out
}

func parseWeekly(toks []string, hint clock) (Schedule, error) {
	var days weekdaySet
	toks = splitRanges(toks)
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if i+2 < len(toks) && slices.Contains(rangeWords, toks[i+1]) {
			a, aDay := dayWords[t]
			b, bDay := dayWords[toks[i+2]]
			if aDay && bDay {
				days |= dayRange(a, b)
				i += 2
				continue
			}
		}
		if wd, ok := dayWords[t]; ok {
			days |= 1 << wd
		} else if set, ok := daySetWords[t]; ok {
			days |= set
		} else if !slices.Contains(weeklyFiller, t) {
			return Schedule{}, unknownWord(t, hint)
		}
	}
	if days == 0 {
		return Schedule{}, errors.New("I need to know which days. " + tryHint)
	}
	return Schedule{kind: kindWeekly, days: days}, nil
}

// biweeklyHint ends error messages about every-other-week schedules.
const biweeklyHint = `Try "every other Tuesday at 19:00" or "biweekly on Monday and Thursday at 18:00".`

// parseBiweekly reads an every-other-week schedule such as "every other
// Tuesday" or "biweekly on Monday and Thursday". Its weeks are counted
// from biweeklyEpoch until [Schedule.Anchored] or a "from" date says
// otherwise.
func parseBiweekly(toks []string, hint clock) (Schedule, error) {
	var rest []string
	for _, t := range toks {
		switch {
		case slices.Contains(biweeklyWords, t), t == "week", t == "weeks":
		case t == "day" || t == "days" || t == "daily":
			return Schedule{}, fmt.Errorf(`I can't do every other day, because it drifts across the week. Try "every Monday, Wednesday and Friday at %s".`, hint)
		case t == "month" || t == "monthly" || hasOrdinalWeekday([]string{t, "monday"}):
			return Schedule{}, fmt.Errorf(`every other week and a day of the month don't go together. Try "every other Tuesday at %s" or "2nd and 4th Tuesday at %s".`, hint, hint)
		default:
			rest = append(rest, t)
		}
	}
	s, err := parseWeekly(rest, hint)
	if err != nil {
		if strings.HasPrefix(err.Error(), "I need to know which days") {
			return Schedule{}, errors.New("I need to know which day of the week. " + biweeklyHint)
		}
		return Schedule{}, err
	}
	s.every = 2
	return s, nil
}

// cutStartDate removes a start date such as "from 2026-12-08" from toks,
// returning the days from biweeklyEpoch to it.
func cutStartDate(toks []string) ([]string, int, bool, error) {
	for i := 0; i+1 < len(toks); i++ {
		if (toks[i] == "from" || toks[i] == "starting") && isDateLike(toks[i+1]) {
			d, err := time.Parse("2006-01-02", toks[i+1])
			if err != nil {
				return nil, 0, false, fmt.Errorf("I don't understand the start date %s. Write it as year-month-day, like \"from 2026-12-08\".", quote(toks[i+1]))
			}
			rest := append(slices.Clone(toks[:i]), toks[i+2:]...)
			return rest, dayNumberOf(d), true, nil
		}
	}
	return toks, 0, false, nil
}

// unknownWord explains that word isn't understood, suggesting a
// correction if it looks like a misspelling.
func unknownWord(word string, hint clock) error {
	guess, ok := suggest(word)
	if !ok {
		return fmt.Errorf("I don't know the word %s. %s", quote(word), tryHint)
	}
	if wd, isDay := dayWords[strings.ToLower(guess)]; isDay {
		return fmt.Errorf(`did you mean %s? Try "every %s at %s" or a cron expression like "%d %d * * %d".`,
			guess, guess, hint, hint.minute, hint.hour, wd)
	}
	return fmt.Errorf("did you mean %q? %s", guess, tryHint)
}

// suggest returns the vocabulary word closest to word, if it is close
// enough to be a likely misspelling.
func suggest(word string) (string, bool) {
	best, bestDist := "", 3
	for _, v := range vocabulary {
		if d := editDistance(word, strings.ToLower(v)); d < bestDist {
			best, bestDist = v, d
		}
	}
	if best == "" || (bestDist == 2 && utf8.RuneCountInString(word) < 5) {
		return "", false
	}
	return best, true
}

// editDistance returns the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// ParseTimeOfDay reads a time of day written the way schedules take it
// ("19:00", "0830", "7pm", "7:30 pm", "20h30", "noon") and returns it as
// HH:MM. It is the one time parser for every Kindred command; its errors
// say what would work.
func ParseTimeOfDay(text string) (string, error) {
	text = strings.ToLower(strings.TrimSpace(text))
	text = strings.NewReplacer("a.m.", "am", "p.m.", "pm", "a.m", "am", "p.m", "pm").Replace(text)
	toks := strings.Fields(text)
	if len(toks) == 0 {
		return "", errors.New(`I need a time, like "19:00", "0830" or "7pm".`)
	}
	c, err := parseClock(toks)
	if err != nil {
		msg := err.Error()
		return "", errors.New(strings.ToUpper(msg[:1]) + msg[1:])
	}
	return c.String(), nil
}
