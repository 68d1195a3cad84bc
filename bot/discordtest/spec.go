package discordtest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// SpecEnv is the environment variable that points at Discord's OpenAPI
// document (openapi.json).
const SpecEnv = "KINDRED_DISCORD_SPEC"

// specServer is the server URL of Discord's spec; request paths are
// mapped onto it (discordgo uses /api/v9, the spec describes /api/v10).
const specServer = "https://discord.com/api/v10"

type specValidator struct {
	doc    *openapi3.T
	router routers.Router
}

type specCacheEntry struct {
	once sync.Once
	v    *specValidator
	err  error
}

// The spec is 1.2 MB; parse it once per process and path. The loaded
// document is only read afterwards.
var (
	specCacheMu sync.Mutex
	specCache   = map[string]*specCacheEntry{}
)

// FindSpec returns the path of Discord's OpenAPI document: $SpecEnv if
// set, else the first ../shared/discord-api-spec/openapi.json found
// walking up from the working directory ("" if none).
func FindSpec() string {
	if p := os.Getenv(SpecEnv); p != "" {
		return p
	}
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		for _, cand := range []string{
			filepath.Join(dir, "..", "shared", "discord-api-spec", "openapi.json"),
			filepath.Join(dir, "shared", "discord-api-spec", "openapi.json"),
		} {
			if st, err := os.Stat(cand); err == nil && !st.IsDir() {
				return filepath.Clean(cand)
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// loadSpec returns (nil, "", nil) when no spec is found.
func loadSpec(path string) (*specValidator, string, error) {
	if path == "" {
		path = FindSpec()
	}
	if path == "" {
		return nil, "", nil
	}
	if _, err := os.Stat(path); err != nil {
		if os.Getenv(SpecEnv) != "" {
			return nil, path, err
		}
		return nil, "", nil
	}
	specCacheMu.Lock()
	e := specCache[path]
	if e == nil {
		e = &specCacheEntry{}
		specCache[path] = e
	}
	specCacheMu.Unlock()
	e.once.Do(func() {
		loader := openapi3.NewLoader()
		doc, err := loader.LoadFromFile(path)
		if err != nil {
			e.err = err
			return
		}
		if err := doc.Validate(loader.Context); err != nil {
			e.err = fmt.Errorf("spec does not validate: %w", err)
			return
		}
		r, err := gorillamux.NewRouter(doc)
		if err != nil {
			e.err = err
			return
		}
		e.v = &specValidator{doc: doc, router: r}
	})
	return e.v, path, e.err
}

func (v *specValidator) httpRequest(req *Request, contentType string, body []byte) *http.Request {
	u, _ := url.Parse(specServer)
	u.Path += req.Path
	u.RawQuery = req.Query.Encode()
	hr, _ := http.NewRequest(req.Method, u.String(), bytes.NewReader(body))
	// Re-parse with the decoded path so that emoji etc. match path params.
	hr.URL.Path = "/api/v10" + req.Path
	hr.URL.RawPath = ""
	for k, vs := range req.Header {
		hr.Header[k] = vs
	}
	if contentType != "" {
		hr.Header.Set("Content-Type", contentType)
	}
	return hr
}

func (v *specValidator) options() *openapi3filter.Options {
	o := &openapi3filter.Options{
		MultiError: true,
		AuthenticationFunc: func(ctx context.Context, in *openapi3filter.AuthenticationInput) error {
			// Bot-token auth, and a user's OAuth2 Bearer token where the
			// spec allows one (the website's login, see oauth.go).
			if in.SecuritySchemeName == "OAuth2" {
				return checkBearerScopes(in)
			}
			if in.SecuritySchemeName != "BotToken" {
				return errors.New("not a bot token scheme")
			}
			if !strings.HasPrefix(in.RequestValidationInput.Request.Header.Get("Authorization"), "Bot ") {
				return errors.New(`missing "Authorization: Bot <token>" header`)
			}
			return nil
		},
	}
	return o
}

// specBody returns the body and content type to validate a request with.
// Multipart bodies are validated through their payload_json part against
// the operation's application/json schema: discordgo always sends the
// JSON payload in payload_json, which the spec's multipart schema (form
// fields) cannot describe; the file parts are not validated.
func specBody(req *Request, contentType string) ([]byte, string) {
	ct := strings.ToLower(contentType)
	if strings.HasPrefix(ct, "multipart/form-data") {
		return req.Body, "application/json"
	}
	body := req.Body
	return body, contentType
}

// validateRequest validates req and reports whether the route exists in
// the spec (violations are recorded on s).
func (v *specValidator) validateRequest(s *Server, req *Request, contentType string) bool {
	body, ct := specBody(req, contentType)
	hr := v.httpRequest(req, ct, body)
	route, params, err := v.router.FindRoute(hr)
	if err != nil {
		s.violate("spec: %s %s is not a route of Discord's API (%v)", req.Method, req.Path, err)
		return false
	}
	in := &openapi3filter.RequestValidationInput{Request: hr, PathParams: params, Route: route, Options: v.options()}
	if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
		detail := compactErr(err)
		if d := v.unionDetail(req, body); d != "" {
			detail = d
		}
		s.violate("spec: request %s %s violates Discord's OpenAPI spec: %s\n    body: %s", req.Method, req.Path,
			detail, truncate(string(req.Body), 600))
	}
	return true
}

// callbackBranches maps interaction callback types to the branch of the
// callback body's union (anyOf, "x-discord-union": "oneOf") that applies.
var callbackBranches = map[int]string{
	1: "PongInteractionCallbackRequest",
	4: "CreateMessageInteractionCallbackRequest",
	5: "CreateMessageInteractionCallbackRequest",
	6: "UpdateMessageInteractionCallbackRequest",
	7: "UpdateMessageInteractionCallbackRequest",
	8: "ApplicationCommandAutocompleteCallbackRequest",
	9: "ModalInteractionCallbackRequest",
}

// unionDetail re-validates an interaction callback body against the union
// branch selected by its "type": kin-openapi reports only one (arbitrary)
// failing branch of an anyOf, which is rarely the relevant one.
func (v *specValidator) unionDetail(req *Request, body []byte) string {
	if !strings.HasPrefix(req.Path, "/interactions/") {
		return ""
	}
	var val map[string]any
	if json.Unmarshal(body, &val) != nil {
		return ""
	}
	typ, _ := val["type"].(float64)
	name := callbackBranches[int(typ)]
	ref := v.doc.Components.Schemas[name]
	if ref == nil || ref.Value == nil {
		return ""
	}
	err := v.doc.ValidateSchemaJSON(ref.Value, val, openapi3.EnableJSONSchema2020())
	if err == nil {
		return ""
	}
	return "body does not match " + name + " (selected by type " + fmt.Sprint(int(typ)) + "): " + compactErr(err)
}

func (v *specValidator) validateResponse(s *Server, req *Request, contentType string, status int, h http.Header, out []byte) {
	body, ct := specBody(req, contentType)
	hr := v.httpRequest(req, ct, body)
	route, params, err := v.router.FindRoute(hr)
	if err != nil {
		return
	}
	in := &openapi3filter.RequestValidationInput{Request: hr, PathParams: params, Route: route, Options: v.options()}
	rin := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: status, Header: h,
		Body: io.NopCloser(bytes.NewReader(out)), Options: &openapi3filter.Options{MultiError: true, IncludeResponseStatus: false}}
	if err := openapi3filter.ValidateResponse(context.Background(), rin); err != nil {
		s.violate("spec: fake's response %d to %s %s violates the spec (discordtest bug): %s\n    body: %s", status,
			req.Method, req.Path, compactErr(err), truncate(string(out), 600))
	}
}

// compactErr flattens a kin-openapi error to one line. When the JSON
// Schema 2020-12 validator's error tree is reachable, it lists its leaf
// errors (dropping the "want null" failures of nullable unions, which are
// noise); otherwise it drops the schema and value dumps kin-openapi embeds.
func compactErr(err error) string {
	var leaves []string
	seen := map[string]bool{}
	var walk func(e error)
	walk = func(e error) {
		switch x := e.(type) {
		case nil:
			return
		case *jsonschema.ValidationError:
			if len(x.Causes) == 0 {
				msg := x.ErrorKind.LocalizedString(enPrinter)
				if strings.HasSuffix(msg, "want null") {
					return
				}
				l := "at /" + strings.Join(x.InstanceLocation, "/") + ": " + msg
				if !seen[l] {
					seen[l] = true
					leaves = append(leaves, l)
				}
			}
			for _, c := range x.Causes {
				walk(c)
			}
		case openapi3.MultiError:
			for _, c := range x {
				walk(c)
			}
		case interface{ Unwrap() []error }:
			for _, c := range x.Unwrap() {
				walk(c)
			}
		case interface{ Unwrap() error }:
			walk(x.Unwrap())
		}
	}
	walk(err)
	if len(leaves) > 0 {
		return truncate(strings.Join(leaves, "; "), 1500)
	}
	return compactText(err)
}

var enPrinter = message.NewPrinter(language.English)

func compactText(err error) string {
	var out []string
	skip := false
	for _, line := range strings.Split(err.Error(), "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == "Schema:" || trimmed == "Value:" || strings.HasPrefix(trimmed, "Schema:") || strings.HasPrefix(trimmed, "Value:"):
			skip = true
			continue
		case skip && (line == "" || strings.HasPrefix(line, " ") || strings.HasPrefix(line, "\t") || trimmed == "}" || trimmed == "]"):
			continue
		}
		skip = false
		if trimmed != "" {
			out = append(out, trimmed)
		}
	}
	return truncate(strings.Join(out, " | "), 1500)
}
