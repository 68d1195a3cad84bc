package commands

import (
	"context"
	"time"

	"github.com/kindred-bot/kindred/data"
)

// Gentle limits on what a member's presses send to others.
const (
	// followupPingWindow is how often one member's "Ask a moderator to
	// reach out" may ping the moderator role. Later requests still post
	// the notice in the alerts channel, without the ping.
	followupPingWindow = 10 * time.Minute
	// sharePostWindow and sharePostsPerWindow limit how many check-ins a
	// member posts to the check-in channel.
	sharePostWindow     = time.Hour
	sharePostsPerWindow = 3
)

// gentlePing wraps "Ask a moderator to reach out": a member who asked
// within followupPingWindow is still passed on to the moderators, but the
// moderator role is not pinged again.
func (h *checkins) gentlePing(next Handler) Handler {
	return func(ctx context.Context, req *Request) (*Response, error) {
		if req.Settings.Get(data.SettingModeratorRole) == "" {
			return next(ctx, req)
		}
		recent, err := h.store.CheckinFollowups(ctx, req.GuildID, req.Now.Add(-followupPingWindow))
		if err != nil {
			// Reaching the moderators matters more than the limit.
			h.log.Error("load recent follow-up requests", "guild", req.GuildID, "err", err)
			return next(ctx, req)
		}
		for _, f := range recent {
			if f.UserID == req.User.ID {
				quiet := *req
				quiet.Settings = req.Settings.With(data.SettingModeratorRole, "")
				return next(ctx, &quiet)
			}
		}
		return next(ctx, req)
	}
}

// gentleShare wraps posting a check-in to the check-in channel: at most
// sharePostsPerWindow of a member's check-ins from the last
// sharePostWindow are posted.
func (h *checkins) gentleShare(next Handler) Handler {
	return func(ctx context.Context, req *Request) (*Response, error) {
		id, ok := checkinArg(req)
		if !ok {
			return next(ctx, req)
		}
		recent, err := h.store.RecentCheckins(ctx, req.GuildID, req.User.ID, req.Now.Add(-sharePostWindow))
		if err != nil {
			return nil, err
		}
		shared := 0
		for _, c := range recent {
			if c.ID == id && c.Shared() {
				return next(ctx, req) // already posted: the handler says so
			}
			if c.Shared() {
				shared++
			}
		}
		if shared >= sharePostsPerWindow {
			return req.PrivateT("checkin.share_limit"), nil
		}
		return next(ctx, req)
	}
}
