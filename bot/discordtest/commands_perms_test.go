package discordtest_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/bot/discordtest"
)

// The spec types default_member_permissions as an integer or null; the
// string discordgo's own struct sends is a violation.
func TestDefaultMemberPermissionsMustBeAnInteger(t *testing.T) {
	t.Parallel()
	fake := discordtest.New(t)
	if !fake.SpecEnabled() {
		t.Skip("Discord OpenAPI spec not available")
	}
	dg := openBot(t, fake, discordgo.IntentsGuilds)
	perms := int64(discordgo.PermissionManageGuild)
	endpoint := discordgo.EndpointApplicationGlobalCommands(fake.AppID)

	_, _ = dg.ApplicationCommandBulkOverwrite(fake.AppID, "", []*discordgo.ApplicationCommand{
		{Name: "modonly", Description: "for moderators", DefaultMemberPermissions: &perms}})
	if v := strings.Join(fake.TakeViolations(), "\n"); !strings.Contains(v, "default_member_permissions") {
		t.Errorf("a string default_member_permissions passed validation; violations: %q", v)
	}

	body := []map[string]any{{"name": "modonly", "description": "for moderators", "default_member_permissions": perms}}
	if _, err := dg.RequestWithBucketID("PUT", endpoint, body, endpoint); err != nil {
		t.Fatal(err)
	}
	body[0]["default_member_permissions"] = nil
	if _, err := dg.RequestWithBucketID("PUT", endpoint, body, endpoint); err != nil {
		t.Fatal(err)
	}
	if v := fake.TakeViolations(); len(v) != 0 {
		t.Errorf("an integer or null default_member_permissions was refused: %q", v)
	}
}

// bulkOverwrite is ApplicationCommandBulkOverwrite with
// default_member_permissions sent as the integer the spec wants (as
// Kindred's bot.WireCommand does); discordgo's struct would send a string.
func bulkOverwrite(dg *discordgo.Session, appID, guildID string, cmds []*discordgo.ApplicationCommand) ([]*discordgo.ApplicationCommand, error) {
	type wire struct {
		*discordgo.ApplicationCommand
		DefaultMemberPermissions *int64 `json:"default_member_permissions"`
	}
	body := make([]wire, len(cmds))
	for i, c := range cmds {
		body[i] = wire{c, c.DefaultMemberPermissions}
	}
	endpoint := discordgo.EndpointApplicationGlobalCommands(appID)
	if guildID != "" {
		endpoint = discordgo.EndpointApplicationGuildCommands(appID, guildID)
	}
	raw, err := dg.RequestWithBucketID("PUT", endpoint, body, endpoint)
	if err != nil {
		return nil, err
	}
	var out []*discordgo.ApplicationCommand
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, err
	}
	return out, nil
}
