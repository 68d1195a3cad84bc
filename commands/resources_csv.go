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

// ProblemText is the kind sentence of a data error (ErrInvalid,
// ErrNotFound, ErrConflict) without its kind, for forms to show.
func ProblemText(err error) (string, bool) {
	resp, rerr := ProblemReply(err)
	if rerr != nil || resp == nil {
		return "", false
	}
	return resp.Content, true
}

// ProblemTextIn is ProblemText in p's language when the error carries its
// own message (a data.Problem, or data.Problems), for a page in the
// reader's language.
func ProblemTextIn(p *i18n.Printer, err error) (string, bool) {
	if msg, ok := problemIn(p, err); ok {
		return msg, true
	}
	return ProblemText(err)
}
