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
	"github.com/kindred-bot/kindred/i18n"
)

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
		return req.PrivateT("checkin.history_none"), nil
	}
	var shown []data.Checkin // in range, newest first
	firstStr := first.Format(time.DateOnly)
	for _, c := range recent {
		if c.LocalDate >= firstStr {
			shown = append(shown, c)
		}
	}

	streak := data.CheckinStreak(allDays, todayStr)
	p := req.P()
	var b strings.Builder
	b.WriteString(p.N("checkin.history_streak", streak))
	if streak == 0 {
		b.WriteString(" " + p.T("checkin.history_streak_new"))
	}
	b.WriteString("\n" + p.T("checkin.history_count", "Days", p.Number(days), "Count", p.Number(len(shown))))
	if len(shown) > 0 {
		total := 0
		for _, c := range shown {
			total += c.Mood
		}
		avg := float64(total) / float64(len(shown))
		b.WriteString(" · " + p.T("checkin.history_average", "Average", averageIn(p, avg), "Mood", moodTextIn(p, int(avg+0.5))))
		b.WriteString("\n")
		for i, c := range shown {
			if i == 10 {
				b.WriteString("\n" + p.N("checkin.history_more", len(shown)-10))
				break
			}
			fmt.Fprintf(&b, "\n`%s` %s", p.Date(c.CreatedAt.In(loc), i18n.Short), moodTextIn(p, c.Mood))
			if len(c.Feelings) > 0 {
				b.WriteString(" · " + strings.Join(feelingLabels(p, c.Feelings), ", "))
			}
			if c.Shared() {
				b.WriteString(" · " + p.T("checkin.summary_shared"))
			}
			if c.Note != "" {
				b.WriteString("\n> " + clipRunes(strings.Join(strings.Fields(c.Note), " "), 120))
			}
		}
	}
	embed := &discordgo.MessageEmbed{
		Title:       p.T("checkin.history_title", "Days", p.Number(days)),
		Description: b.String(),
		Color:       checkinColor,
		Footer:      &discordgo.MessageEmbedFooter{Text: p.T("checkin.history_footer")},
	}
	resp := &Response{Embeds: []*discordgo.MessageEmbed{embed}, Ephemeral: true}
	if len(shown) > 0 {
		png, err := MoodChartIn(p, recent, todayStr, days)
		if err != nil {
			return nil, err
		}
		embed.Image = &discordgo.MessageEmbedImage{URL: "attachment://" + MoodChartFile}
		resp.Files = []*discordgo.File{{Name: MoodChartFile, ContentType: "image/png", Reader: bytes.NewReader(png)}}

		var opts []discordgo.SelectMenuOption
		for _, c := range shown[:min(25, len(shown))] {
			opts = append(opts, discordgo.SelectMenuOption{
				Label: clipRunes(p.Date(c.CreatedAt.In(loc), i18n.Short)+" · "+moodWord(p, c.Mood), 100),
				Value: strconv.FormatInt(c.ID, 10), Emoji: &discordgo.ComponentEmoji{Name: moods[c.Mood].emoji},
			})
		}
		resp.Components = append(resp.Components, discordgo.ActionsRow{Components: []discordgo.MessageComponent{discordgo.SelectMenu{
			MenuType: discordgo.StringSelectMenu, CustomID: "ci-delpick", Placeholder: p.T("checkin.history_delete_pick"), Options: opts,
		}}})
	}
	resp.Components = append(resp.Components, discordgo.ActionsRow{Components: []discordgo.MessageComponent{
		discordgo.Button{Label: p.T("checkin.history_delete_all"), Style: discordgo.DangerButton, CustomID: "ci-delall"},
	}})
	return resp, nil
}
