package discordtest

import (
	"encoding/json"
	"fmt"
	"os"
	"time"
)

type jsonNumber = json.Number

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }

func getenv(k string) string { return os.Getenv(k) }

func timeNowPlus() time.Time { return time.Now().Add(time.Second) }

// remarshal converts v (maps from JSON) into out via JSON.
func remarshal(v any, out any) {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	if err := json.Unmarshal(b, out); err != nil {
		panic(err)
	}
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}
