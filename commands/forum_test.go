package commands_test

import (
	"slices"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/commands"
)

func TestMatchForumTags(t *testing.T) {
	tags := []discordgo.ForumTag{
		{ID: "1", Name: "🎉 Celebrations"}, {ID: "2", Name: "Story"}, {ID: "3", Name: "Staff pick", Moderated: true},
		{ID: "4", Name: "Check-ins"}, {ID: "5", Name: "Off-topic"},
	}
	tests := []struct {
		name     string
		want     []string
		moderate bool
		got      []string
		extra    []discordgo.ForumTag
	}{
		{name: "emoji, case and plural ignored", want: []string{"celebration"}, got: []string{"1"}},
		{name: "best first", want: []string{"story", "milestone", "celebration"}, got: []string{"2", "1"}},
		{name: "hyphen ignored", want: []string{"check-in"}, got: []string{"4"}},
		{name: "moderated tag skipped", want: []string{"staff pick"}},
		{name: "moderated tag with Manage Threads", want: []string{"staff pick"}, moderate: true, got: []string{"3"}},
		{name: "plural in ies", want: []string{"story"}, got: []string{"2", "6"}, extra: []discordgo.ForumTag{{ID: "6", Name: "Stories"}}},
		{name: "no match", want: []string{"kudos"}},
		{name: "each tag once", want: []string{"story", "stories"}, got: []string{"2"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := commands.MatchForumTags(append(slices.Clone(tags), tc.extra...), tc.want, tc.moderate); !slices.Equal(got, tc.got) {
				t.Errorf("MatchForumTags(%v) = %v, want %v", tc.want, got, tc.got)
			}
		})
	}
}
