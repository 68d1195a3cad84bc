package data_test

import (
	"context"
	"testing"
)

// TestCachedMemberLanguageReadsOnlyMemory: the cached lookup knows a
// member's language only once a read put it in memory, and not after a
// change until it is read again; it never reads the database itself.
func TestCachedMemberLanguageReadsOnlyMemory(t *testing.T) {
	ctx := context.Background()
	s, _ := pvOpen(t)
	if err := s.SetMemberLanguage(ctx, pvMember, "es"); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name   string
		do     func()
		wantOK bool
		want   string
	}{
		{"after the write, before a read", func() {}, false, ""},
		{"after a read", func() { must(s.MemberLanguage(ctx, pvMember)) }, true, "es"},
		{"after a change", func() {
			if err := s.SetMemberLanguage(ctx, pvMember, "pl"); err != nil {
				t.Fatal(err)
			}
		}, false, ""},
		{"read again", func() { must(s.MemberLanguage(ctx, pvMember)) }, true, "pl"},
	}
	for _, st := range steps {
		st.do()
		m, ok := s.CachedMemberLanguage(pvMember)
		if ok != st.wantOK || m.Chosen != st.want {
			t.Errorf("%s: CachedMemberLanguage = %+v, %v; want %q, %v", st.name, m, ok, st.want, st.wantOK)
		}
	}
	if _, ok := s.CachedMemberLanguage("999999999999999999"); ok {
		t.Error("an unknown member's language is cached")
	}
}
