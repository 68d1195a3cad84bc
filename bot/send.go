package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/bwmarrin/discordgo"
)

// sender sends messages for features and the scheduler. discordgo's
// rate limiter keeps each route within its bucket and waits out a 429
// (with the delay Discord gives) before retrying; the session's transport
// keeps the global pace (pace.go); sender adds context, mention safety
// and error wrapping.
type sender struct {
	s   *discordgo.Session
	log *slog.Logger

	// sessionFor is the shard session whose state holds a server; nil
	// means s.
	sessionFor func(guildID string) *discordgo.Session
	// channelOf finds a channel in whichever shard's state holds it; nil
	// means s's state.
	channelOf func(channelID string) (*discordgo.Channel, error)
}

// channelAnywhere is a channel from whichever shard's state holds it,
// for a caller that knows only the channel.
func (d *sender) channelAnywhere(channelID string) (*discordgo.Channel, error) {
	if d.channelOf == nil {
		return stateChannel(d.s.State, channelID)
	}
	return d.channelOf(channelID)
}

// stateOf is the session holding guildID's gateway state.
func (d *sender) stateOf(guildID string) *discordgo.Session {
	if d.sessionFor == nil {
		return d.s
	}
	return d.sessionFor(guildID)
}

func newSender(s *discordgo.Session, log *slog.Logger) *sender {
	return &sender{s: s, log: log}
}

// SendMessage posts msg to a channel. Mentions are off unless msg says.
func (d *sender) SendMessage(ctx context.Context, channelID string, msg *discordgo.MessageSend) (string, error) {
	if msg.AllowedMentions == nil {
		msg.AllowedMentions = allowedMentions(nil)
	}
	m, err := d.s.ChannelMessageSendComplex(channelID, msg, discordgo.WithContext(ctx))
	if err != nil {
		return "", fmt.Errorf("send message to channel %s: %w", channelID, err)
	}
	return m.ID, nil
}

// EditMessage replaces a message Kindred posted.
func (d *sender) EditMessage(ctx context.Context, channelID, messageID string, msg *discordgo.MessageEdit) error {
	msg.Channel, msg.ID = channelID, messageID
	if msg.AllowedMentions == nil {
		msg.AllowedMentions = allowedMentions(nil)
	}
	if _, err := d.s.ChannelMessageEditComplex(msg, discordgo.WithContext(ctx)); err != nil {
		return fmt.Errorf("edit message %s in channel %s: %w", messageID, channelID, err)
	}
	return nil
}

// DeleteMessage deletes a message Kindred posted. In a forum, messageID
// names a post of Kindred's, which is deleted (see deleteForumPost).
func (d *sender) DeleteMessage(ctx context.Context, channelID, messageID string) error {
	if ch, err := d.channelAnywhere(channelID); err == nil && ch.Type == discordgo.ChannelTypeGuildForum {
		return d.deleteForumPost(ctx, messageID)
	}
	if err := d.s.ChannelMessageDelete(channelID, messageID, discordgo.WithContext(ctx)); err != nil {
		return fmt.Errorf("delete message %s in channel %s: %w", messageID, channelID, err)
	}
	return nil
}

// SendDM sends a direct message to a user.
func (d *sender) SendDM(ctx context.Context, userID string, msg *discordgo.MessageSend) (string, string, error) {
	ch, err := d.s.UserChannelCreate(userID, discordgo.WithContext(ctx))
	if err != nil {
		return "", "", fmt.Errorf("open a DM channel: %w", err)
	}
	id, err := d.SendMessage(ctx, ch.ID, msg)
	if err != nil {
		// Neither the member nor the channel is named: an error that
		// paired them could tie an anonymous concern to its author.
		return ch.ID, "", fmt.Errorf("send a direct message: %w", errors.Unwrap(err))
	}
	return ch.ID, id, nil
}

// OpenDM opens (or finds) the DM channel with a user, sending nothing.
func (d *sender) OpenDM(ctx context.Context, userID string) (string, error) {
	ch, err := d.s.UserChannelCreate(userID, discordgo.WithContext(ctx))
	if err != nil {
		return "", fmt.Errorf("open a DM channel: %w", err)
	}
	return ch.ID, nil
}

// BotPermissions returns Kindred's permissions in a channel, from the
// gateway's state (falling back to the API).
func (d *sender) BotPermissions(guildID, channelID string) (int64, error) {
	s := d.stateOf(guildID)
	if s.State.User == nil {
		return 0, fmt.Errorf("permissions in channel %s: not connected", channelID)
	}
	p, err := s.UserChannelPermissions(s.State.User.ID, channelID)
	if err != nil {
		return 0, fmt.Errorf("permissions in channel %s: %w", channelID, err)
	}
	return p, nil
}

// Channel returns a channel of a server from the gateway's state, which
// the Guilds intent keeps complete (GUILD_CREATE and channel events), so
// it never waits on the network: autocomplete may call it. A channel of
// another server, or a deleted one, is reported as not found.
func (d *sender) Channel(guildID, channelID string) (*discordgo.Channel, error) {
	ch, err := stateChannel(d.stateOf(guildID).State, channelID)
	if err != nil {
		return nil, fmt.Errorf("channel %s: %w", channelID, err)
	}
	if ch.GuildID != guildID {
		return nil, fmt.Errorf("channel %s is not in server %s", channelID, guildID)
	}
	return ch, nil
}

// stateChannel returns a copy of a channel in st. discordgo updates the
// channels it keeps in place (a CHANNEL_UPDATE or THREAD_UPDATE
// overwrites the value), so the pointer State.Channel returns may not be
// read once its lock is released; the copy may. The copy is shallow:
// the fields Kindred reads (type, server, name, tags, overwrites, thread
// metadata) are replaced on an update, never changed, but a thread's
// member and message lists are shared, and discordgo changes those in
// place, so they are not for reading.
func stateChannel(st *discordgo.State, channelID string) (*discordgo.Channel, error) {
	ch, err := st.Channel(channelID) // locks and unlocks by itself
	if err != nil {
		return nil, err
	}
	st.RLock()
	defer st.RUnlock()
	c := *ch
	return &c, nil
}

// systemChannel is a server's system channel in st, "" if none or the
// server is not there; read under the state's lock, as discordgo updates
// a server in place.
func systemChannel(st *discordgo.State, guildID string) string {
	g, err := st.Guild(guildID)
	if err != nil {
		return ""
	}
	st.RLock()
	defer st.RUnlock()
	return g.SystemChannelID
}

// restCode is the Discord error code of a REST error, 0 for any other.
func restCode(err error) int {
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Message != nil {
		return re.Message.Code
	}
	return 0
}
