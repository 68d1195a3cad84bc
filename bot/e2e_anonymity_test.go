package bot_test

import (
	"bytes"
	"database/sql"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kindred-bot/kindred/bot"
	"github.com/kindred-bot/kindred/bot/discordtest"
	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/scheduler"
)

// logBuffer collects logs written from several goroutines.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// waitLog waits until the logs contain want.
func waitLog(t *testing.T, logs *logBuffer, want string) {
	t.Helper()
	deadline := time.Now().Add(discordtest.DefaultWaitTimeout)
	for !strings.Contains(logs.String(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("no log line with %q:\n%s", want, logs.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// The README promises that nothing ties an anonymous concern to its author:
// no member ID on the concern, and no log line or stored error that pairs
// a member with the DM channel the concern's replies go through. Here
// the author's DMs fail, on the network and with a Discord error, while
// the concern is open, and the database and the logs are searched.
func TestAnonymousConcernStaysAnonymousWhenDMsFail(t *testing.T) {
	logs := &logBuffer{}
	h := newHarnessLogging(t, logs)
	g, modLog := h.guild.ID, h.guild.ChannelID("mod-log")
	carol, bob := h.member("carol"), h.member("bob")
	pvSet(t, h, data.SettingAlertsChannel, modLog)
	pvSet(t, h, data.SettingModeratorRole, h.guild.RoleID("Moderator"))

	// Carol asks for a check-in reminder by DM at 13:00, then raises an
	// anonymous concern.
	resp := h.fake.SlashCommand(g, carol, "checkin", discordtest.Group("remind", discordtest.Sub("on",
		discordtest.Opt("time", "13:00"), discordtest.Opt("timezone", "Europe/London")))).Wait(t)
	if !strings.Contains(strings.ToLower(resp.Content()), "remind") {
		t.Fatalf("remind on: %q", resp.Content())
	}
	form := h.fake.SlashCommand(g, carol, "concern", discordtest.Sub("anonymous")).Wait(t)
	h.fake.SubmitModal(g, carol, form.Data.CustomID, map[string]string{"text": "Please look at the voice channel."}).Wait(t)
	alert := h.fake.WaitMessage(t, modLog, func(m *discordtest.Message) bool { return strings.Contains(m.Content, "anonymous concern") })
	ref := alert.Content[strings.Index(alert.Content, "C-") : strings.Index(alert.Content, "C-")+6]
	dm := h.fake.DMChannelID(carol.User.ID)
	if dm == "" {
		t.Fatal("no DM channel was opened for the concern's replies")
	}

	// The reminder DM fails twice: the connection drops, then Discord
	// answers 500. Both are temporary and recorded on the delivery.
	runner := &scheduler.Runner{Store: h.store, Notifier: h.bot, Now: h.clock.Now, Log: bot.RedactingLogger(h.logger(), "")}
	h.fake.DropNext("POST", "/channels/"+dm+"/messages", 1)
	tickAt(t, h, runner, harnessStart.Add(time.Hour))
	h.fake.Inject("POST", "/channels/"+dm+"/messages", discordtest.Fault{Status: 500, Message: "oops"})
	tickAt(t, h, runner, harnessStart.Add(time.Hour+10*time.Minute))
	waitLog(t, logs, "will retry")

	// A moderator's reply to the concern fails on the network too.
	h.fake.DropNext("POST", "/channels/"+dm+"/messages", 1)
	h.fake.SlashCommand(g, bob, "mod-concerns", discordtest.Sub("reply", discordtest.Opt("ref", ref), discordtest.Opt("text", "We're on it."))).Wait(t)

	// The database: the DM channel is on the concern only; carol's ID is
	// never next to it, and stored errors carry a code, not the URL.
	if found := pvRowsContaining(t, h, dm); len(found) != 1 || found["concerns"] != 1 {
		t.Errorf("the concern's DM channel is stored outside the concern: %v", found)
	}
	db, err := sql.Open("sqlite3", "file:"+h.dbPath+"?_query_only=true")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT last_error FROM deliveries WHERE user_id = ? AND last_error != ''`, carol.User.ID)
	if err != nil {
		t.Fatal(err)
	}
	var errs []string
	for rows.Next() {
		var e string
		if err := rows.Scan(&e); err != nil {
			t.Fatal(err)
		}
		errs = append(errs, e)
	}
	rows.Close()
	if len(errs) == 0 {
		t.Fatal("no failed delivery was recorded; the test saw nothing")
	}
	for _, e := range errs {
		if !strings.HasPrefix(e, "temporary: ") || strings.Contains(e, dm) || strings.Contains(e, carol.User.ID) {
			t.Errorf("stored error %q: want a reason code and no IDs", e)
		}
	}

	// The logs: no line names the DM channel, and none pairs carol's ID
	// with a channel.
	for _, line := range strings.Split(logs.String(), "\n") {
		if strings.Contains(line, dm) {
			t.Errorf("a log line names the anonymous concern's DM channel: %s", line)
		}
		if strings.Contains(line, carol.User.ID) && strings.Contains(line, "channel") {
			t.Errorf("a log line pairs carol with a channel: %s", line)
		}
	}
}

// An interaction callback that fails on the network is logged without its
// token, which is in the URL.
func TestInteractionTokensAreNotLogged(t *testing.T) {
	logs := &logBuffer{}
	h := newHarnessLogging(t, logs)
	h.fake.DropNext("POST", "/interactions/*/*/callback", 1)
	in := h.fake.SlashCommand(h.guild.ID, h.member("carol"), "help")
	waitLog(t, logs, "interaction reply failed")
	out := logs.String()
	if strings.Contains(out, in.Token) {
		t.Fatalf("the interaction token is in the logs:\n%s", out)
	}
	if !strings.Contains(out, "<token>") {
		t.Errorf("the failed callback's URL is not in the log at all (want it redacted):\n%s", out)
	}
}
