package commands

import (
	"context"
	"log/slog"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/data"
)

// Discord is what features need of Discord beyond answering the
// interaction itself. Package bot implements it with rate-limit-aware
// sending; tests use a small fake.
type Discord interface {
	// SendMessage posts to a channel and returns the message's ID.
	SendMessage(ctx context.Context, channelID string, msg *discordgo.MessageSend) (string, error)
	// EditMessage replaces a message Kindred posted.
	EditMessage(ctx context.Context, channelID, messageID string, msg *discordgo.MessageEdit) error
	// DeleteMessage deletes a message Kindred posted.
	DeleteMessage(ctx context.Context, channelID, messageID string) error
	// SendDM sends a direct message and returns the DM channel's and the message's IDs.
	SendDM(ctx context.Context, userID string, msg *discordgo.MessageSend) (channelID, messageID string, err error)
	// OpenDM opens (or finds) the DM channel with a user and returns its
	// ID, without sending anything. The channel ID is not the user's ID:
	// anonymous concerns keep it to reply one-way.
	OpenDM(ctx context.Context, userID string) (channelID string, err error)
	// BotPermissions returns Kindred's own permissions in a channel of a server.
	BotPermissions(guildID, channelID string) (int64, error)
	// Channel returns a channel Kindred can see.
	Channel(guildID, channelID string) (*discordgo.Channel, error)
}

// MemberChecker tells whether a user is still a member of a server.
type MemberChecker interface {
	IsMember(ctx context.Context, guildID, userID string) (bool, error)
}

// Deps are what the commands are built from.
type Deps struct {
	Store   *data.Store
	Discord Discord
	Log     *slog.Logger
	// Members tells whether a user is still in a server (asking Discord).
	// nil skips the check, for tests that don't need it.
	Members MemberChecker
	// Fetch downloads files members upload, such as a resources import.
	// nil means HTTPFetcher(nil): plain HTTPS with a timeout.
	Fetch Fetcher
	// WebsiteURL is the website's public address, for "Add to calendar"
	// links; "" when the website is off.
	WebsiteURL string
}

// All returns every command Kindred offers, in the order /help lists them.
func All(d Deps) []*Command {
	list := []*Command{
		Setup(d.Store, d.Discord),
		Settings(d.Store, d.Discord),
		Guidelines(d.Store, d.Discord, d.Log),
		Crisis(d.Store, d.Log),
		Resources(d.Store, d.Fetch, d.Log),
		CheckinWith(d.Store, d.Discord, d.Members, d.Log),
		Meetings(d.Store, d.Discord, d.Log, d.WebsiteURL),
		SelfCare(d.Store, d.Discord, d.Log),
		Milestones(d.Store, d.Log),
		Milestone(d.Store, d.Log),
		Kudos(d.Store, d.Log),
		CelebrateThis(d.Store, d.Members, d.Log),
		Concern(d.Store, d.Discord, d.Log),
		Talk(d.Store, d.Discord, d.Log),
		MyData(d.Store, d.Discord, d.Log),
		Me(d.Store, d.Log),
		Audit(d.Store),
	}
	list = withModCommands(list)
	harden(list)
	list = append(list, Help(list, d.Store, d.Log))
	localizeDefinitions(list)
	return list
}
