package commands

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/i18n"
)

// maxImportBytes is the largest file /mod-resources import reads.
const maxImportBytes = 2 << 20

// HTTPFetcher downloads with c (nil means a client with a 20-second
// timeout), refusing anything larger than an import may be.
func HTTPFetcher(c *http.Client) Fetcher {
	if c == nil {
		c = &http.Client{Timeout: 20 * time.Second}
	}
	return func(ctx context.Context, url string) ([]byte, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return nil, fmt.Errorf("download %s: %w", url, err)
		}
		resp, err := c.Do(req)
		if err != nil {
			return nil, fmt.Errorf("download %s: %w", url, err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return nil, fmt.Errorf("download %s: HTTP %s", url, resp.Status)
		}
		b, err := io.ReadAll(io.LimitReader(resp.Body, maxImportBytes+1))
		if err != nil {
			return nil, fmt.Errorf("download %s: %w", url, err)
		}
		if len(b) > maxImportBytes {
			return nil, fmt.Errorf("download %s: %w: the file is larger than %d MB", url, data.ErrInvalid, maxImportBytes>>20)
		}
		return b, nil
	}
}

// resourceColumns are the columns of an export, in order. An import
// needs name, category and description; the rest may be left out.
var resourceColumns = []string{"name", "category", "description", "phone", "text", "website", "address", "hours", "region", "languages", "tags", "last_checked"}

// resourceRecord is one resource in a file, CSV or JSON.
type resourceRecord struct {
	Name        string  `json:"name"`
	Category    string  `json:"category"`
	Description string  `json:"description"`
	Phone       string  `json:"phone,omitempty"`
	Text        string  `json:"text,omitempty"`
	Website     string  `json:"website,omitempty"`
	Address     string  `json:"address,omitempty"`
	Hours       string  `json:"hours,omitempty"`
	Region      string  `json:"region,omitempty"`
	Languages   string  `json:"languages,omitempty"`
	Tags        tagList `json:"tags,omitempty"`
	LastChecked string  `json:"last_checked,omitempty"`
}

// tagList reads tags written as a list or as one comma-separated string.
type tagList []string

// errTagList is a file's tags written as neither.
var errTagList = errors.New("tags must be a list of words or one comma-separated text")

func (t *tagList) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*t = data.ParseTags(s)
		return nil
	}
	var list []string
	if err := json.Unmarshal(b, &list); err != nil {
		return errTagList
	}
	*t = list
	return nil
}

func recordOf(r data.Resource) resourceRecord {
	return resourceRecord{
		Name: r.Name, Category: r.Category, Description: r.Description, Phone: r.Phone, Text: r.Text,
		Website: r.Website, Address: r.Address, Hours: r.Hours, Region: r.Region, Languages: r.Languages,
		Tags: r.Tags, LastChecked: r.LastChecked.UTC().Format(time.DateOnly),
	}
}

func (rec resourceRecord) values() []string {
	return []string{rec.Name, rec.Category, rec.Description, rec.Phone, rec.Text, rec.Website, rec.Address,
		rec.Hours, rec.Region, rec.Languages, strings.Join(rec.Tags, ", "), rec.LastChecked}
}

// resource reads a record; now bounds the last-checked date. Problems
// are told in p's language.
func (rec resourceRecord) resource(p *i18n.Printer, now time.Time) (data.Resource, error) {
	r := data.Resource{
		Name: rec.Name, Category: rec.Category, Description: rec.Description, Phone: rec.Phone, Text: rec.Text,
		Website: rec.Website, Address: rec.Address, Hours: rec.Hours, Region: rec.Region, Languages: rec.Languages,
		Tags: rec.Tags,
	}
	if d := strings.TrimSpace(rec.LastChecked); d != "" {
		t, err := time.Parse(time.DateOnly, d)
		if err != nil {
			if t, err = time.Parse(time.RFC3339, d); err != nil {
				return r, fmt.Errorf("%w: %s", data.ErrInvalid, p.T("resources.bad_date", "Date", clipRunes(d, 40)))
			}
		}
		if t.After(now.Add(24 * time.Hour)) {
			return r, fmt.Errorf("%w: %s", data.ErrInvalid, p.T("resources.future_date", "Date", clipRunes(d, 40)))
		}
		r.LastChecked = t.UTC()
	}
	return r, nil
}

// utf8BOM starts the CSV so that spreadsheets read it as UTF-8.
const utf8BOM = "\ufeff"

func encodeResourcesCSV(list []data.Resource) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(utf8BOM)
	w := csv.NewWriter(&b)
	if err := w.Write(resourceColumns); err != nil {
		return nil, err
	}
	for _, r := range list {
		vals := recordOf(r).values()
		for i := range vals {
			vals[i] = csvCell(vals[i])
		}
		if err := w.Write(vals); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return b.Bytes(), w.Error()
}

func encodeResourcesJSON(list []data.Resource) ([]byte, error) {
	recs := make([]resourceRecord, 0, len(list))
	for _, r := range list {
		recs = append(recs, recordOf(r))
	}
	b, err := json.MarshalIndent(recs, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// decodeResourcesCSV reads a CSV file with a header row. Rows are
// numbered as a spreadsheet shows them, the header being row 1. A problem
// with the whole file is an ErrInvalid error; problems with single rows
// are returned for reporting together, all told in p's language.
func decodeResourcesCSV(p *i18n.Printer, b []byte, now time.Time) ([]data.ImportRow, []data.RowProblem, error) {
	b = bytes.TrimPrefix(b, []byte(utf8BOM))
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord = -1
	firstLine, _, _ := bytes.Cut(b, []byte("\n"))
	if bytes.Count(firstLine, []byte(";")) > bytes.Count(firstLine, []byte(",")) {
		r.Comma = ';' // spreadsheets in many countries save CSV with semicolons
	}
	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		return nil, nil, fmt.Errorf("%w: %s", data.ErrInvalid, p.T("resources.file_empty"))
	}
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %s", data.ErrInvalid, p.T("resources.csv_unreadable", "Problem", csvProblem(p, err)))
	}
	col := map[string]int{}
	for i, h := range header {
		name := strings.ToLower(strings.Join(strings.Fields(strings.ReplaceAll(h, "_", " ")), "_"))
		known := false
		for _, c := range resourceColumns {
			known = known || c == name
		}
		if !known {
			return nil, nil, fmt.Errorf("%w: %s", data.ErrInvalid,
				p.T("resources.unknown_column", "Column", clipRunes(h, 40), "Columns", strings.Join(resourceColumns, ", ")))
		}
		if _, dup := col[name]; dup {
			return nil, nil, fmt.Errorf("%w: %s", data.ErrInvalid, p.T("resources.column_twice", "Column", name))
		}
		col[name] = i
	}
	for _, need := range []string{"name", "category", "description"} {
		if _, ok := col[need]; !ok {
			return nil, nil, fmt.Errorf("%w: %s", data.ErrInvalid, p.T("resources.column_missing", "Column", need, "Columns", strings.Join(resourceColumns, ", ")))
		}
	}
	var rows []data.ImportRow
	var problems []data.RowProblem
	for row := 2; ; row++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, nil, fmt.Errorf("%w: %s", data.ErrInvalid, p.T("resources.csv_unreadable", "Problem", csvProblem(p, err)))
		}
		if strings.TrimSpace(strings.Join(rec, "")) == "" {
			continue // a blank row
		}
		if len(rec) > len(header) && strings.TrimSpace(strings.Join(rec[len(header):], "")) != "" {
			problems = append(problems, data.RowProblem{Row: row, Err: fmt.Errorf("%w: %s", data.ErrInvalid, p.T("resources.extra_cells"))})
			continue
		}
		get := func(name string) string {
			if i, ok := col[name]; ok && i < len(rec) {
				return csvUncell(rec[i])
			}
			return ""
		}
		record := resourceRecord{
			Name: get("name"), Category: get("category"), Description: get("description"), Phone: get("phone"),
			Text: get("text"), Website: get("website"), Address: get("address"), Hours: get("hours"),
			Region: get("region"), Languages: get("languages"), Tags: data.ParseTags(get("tags")), LastChecked: get("last_checked"),
		}
		res, err := record.resource(p, now)
		if err != nil {
			problems = append(problems, data.RowProblem{Row: row, Err: err})
			continue
		}
		rows = append(rows, data.ImportRow{Row: row, Resource: res})
	}
	return rows, problems, nil
}

// csvProblem says plainly what encoding/csv found wrong, and where.
func csvProblem(p *i18n.Printer, err error) string {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return err.Error()
	}
	what := pe.Err.Error()
	switch {
	case errors.Is(pe.Err, csv.ErrBareQuote):
		what = p.T("resources.csv_bare_quote")
	case errors.Is(pe.Err, csv.ErrQuote):
		what = p.T("resources.csv_quote")
	}
	return p.T("resources.csv_line", "Line", p.Number(pe.Line), "Problem", what)
}

// decodeResourcesJSON reads a JSON list of resources (or an object with a
// "resources" list). Entries are numbered from 1.
func decodeResourcesJSON(p *i18n.Printer, b []byte, now time.Time) ([]data.ImportRow, []data.RowProblem, error) {
	b = bytes.TrimSpace(bytes.TrimPrefix(b, []byte(utf8BOM)))
	var list []json.RawMessage
	if bytes.HasPrefix(b, []byte("{")) {
		var wrapped struct {
			Resources []json.RawMessage `json:"resources"`
		}
		if err := json.Unmarshal(b, &wrapped); err != nil {
			return nil, nil, fmt.Errorf("%w: %s", data.ErrInvalid, p.T("resources.json_unreadable", "Problem", jsonProblem(p, err)))
		}
		list = wrapped.Resources
	} else if err := json.Unmarshal(b, &list); err != nil {
		return nil, nil, fmt.Errorf("%w: %s", data.ErrInvalid, p.T("resources.json_not_list", "Problem", jsonProblem(p, err)))
	}
	var rows []data.ImportRow
	var problems []data.RowProblem
	for i, raw := range list {
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		var rec resourceRecord
		if err := dec.Decode(&rec); err != nil {
			problems = append(problems, data.RowProblem{Row: i + 1, Err: fmt.Errorf("%w: %s", data.ErrInvalid, jsonProblem(p, err))})
			continue
		}
		res, err := rec.resource(p, now)
		if err != nil {
			problems = append(problems, data.RowProblem{Row: i + 1, Err: err})
			continue
		}
		rows = append(rows, data.ImportRow{Row: i + 1, Resource: res})
	}
	return rows, problems, nil
}

// jsonProblem says plainly what encoding/json found wrong.
func jsonProblem(p *i18n.Printer, err error) string {
	msg := err.Error()
	if field, ok := strings.CutPrefix(msg, "json: unknown field "); ok {
		return p.T("resources.json_unknown_field", "Field", field, "Fields", strings.Join(resourceColumns, ", "))
	}
	if errors.Is(err, errTagList) {
		return p.T("resources.json_tags")
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Field != "" {
		return p.T("resources.json_not_text", "Field", te.Field)
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return p.T("resources.json_syntax", "Offset", p.Number(int(se.Offset)))
	}
	return strings.TrimPrefix(msg, "json: ")
}

// importFormat tells CSV from JSON by the file's name, then its type.
func importFormat(a *discordgo.MessageAttachment) string {
	switch strings.ToLower(path.Ext(a.Filename)) {
	case ".csv":
		return "csv"
	case ".json":
		return "json"
	}
	switch {
	case strings.Contains(a.ContentType, "csv"):
		return "csv"
	case strings.Contains(a.ContentType, "json"):
		return "json"
	}
	return ""
}

func (h *resources) importFile(ctx context.Context, req *Request) (*Response, error) {
	att := attachmentOption(req, "file")
	if att == nil {
		return req.PrivateT("resources.import_attach"), nil
	}
	format := importFormat(att)
	if format == "" {
		return req.PrivateT("resources.import_wrong_kind", "File", clipRunes(att.Filename, 100)), nil
	}
	if att.Size > maxImportBytes {
		return req.PrivateT("resources.import_too_big", "Size", resDecimal(req.P(), float64(att.Size)/(1<<20)), "Max", maxImportBytes>>20), nil
	}
	b, err := h.fetch(ctx, att.URL)
	if err != nil {
		if errors.Is(err, data.ErrInvalid) {
			return req.PrivateT("resources.import_larger", "Max", maxImportBytes>>20), nil
		}
		h.log.Error("download import file", "guild", req.GuildID, "err", err)
		return req.PrivateT("resources.import_download_failed"), nil
	}
	decode, entries := decodeResourcesCSV, false
	if format == "json" {
		decode, entries = decodeResourcesJSON, true
	}
	rows, problems, err := decode(req.P(), b, req.Now)
	if err != nil {
		return nothingImported(req, err)
	}
	names := map[int]string{}
	for _, r := range rows {
		names[r.Row] = r.Resource.Name
	}
	if len(problems) > 0 {
		// Check the rows that could be read too, so one reply lists every problem.
		return importProblems(req, append(problems, data.CheckImportRows(rows)...), names, entries), nil
	}
	sum, err := h.store.ImportResources(ctx, req.GuildID, req.User.ID, rows)
	var ie *data.ImportError
	if errors.As(err, &ie) {
		return importProblems(req, ie.Problems, names, entries), nil
	}
	if err != nil {
		return nothingImported(req, err)
	}
	RecordAction(ctx, h.store, req, data.AuditResources, "import", clipRunes(att.Filename, 100),
		fmt.Sprintf("%d new, %d updated", sum.Added, sum.Updated))
	return &Response{
		Content: req.N("resources.imported", sum.Added+sum.Updated, "File", clipRunes(att.Filename, 100),
			"Added", req.P().Number(sum.Added), "Updated", req.P().Number(sum.Updated)),
		Ephemeral: true,
	}, nil
}

// nothingImported is the kind reply for a problem with the whole file.
func nothingImported(req *Request, err error) (*Response, error) {
	resp, err := req.Problem(err)
	if resp == nil {
		return nil, err
	}
	if !strings.HasSuffix(resp.Content, ".") {
		resp.Content += "."
	}
	resp.Content = clipRunes(resp.Content+" "+req.T("resources.nothing_imported"), 2000)
	return resp, nil
}

// attachmentOption returns the file given for an attachment option.
func attachmentOption(req *Request, name string) *discordgo.MessageAttachment {
	id := req.String(name)
	if id == "" || req.Interaction.Type != discordgo.InteractionApplicationCommand {
		return nil
	}
	res := req.Interaction.ApplicationCommandData().Resolved
	if res == nil {
		return nil
	}
	return res.Attachments[id]
}

// importProblems lists every bad row (entries, for a JSON file). All of
// them are in an attached text file when they don't fit in the message.
func importProblems(req *Request, problems []data.RowProblem, names map[int]string, entries bool) *Response {
	sort.SliceStable(problems, func(i, j int) bool { return problems[i].Row < problems[j].Row })
	var all, bold []string
	for _, p := range problems {
		where := req.T("resources.problem_row", "Row", req.P().Number(p.Row))
		if entries {
			where = req.T("resources.problem_entry", "Row", req.P().Number(p.Row))
		}
		if n := names[p.Row]; n != "" {
			where += " (" + clipRunes(n, 60) + ")"
		}
		what := capitalize(problemSentence(req.P(), p.Err))
		all = append(all, where+": "+what)
		bold = append(bold, "**"+where+":** "+what+"\n")
	}
	var b strings.Builder
	shown := 0
	for _, l := range bold {
		if b.Len()+len(l) > 3800 {
			break
		}
		b.WriteString(l)
		shown++
	}
	summary := req.N("resources.import_rows_to_fix", len(problems))
	if entries {
		summary = req.N("resources.import_entries_to_fix", len(problems))
	}
	resp := &Response{
		Content:   summary,
		Embeds:    []*discordgo.MessageEmbed{{Title: req.T("resources.what_to_fix"), Description: b.String(), Color: resourceColor}},
		Ephemeral: true,
	}
	if shown < len(all) {
		resp.Embeds[0].Footer = &discordgo.MessageEmbedFooter{Text: req.N("resources.import_more_in_file", len(all)-shown)}
		resp.Files = []*discordgo.File{{Name: "import-problems.txt", ContentType: "text/plain; charset=utf-8", Reader: strings.NewReader(strings.Join(all, "\n") + "\n")}}
	}
	return resp
}

// problemSentence is the kind sentence of a store error, in p's language
// when it is a data.Problem.
func problemSentence(p *i18n.Printer, err error) string {
	if msg, ok := problemIn(p, err); ok {
		return msg
	}
	for _, kind := range []error{data.ErrInvalid, data.ErrNotFound, data.ErrConflict} {
		if errors.Is(err, kind) {
			return userMessage(err, kind)
		}
	}
	return err.Error()
}

func (h *resources) export(ctx context.Context, req *Request) (*Response, error) {
	list, err := h.store.AllResources(ctx, req.GuildID)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return req.PrivateT("resources.export_empty"), nil
	}
	format := req.String("format")
	if format == "" {
		format = "csv"
	}
	encode, contentType := encodeResourcesCSV, "text/csv; charset=utf-8"
	if format == "json" {
		encode, contentType = encodeResourcesJSON, "application/json"
	}
	b, err := encode(list)
	if err != nil {
		return nil, fmt.Errorf("export resources of guild %s: %w", req.GuildID, err)
	}
	name := fmt.Sprintf("resources-%s.%s", req.Now.UTC().Format(time.DateOnly), format)
	return &Response{
		Content:   req.N("resources.exported", len(list)),
		Files:     []*discordgo.File{{Name: name, ContentType: contentType, Reader: bytes.NewReader(b)}},
		Ephemeral: true,
	}, nil
}
