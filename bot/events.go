package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/commands"
	"github.com/kindred-bot/kindred/data"
)

// EventsReconcileEvery is how often the bot brings every server's Events
// tab in step with its meetings: dates move on, and a permission granted
// later takes effect without a command.
const EventsReconcileEvery = 5 * time.Minute

// Discord's scheduled-event types and privacy level.
const (
	eventStage    = 1
	eventVoice    = 2
	eventExternal = 3
	guildOnly     = 2
)

// scheduledEventBody is Discord's create/modify scheduled event body.
// discordgo's GuildScheduledEventParams marshals itself and drops fields
// it doesn't know (recurrence_rule among them), so Kindred sends its own.
type scheduledEventBody struct {
	Name               string          `json:"name"`
	Description        string          `json:"description"`
	ScheduledStartTime string          `json:"scheduled_start_time"`
	ScheduledEndTime   string          `json:"scheduled_end_time"`
	PrivacyLevel       int             `json:"privacy_level"`
	EntityType         int             `json:"entity_type"`
	ChannelID          *string         `json:"channel_id"`
	EntityMetadata     *eventMetadata  `json:"entity_metadata,omitempty"`
	RecurrenceRule     *recurrenceRule `json:"recurrence_rule,omitempty"`
}

// recurrenceRule is Discord's recurrence rule, as far as Kindred uses it.
type recurrenceRule struct {
	Start     string `json:"start"`
	Frequency int    `json:"frequency"`
	Interval  int    `json:"interval"`
	ByWeekday []int  `json:"by_weekday,omitempty"`
}

// Discord's recurrence frequencies.
const (
	frequencyWeekly = 2
	frequencyDaily  = 3
)

type eventMetadata struct {
	Location string `json:"location"`
}

func eventBody(e commands.ScheduledEvent) scheduledEventBody {
	b := scheduledEventBody{
		Name: e.Name, Description: e.Description, PrivacyLevel: guildOnly,
		ScheduledStartTime: e.Start.UTC().Format(time.RFC3339), ScheduledEndTime: e.End.UTC().Format(time.RFC3339),
	}
	if r := e.Recurrence; r != nil {
		b.RecurrenceRule = &recurrenceRule{Start: b.ScheduledStartTime, Frequency: frequencyDaily, Interval: 1}
		if r.Weekly {
			// Discord counts weekdays from Monday (0) to Sunday (6).
			b.RecurrenceRule.Frequency, b.RecurrenceRule.ByWeekday = frequencyWeekly, []int{(int(r.Weekday) + 6) % 7}
		}
	}
	switch {
	case e.ChannelID != "" && e.Stage:
		b.EntityType, b.ChannelID = eventStage, &e.ChannelID
	case e.ChannelID != "":
		b.EntityType, b.ChannelID = eventVoice, &e.ChannelID
	default:
		b.EntityType, b.EntityMetadata = eventExternal, &eventMetadata{Location: e.Location}
	}
	return b
}

// CreateScheduledEvent publishes a meeting date in the server's Events tab.
func (d *sender) CreateScheduledEvent(ctx context.Context, guildID string, e commands.ScheduledEvent) (string, int, error) {
	url := discordgo.EndpointGuildScheduledEvents(guildID)
	body, err := d.s.RequestWithBucketID(http.MethodPost, url, eventBody(e), url, discordgo.WithContext(ctx))
	if err != nil {
		return "", 0, fmt.Errorf("create scheduled event in server %s: %w", guildID, err)
	}
	var out struct {
		ID        string `json:"id"`
		UserCount int    `json:"user_count"`
	}
	if err := json.Unmarshal(body, &out); err != nil || out.ID == "" {
		return "", 0, fmt.Errorf("create scheduled event in server %s: unreadable answer: %v", guildID, err)
	}
	return out.ID, out.UserCount, nil
}

// EditScheduledEvent replaces the details of a published date.
func (d *sender) EditScheduledEvent(ctx context.Context, guildID, eventID string, e commands.ScheduledEvent) error {
	url := discordgo.EndpointGuildScheduledEvent(guildID, eventID)
	if _, err := d.s.RequestWithBucketID(http.MethodPatch, url, eventBody(e), discordgo.EndpointGuildScheduledEvents(guildID), discordgo.WithContext(ctx)); err != nil {
		return fmt.Errorf("edit scheduled event %s: %w", eventID, err)
	}
	return nil
}

// DeleteScheduledEvent withdraws a published date; one already gone is
// not an error.
func (d *sender) DeleteScheduledEvent(ctx context.Context, guildID, eventID string) error {
	url := discordgo.EndpointGuildScheduledEvent(guildID, eventID)
	_, err := d.s.RequestWithBucketID(http.MethodDelete, url, nil, discordgo.EndpointGuildScheduledEvents(guildID), discordgo.WithContext(ctx))
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Response != nil && re.Response.StatusCode == http.StatusNotFound {
		return nil
	}
	if err != nil {
		return fmt.Errorf("delete scheduled event %s: %w", eventID, err)
	}
	return nil
}

// eventUserCount reads how many members marked an event "Interested".
func (d *sender) eventUserCount(ctx context.Context, guildID, eventID string) (int, error) {
	url := discordgo.EndpointGuildScheduledEvent(guildID, eventID)
	body, err := d.s.RequestWithBucketID(http.MethodGet, url+"?with_user_count=true", nil, discordgo.EndpointGuildScheduledEvents(guildID), discordgo.WithContext(ctx))
	if err != nil {
		return 0, fmt.Errorf("read scheduled event %s: %w", eventID, err)
	}
	var out struct {
		UserCount int `json:"user_count"`
	}
	if err := json.Unmarshal(body, &out); err != nil {
		return 0, fmt.Errorf("read scheduled event %s: %w", eventID, err)
	}
	return out.UserCount, nil
}

// publisher keeps meetings in step with the Events tab.
func (b *Bot) publisher() *commands.MeetingPublisher {
	return &commands.MeetingPublisher{Store: b.cfg.Store, Discord: b.send, Events: b.send, Log: b.log}
}

// ReconcileEvents brings every server's Events tab in step with its
// meetings at the bot's clock. Run calls it every EventsReconcileEvery.
func (b *Bot) ReconcileEvents(ctx context.Context) error {
	ms, err := b.cfg.Store.MeetingsToPublish(ctx, "")
	if err != nil {
		return err
	}
	pub, now := b.publisher(), b.cfg.Now()
	var errs []error
	for _, m := range ms {
		if st := b.sessionFor(m.GuildID).State; st.User != nil {
			if _, err := st.Guild(m.GuildID); err != nil {
				continue // not (yet) in the server
			}
		}
		if err := pub.Sync(ctx, m, now); err != nil {
			errs = append(errs, fmt.Errorf("meeting %d: %w", m.ID, err))
		}
	}
	return errors.Join(errs...)
}

// reconcileEvents runs ReconcileEvents until stop is closed.
func (b *Bot) reconcileEvents(ctx context.Context, stop <-chan struct{}) {
	t := time.NewTicker(EventsReconcileEvery)
	defer t.Stop()
	for {
		if err := b.ReconcileEvents(ctx); err != nil {
			b.log.Warn("publish meetings in the Events tab", "err", err)
		}
		select {
		case <-stop:
			return
		case <-t.C:
		}
	}
}

// onScheduledEventDelete notes a date a moderator deleted in Discord, so
// it is not published again. Kindred's own deletions are not live any
// more by the time Discord reports them.
func (b *Bot) onScheduledEventDelete(ctx context.Context, e *discordgo.GuildScheduledEvent) {
	if e == nil {
		return
	}
	if _, err := b.cfg.Store.ScheduledEventRemoved(ctx, e.GuildID, e.ID); err != nil {
		b.log.Warn("note a deleted scheduled event", "guild", e.GuildID, "err", err)
	}
}

// onEventInterest follows a member marking or unmarking "Interested" on
// one of Kindred's events: gateway events arrive out of order, so the
// count is read from Discord rather than added up. The date's reminder
// posts then show it.
func (b *Bot) onEventInterest(ctx context.Context, guildID, eventID string) {
	if _, err := b.cfg.Store.MeetingEventByID(ctx, guildID, eventID); err != nil {
		if !errors.Is(err, data.ErrNotFound) {
			b.log.Warn("load a scheduled event", "guild", guildID, "err", err)
		}
		return
	}
	count, err := b.send.eventUserCount(ctx, guildID, eventID)
	if err != nil {
		b.log.Warn("read interest in a scheduled event", "guild", guildID, "err", err)
		return
	}
	e, err := b.cfg.Store.SetEventInterest(ctx, guildID, eventID, count)
	if errors.Is(err, data.ErrNotFound) {
		return
	}
	if err != nil {
		b.log.Warn("count interest in a scheduled event", "guild", guildID, "err", err)
		return
	}
	starts := []time.Time{e.StartsAt}
	if e.StartsAt.Unix() == 0 {
		// A recurring event counts for the whole series: refresh the
		// dates of the coming week, which have reminders out.
		now := b.cfg.Now()
		os, err := b.cfg.Store.Occurrences(ctx, guildID, e.MeetingID, now, now.Add(8*24*time.Hour))
		if err != nil {
			b.log.Warn("refresh counts after interest", "guild", guildID, "err", err)
			return
		}
		starts = starts[:0]
		for _, o := range os {
			starts = append(starts, o.StartsAt)
		}
	}
	for _, start := range starts {
		if err := commands.RefreshMeetingPosts(ctx, b.cfg.Store, b.send, b.log, guildID, e.MeetingID, start); err != nil {
			b.log.Warn("refresh counts after interest", "guild", guildID, "err", err)
		}
	}
}

func (b *Bot) addEventHandlers(ctx context.Context, s *discordgo.Session) {
	s.AddHandler(func(_ *discordgo.Session, e *discordgo.GuildScheduledEventDelete) {
		defer b.guard("GUILD_SCHEDULED_EVENT_DELETE", func() string { return e.GuildID })
		b.onScheduledEventDelete(ctx, e.GuildScheduledEvent)
	})
	s.AddHandler(func(_ *discordgo.Session, e *discordgo.GuildScheduledEventUserAdd) {
		defer b.guard("GUILD_SCHEDULED_EVENT_USER_ADD", func() string { return e.GuildID })
		b.onEventInterest(ctx, e.GuildID, e.GuildScheduledEventID)
	})
	s.AddHandler(func(_ *discordgo.Session, e *discordgo.GuildScheduledEventUserRemove) {
		defer b.guard("GUILD_SCHEDULED_EVENT_USER_REMOVE", func() string { return e.GuildID })
		b.onEventInterest(ctx, e.GuildID, e.GuildScheduledEventID)
	})
}

// afterMeetingPost links a date's event in the Events tab to the reminder
// just posted for it. The scheduler records the post's ID only after
// Deliver returns, so the link is made once that is done: the event is
// updated with the post's ID given here.
func (b *Bot) afterMeetingPost(ctx context.Context, d data.Delivery, channelID, messageID string) {
	if d.Kind != data.DeliveryMeetingReminder {
		return
	}
	id, ok := data.ParseMeetingSource(d.Source)
	if !ok {
		return
	}
	m, err := b.cfg.Store.Meeting(ctx, d.GuildID, id)
	if err != nil {
		return
	}
	pub := b.publisher()
	pub.JustPosted = &data.ReminderPost{ChannelID: channelID, MessageID: messageID}
	pub.JustPostedFor, _ = strconv.ParseInt(d.Ref, 10, 64)
	if err := pub.Sync(ctx, m, b.cfg.Now()); err != nil {
		b.log.Warn("link the Events tab to a reminder", "guild", d.GuildID, "err", err)
	}
}
