package commands

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/bwmarrin/discordgo"
	"golang.org/x/text/unicode/norm"

	"github.com/kindred-bot/kindred/data"
)

// Kindred listens for crisis language in check-in notes so that it can
// offer help at once: a private, warm reply with crisis lines, never a
// message to anyone else. The phrases are a curated list, embedded below,
// matched on whole words of normalised text, so "killing it at work" or
// "5 kms" do not match while "I don't want to be here anymore" does.
//
// The matcher errs towards offering help. It sets aside everyday idioms
// ("killing myself laughing", "cut myself shaving", "jump on a call", "OD
// on coffee") listed with the phrases, and a phrase plainly negated just
// before it ("I'm not suicidal", "I would never hurt myself", "30 days
// without self harm") unless a "but" follows ("I'm not suicidal but...")
// or the negation only intensifies ("I've never wanted to die more than
// today", "never felt suicidal like this before"). A negation counts only
// in the phrase's own clause, after its subject: in "I never thought I
// would want to die" the "never" belongs to "thought", and in "no I want
// to die" the "no" is an interjection. "can't" and "couldn't" never
// negate: "I can't kill myself because of my cat" is a reason to reach
// out, not one to stay quiet.
//
// It understands English only, and it is a prompt to offer help, not an
// assessment of anyone's risk.

//go:embed safety_phrases.txt
var safetyPhrasesText string

// crisisPhrases is parsed once from the embedded list; it is read-only.
var crisisPhrases = mustParsePhrases(safetyPhrasesText)

// CrisisLanguage reports whether text contains crisis language, and the
// normalised phrase that matched. The phrase is for tests and for choosing
// a reply; like the note itself it must never be logged.
func CrisisLanguage(text string) (phrase string, found bool) {
	return crisisPhrases.find(normalizeSafetyText(text))
}

// Tokens that normalizeSafetyText puts between words.
const (
	hardBreak = "." // end of a sentence: . ! ? ; or a blank line
	softBreak = "," // a pause: , or :
	setAside  = "_" // a word that belonged to an idiom
)

// apostrophes are dropped inside words: don't, don’t and dont are one word.
var apostrophes = map[rune]bool{'\'': true, '’': true, '‘': true, 'ʼ': true, '`': true, '´': true, '′': true, 'ʹ': true}

// expansions rewrite a word after apostrophes are dropped: contractions
// become their words and intensifiers disappear, so the phrase list needs
// only one spelling. "id" and "ill" are left alone: without their
// apostrophe they are words of their own.
var expansions = map[string][]string{
	"im": {"i", "am"}, "ive": {"i", "have"}, "imma": {"i", "am", "going", "to"},
	"dont": {"do", "not"}, "doesnt": {"does", "not"}, "didnt": {"did", "not"},
	"cant": {"can", "not"}, "cannot": {"can", "not"}, "couldnt": {"could", "not"},
	"wont": {"will", "not"}, "wouldnt": {"would", "not"}, "shouldnt": {"should", "not"},
	"isnt": {"is", "not"}, "arent": {"are", "not"}, "wasnt": {"was", "not"}, "werent": {"were", "not"},
	"havent": {"have", "not"}, "hasnt": {"has", "not"}, "hadnt": {"had", "not"}, "aint": {"am", "not"},
	"gonna": {"going", "to"}, "wanna": {"want", "to"}, "gotta": {"got", "to"}, "tryna": {"trying", "to"},
	"selfharm": {"self", "harm"}, "selfharming": {"self", "harming"}, "selfharmed": {"self", "harmed"},
	"suicidial": {"suicidal"}, "sucidal": {"suicidal"}, "suisidal": {"suicidal"}, "suicdal": {"suicidal"},
	"sucide": {"suicide"}, "suiside": {"suicide"}, "suicde": {"suicide"},
	"just": {}, "really": {}, "literally": {}, "actually": {}, "honestly": {}, "seriously": {},
	"truly": {}, "totally": {}, "genuinely": {}, "kinda": {}, "sorta": {}, "even": {}, "ever": {},
	"fucking": {}, "fuckin": {}, "fking": {}, "fkn": {}, "freaking": {}, "frickin": {}, "friggin": {},
}

// normalizeSafetyText turns text into lowercase words and break tokens, the
// form both notes and phrases are matched in.
func normalizeSafetyText(text string) []string {
	text = strings.ToLower(norm.NFKC.String(text))
	var (
		out  []string
		word strings.Builder
	)
	flush := func() {
		if word.Len() == 0 {
			return
		}
		w := word.String()
		word.Reset()
		if ex, ok := expansions[w]; ok {
			out = append(out, ex...)
			return
		}
		if w == "self" && len(out) > 0 && out[len(out)-1] == "my" {
			out[len(out)-1] = "myself"
			return
		}
		out = append(out, w)
	}
	brk := func(tok string) {
		flush()
		switch {
		case len(out) == 0:
		case out[len(out)-1] == hardBreak:
		case out[len(out)-1] == softBreak:
			if tok == hardBreak {
				out[len(out)-1] = hardBreak
			}
		default:
			out = append(out, tok)
		}
	}
	runes := []rune(text)
	for i := 0; i < len(runes); i++ {
		r := runes[i]
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			word.WriteRune(r)
		case apostrophes[r] || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Cf, r):
			// inside a word: don't, combining accents, zero-width joiners
		case r == '.':
			n := 1
			for i+n < len(runes) && runes[i+n] == '.' {
				n++
			}
			i += n - 1
			if n == 1 {
				brk(hardBreak)
			} else {
				flush() // an ellipsis is a pause for breath, not an end
			}
		case r == '\n':
			// A line break alone may wrap a sentence; a blank line ends one.
			j := i + 1
			for j < len(runes) && (runes[j] == ' ' || runes[j] == '\t' || runes[j] == '\r') {
				j++
			}
			if j < len(runes) && runes[j] == '\n' {
				i = j
				brk(hardBreak)
			} else {
				flush()
			}
		case r == '!' || r == '?' || r == ';':
			brk(hardBreak)
		case r == ',' || r == ':':
			brk(softBreak)
		default:
			flush()
		}
	}
	flush()
	for len(out) > 0 && (out[len(out)-1] == hardBreak || out[len(out)-1] == softBreak) {
		out = out[:len(out)-1]
	}
	return out
}

// negators, just before a phrase, say it is not so: "I'm not suicidal",
// "I would never hurt myself", "no thoughts of suicide", "30 days without
// self harm". "not" after "can" or "could" is not one, nor is "no" before
// a verb (see negates).
var negators = map[string]bool{"not": true, "never": true, "no": true, "without": true, "nor": true}

// bridges may stand between a negator and the phrase it negates. "i" is
// not one: a negation comes after its subject, so one before "i" belongs
// to another clause ("I never thought I would want to die"). Verbs that
// take a clause of their own ("think", "thought") bridge only before
// "about" or "of": "never thought about suicide" is negated, "never
// thought suicide was an option" is not.
var bridges = map[string]bool{
	"am": true, "was": true, "were": true, "is": true, "be": true, "been": true, "being": true,
	"do": true, "did": true, "does": true, "will": true, "would": true, "should": true,
	"have": true, "has": true, "had": true, "longer": true, "anymore": true,
	"feel": true, "feeling": true, "felt": true, "want": true, "wanting": true, "wanted": true, "going": true, "to": true,
	"any": true, "thoughts": true, "about": true, "of": true,
	"urge": true, "urges": true, "plan": true, "planning": true, "trying": true, "try": true, "at": true, "all": true,
	"currently": true, "right": true, "now": true, "today": true,
}

// clauseVerbs bridge only when "about" or "of" follows them.
var clauseVerbs = map[string]bool{"think": true, "thinking": true, "thought": true}

// notAfterNo are words before which "no" is an interjection, not a
// negation: "no want to die", "no going to do it tonight".
var notAfterNo = map[string]bool{
	"want": true, "wanted": true, "wanting": true, "going": true, "feel": true, "feeling": true, "felt": true,
	"need": true, "needing": true, "am": true, "will": true, "would": true, "do": true, "did": true,
	"should": true, "could": true, "ready": true, "think": true, "thinking": true,
}

// intensifiers after a negated phrase show the negation only compares:
// "I've never wanted to die more than today", "I've never felt suicidal
// like this before". Each is a run of words.
var intensifiers = [][]string{
	{"more", "than"}, {"like", "this"}, {"like", "that"}, {"like", "today"}, {"like", "now"},
	{"this", "much"}, {"so", "much"}, {"as", "much"}, {"this", "bad"}, {"so", "bad"}, {"this", "strongly"},
	{"until", "now"}, {"till", "now"}, {"til", "now"}, {"until", "today"}, {"before"},
}

// contrasts after a negated phrase take the negation back: "I'm not
// suicidal, but...".
var contrasts = map[string]bool{"but": true, "though": true, "although": true, "however": true, "yet": true, "except": true, "unless": true}

// phraseSet is the parsed phrase list, indexed by first word.
type phraseSet struct {
	crisis map[string][][]string
	idioms map[string][][]string // "<n>" indexes idioms that start with a number
}

func mustParsePhrases(text string) *phraseSet {
	ps, err := parsePhrases(text)
	if err != nil {
		panic("commands: safety_phrases.txt: " + err.Error())
	}
	return ps
}

func parsePhrases(text string) (*phraseSet, error) {
	ps := &phraseSet{crisis: map[string][][]string{}, idioms: map[string][][]string{}}
	var section map[string][][]string
	for n, line := range strings.Split(text, "\n") {
		if i := strings.Index(line, "#"); i >= 0 {
			line = line[:i]
		}
		line = strings.TrimSpace(line)
		switch line {
		case "":
			continue
		case "[crisis]":
			section = ps.crisis
			continue
		case "[idioms]":
			section = ps.idioms
			continue
		}
		if section == nil {
			return nil, fmt.Errorf("line %d: a phrase before [crisis] or [idioms]", n+1)
		}
		alts, err := expandBraces(line)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", n+1, err)
		}
		for _, alt := range alts {
			words := normalizeSafetyText(strings.ReplaceAll(alt, "<n>", " nnumber "))
			if len(words) == 0 {
				return nil, fmt.Errorf("line %d: %q has no words", n+1, alt)
			}
			for i, w := range words {
				if w == hardBreak || w == softBreak {
					return nil, fmt.Errorf("line %d: %q has punctuation", n+1, alt)
				}
				if w == "nnumber" {
					words[i] = "<n>"
				}
			}
			section[words[0]] = append(section[words[0]], words)
		}
	}
	if len(ps.crisis) == 0 {
		return nil, fmt.Errorf("no [crisis] phrases")
	}
	return ps, nil
}

// expandBraces expands "{a|b} c {d|e}" into every combination.
func expandBraces(s string) ([]string, error) {
	open := strings.IndexByte(s, '{')
	if open < 0 {
		if strings.ContainsAny(s, "|}") {
			return nil, fmt.Errorf("%q has a stray | or }", s)
		}
		return []string{s}, nil
	}
	end := strings.IndexByte(s[open:], '}')
	if end < 0 {
		return nil, fmt.Errorf("%q has an unclosed {", s)
	}
	end += open
	if strings.ContainsAny(s[:open], "|}") || strings.IndexByte(s[open+1:end], '{') >= 0 {
		return nil, fmt.Errorf("%q has misplaced braces", s)
	}
	rest, err := expandBraces(s[end+1:])
	if err != nil {
		return nil, err
	}
	var out []string
	for _, alt := range strings.Split(s[open+1:end], "|") {
		for _, r := range rest {
			out = append(out, s[:open]+alt+r)
		}
	}
	return out, nil
}

func isNumber(w string) bool {
	for _, r := range w {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return w != ""
}

// matchAt reports whether phrase matches words at i, none of them set aside.
func matchAt(words []string, i int, phrase []string) bool {
	if i+len(phrase) > len(words) {
		return false
	}
	for k, p := range phrase {
		w := words[i+k]
		if w != p && !(p == "<n>" && isNumber(w)) {
			return false
		}
	}
	return true
}

func (ps *phraseSet) find(words []string) (string, bool) {
	words = append([]string(nil), words...)
	// Set idioms aside first, so their words can't be part of a phrase.
	var spans [][2]int
	for i, w := range words {
		cands := ps.idioms[w]
		if isNumber(w) {
			cands = append(cands[:len(cands):len(cands)], ps.idioms["<n>"]...)
		}
		for _, p := range cands {
			if matchAt(words, i, p) {
				spans = append(spans, [2]int{i, i + len(p)})
			}
		}
	}
	for _, sp := range spans {
		for k := sp[0]; k < sp[1]; k++ {
			words[k] = setAside
		}
	}
	for i, w := range words {
		for _, p := range ps.crisis[w] {
			if !matchAt(words, i, p) {
				continue
			}
			if negated(words, i) && !contrasted(words, i+len(p)) && !intensified(words, i+len(p)) {
				continue
			}
			return strings.Join(p, " "), true
		}
	}
	return "", false
}

// negated reports whether the phrase starting at i is plainly negated: a
// negator a few bridging words before it, in the same clause and after
// its subject.
func negated(words []string, i int) bool {
	for k := i - 1; k >= 0 && k >= i-4; k-- {
		w := words[k]
		if negators[w] {
			return negates(words, k)
		}
		if clauseVerbs[w] && (words[k+1] == "about" || words[k+1] == "of") {
			continue
		}
		if !bridges[w] {
			return false
		}
	}
	return false
}

// negates reports whether the negator at k really negates what follows.
func negates(words []string, k int) bool {
	switch words[k] {
	case "not":
		return k == 0 || (words[k-1] != "can" && words[k-1] != "could")
	case "no":
		return k+1 < len(words) && !notAfterNo[words[k+1]]
	}
	return true
}

// intensified reports whether a comparison such as "more than" or "like
// this" follows soon after end, in the same clause.
func intensified(words []string, end int) bool {
	for k := end; k < len(words) && k < end+6; k++ {
		if words[k] == hardBreak || words[k] == softBreak {
			return false
		}
		for _, in := range intensifiers {
			if matchAt(words, k, in) {
				return true
			}
		}
	}
	return false
}

// contrasted reports whether a "but" or the like follows soon after end,
// in the same sentence.
func contrasted(words []string, end int) bool {
	for k := end; k < len(words) && k < end+6; k++ {
		if words[k] == hardBreak {
			return false
		}
		if contrasts[words[k]] {
			return true
		}
	}
	return false
}

// The safety net. A check-in with the lowest mood, or a note with crisis
// language, is answered at once, privately: the member is not alone, their
// check-in is saved, and here are the crisis lines for their country. It
// offers a button to ask a moderator to reach out. Only if the member
// presses it does the alerts channel get a notice naming them, and only if
// they press a second button does it get their note. Nothing else goes to
// anyone.

// needsSafetyNet reports whether a check-in brings the safety net.
func needsSafetyNet(c data.Checkin) bool {
	if c.Mood == 1 {
		return true
	}
	_, found := CrisisLanguage(c.Note)
	return found
}

// crisisCountryFor is whose crisis lines to show a member: their own
// country, else the server's default, else "" (international). A store
// error never stops the lines being shown; it is logged.
func (h *checkins) crisisCountryFor(ctx context.Context, req *Request) string {
	code, err := h.store.MemberCountry(ctx, req.GuildID, req.User.ID)
	if err != nil {
		h.log.Error("load member country", "guild", req.GuildID, "err", err)
	}
	if code != "" {
		return code
	}
	return req.Settings.Get(data.SettingCountry)
}

// safetyNet is the safety-net part of a check-in's reply: the words, the
// crisis lines, and the row of buttons for asking a moderator (nil when
// there is nothing to press).
func (h *checkins) safetyNet(ctx context.Context, req *Request, c data.Checkin) (string, []*discordgo.MessageEmbed, discordgo.MessageComponent, error) {
	f, err := h.store.CheckinFollowupFor(ctx, req.GuildID, req.User.ID, c.ID)
	asked := err == nil
	if err != nil && !errors.Is(err, data.ErrNotFound) {
		// The crisis lines matter more than knowing whether a moderator
		// was asked: show them as if not, and never fail the reply.
		h.log.Error("load check-in follow-up", "guild", req.GuildID, "err", err)
	}
	var b strings.Builder
	if c.Mood == 1 && !asked {
		b.WriteString("💙 Thank you for checking in. I'm sorry today is so hard. You are not alone, and you don't have to get through it by yourself.\n")
	} else if !asked {
		b.WriteString("💙 Thank you for trusting me with how you feel. You are not alone, and you don't have to carry this by yourself.\n")
	}
	id := strconv.FormatInt(c.ID, 10)
	var buttons []discordgo.MessageComponent
	switch {
	case asked:
		fmt.Fprintf(&b, "💙 I've asked the moderators to reach out to you (<t:%d:R>). They're people from this community, so it may take a little while; the lines below are there for you in the meantime.", f.RequestedAt.Unix())
		switch {
		case f.NoteShared:
			b.WriteString("\nYou shared your note with them.")
		case c.Note != "":
			b.WriteString("\nYour note is still private. If you'd like the moderators to read it too, press the button below.")
			buttons = append(buttons, discordgo.Button{Label: "Share my note with the moderators too", Style: discordgo.SecondaryButton, CustomID: CustomID("ci-reachnote", id)})
		}
	default:
		b.WriteString("Your check-in is saved, and only you can see this message.\n\n")
		b.WriteString("If you are in danger or thinking about ending your life, please call your emergency number or one of the lines below now. They are there to listen, any time.")
		if talkAvailable(req.Settings) { // Talk to someone (issue 15) replaces the alert where listeners are set up
			b.WriteString("\n\nIf you'd like, you can talk privately with one of this community's listeners. Nothing is shared with anyone until you choose to, and your note stays private.")
			buttons = append(buttons, TalkButton())
		} else if req.Settings.Get(data.SettingAlertsChannel) != "" {
			b.WriteString("\n\nIf you'd like, I can ask a moderator here to reach out to you. Nothing is sent to them unless you press the button, and your note stays private.")
			buttons = append(buttons, discordgo.Button{Label: "Ask a moderator to reach out", Emoji: &discordgo.ComponentEmoji{Name: "💙"}, Style: discordgo.PrimaryButton, CustomID: CustomID("ci-reach", id)})
		} else {
			b.WriteString("\n\nIf you'd like someone here to check on you, please message one of this server's moderators directly.")
		}
	}
	var row discordgo.MessageComponent
	if len(buttons) > 0 {
		row = discordgo.ActionsRow{Components: buttons}
	}
	return b.String(), CrisisEmbeds(h.crisisCountryFor(ctx, req)), row, nil
}

// noModerators answers a request to reach a moderator that can't be passed on.
func (h *checkins) noModerators(ctx context.Context, req *Request, why string) *Response {
	return &Response{
		Content:   "💙 " + why + " If you can, please message a moderator directly. The lines below are there for you any time, and you are not alone.",
		Embeds:    CrisisEmbeds(h.crisisCountryFor(ctx, req)),
		Ephemeral: true,
	}
}

// alertMentions pings the moderator role, if there is one, and nobody else.
func alertMentions(st data.Settings) (prefix string, m *discordgo.MessageAllowedMentions) {
	m = &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
	if role := st.Get(data.SettingModeratorRole); role != "" {
		m.Roles = []string{role}
		prefix = "<@&" + role + "> "
	}
	return prefix, m
}

// reachOut is "Ask a moderator to reach out": a notice in the alerts
// channel naming the member, never their note.
func (h *checkins) reachOut(ctx context.Context, req *Request) (*Response, error) {
	c, reply, err := h.loadCheckin(ctx, req)
	if c == nil {
		return reply, err
	}
	if _, err := h.store.CheckinFollowupFor(ctx, req.GuildID, req.User.ID, c.ID); err == nil {
		return h.view(ctx, req, *c, "", true) // asked already: the view says so
	} else if !errors.Is(err, data.ErrNotFound) {
		h.log.Error("load check-in follow-up", "guild", req.GuildID, "err", err)
		return h.noModerators(ctx, req, "Something went wrong on my side, so I couldn't pass this on just now. Please try the button again in a moment."), nil
	}
	alerts := req.Settings.Get(data.SettingAlertsChannel)
	if alerts == "" {
		return h.noModerators(ctx, req, "This server hasn't set up a channel where I can reach its moderators, so I can't pass this on myself."), nil
	}
	prefix, mentions := alertMentions(req.Settings)
	msg := &discordgo.MessageSend{
		Content: fmt.Sprintf("%s💙 **A member asked for someone to reach out.** <@%s> asked for a moderator to check on them after a check-in (mood: %s).\n"+
			"Please contact them gently and privately, for example by DM. React ✅ here when someone has, so they hear from one person. "+
			"Their note stays private unless they choose to share it.", prefix, req.User.ID, moodText(c.Mood)),
		AllowedMentions: mentions,
	}
	msgID, err := h.discord.SendMessage(ctx, alerts, msg)
	if err != nil {
		h.log.Error("send moderator follow-up notice", "guild", req.GuildID, "err", err)
		return h.noModerators(ctx, req, "I couldn't reach the moderators' channel just now. Please try the button again in a moment."), nil
	}
	if _, err := h.store.AddCheckinFollowup(ctx, req.GuildID, req.User.ID, c.ID, alerts, msgID); err != nil {
		if errors.Is(err, data.ErrConflict) { // two presses at once: keep one notice
			if derr := h.discord.DeleteMessage(ctx, alerts, msgID); derr != nil {
				h.log.Error("delete duplicate follow-up notice", "guild", req.GuildID, "err", derr)
			}
			return h.view(ctx, req, *c, "", true)
		}
		return nil, err
	}
	h.log.Info("moderator follow-up requested", "guild", req.GuildID)
	return h.view(ctx, req, *c, "", true)
}

// shareNoteWithModerators sends the member's note to the alerts channel,
// as a reply to their notice, because they chose to.
func (h *checkins) shareNoteWithModerators(ctx context.Context, req *Request) (*Response, error) {
	c, reply, err := h.loadCheckin(ctx, req)
	if c == nil {
		return reply, err
	}
	f, err := h.store.CheckinFollowupFor(ctx, req.GuildID, req.User.ID, c.ID)
	if err != nil {
		return ProblemReply(err)
	}
	if f.NoteShared {
		return h.view(ctx, req, *c, "", true)
	}
	if c.Note == "" {
		return h.view(ctx, req, *c, "This check-in has no note to share.", true)
	}
	keep := false
	msg := &discordgo.MessageSend{
		Content:         fmt.Sprintf("<@%s> chose to share their check-in note with the moderators:", req.User.ID),
		Embeds:          []*discordgo.MessageEmbed{{Description: c.Note, Color: checkinColor}},
		AllowedMentions: &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}},
		Reference:       &discordgo.MessageReference{MessageID: f.AlertMessageID, ChannelID: f.AlertChannelID, GuildID: req.GuildID, FailIfNotExists: &keep},
	}
	msgID, err := h.discord.SendMessage(ctx, f.AlertChannelID, msg)
	if err != nil {
		h.log.Error("share note with moderators", "guild", req.GuildID, "err", err)
		return h.noModerators(ctx, req, "I couldn't send your note to the moderators just now. Please try again in a moment."), nil
	}
	if err := h.store.MarkFollowupNoteShared(ctx, req.GuildID, req.User.ID, f.ID); err != nil {
		if errors.Is(err, data.ErrConflict) {
			if derr := h.discord.DeleteMessage(ctx, f.AlertChannelID, msgID); derr != nil {
				h.log.Error("delete duplicate shared note", "guild", req.GuildID, "err", derr)
			}
			return h.view(ctx, req, *c, "", true)
		}
		return nil, err
	}
	return h.view(ctx, req, *c, "", true)
}

// followups is /checkin followups: who asked a moderator to reach out in
// the last 30 days, for the moderators. It never shows notes.
func (h *checkins) followups(ctx context.Context, req *Request) (*Response, error) {
	fs, err := h.store.CheckinFollowups(ctx, req.GuildID, req.Now.AddDate(0, 0, -30))
	if err != nil {
		return nil, err
	}
	if len(fs) == 0 {
		return Private("No one has asked a moderator to reach out in the last 30 days."), nil
	}
	var b strings.Builder
	for i, f := range fs {
		line := fmt.Sprintf("<@%s> asked <t:%d:R> after a check-in (%s)", f.UserID, f.RequestedAt.Unix(), moodText(f.Mood))
		if f.NoteShared {
			line += ", and shared their note"
		}
		line += fmt.Sprintf(" · [notice](%s)\n", jumpLink(req.GuildID, f.AlertChannelID, f.AlertMessageID))
		if b.Len()+len(line) > 3900 {
			fmt.Fprintf(&b, "…and %d more.", len(fs)-i)
			break
		}
		b.WriteString(line)
	}
	return &Response{
		Embeds: []*discordgo.MessageEmbed{{
			Title: "Members who asked a moderator to reach out (last 30 days)", Description: b.String(), Color: checkinColor,
			Footer:    &discordgo.MessageEmbedFooter{Text: "Their notes stay private unless they chose to share them in the alerts channel."},
			Timestamp: req.Now.UTC().Format(time.RFC3339),
		}},
		Ephemeral: true,
	}, nil
}
