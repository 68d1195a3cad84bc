package bot

import (
	"bytes"
	"encoding/json"
	"errors"
	"log/slog"
	"testing"
)

// TestRedactingLoggerKeepsAttrsInOrder: attributes given to With come
// before a record's own, in their groups, redacted like the record's.
func TestRedactingLoggerKeepsAttrsInOrder(t *testing.T) {
	var buf bytes.Buffer
	log := RedactingLogger(slog.New(slog.NewJSONHandler(&buf, nil)), "")
	url := "https://discord.com/api/v10/interactions/123456789012345678/aW50ZXJhY3Rpb246dG9rZW4/callback"
	log.With("guild", "1", "err", errors.New("post "+url)).WithGroup("g").With("a", 2).Info("m", "b", 3)
	var got map[string]any
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatalf("%v: %s", err, buf.Bytes())
	}
	if got["guild"] != "1" || got["msg"] != "m" {
		t.Errorf("logged %s", buf.Bytes())
	}
	if e, _ := got["err"].(string); e != "post https://discord.com/api/v10/interactions/<id>/<token>/callback" {
		t.Errorf("err = %q, want the token and ID out", e)
	}
	g, _ := got["g"].(map[string]any)
	if g["a"] != 2.0 || g["b"] != 3.0 {
		t.Errorf("group g = %v, want a and b in it", got["g"])
	}
	if bytes.Contains(buf.Bytes(), []byte("aW50ZXJhY3Rpb246dG9rZW4")) {
		t.Errorf("token logged: %s", buf.Bytes())
	}
}
