package commands

import "strings"

// csvFormulaStarts are the characters that make a spreadsheet read a cell
// as a formula (= + - @) or that some spreadsheets strip or treat the same
// way (tab, carriage return). A leading apostrophe is escaped too, so
// that csvUncell can tell Kindred's escape from a member's own apostrophe.
const csvFormulaStarts = "=+-@\t\r'"

// csvCell stops a spreadsheet running a cell as a formula: text a member
// or moderator typed (a resource's name, a meeting's title) could start
// with = or +. It prefixes such a cell with an apostrophe. Every CSV
// export Kindred makes writes its cells through it.
func csvCell(s string) string {
	if s != "" && strings.IndexByte(csvFormulaStarts, s[0]) >= 0 {
		return "'" + s
	}
	return s
}

// csvUncell undoes csvCell on import, so an export imports back exactly,
// a value that itself starts with an apostrophe included.
func csvUncell(s string) string {
	if len(s) >= 2 && s[0] == '\'' && strings.IndexByte(csvFormulaStarts, s[1]) >= 0 {
		return s[1:]
	}
	return s
}
