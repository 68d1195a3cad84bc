package data_test

import (
	"context"
	"errors"
	"testing"

	"github.com/kindred-bot/kindred/data"
)

func TestProfileFallbacks(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	const g1, g2, u = "110000000000000001", "110000000000000002", "210000000000000001"
	for _, g := range []string{g1, g2} {
		if _, err := s.GuildJoined(ctx, g); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.SetCheckinReminder(ctx, g1, u, "20:00", "Europe/London"); err != nil {
		t.Fatal(err)
	}

	steps := []struct {
		name          string
		do            func() error
		wantZone      string
		wantCountryG1 string // MemberCountry in g1 (which has its own saved country after step 3)
		wantCountryDM string // MemberCountry outside a server
	}{
		{"nothing set", func() error { return nil }, "", "", ""},
		{"/me country", func() error { _, err := s.SetProfileCountry(ctx, u, "spain"); return err }, "", "ES", "ES"},
		{"a server's own country wins there", func() error { return s.SetMemberCountry(ctx, g1, u, "FR") }, "", "FR", "ES"},
		{"/me timezone", func() error { _, err := s.SetProfileTimeZone(ctx, u, "Asia/Tokyo"); return err }, "Asia/Tokyo", "FR", "ES"},
		{"forget", func() error { return s.ForgetProfile(ctx, u) }, "", "FR", ""},
	}
	for _, st := range steps {
		if err := st.do(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		p, err := s.MemberProfile(ctx, u)
		if err != nil || p.TimeZone != st.wantZone {
			t.Errorf("%s: profile %+v, %v; want zone %q", st.name, p, err, st.wantZone)
		}
		if got, err := s.MemberCountry(ctx, g1, u); err != nil || got != st.wantCountryG1 {
			t.Errorf("%s: country in the server = %q, %v; want %q", st.name, got, err, st.wantCountryG1)
		}
		if got, err := s.MemberCountry(ctx, "", u); err != nil || got != st.wantCountryDM {
			t.Errorf("%s: country outside a server = %q, %v; want %q", st.name, got, err, st.wantCountryDM)
		}
	}
	// /me timezone moved the existing reminder.
	if r, err := s.CheckinReminderFor(ctx, g1, u); err != nil || r.Zone != "Asia/Tokyo" {
		t.Errorf("reminder after /me timezone: %+v, %v", r, err)
	}
	for _, bad := range []func() error{
		func() error { _, err := s.SetProfileTimeZone(ctx, u, "Mars/Base"); return err },
		func() error { _, err := s.SetProfileCountry(ctx, u, "Atlantis"); return err },
	} {
		if err := bad(); !errors.Is(err, data.ErrInvalid) {
			t.Errorf("bad input: %v, want ErrInvalid", err)
		}
	}
}

func TestGuildNamesAndDMSources(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	const g1, g2, u = "110000000000000001", "110000000000000002", "210000000000000001"
	for _, g := range []string{g1, g2} {
		if _, err := s.GuildJoined(ctx, g); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SetGuildName(ctx, g1, "Zebra Circle"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetGuildName(ctx, g2, "Acorn Group"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetGuildName(ctx, "999", "Unknown"); err != nil {
		t.Fatal(err)
	}
	if name, err := s.GuildName(ctx, "999"); err != nil || name != "" {
		t.Errorf("unknown server's name = %q, %v", name, err)
	}
	for _, g := range []string{g1, g2} {
		if _, err := s.SetCheckinReminder(ctx, g, u, "20:00", "UTC"); err != nil {
			t.Fatal(err)
		}
	}
	src, err := s.DMSources(ctx, u)
	if err != nil || len(src) != 2 || src[0].Name != "Acorn Group" || src[1].Name != "Zebra Circle" {
		t.Fatalf("DMSources = %+v, %v", src, err)
	}
	if n, err := s.StopGuildDMs(ctx, g2, u); err != nil || n != 1 {
		t.Errorf("StopGuildDMs = %d, %v; want 1", n, err)
	}
	if n, err := s.StopGuildDMs(ctx, g2, u); err != nil || n != 0 {
		t.Errorf("StopGuildDMs again = %d, %v; want 0", n, err)
	}
	if src, _ := s.DMSources(ctx, u); len(src) != 1 || src[0].ID != g1 {
		t.Errorf("DMSources after stopping one = %+v", src)
	}
	gs, err := s.MemberGuilds(ctx, u)
	if err != nil || len(gs) != 1 || gs[0].Name != "Zebra Circle" {
		t.Errorf("MemberGuilds = %+v, %v", gs, err)
	}
}
