package commands

import (
	"time"

	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/i18n"
)

// EncodeResourcesCSV writes resources as the CSV file /mod-resources export
// sends, so the website's export is the same file.
func EncodeResourcesCSV(list []data.Resource) ([]byte, error) { return encodeResourcesCSV(list) }

// DecodeResourcesCSV reads an import file as /mod-resources import does: a
// problem with the whole file is an ErrInvalid error; problems with single
// rows are returned for reporting together.
func DecodeResourcesCSV(b []byte, now time.Time) ([]data.ImportRow, []data.RowProblem, error) {
	return decodeResourcesCSV(i18n.For(i18n.Base), b, now)
}
