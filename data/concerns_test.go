package data_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"testing"
	"time"

	"github.com/kindred-bot/kindred/data"
)

// TestConcernLimitKeepsNothingThatNamesTheMember looks at the database as
// someone holding a copy of it would: no secret in it recomputes a
// member's counter key, and the counters' times can't be matched to the
// concerns' times.
func TestConcernLimitKeepsNothingThatNamesTheMember(t *testing.T) {
	ctx := context.Background()
	s, path := pvOpen(t)
	// An earlier version kept its secret in bot_state; it must go.
	w, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Exec(`INSERT INTO bot_state (key, value) VALUES ('member_key_secret', 'b1946ac92492d2347c6235b4d2611184')`); err != nil {
		t.Fatal(err)
	}
	w.Close()

	at := time.Date(2026, 11, 26, 14, 37, 21, 0, time.UTC)
	for i, nc := range []data.NewConcern{
		{GuildID: pvGuildA, UserID: pvMember, Anonymous: true, ReplyChannelID: pvDM, Text: "The voice chat went too far."},
		{GuildID: pvGuildA, UserID: pvMember, Text: "Can we talk about the rules?"},
		{GuildID: pvGuildA, UserID: pvOther, Anonymous: true, ReplyChannelID: "310000000000000098", Text: "Please check #vent."},
	} {
		s.Now = func() time.Time { return at.Add(time.Duration(i) * 17 * time.Minute) }
		must(s.RaiseConcern(ctx, nc))
	}

	db := pvRaw(t, path)
	var secrets []string
	rows, err := db.Query(`SELECT key, value FROM bot_state`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var k, v string
		mustDo(t, rows.Scan(&k, &v))
		if k == "member_key_secret" {
			t.Errorf("bot_state still holds the member key secret")
		}
		secrets = append(secrets, v)
		if b, err := hex.DecodeString(v); err == nil {
			secrets = append(secrets, string(b))
		}
	}
	mustDo(t, rows.Err())
	rows.Close()
	// Whatever the database holds, none of it keys a member's hash; nor
	// is the hash unkeyed.
	var candidates []string
	for _, member := range []string{pvMember, pvOther} {
		msg := []byte(pvGuildA + ":" + member)
		plain := sha256.Sum256(msg)
		candidates = append(candidates, hex.EncodeToString(plain[:]), member)
		for _, secret := range append(secrets, "") {
			mac := hmac.New(sha256.New, []byte(secret))
			mac.Write(msg)
			candidates = append(candidates, hex.EncodeToString(mac.Sum(nil)))
		}
	}
	for _, c := range candidates {
		var n int
		mustDo(t, db.QueryRow(`SELECT count(*) FROM concern_rate WHERE member_key = ?`, c).Scan(&n))
		if n != 0 {
			t.Errorf("concern_rate has %d rows under %q, which can be computed from the database and a member ID", n, c)
		}
	}

	// The counters know the day only, in random order.
	created := map[int64]bool{}
	crows, err := db.Query(`SELECT created_at FROM concerns`)
	if err != nil {
		t.Fatal(err)
	}
	for crows.Next() {
		var c int64
		mustDo(t, crows.Scan(&c))
		created[c] = true
	}
	mustDo(t, crows.Err())
	crows.Close()
	day := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC).Unix()
	rrows, err := db.Query(`SELECT rowid, at FROM concern_rate`)
	if err != nil {
		t.Fatal(err)
	}
	var n int
	for rrows.Next() {
		var rowid, at int64
		mustDo(t, rrows.Scan(&rowid, &at))
		n++
		if at != day || created[at] {
			t.Errorf("a counter is at %d, want %d (the day, never a concern's time)", at, day)
		}
		if rowid < 1<<20 {
			t.Errorf("a counter has rowid %d, which tells the order concerns were raised in", rowid)
		}
	}
	mustDo(t, rrows.Err())
	rrows.Close()
	if n != 2 {
		t.Errorf("concern_rate has %d rows, want 2 (one per anonymous concern; named ones count themselves)", n)
	}
}

func TestConcernLimitIsPerUTCDay(t *testing.T) {
	ctx := context.Background()
	s, _ := pvOpen(t)
	evening := time.Date(2026, 11, 26, 23, 50, 0, 0, time.UTC)
	for _, tc := range []struct {
		name    string
		at      time.Time
		refused bool
	}{
		{"first", evening, false},
		{"second", evening.Add(time.Minute), false},
		{"third", evening.Add(2 * time.Minute), false},
		{"fourth the same day", evening.Add(9 * time.Minute), true},
		{"next day", evening.Add(11 * time.Minute), false},
	} {
		s.Now = func() time.Time { return tc.at }
		_, err := s.RaiseConcern(ctx, data.NewConcern{GuildID: pvGuildA, UserID: pvMember, Anonymous: true, ReplyChannelID: pvDM, Text: "hello"})
		if got := errors.Is(err, data.ErrConflict); got != tc.refused || (err != nil && !got) {
			t.Errorf("%s concern at %s: err=%v, want refused=%v", tc.name, tc.at.Format(time.TimeOnly), err, tc.refused)
		}
	}
}
