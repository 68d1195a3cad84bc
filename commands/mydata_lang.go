package commands

import (
	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/i18n"
)

// sectionAbout says what a section of a member's export holds, in p's
// language; the export file itself keeps the data layer's English.
func sectionAbout(p *i18n.Printer, s data.ExportSection) string {
	if text, ok := i18n.Embedded().Text(i18n.Base, "mydata.section_"+s.Kind); ok && text != "" {
		return p.T("mydata.section_" + s.Kind)
	}
	return s.About
}

// tableLabel names a table of data.Deleted for the member, in p's
// language ("other records" for a table the catalogue does not name).
func tableLabel(p *i18n.Printer, table string) string {
	if _, ok := i18n.Embedded().Text(i18n.Base, "mydata.table_"+table); ok {
		return p.T("mydata.table_" + table)
	}
	return p.T("mydata.table_other")
}
