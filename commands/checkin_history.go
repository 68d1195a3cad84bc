package commands

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/data"
)

// nounCount is "1 day", "2 days".
func nounCount(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// history is /checkin history: recent check-ins, streak and the chart.
func (h *checkins) history(ctx context.Context, req *Request) (*Response, error) {
	d, _ := req.Int("days")
	return h.historyDays(ctx, req, int(d))
}

// historyDays shows the last 90 days when days is 90, else the last 30.
func (h *checkins) historyDays(ctx context.Context, req *Request, days int) (*Response, error) {
	if days != 90 {
		days = 30
	}
	loc := req.Settings.Location()
	todayStr := checkinToday(req)
	t, _ := time.Parse(time.DateOnly, todayStr)
	first := t.AddDate(0, 0, -(days - 1))
	// From local midnight of the first day, plus the days before it that
	// feed the first moving averages.
	since := time.Date(first.Year(), first.Month(), first.Day()-(MovingAverageDays-1), 0, 0, 0, 0, loc)
	recent, err := h.store.RecentCheckins(ctx, req.GuildID, req.User.ID, since)
	if err != nil {
		return nil, err
	}
	allDays, err := h.store.CheckinDays(ctx, req.GuildID, req.User.ID)
	if err != nil {
		return nil, err
	}
	if len(allDays) == 0 {
		return Private("You haven't checked in here yet. `/checkin now` takes a few seconds, and only you will see it."), nil
	}
	var shown []data.Checkin // in range, newest first
	firstStr := first.Format(time.DateOnly)
	for _, c := range recent {
		if c.LocalDate >= firstStr {
			shown = append(shown, c)
		}
	}

	streak := data.CheckinStreak(allDays, todayStr)
	var b strings.Builder
	fmt.Fprintf(&b, "**Streak:** %s", nounCount(streak, "day"))
	if streak == 0 {
		b.WriteString(" (a new one starts with your next check-in)")
	}
	fmt.Fprintf(&b, "\n**Check-ins in the last %d days:** %d", days, len(shown))
	if len(shown) > 0 {
		total := 0
		for _, c := range shown {
			total += c.Mood
		}
		avg := float64(total) / float64(len(shown))
		fmt.Fprintf(&b, " · average mood %.1f (%s)", avg, moodText(int(avg+0.5)))
		b.WriteString("\n")
		for i, c := range shown {
			if i == 10 {
				fmt.Fprintf(&b, "\n…and %d more.", len(shown)-10)
				break
			}
			fmt.Fprintf(&b, "\n`%s` %s", c.CreatedAt.In(loc).Format("Mon 2 Jan 15:04"), moodText(c.Mood))
			if len(c.Feelings) > 0 {
				b.WriteString(" · " + strings.Join(c.Feelings, ", "))
			}
			if c.Shared() {
				b.WriteString(" · shared")
			}
			if c.Note != "" {
				b.WriteString("\n> " + clipRunes(strings.Join(strings.Fields(c.Note), " "), 120))
			}
		}
	}
	embed := &discordgo.MessageEmbed{
		Title:       fmt.Sprintf("Your check-ins: the last %d days", days),
		Description: b.String(),
		Color:       checkinColor,
		Footer: &discordgo.MessageEmbedFooter{Text: "Only you can see this. Your streak counts the days you checked in, in the server's time zone. " +
			"One missed day a week (Monday to Sunday) is a rest day and doesn't break it; two in a row do. Today counts once you check in."},
	}
	resp := &Response{Embeds: []*discordgo.MessageEmbed{embed}, Ephemeral: true}
	if len(shown) > 0 {
		png, err := MoodChart(recent, todayStr, days)
		if err != nil {
			return nil, err
		}
		embed.Image = &discordgo.MessageEmbedImage{URL: "attachment://" + MoodChartFile}
		resp.Files = []*discordgo.File{{Name: MoodChartFile, ContentType: "image/png", Reader: bytes.NewReader(png)}}

		var opts []discordgo.SelectMenuOption
		for _, c := range shown[:min(25, len(shown))] {
			opts = append(opts, discordgo.SelectMenuOption{
				Label: clipRunes(c.CreatedAt.In(loc).Format("Mon 2 Jan 15:04")+" · "+moods[c.Mood].word, 100),
				Value: strconv.FormatInt(c.ID, 10), Emoji: &discordgo.ComponentEmoji{Name: moods[c.Mood].emoji},
			})
		}
		resp.Components = append(resp.Components, discordgo.ActionsRow{Components: []discordgo.MessageComponent{discordgo.SelectMenu{
			MenuType: discordgo.StringSelectMenu, CustomID: "ci-delpick", Placeholder: "Delete a check-in…", Options: opts,
		}}})
	}
	resp.Components = append(resp.Components, discordgo.ActionsRow{Components: []discordgo.MessageComponent{
		discordgo.Button{Label: "Delete all my check-ins", Style: discordgo.DangerButton, CustomID: "ci-delall"},
	}})
	return resp, nil
}
