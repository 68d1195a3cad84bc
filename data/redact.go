package data

import (
	"errors"
	"regexp"
	"strings"
)

var (
	urlRE = regexp.MustCompile(`https?://[^\s"'<>]+`)
	// An interaction's token follows its ID in the callback URL, and a
	// webhook's (follow-ups included) follows the webhook's ID.
	tokenPathRE = regexp.MustCompile(`/(webhooks|interactions)/(\d+)/[^/?#\s"'<>]+`)
	idRE        = regexp.MustCompile(`\b\d{15,21}\b`)
)

// Redact returns s with the tokens in any URL in it (interaction
// callbacks, webhooks and their follow-ups) replaced by "<token>", and
// the IDs in URL paths by "<id>", so that error text can be logged: a
// network error carries the URL it failed on, and the URL of a message
// sent to a DM channel names the channel. Text outside URLs is kept.
func Redact(s string) string {
	if !strings.Contains(s, "://") {
		return s // no URL: most log values, logged on every interaction
	}
	return urlRE.ReplaceAllStringFunc(s, func(u string) string {
		u = tokenPathRE.ReplaceAllString(u, "/$1/$2/<token>")
		return idRE.ReplaceAllString(u, "<id>")
	})
}

// FailureText is what is stored about a failed delivery
// (deliveries.last_error): a reason code, then a short message with
// tokens and every Discord ID taken out, so that no stored error can tie
// a member to a channel (such as an anonymous concern's reply channel).
// A *DeliveryError gives its own reason; any other error is temporary.
func FailureText(err error) string {
	if err == nil {
		return ""
	}
	var de *DeliveryError
	if errors.As(err, &de) {
		code := "error"
		switch {
		case errors.Is(de.Kind, ErrDeliveryUnreachable):
			code = "unreachable"
		case errors.Is(de.Kind, ErrDeliveryPermanent):
			code = "rejected"
		case errors.Is(de.Kind, ErrDeliveryObsolete):
			code = "obsolete"
		}
		return storedReason(code + ": " + de.Reason)
	}
	return storedReason("temporary: " + err.Error())
}

// redactIDs replaces every Discord ID in s by "<id>".
func redactIDs(s string) string { return idRE.ReplaceAllString(s, "<id>") }
