package data_test

import (
	"context"
	"testing"
)

// TestWelcomeIsAskedForUntilPosted walks a server's welcome through its
// states: asked for while not posted, with each attempt after the first
// told that an earlier one may have gone out, and never again once
// posted, even after Kindred was removed and added back.
func TestWelcomeIsAskedForUntilPosted(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	const guild = "100000000000000009"
	needs := func(want bool) {
		t.Helper()
		got, err := s.GuildJoined(ctx, guild)
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Fatalf("GuildJoined says the welcome is needed: %v, want %v", got, want)
		}
	}
	attempt := func(wantEarlier bool) {
		t.Helper()
		earlier, since, err := s.WelcomeAttempt(ctx, guild)
		if err != nil {
			t.Fatal(err)
		}
		if earlier != wantEarlier || !since.Equal(s.Now().UTC()) {
			t.Fatalf("WelcomeAttempt = %v, since %v; want %v, since %v", earlier, since, wantEarlier, s.Now().UTC())
		}
	}
	needs(true)
	needs(true) // a second GUILD_CREATE before any attempt
	attempt(false)
	needs(true) // the attempt was lost, or failed
	attempt(true)
	if err := s.WelcomePosted(ctx, guild); err != nil {
		t.Fatal(err)
	}
	needs(false)
	if err := s.GuildRemoved(ctx, guild); err != nil {
		t.Fatal(err)
	}
	needs(false)
}
