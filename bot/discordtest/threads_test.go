package discordtest_test

import (
	"errors"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/bot/discordtest"
)

// restCode returns the Discord error code of a REST error, or 0.
func restCode(err error) int {
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Message != nil {
		return re.Message.Code
	}
	return 0
}

func TestPrivateThreadsMembersArchivingAndDeleting(t *testing.T) {
	fake := discordtest.New(t)
	g := discordtest.DefaultGuild()
	g.BotPermissions = discordtest.DefaultBotPermissions | discordgo.PermissionCreatePrivateThreads | discordgo.PermissionManageThreads
	guild := fake.AddGuild(g)
	dg := openBot(t, fake, discordgo.IntentsGuilds)
	general := guild.ChannelID("general")
	carol := guild.Member("carol").User.ID

	th, err := dg.ThreadStartComplex(general, &discordgo.ThreadStart{Name: "Talk", Type: discordgo.ChannelTypeGuildPrivateThread, AutoArchiveDuration: 10080})
	if err != nil {
		t.Fatal(err)
	}
	if th.Type != discordgo.ChannelTypeGuildPrivateThread || th.ParentID != general || th.ThreadMetadata == nil {
		t.Fatalf("thread = %+v", th)
	}
	if err := dg.ThreadMemberAdd(th.ID, carol); err != nil {
		t.Fatal(err)
	}
	if got := fake.ThreadMembers(th.ID); len(got) != 2 {
		t.Errorf("members = %v, want the bot and carol", got)
	}
	if err := dg.ThreadMemberAdd(th.ID, "123456789012345678"); restCode(err) != discordgo.ErrCodeUnknownMember {
		t.Errorf("adding a stranger: %v, want Unknown Member", err)
	}
	if _, err := dg.ChannelMessageSend(th.ID, "hello"); err != nil {
		t.Fatal(err)
	}
	yes := true
	edited, err := dg.ChannelEdit(th.ID, &discordgo.ChannelEdit{Archived: &yes, Locked: &yes})
	if err != nil {
		t.Fatal(err)
	}
	if !edited.ThreadMetadata.Archived || !edited.ThreadMetadata.Locked {
		t.Errorf("after archiving: %+v", edited.ThreadMetadata)
	}
	if err := dg.ThreadMemberAdd(th.ID, carol); restCode(err) != discordgo.ErrCodePerformedOperationOnArchivedThread {
		t.Errorf("adding to an archived thread: %v", err)
	}
	if _, err := dg.ChannelDelete(th.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, deleted := fake.ThreadState(th.ID); !deleted || fake.Channel(th.ID) != nil {
		t.Error("thread not deleted")
	}
	if len(fake.Messages(th.ID)) != 0 {
		t.Error("messages of a deleted thread are still listed")
	}
	if _, err := dg.ChannelDelete(th.ID); restCode(err) != discordgo.ErrCodeUnknownChannel {
		t.Errorf("deleting twice: %v", err)
	}
}

func TestPrivateThreadRefusals(t *testing.T) {
	tests := []struct {
		name     string
		perms    int64
		noBoost  bool
		wantCode int
	}{
		{"missing Create Private Threads", discordtest.DefaultBotPermissions, false, discordgo.ErrCodeMissingPermissions},
		{"boost level too low", discordtest.DefaultBotPermissions | discordgo.PermissionCreatePrivateThreads, true, discordgo.ErrCodeGuildPremiumSubscriptionLevelTooLow},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := discordtest.New(t)
			g := discordtest.DefaultGuild()
			g.BotPermissions = tt.perms
			guild := fake.AddGuild(g)
			fake.SetPrivateThreadsUnavailable(guild.ID, tt.noBoost)
			dg := openBot(t, fake, discordgo.IntentsGuilds)
			_, err := dg.ThreadStartComplex(guild.ChannelID("general"), &discordgo.ThreadStart{Name: "Talk", Type: discordgo.ChannelTypeGuildPrivateThread})
			if restCode(err) != tt.wantCode {
				t.Errorf("err = %v, want code %d", err, tt.wantCode)
			}
			if n := len(fake.Threads(guild.ChannelID("general"))); n != 0 {
				t.Errorf("%d threads created", n)
			}
		})
	}
	t.Run("deleting a thread needs Manage Threads", func(t *testing.T) {
		fake := discordtest.New(t)
		g := discordtest.DefaultGuild()
		g.BotPermissions = discordtest.DefaultBotPermissions | discordgo.PermissionCreatePrivateThreads
		guild := fake.AddGuild(g)
		dg := openBot(t, fake, discordgo.IntentsGuilds)
		th, err := dg.ThreadStartComplex(guild.ChannelID("general"), &discordgo.ThreadStart{Name: "Talk", Type: discordgo.ChannelTypeGuildPrivateThread})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := dg.ChannelDelete(th.ID); restCode(err) != discordgo.ErrCodeMissingPermissions {
			t.Errorf("err = %v, want Missing Permissions", err)
		}
		yes := true
		if _, err := dg.ChannelEdit(th.ID, &discordgo.ChannelEdit{Archived: &yes}); err != nil {
			t.Errorf("the thread's creator archiving it: %v", err)
		}
	})
}
