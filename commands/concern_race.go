package commands

import (
	"context"
	"errors"

	"github.com/kindred-bot/kindred/data"
)

// alertOutrun handles a concern closed or erased (the member's data
// deleted, the server erased) while its alert was being posted: the
// alert is withdrawn, so the moderators never see a concern that is gone,
// and the member gets their words back. It returns nil when err is
// another failure. This is an expected race, not an error: it is logged
// at info level.
func (h *concerns) alertOutrun(ctx context.Context, req *Request, c data.Concern, channelID, messageID, text string, err error) *Response {
	if !errors.Is(err, data.ErrNotFound) && !errors.Is(err, data.ErrConflict) {
		return nil
	}
	if derr := h.discord.DeleteMessage(ctx, channelID, messageID); derr != nil {
		h.log.Warn("withdraw the alert of a concern closed or erased meanwhile", "guild", req.GuildID, "concern", c.Ref, errAttr(c.Anonymous, derr))
	} else {
		h.log.Info("concern closed or erased while its alert was posted; alert withdrawn", "guild", req.GuildID, "concern", c.Ref)
	}
	return giveBackTo(req, req.T("concern.withdrawn"), text)
}
