package scheduler

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/kindred-bot/kindred/i18n"
)

// ParseError is why Parse or ParseTimeOfDay could not read a text. Its
// Error is the English explanation; In writes it in a reader's language,
// with examples that Parse accepts in that language.
type ParseError struct {
	// Text is what was typed, trimmed.
	Text   string
	reason *msg
	// alone marks a reason shown without "I couldn't read ...:" before it.
	alone bool
	// capital starts the explanation with a capital letter.
	capital bool
}

// msg is one catalogue message ("schedule.<id>") with its placeholders,
// followed by a hint.
type msg struct {
	id    string
	count int // for a message with plural forms; -1 otherwise
	args  []any
	hint  *msg
}

// Placeholder values that are written in the reader's language.
type (
	// dayArg is a weekday, written as its name.
	dayArg time.Weekday
	// exampleArg is a schedule to suggest, written as text Parse accepts.
	exampleArg Schedule
	// monthArg is a month of a year, "February 2026".
	monthArg struct {
		year  int
		month time.Month
	}
)

// problem returns a reason: message id with placeholder pairs.
func problem(id string, kv ...any) *msg { return &msg{id: id, count: -1, args: kv} }

// then adds a hint after m and returns m.
func (m *msg) then(hint *msg) *msg {
	last := m
	for last.hint != nil {
		last = last.hint
	}
	last.hint = hint
	return m
}

// Error implements error, in English.
func (m *msg) Error() string { return m.in(i18n.For(i18n.Base)) }

func (m *msg) in(p *i18n.Printer) string {
	kv := make([]any, len(m.args))
	for i, v := range m.args {
		switch v := v.(type) {
		case dayArg:
			kv[i] = weekdayName(p, time.Weekday(v))
		case exampleArg:
			kv[i] = Schedule(v).typable(p)
		case monthArg:
			kv[i] = strings.TrimSpace(monthName(p, v.month) + " " + strconv.Itoa(v.year))
		case *msg:
			kv[i] = v.in(p)
		default:
			kv[i] = v
		}
	}
	var s string
	if m.count >= 0 {
		s = p.N("schedule."+m.id, m.count, kv...)
	} else {
		s = p.T("schedule."+m.id, kv...)
	}
	if m.hint != nil {
		s += " " + m.hint.in(p)
	}
	return s
}

// Error returns the explanation in English.
func (e *ParseError) Error() string { return e.In(i18n.For(i18n.Base)) }

// In returns the explanation in p's language.
func (e *ParseError) In(p *i18n.Printer) string {
	s := e.reason.in(p)
	if !e.alone {
		s = p.T("schedule.err_read", "Text", quote(e.Text), "Reason", s)
	}
	if e.capital {
		s = capitalFirst(s)
	}
	return s
}

// ProblemIn returns err, an error from Parse or ParseTimeOfDay, written
// for the reader of p; other errors are returned as their text.
func ProblemIn(err error, p *i18n.Printer) string {
	if err == nil {
		return ""
	}
	var pe *ParseError
	if errors.As(err, &pe) {
		return pe.In(p)
	}
	return err.Error()
}

func capitalFirst(s string) string {
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}

// weekdayName returns the name of d in p's language.
func weekdayName(p *i18n.Printer, d time.Weekday) string {
	return listItem(p.T("date.weekdays"), int(d))
}

// monthName returns the name of m in p's language.
func monthName(p *i18n.Printer, m time.Month) string {
	return listItem(p.T("date.months"), int(m)-1)
}

// listItem returns item i of a catalogue list separated by "|".
func listItem(list string, i int) string {
	parts := strings.Split(list, "|")
	if i < 0 || i >= len(parts) {
		return ""
	}
	return strings.TrimSpace(parts[i])
}
