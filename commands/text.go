package commands

// clipRunes shortens s to at most n characters, ending with "…" when cut,
// for Discord's length limits (which count characters, not bytes).
func clipRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
