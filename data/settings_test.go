package data_test

import (
	"context"
	"errors"
	"testing"

	"github.com/kindred-bot/kindred/data"
)

const (
	guildA = "100000000000000001"
	guildB = "100000000000000002"
	modA   = "200000000000000001"
)

func TestNormalizeSetting(t *testing.T) {
	tests := []struct {
		key, in, want string
		wantErr       bool
	}{
		{data.SettingTimeZone, "Europe/London", "Europe/London", false},
		{data.SettingTimeZone, "Mars/Olympus", "", true},
		{data.SettingTimeZone, "Local", "", true},
		{data.SettingCountry, "uk", "GB", false},
		{data.SettingCountry, "Germany", "", true},
		{data.SettingCheckinChannel, "<#300000000000000001>", "300000000000000001", false},
		{data.SettingCheckinChannel, "general", "", true},
		{data.SettingModeratorRole, "<@&300000000000000009>", "300000000000000009", false},
		{data.FeatureMeetings, "OFF", "off", false},
		{data.FeatureMeetings, "maybe", "", true},
		{data.SettingResourceStaleMonths, "12", "12", false},
		{data.SettingResourceStaleMonths, "0", "", true},
		{data.SettingResourceStaleMonths, "12abc", "", true},
		{data.SettingCheckinPromptTime, "9:05", "09:05", false},
		{data.SettingCheckinPromptTime, "25:00", "", true},
		{"no_such_key", "x", "", true},
	}
	for _, tt := range tests {
		got, err := data.NormalizeSetting(tt.key, tt.in)
		if tt.wantErr {
			if !errors.Is(err, data.ErrInvalid) {
				t.Errorf("NormalizeSetting(%q, %q) err=%v, want ErrInvalid", tt.key, tt.in, err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("NormalizeSetting(%q, %q) = %q, %v; want %q", tt.key, tt.in, got, err, tt.want)
		}
	}
}

func TestSettingsAuditAndIsolation(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)

	st, err := s.Settings(ctx, guildA)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := st.Get(data.SettingTimeZone), "UTC"; got != want {
		t.Fatalf("default timezone=%q, want %q", got, want)
	}
	if !st.Enabled(data.FeatureCheckins) {
		t.Fatal("check-ins should be on by default")
	}

	if _, err := s.SetSetting(ctx, guildA, modA, data.SettingTimeZone, "America/New_York"); err != nil {
		t.Fatal(err)
	}
	old, err := s.SetSetting(ctx, guildA, modA, data.SettingTimeZone, "Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	if old != "America/New_York" {
		t.Fatalf("old=%q, want America/New_York", old)
	}
	if _, err := s.SetSetting(ctx, guildA, modA, data.SettingTimeZone, "Nowhere/Town"); !errors.Is(err, data.ErrInvalid) {
		t.Fatalf("bad zone err=%v, want ErrInvalid", err)
	}

	stB, err := s.Settings(ctx, guildB)
	if err != nil {
		t.Fatal(err)
	}
	if got := stB.Get(data.SettingTimeZone); got != "UTC" {
		t.Fatalf("guild B timezone=%q: a change in A leaked into B", got)
	}
	if h, _ := s.SettingsHistory(ctx, guildB, 10); len(h) != 0 {
		t.Fatalf("guild B history has %d entries, want 0", len(h))
	}

	if _, err := s.ResetSetting(ctx, guildA, modA, data.SettingTimeZone); err != nil {
		t.Fatal(err)
	}
	h, err := s.SettingsHistory(ctx, guildA, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(h) != 3 {
		t.Fatalf("history has %d entries, want 3", len(h))
	}
	if got := h[0]; got.OldValue != "Europe/Paris" || got.NewValue != "UTC" || got.UserID != modA {
		t.Fatalf("newest change=%+v, want reset Europe/Paris -> UTC by %s", got, modA)
	}
}

func TestSetSettingsAllOrNothing(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)

	err := s.SetSettings(ctx, guildA, modA, map[string]string{
		data.FeatureMeetings: "off",
		data.FeatureCheckins: "maybe", // invalid: nothing may be saved
	})
	if !errors.Is(err, data.ErrInvalid) {
		t.Fatalf("err=%v, want ErrInvalid", err)
	}
	if st, _ := s.Settings(ctx, guildA); !st.Enabled(data.FeatureMeetings) {
		t.Fatal("meetings switched off although the change as a whole was refused")
	}

	if err := s.SetSettings(ctx, guildA, modA, map[string]string{
		data.FeatureMeetings: "off",
		data.FeatureCheckins: "on", // unchanged: no audit entry
		data.FeatureSelfCare: "off",
	}); err != nil {
		t.Fatal(err)
	}
	st, err := s.Settings(ctx, guildA)
	if err != nil {
		t.Fatal(err)
	}
	if st.Enabled(data.FeatureMeetings) || st.Enabled(data.FeatureSelfCare) || !st.Enabled(data.FeatureCheckins) {
		t.Fatalf("features after SetSettings: meetings=%v selfcare=%v checkins=%v", st.Enabled(data.FeatureMeetings), st.Enabled(data.FeatureSelfCare), st.Enabled(data.FeatureCheckins))
	}
	h, err := s.SettingsHistory(ctx, guildA, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(h) != 2 {
		t.Fatalf("history has %d entries, want 2 (unchanged values are not audited): %+v", len(h), h)
	}
	if stB, _ := s.Settings(ctx, guildB); !stB.Enabled(data.FeatureMeetings) {
		t.Fatal("a change in server A switched meetings off in server B")
	}
}

// TestSettingsCacheFollowsWrites reads a server's settings (so the store
// caches them) before and after every kind of write, and checks each read
// sees the write.
func TestSettingsCacheFollowsWrites(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	read := func() data.Settings {
		t.Helper()
		st, err := s.Settings(ctx, guildA)
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	if got, want := read().Location().String(), "UTC"; got != want {
		t.Fatalf("zone=%q, want %q", got, want)
	}
	steps := []struct {
		name  string
		write func() error
		zone  string
		meet  bool
	}{
		{"set", func() error {
			_, err := s.SetSetting(ctx, guildA, modA, data.SettingTimeZone, "Europe/Paris")
			return err
		}, "Europe/Paris", true},
		{"set several", func() error {
			return s.SetSettings(ctx, guildA, modA, map[string]string{data.SettingTimeZone: "Asia/Tokyo", data.FeatureMeetings: "off"})
		}, "Asia/Tokyo", false},
		{"reset", func() error { _, err := s.ResetSetting(ctx, guildA, modA, data.SettingTimeZone); return err }, "UTC", false},
		{"rejected set", func() error {
			if _, err := s.SetSetting(ctx, guildA, modA, data.SettingTimeZone, "Mars/Olympus"); !errors.Is(err, data.ErrInvalid) {
				t.Fatalf("bad zone err=%v, want ErrInvalid", err)
			}
			return nil
		}, "UTC", false},
	}
	for _, step := range steps {
		read() // cached before the write
		if err := step.write(); err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		st := read()
		if got := st.Location().String(); got != step.zone {
			t.Errorf("after %s: zone=%q, want %q", step.name, got, step.zone)
		}
		if got := st.Enabled(data.FeatureMeetings); got != step.meet {
			t.Errorf("after %s: meetings on=%v, want %v", step.name, got, step.meet)
		}
		if other, err := s.Settings(ctx, guildB); err != nil || other.IsSet(data.SettingTimeZone) {
			t.Errorf("after %s: other server's zone set=%v, err=%v", step.name, other.IsSet(data.SettingTimeZone), err)
		}
	}
}
