package scheduler

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kindred-bot/kindred/i18n"
	"github.com/robfig/cron/v3"
)

// maxTextLen is the longest schedule text Parse accepts, in bytes.
const maxTextLen = 200

// tryHint ends most error messages with examples to copy.
func tryHint() *msg { return problem("hint_try") }

// Parse reads a schedule written in plain words, such as
// "every Tuesday at 19:00", or as a 5-field cron expression, such as
// "0 19 * * 2". The package documentation describes the language.
//
// Text may also be written in any of Kindred's other languages ("todos
// los martes a las 19:00", "jeden Dienstag um 19 Uhr"): see words.go.
//
// Errors are meant to be shown to the moderator who wrote text: they say
// what was wrong and suggest something that works. They are a
// *ParseError, whose Error is English; [ProblemIn] writes one in the
// reader's language.
func Parse(text string) (Schedule, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return Schedule{}, &ParseError{reason: problem("err_empty"), alone: true}
	}
	s, err := parseText(text)
	if err == nil {
		return s, nil
	}
	if len(text) <= maxTextLen {
		if tr, changed, foreignUsed := translate(text); changed {
			s2, err2 := parseText(tr)
			if err2 == nil {
				return s2, nil
			}
			if foreignUsed {
				err = err2
			}
		}
	}
	return Schedule{}, &ParseError{Text: text, reason: err}
}

// parseText parses English text, returning why it can't.
func parseText(text string) (Schedule, *msg) {
	switch {
	case len(text) > maxTextLen:
		return Schedule{}, problem("err_too_long").then(tryHint())
	case hasZonePrefix(text):
		return Schedule{}, problem("err_zone")
	case looksLikeCron(text):
		return parseCron(text)
	default:
		return parseWords(text)
	}
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
// Their catalogue messages are schedule.field_<name>.
var cronFieldNames = [5]string{"minute", "hour", "dom", "month", "dow"}

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
func cronHint() *msg { return problem("hint_cron") }

func parseCron(text string) (Schedule, *msg) {
	fields := strings.Fields(text)
	if strings.HasPrefix(fields[0], "@") {
		return parseDescriptor(fields)
	}
	switch n := len(fields); {
	case n == 6:
		return Schedule{}, problem("err_cron_six").then(cronHint())
	case n != 5:
		m := problem("err_cron_count")
		m.count = n
		return Schedule{}, m.then(cronHint())
	}
	for i, f := range fields {
		field := i18n.Msg("schedule.field_" + cronFieldNames[i])
		if strings.Trim(strings.ToLower(f), "0123456789abcdefghijklmnopqrstuvwxyz*?,-/") != "" {
			return Schedule{}, problem("err_cron_chars", "Field", field, "Value", quote(f)).then(cronHint())
		}
		if slices.Contains(strings.Split(f, ","), "") {
			return Schedule{}, problem("err_cron_empty_part", "Field", field, "Value", quote(f)).then(cronHint())
		}
		if _, err := cronFieldParsers[i].Parse(f); err != nil {
			m := problem("err_cron_field", "Field", field, "Value", quote(f), "Detail", err.Error())
			if i == 4 && strings.Contains(f, "7") {
				m.then(problem("hint_sunday"))
			}
			return Schedule{}, m.then(cronHint())
		}
	}
	return cronSchedule(strings.Join(fields, " "))
}

// descriptors are the cron descriptors Parse accepts.
var descriptors = []string{"@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"}

func parseDescriptor(fields []string) (Schedule, *msg) {
	d := strings.ToLower(fields[0])
	switch {
	case d == "@every":
		return Schedule{}, problem("err_every")
	case !slices.Contains(descriptors, d):
		return Schedule{}, problem("err_descriptor", "Value", quote(fields[0]), "Known", strings.Join(descriptors, ", "))
	case len(fields) > 1:
		return Schedule{}, problem("err_descriptor_alone", "Value", d)
	}
	return cronSchedule(d)
}

// cronSchedule turns an already checked cron expression into a Schedule.
func cronSchedule(spec string) (Schedule, *msg) {
	parsed, err := standardParser.Parse(spec)
	if err != nil {
		return Schedule{}, problem("err_cron_other", "Detail", err.Error()).then(cronHint())
	}
	ss, ok := parsed.(*cron.SpecSchedule)
	if !ok {
		return Schedule{}, problem("err_not_calendar").then(cronHint())
	}
	s := Schedule{kind: kindCron, cron: cronFields{
		minute: ss.Minute,
		hour:   ss.Hour,
		dom:    ss.Dom,
		month:  ss.Month,
		dow:    ss.Dow,
	}}
	if _, ok := s.cron.nextWall(time.Date(2000, time.January, 1, 0, 0, 0, 0, time.UTC)); !ok {
		return Schedule{}, problem("err_never").then(cronHint())
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
	"hour":     "err_every_hour",
	"hours":    "err_every_hour",
	"hourly":   "err_every_hour",
	"minute":   "err_every_hour",
	"minutes":  "err_every_hour",
	"year":     "err_every_year",
	"years":    "err_every_year",
	"yearly":   "err_every_year",
	"annually": "err_every_year",
}

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

func parseWords(text string) (Schedule, *msg) {
	text = strings.ToLower(text)
	text = strings.NewReplacer("a.m.", "am", "p.m.", "pm", "a.m", "am", "p.m", "pm", ",", " , ", "&", " and ", "–", "-", "—", "-").Replace(text)
	toks, anchor, anchored, err := cutStartDate(strings.Fields(text))
	if err != nil {
		return Schedule{}, err
	}

	dateToks, timeToks, hasTime := splitTime(toks)
	var c clock
	var clockErr *msg
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
		return Schedule{}, problem("err_need_time", "Example", exampleArg(s))
	case clockErr != nil:
		return Schedule{}, clockErr
	}
	s.hour, s.minute = c.hour, c.minute
	if anchored {
		if !s.Biweekly() {
			return Schedule{}, problem("err_start_biweekly_only")
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
func parseClock(toks []string) (clock, *msg) {
	text := strings.Join(toks, "")
	switch text {
	case "":
		return clock{}, problem("err_time_after_at")
	case "noon":
		return clock{12, 0}, nil
	case "midnight":
		return clock{0, 0}, nil
	}
	if len(toks) > 2 {
		return clock{}, problem("err_time_extra", "Value", quote(strings.Join(toks, " ")))
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
		return clock{}, problem("err_time_unknown", "Value", quote(text))
	}
	hour, _ := strconv.Atoi(hourText)
	minute := 0
	if hasMinutes {
		minute, _ = strconv.Atoi(minuteText)
	}

	switch {
	case suffix == "" && !hasMinutes && hour >= 1 && hour <= 12:
		return clock{}, problem("err_time_ambiguous", "Value", quote(text), "Hour", strconv.Itoa(hour), "Evening", fmt.Sprintf("%02d", hour%12+12))
	case suffix == "" && !hasMinutes && hour <= 23:
		return clock{}, problem("err_time_write_as", "Value", quote(text), "Clock", fmt.Sprintf("%02d:00", hour))
	case suffix != "" && (hour < 1 || hour > 12):
		return clock{}, problem("err_time_ampm", "Value", quote(text))
	case hour > 23:
		return clock{}, problem("err_time_hours", "Value", quote(text))
	case minute > 59:
		return clock{}, problem("err_time_minutes", "Value", quote(text))
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
func parseDays(toks []string, hint clock) (Schedule, *msg) {
	if len(toks) == 0 {
		return Schedule{}, problem("err_need_days").then(tryHint())
	}
	if slices.ContainsFunc(toks, isDateLike) || slices.Contains(toks, "once") {
		return parseOnce(toks)
	}
	for _, t := range toks {
		if id, ok := unsupported[t]; ok {
			return Schedule{}, problem(id)
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
func dateHint() *msg { return problem("hint_date") }

func parseOnce(toks []string) (Schedule, *msg) {
	var rest []string
	for _, t := range toks {
		if t != "once" && t != "on" && t != "the" {
			rest = append(rest, t)
		}
	}
	switch {
	case len(rest) == 0:
		return Schedule{}, problem("err_need_date").then(dateHint())
	case len(rest) > 1:
		return Schedule{}, problem("err_once_extra").then(dateHint())
	}
	parts := strings.Split(rest[0], "-")
	if len(parts) != 3 || len(parts[0]) != 4 || len(parts[1]) > 2 || len(parts[2]) > 2 ||
		!isDigits(parts[0]) || !isDigits(parts[1]) || !isDigits(parts[2]) {
		return Schedule{}, problem("err_date_unknown", "Value", quote(rest[0])).then(dateHint())
	}
	year, _ := strconv.Atoi(parts[0])
	month, _ := strconv.Atoi(parts[1])
	day, _ := strconv.Atoi(parts[2])
	switch {
	case month < 1 || month > 12:
		return Schedule{}, problem("err_date_month", "Value", quote(rest[0])).then(dateHint())
	case day < 1 || day > daysIn(year, time.Month(month)):
		return Schedule{}, problem("err_date_day", "Value", quote(rest[0]),
			"Month", monthArg{year, time.Month(month)}, "Days", strconv.Itoa(daysIn(year, time.Month(month))))
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
func monthlyHint() *msg { return problem("hint_monthly") }

func parseMonthly(toks []string, hint clock) (Schedule, *msg) {
	var rest []string
	for _, t := range toks {
		if !slices.Contains(monthFiller, t) {
			rest = append(rest, t)
		}
	}
	switch {
	case len(rest) == 0:
		return Schedule{}, problem("err_month_which").then(monthlyHint())
	case len(rest) == 1:
		if n, ok := dayNumber(rest[0]); ok {
			if n < 1 || n > 31 {
				return Schedule{}, problem("err_month_range", "Value", quote(rest[0])).then(monthlyHint())
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
			last := Schedule{kind: kindNthWeekday, nths: nthBit(-1), weekday: wd, hour: hint.hour, minute: hint.minute}
			return Schedule{}, problem("err_fifth", "Day", dayArg(wd), "Example", exampleArg(last))
		case len(rest) == 2 && rest[0] == "last" && (rest[1] == "day" || rest[1] == "days"):
			return Schedule{}, problem("err_last_day")
		}
	}
	for _, t := range rest {
		_, known := dayWords[t]
		_, isOrdinal := ordinals[t]
		if _, isNumber := dayNumber(t); !known && !isOrdinal && !isNumber {
			return Schedule{}, unknownWord(t, hint)
		}
	}
	return Schedule{}, problem("err_month_unclear").then(monthlyHint())
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

func parseWeekly(toks []string, hint clock) (Schedule, *msg) {
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
		return Schedule{}, problem("err_need_days").then(tryHint())
	}
	return Schedule{kind: kindWeekly, days: days}, nil
}

// biweeklyHint ends error messages about every-other-week schedules.
func biweeklyHint() *msg { return problem("hint_biweekly") }

// parseBiweekly reads an every-other-week schedule such as "every other
// Tuesday" or "biweekly on Monday and Thursday". Its weeks are counted
// from biweeklyEpoch until [Schedule.Anchored] or a "from" date says
// otherwise.
func parseBiweekly(toks []string, hint clock) (Schedule, *msg) {
	var rest []string
	for _, t := range toks {
		switch {
		case slices.Contains(biweeklyWords, t), t == "week", t == "weeks":
		case t == "day" || t == "days" || t == "daily":
			mwf := Schedule{kind: kindWeekly, days: 1<<time.Monday | 1<<time.Wednesday | 1<<time.Friday, hour: hint.hour, minute: hint.minute}
			return Schedule{}, problem("err_other_day", "Example", exampleArg(mwf))
		case t == "month" || t == "monthly" || hasOrdinalWeekday([]string{t, "monday"}):
			return Schedule{}, problem("err_other_month", "Time", hint.String())
		default:
			rest = append(rest, t)
		}
	}
	s, err := parseWeekly(rest, hint)
	if err != nil {
		if err.id == "err_need_days" {
			return Schedule{}, problem("err_other_which").then(biweeklyHint())
		}
		return Schedule{}, err
	}
	s.every = 2
	return s, nil
}

// cutStartDate removes a start date such as "from 2026-12-08" from toks,
// returning the days from biweeklyEpoch to it.
func cutStartDate(toks []string) ([]string, int, bool, *msg) {
	for i := 0; i+1 < len(toks); i++ {
		if (toks[i] == "from" || toks[i] == "starting") && isDateLike(toks[i+1]) {
			d, err := time.Parse("2006-01-02", toks[i+1])
			if err != nil {
				return nil, 0, false, problem("err_start_date", "Value", quote(toks[i+1]))
			}
			rest := append(slices.Clone(toks[:i]), toks[i+2:]...)
			return rest, dayNumberOf(d), true, nil
		}
	}
	return toks, 0, false, nil
}

// unknownWord explains that word isn't understood, suggesting a
// correction if it looks like a misspelling.
func unknownWord(word string, hint clock) *msg {
	guess, ok := suggest(word)
	if !ok {
		return problem("err_unknown_word", "Value", quote(word)).then(tryHint())
	}
	wd, isDay := dayWords[strings.ToLower(guess)]
	if d, foreign := daySuggestions[guess]; foreign {
		wd, isDay = d, true
	}
	if isDay {
		every := Schedule{kind: kindWeekly, days: 1 << wd, hour: hint.hour, minute: hint.minute}
		return problem("err_did_you_mean_day", "Day", dayArg(wd), "Example", exampleArg(every),
			"Cron", fmt.Sprintf("%d %d * * %d", hint.minute, hint.hour, wd))
	}
	return problem("err_did_you_mean", "Word", strconv.Quote(guess)).then(tryHint())
}

// suggest returns the vocabulary word closest to word, if it is close
// enough to be a likely misspelling.
func suggest(word string) (string, bool) {
	best, bestDist := "", 3
	for _, v := range append(vocabulary, suggestionWords()...) {
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
		return "", &ParseError{reason: problem("err_time_need"), alone: true}
	}
	c, err := parseClock(toks)
	if err != nil {
		return "", &ParseError{Text: text, reason: err, alone: true, capital: true}
	}
	return c.String(), nil
}
