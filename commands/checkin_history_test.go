package commands_test

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kindred-bot/kindred/commands"
	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/i18n"
)

func TestCheckinHistory(t *testing.T) {
	f := newCiFixture(t, map[string]string{data.SettingTimeZone: "America/New_York"})
	if resp := f.slash(member1, "history"); !strings.Contains(resp.Content, "haven't checked in here yet") {
		t.Fatalf("empty history: %s", resp.Content)
	}
	loc, _ := time.LoadLocation("America/New_York")
	st := f.st()
	var ids []int64
	for i := 0; i < 40; i++ {
		if i%9 == 4 {
			continue
		}
		f.s.Now = func() time.Time { return time.Date(2026, 11, 26-i, 20, 0, 0, 0, loc) }
		note := ""
		if i == 0 {
			note = "my private words"
		}
		c, err := f.s.AddCheckin(context.Background(), data.Checkin{GuildID: guildA, UserID: member1, Mood: 1 + i%5, Note: note}, st.Location())
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, c.ID)
	}
	f.s.Now = func() time.Time { return testNow }
	f.checkin(member2, 5)

	for _, days := range []int{30, 90} {
		resp := f.slash(member1, "history", opt{"days", days})
		if !resp.Ephemeral || len(resp.Embeds) != 1 || len(resp.Files) != 1 {
			t.Fatalf("history: ephemeral=%v embeds=%d files=%d", resp.Ephemeral, len(resp.Embeds), len(resp.Files))
		}
		e := resp.Embeds[0]
		want := 27 // 30 days, less the days i%9 == 4 (4, 13, 22)
		if days == 90 {
			want = 36
		}
		if !strings.Contains(e.Title, strconv.Itoa(days)) || !strings.Contains(e.Description, fmt.Sprintf("in the last %d days:** %d", days, want)) {
			t.Fatalf("embed:\n%s\n%s", e.Title, e.Description)
		}
		// Missed days 22 Nov, 13 Nov, 4 Nov and 26 Oct fall in different
		// weeks, so each is a rest day; the streak runs back to 18 Oct.
		if !strings.Contains(e.Description, "**Streak:** 36 days") || !strings.Contains(e.Description, "my private words") {
			t.Fatalf("embed:\n%s", e.Description)
		}
		if e.Image == nil || e.Image.URL != "attachment://mood.png" || resp.Files[0].Name != "mood.png" || resp.Files[0].ContentType != "image/png" {
			t.Fatalf("chart attachment: %+v %+v", e.Image, resp.Files[0])
		}
		img, err := png.Decode(resp.Files[0].Reader)
		if err != nil {
			t.Fatalf("chart is not a PNG: %v", err)
		}
		if b := img.Bounds(); b.Dx() != 800 || b.Dy() != 400 {
			t.Fatalf("chart is %v", b)
		}
		if ciButtons(resp)["Delete all my check-ins"] != "ci-delall" || ciButtons(resp)["select:Delete a check-in…"] != "ci-delpick" {
			t.Fatalf("buttons %v", ciButtons(resp))
		}
	}

	// Member 2 sees only their own.
	resp := f.slash(member2, "history")
	if text := ciText(resp); strings.Contains(text, "my private words") || !strings.Contains(text, "last 30 days:** 1") {
		t.Fatalf("member 2's history:\n%s", text)
	}

	// Deleting from history asks first, in a new message.
	resp = f.press(member1, "ci-delpick", strconv.FormatInt(ids[0], 10))
	if resp.Update || !strings.Contains(resp.Content, "Delete your check-in from Thu 26 Nov 20:00") {
		t.Fatalf("question (update=%v): %s", resp.Update, resp.Content)
	}
	if got := f.press(member1, ciButton(t, resp, "Keep it")); !strings.Contains(got.Content, "Nothing was deleted") {
		t.Fatalf("keep: %s", got.Content)
	}
	resp = f.press(member1, ciButton(t, resp, "Delete it"))
	if !strings.Contains(resp.Content, "Deleted") {
		t.Fatalf("delete: %s", resp.Content)
	}
	if resp := f.press(member2, "ci-delpick", strconv.FormatInt(ids[1], 10)); !strings.Contains(resp.Content, "belongs to someone else") {
		t.Fatalf("member 2 picking member 1's check-in: %s", resp.Content)
	}
}

func TestCheckinHistoryStreakFollowsServerDays(t *testing.T) {
	// A member in a Tokyo server checks in at 08:00 Tokyo time each day,
	// which is 23:00 UTC the day before: the days counted are Tokyo's.
	f := newCiFixture(t, map[string]string{data.SettingTimeZone: "Asia/Tokyo"})
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	st := f.st()
	for d := 20; d <= 25; d++ {
		if d == 24 {
			continue // a rest day
		}
		f.s.Now = func() time.Time { return time.Date(2026, 11, d, 8, 0, 0, 0, tokyo) }
		if _, err := f.s.AddCheckin(context.Background(), data.Checkin{GuildID: guildA, UserID: member1, Mood: 3}, st.Location()); err != nil {
			t.Fatal(err)
		}
	}
	// testNow, 12:00 UTC on the 26th, is 21:00 in Tokyo: today not yet done.
	resp := f.slash(member1, "history")
	if !strings.Contains(resp.Embeds[0].Description, "**Streak:** 5 days") {
		t.Fatalf("history:\n%s", resp.Embeds[0].Description)
	}
}

func TestMoodChartPNG(t *testing.T) {
	var cs []data.Checkin
	for i := 0; i < 120; i++ {
		cs = append(cs, data.Checkin{Mood: 1 + (i*7)%5, LocalDate: time.Date(2026, 11, 26-i, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)})
	}
	tests := []struct {
		name string
		cs   []data.Checkin
		days int
	}{
		{"30 days", cs, 30},
		{"90 days", cs, 90},
		{"one check-in", cs[:1], 30},
		{"none", nil, 30},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := commands.MoodChart(tt.cs, "2026-11-26", tt.days)
			if err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(bytes.NewReader(b))
			if err != nil {
				t.Fatalf("not a PNG: %v", err)
			}
			bounds := img.Bounds()
			if bounds.Dx() != 800 || bounds.Dy() != 400 {
				t.Fatalf("size %v", bounds)
			}
			// A transparent background suits both themes; the text is
			// mid-grey; the lines are blue and orange.
			if _, _, _, a := img.At(0, 0).RGBA(); a != 0 {
				t.Errorf("corner is not transparent")
			}
			var grey, blue, orange int
			for y := bounds.Min.Y; y < bounds.Max.Y; y++ {
				for x := bounds.Min.X; x < bounds.Max.X; x++ {
					r, g, b, a := img.At(x, y).RGBA()
					if a < 0xf000 {
						continue
					}
					r, g, b = r>>8, g>>8, b>>8
					switch {
					case near(r, 0x88) && near(g, 0x8d) && near(b, 0x96):
						grey++
					case near(r, 0x4a) && near(g, 0x90) && near(b, 0xd9):
						blue++
					case near(r, 0xf0) && near(g, 0x8c) && near(b, 0x2e):
						orange++
					}
				}
			}
			if grey < 200 {
				t.Errorf("%d grey pixels: no axes or labels?", grey)
			}
			if len(tt.cs) > 0 && (blue < 50 || orange < 50) {
				t.Errorf("%d blue and %d orange pixels: no moods drawn?", blue, orange)
			}
		})
	}
	if _, err := commands.MoodChart(cs, "26/11/2026", 30); err == nil {
		t.Error("a bad day was accepted")
	}
}

func near(v, want uint32) bool { return v+8 >= want && v <= want+8 }

// TestMoodChartInEveryLanguage: the chart draws in every language, and
// its words (the moods, the legend, the dates) change the picture.
func TestMoodChartInEveryLanguage(t *testing.T) {
	cs := []data.Checkin{{Mood: 2, LocalDate: "2026-11-20"}, {Mood: 4, LocalDate: "2026-11-25"}}
	english, err := commands.MoodChart(cs, "2026-11-26", 30)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range i18n.Languages()[1:] {
		b, err := commands.MoodChartIn(i18n.For(l.Tag), cs, "2026-11-26", 30)
		if err != nil {
			t.Fatalf("%s: %v", l.Tag, err)
		}
		if _, err := png.Decode(bytes.NewReader(b)); err != nil {
			t.Fatalf("%s: not a PNG: %v", l.Tag, err)
		}
		if bytes.Equal(b, english) {
			t.Errorf("%s: the chart is the English one", l.Tag)
		}
	}
}

// BenchmarkMoodChart365 measures drawing a year of daily check-ins, and
// reports the PNG's size.
func BenchmarkMoodChart365(b *testing.B) {
	var cs []data.Checkin
	for i := 0; i < 365; i++ {
		cs = append(cs, data.Checkin{Mood: 1 + (i*7)%5, LocalDate: time.Date(2026, 11, 26-i, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)})
	}
	b.ResetTimer()
	var size int
	for b.Loop() {
		png, err := commands.MoodChart(cs, "2026-11-26", 365)
		if err != nil {
			b.Fatal(err)
		}
		size = len(png)
	}
	b.ReportMetric(float64(size), "png-bytes")
}
