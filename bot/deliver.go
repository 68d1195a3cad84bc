package bot

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/data"
)

// Exactly once, in two layers (see the README's "Delivery guarantee"):
//
//   - Every message create for a delivery carries a nonce derived from the
//     delivery's key, with enforce_nonce: Discord answers a repeat of the
//     same nonce within a few minutes with the message it already made, so
//     discordgo's own retry of a 502, a retry after a timeout, or a send
//     repeated after a quick restart cannot post twice.
//   - Every such message carries the same nonce, invisibly, at the end of
//     its content (zero-width characters; see markContent). A delivery
//     whose earlier attempt may have gone out unseen is looked for among
//     the channel's messages since it was first claimed (FindDelivered)
//     before it is sent again, however long ago that was.

// nonceHexLen is the nonce's length: 80 bits of the key's hash, within
// Discord's 25 characters.
const nonceHexLen = 20

// DeliveryNonce is the nonce of a delivery's message: the same for every
// attempt, different for every delivery.
func DeliveryNonce(d data.Delivery) string {
	sum := sha256.Sum256([]byte(d.GuildID + "\x00" + d.Key))
	return hex.EncodeToString(sum[:])[:nonceHexLen]
}

// The marker: an invisible separator, then two of four zero-width
// characters for each hex digit of the nonce. Screen readers and the
// client show nothing; copying the text carries it along harmlessly.
const markerStart = '\u2063'

var markerDigits = [4]rune{'\u200b', '\u200c', '\u200d', '\u2060'}

// maxContent is Discord's limit on a message's content, in characters.
const maxContent = 2000

// markContent returns content with the nonce's marker appended, or
// content unchanged if the marker would not fit (the nonce still guards
// against quick repeats).
func markContent(content, nonce string) string {
	var b strings.Builder
	b.WriteString(content)
	b.WriteRune(markerStart)
	for i := 0; i < len(nonce); i++ {
		v, err := strconv.ParseUint(nonce[i:i+1], 16, 8)
		if err != nil {
			return content
		}
		b.WriteRune(markerDigits[v>>2])
		b.WriteRune(markerDigits[v&3])
	}
	if utf8.RuneCountInString(b.String()) > maxContent {
		return content
	}
	return b.String()
}

// MarkerOf returns the nonce marked in a message's content, or "".
func MarkerOf(content string) string {
	at := strings.LastIndex(content, string(markerStart))
	if at < 0 {
		return ""
	}
	digits := []rune(content[at+len(string(markerStart)):])
	if len(digits)%2 != 0 || len(digits) == 0 {
		return ""
	}
	var b strings.Builder
	for i := 0; i < len(digits); i += 2 {
		hi, lo := digitOf(digits[i]), digitOf(digits[i+1])
		if hi < 0 || lo < 0 {
			return ""
		}
		b.WriteString(strconv.FormatInt(int64(hi<<2|lo), 16))
	}
	return b.String()
}

func digitOf(r rune) int {
	for i, d := range markerDigits {
		if d == r {
			return i
		}
	}
	return -1
}

// nonceMessage is a message create with the fields discordgo v0.29's
// MessageSend lacks.
type nonceMessage struct {
	*discordgo.MessageSend
	Nonce        string `json:"nonce"`
	EnforceNonce bool   `json:"enforce_nonce"`
}

// sendOnce posts msg to a channel with nonce, marked with it. Through
// discordgo's request path, so its per-route rate limiter applies;
// discordgo's retry of a 502 is safe here because of the nonce.
//
// dm says channelID is a member's DM channel: errors then do not name it,
// so that no log or stored error pairs a member with their DM channel
// (which would tie an anonymous concern to its author).
func (d *sender) sendOnce(ctx context.Context, channelID string, msg *discordgo.MessageSend, nonce string, dm bool) (string, error) {
	where := "send message to channel " + channelID
	if dm {
		where = "send a direct message"
	}
	if msg.AllowedMentions == nil {
		msg.AllowedMentions = allowedMentions(nil)
	}
	if len(msg.Files) > 0 || msg.File != nil {
		// Multipart bodies go through discordgo; no delivery has files.
		id, err := d.SendMessage(ctx, channelID, msg)
		if err != nil && dm {
			return "", fmt.Errorf("%s: %w", where, errors.Unwrap(err))
		}
		return id, err
	}
	if msg.Embed != nil {
		msg.Embeds = append(msg.Embeds, msg.Embed)
		msg.Embed = nil
	}
	msg.Content = markContent(msg.Content, nonce)
	msg.Components = leanComponents(msg.Components) // as interaction replies go (components_wire.go)
	endpoint := discordgo.EndpointChannelMessages(channelID)
	body, err := d.s.RequestWithBucketID("POST", endpoint, nonceMessage{MessageSend: msg, Nonce: nonce, EnforceNonce: true},
		endpoint, discordgo.WithContext(ctx))
	if err != nil {
		return "", fmt.Errorf("%s: %w", where, err)
	}
	var m discordgo.Message
	if err := discordgo.Unmarshal(body, &m); err != nil || m.ID == "" {
		return "", fmt.Errorf("%s: unreadable answer: %w", where, err)
	}
	return m.ID, nil
}

// lookbackSlack widens the search for a delivery's post: claim times are
// stored in whole seconds, and clocks differ a little.
const lookbackSlack = 5 * time.Second

// maxLookPages bounds the search for one delivery's post (100 messages a
// page).
const maxLookPages = 20

// findMarked returns the ID of Kindred's message in channelID, posted
// after since, that carries nonce's marker.
func (d *sender) findMarked(ctx context.Context, channelID, nonce string, since time.Time) (string, bool, error) {
	if d.s.State.User == nil {
		return "", false, errors.New("look for a post: not connected")
	}
	self := d.s.State.User.ID
	after := snowflakeAt(since.Add(-lookbackSlack))
	for range maxLookPages {
		msgs, err := d.s.ChannelMessages(channelID, 100, "", after, "", discordgo.WithContext(ctx))
		if err != nil {
			return "", false, fmt.Errorf("read the recent messages of the destination: %w", err)
		}
		for _, m := range msgs {
			if m.Author != nil && m.Author.ID == self && MarkerOf(m.Content) == nonce {
				return m.ID, true, nil
			}
			if snowflakeLess(after, m.ID) {
				after = m.ID
			}
		}
		if len(msgs) < 100 {
			break
		}
	}
	return "", false, nil
}

const discordEpochMs = 1420070400000

// snowflakeAt is the smallest snowflake of time t.
func snowflakeAt(t time.Time) string {
	ms := max(t.UnixMilli()-discordEpochMs, 0)
	return strconv.FormatInt(ms<<22, 10)
}

func snowflakeLess(a, b string) bool {
	x, _ := strconv.ParseUint(a, 10, 64)
	y, _ := strconv.ParseUint(b, 10, 64)
	return x < y
}
