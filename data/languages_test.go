package data_test

import (
	"context"
	"testing"
)

// TestErasureForgetsTheMembersLanguage: after /mydata delete, the
// language a member chose no longer applies (the store's cache of it goes
// with the row).
func TestErasureForgetsTheMembersLanguage(t *testing.T) {
	ctx := context.Background()
	s, _ := pvOpen(t)
	seedMember(t, s, pvGuildA, pvMember)
	if err := s.SetMemberLanguage(ctx, pvMember, "fr"); err != nil {
		t.Fatal(err)
	}
	if err := s.NoteDiscordLocale(ctx, pvMember, "pl"); err != nil {
		t.Fatal(err)
	}
	if m := must(s.MemberLanguage(ctx, pvMember)); m.Chosen != "fr" || m.Discord != "pl" {
		t.Fatalf("before erasure: %+v, want fr chosen and pl seen", m)
	}
	must(s.DeleteMemberData(ctx, pvGuildA, pvMember))
	if m := must(s.MemberLanguage(ctx, pvMember)); m.Chosen != "" || m.Discord != "" {
		t.Errorf("after erasure the member's language is still %+v", m)
	}
	// Noting a Discord language again writes it again.
	if err := s.NoteDiscordLocale(ctx, pvMember, "pl"); err != nil {
		t.Fatal(err)
	}
	if m := must(s.MemberLanguage(ctx, pvMember)); m.Discord != "pl" {
		t.Errorf("noted again: %+v, want pl", m)
	}
}
