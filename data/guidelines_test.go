package data_test

import (
	"context"
	"errors"
	"testing"

	"github.com/kindred-bot/kindred/data"
)

func TestGuidelinesVersion(t *testing.T) {
	a, b := data.GuidelinesVersion("Be kind."), data.GuidelinesVersion("Be kind!")
	if len(a) != 16 {
		t.Fatalf("version %q has %d characters, want 16", a, len(a))
	}
	if a == b {
		t.Fatal("different texts share a version")
	}
	if got := data.GuidelinesVersion("Be kind."); got != a {
		t.Fatalf("version is not stable: %q then %q", a, got)
	}
}

func TestAcknowledgeGuidelines(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	v1, v2 := data.GuidelinesVersion("one"), data.GuidelinesVersion("two")
	const member1, member2 = "200000000000000011", "200000000000000012"

	steps := []struct {
		guild, user, version string
		wantFirst            bool
	}{
		{guildA, member1, v1, true},
		{guildA, member1, v1, false}, // pressing twice changes nothing
		{guildA, member2, v1, true},
		{guildA, member1, v2, true}, // a new version is a new agreement
		{guildB, member1, v1, true}, // another server keeps its own record
	}
	for i, st := range steps {
		first, err := s.AcknowledgeGuidelines(ctx, st.guild, st.user, st.version)
		if err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		if first != st.wantFirst {
			t.Errorf("step %d: first=%v, want %v", i, first, st.wantFirst)
		}
	}

	counts := []struct {
		guild, version string
		want           data.GuidelinesAcks
	}{
		{guildA, v1, data.GuidelinesAcks{Version: 2, Any: 2}},
		{guildA, v2, data.GuidelinesAcks{Version: 1, Any: 2}},
		{guildA, data.GuidelinesVersion("never posted"), data.GuidelinesAcks{Version: 0, Any: 2}},
		{guildB, v1, data.GuidelinesAcks{Version: 1, Any: 1}},
		{guildB, v2, data.GuidelinesAcks{Version: 0, Any: 1}},
		{"100000000000000003", v1, data.GuidelinesAcks{}},
	}
	for _, c := range counts {
		got, err := s.GuidelinesAcknowledgements(ctx, c.guild, c.version)
		if err != nil {
			t.Fatal(err)
		}
		if got != c.want {
			t.Errorf("GuidelinesAcknowledgements(%s, %s)=%+v, want %+v", c.guild, c.version, got, c.want)
		}
	}

	has := []struct {
		guild, user, version string
		want                 bool
	}{
		{guildA, member1, v1, true},
		{guildA, member2, v2, false},
		{guildB, member2, v1, false},
	}
	for _, h := range has {
		got, err := s.HasAcknowledgedGuidelines(ctx, h.guild, h.user, h.version)
		if err != nil {
			t.Fatal(err)
		}
		if got != h.want {
			t.Errorf("HasAcknowledgedGuidelines(%s, %s, %s)=%v, want %v", h.guild, h.user, h.version, got, h.want)
		}
	}
}

func TestAcknowledgeGuidelinesRejectsUnknownVersion(t *testing.T) {
	s := mustOpen(t)
	for _, v := range []string{"", "abc", "ZZZZZZZZZZZZZZZZ", data.GuidelinesVersion("x") + "0"} {
		if _, err := s.AcknowledgeGuidelines(context.Background(), guildA, modA, v); !errors.Is(err, data.ErrInvalid) {
			t.Errorf("version %q: err=%v, want ErrInvalid", v, err)
		}
	}
}
