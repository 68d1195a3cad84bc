package data_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/kindred-bot/kindred/data"
)

func TestRedactTakesTokensAndIDsOutOfURLs(t *testing.T) {
	const tok = "aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDEyMzQ1Njc4OkFCQ0RFRg"
	tests := []struct{ in, want string }{
		{`Post "https://discord.com/api/v9/interactions/123456789012345678/` + tok + `/callback": EOF`,
			`Post "https://discord.com/api/v9/interactions/<id>/<token>/callback": EOF`},
		{`Patch "https://discord.com/api/v9/webhooks/123456789012345678/` + tok + `/messages/@original": timeout`,
			`Patch "https://discord.com/api/v9/webhooks/<id>/<token>/messages/@original": timeout`},
		{`Post "http://127.0.0.1:8080/api/v9/webhooks/123456789012345678/` + tok + `?wait=true": reset`,
			`Post "http://127.0.0.1:8080/api/v9/webhooks/<id>/<token>?wait=true": reset`},
		{`Post "https://discord.com/api/v9/channels/223456789012345678/messages": EOF`,
			`Post "https://discord.com/api/v9/channels/<id>/messages": EOF`},
		{`permissions in channel 223456789012345678: not connected`, `permissions in channel 223456789012345678: not connected`},
	}
	for _, tt := range tests {
		if got := data.Redact(tt.in); got != tt.want {
			t.Errorf("Redact(%q)\n = %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

func TestFailureTextIsACodeAndNoIDs(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{errors.New(`send a direct message: Post "https://discord.com/api/v9/channels/223456789012345678/messages": EOF`),
			`temporary: send a direct message: Post "https://discord.com/api/v9/channels/<id>/messages": EOF`},
		{errors.New("DM user 323456789012345678: HTTP 500"), "temporary: DM user <id>: HTTP 500"},
		{&data.DeliveryError{Kind: data.ErrDeliveryUnreachable, Reason: "the channel was deleted", Err: errors.New("channel 223456789012345678")},
			"unreachable: the channel was deleted"},
		{&data.DeliveryError{Kind: data.ErrDeliveryPermanent, Reason: "Discord rejected the message (HTTP 400)"},
			"rejected: Discord rejected the message (HTTP 400)"},
	}
	for _, tt := range tests {
		got := data.FailureText(tt.err)
		if got != tt.want {
			t.Errorf("FailureText(%v) = %q, want %q", tt.err, got, tt.want)
		}
		if strings.Contains(got, "2345678") {
			t.Errorf("FailureText(%v) keeps an ID: %q", tt.err, got)
		}
	}
}
