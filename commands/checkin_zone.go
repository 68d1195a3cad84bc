package commands

import (
	"context"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/i18n"
)

// zoneSetter saves a member's own time zone (as /me timezone does);
// *data.Store satisfies it.
type zoneSetter interface {
	SetProfileTimeZone(ctx context.Context, userID, zone string) (string, error)
}

// myZoneOffer is the button under a new check-in reminder that follows
// the server's time zone because the member never set their own: one
// optional tap, nothing asked of those for whom the server's zone is right.
func myZoneOffer(p *i18n.Printer) []discordgo.MessageComponent {
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
		discordgo.Button{Label: p.T("checkin.zone_button"), Style: discordgo.SecondaryButton, CustomID: "ci-myzone"},
	}}}
}

// myZoneForm opens the short form for the member's time zone.
func (h *checkins) myZoneForm(ctx context.Context, req *Request) (*Response, error) {
	return &Response{Modal: oneLineForm("ci-myzoneform", req.T("checkin.zone_title"), "zone", req.T("checkin.zone_label"),
		req.T("checkin.zone_placeholder"), "", 50)}, nil
}

// myZoneSaved saves the zone for the member everywhere (like /me
// timezone), which moves their check-in reminders and nudges to it.
func (h *checkins) myZoneSaved(ctx context.Context, req *Request) (*Response, error) {
	setter, ok := h.store.(zoneSetter)
	if !ok {
		return req.PrivateT("checkin.zone_use_me"), nil
	}
	typed := strings.TrimSpace(req.ModalValue("zone"))
	zone, err := resolveZone(typed)
	if err != nil {
		resp, err := req.Problem(err)
		if resp != nil {
			if zs := matchZones(typed, 5); len(zs) > 0 {
				labels := make([]string, len(zs))
				for i, z := range zs {
					labels[i] = "`" + z + "`"
				}
				resp.Content += "\n" + req.T("checkin.zone_did_you_mean", "Zones", req.P().List(labels))
			}
		}
		return resp, err
	}
	if zone, err = setter.SetProfileTimeZone(ctx, req.User.ID, zone); err != nil {
		return req.Problem(err)
	}
	r, err := h.store.CheckinReminderFor(ctx, req.GuildID, req.User.ID)
	if err != nil {
		return req.PrivateT("checkin.zone_saved", "Zone", zoneLabel(zone, req.Now)), nil
	}
	return req.PrivateT("checkin.zone_saved_reminder", "Zone", zoneLabel(zone, req.Now), "Time", r.Time), nil
}

// offerMyZone reports whether a new reminder should offer the button:
// the member set no zone of their own and typed none.
func offerMyZone(ctx context.Context, store profileReader, req *Request) bool {
	if strings.TrimSpace(req.String("timezone")) != "" {
		return false
	}
	p, err := store.MemberProfile(ctx, req.User.ID)
	return err == nil && p.TimeZone == ""
}
