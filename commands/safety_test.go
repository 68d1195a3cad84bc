package commands_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/kindred-bot/kindred/commands"
	"github.com/kindred-bot/kindred/data"
)

// Notes that must bring the safety net: plain, misspelt, slangy, in
// another case or with odd punctuation, and ambiguous self-directed ones
// where offering help is the kinder mistake.
var crisisNotes = []string{
	// Suicide, named.
	"I've been having suicidal thoughts again",
	"thinking about suicide a lot this week",
	"I feel SUICIDAL",
	"feeling suicidial tonight",
	"I want to kill myself",
	"i wanna kms",
	"honestly might just kms",
	"I keep thinking about killing myself",
	"i want to kill my self",
	"I want to unalive myself",
	"thinking of ending my life",
	"I'm going to take my own life",
	"I just want to end it all...",
	"maybe i should end it tonight",
	"I want to self delete",
	// Wanting to die, or not to be alive.
	"I want to die",
	"i really fucking want to die",
	"I want to... die",
	"I just wanna die",
	"sometimes I wish I was dead",
	"I wish I'd never been born",
	"Everyone would be better off without me.",
	"they'd all be better off if i was dead, better off dead",
	"I don't want to be here anymore",
	"I dont want to live",
	"i do not want to exist",
	"I don’t want to wake up tomorrow",
	"I have no reason to live",
	"there's nothing left to live for",
	"life isn't worth living",
	"I can't go on like this",
	"I cant do this anymore",
	"I can't take it any more",
	"so tired of being alive",
	"I'm done with life",
	"I've given up on life",
	"I want it all to end",
	"I just want the pain to end",
	"there's no way out",
	"I hope I don't wake up",
	"I want to disappear",
	"I'm such a burden to everyone",
	"I feel like a burden",
	"I've been saying my goodbyes",
	"this is my final goodbye",
	"I won't be around much longer",
	// Ways of dying.
	"I thought about hanging myself",
	"I took an overdose last night",
	"I want to take all my pills",
	"I want to jump off a bridge",
	"I could step in front of a train",
	"thinking about slitting my wrists",
	"i want to drown myself",
	"I'm starving myself again",
	// Self-harm.
	"I self-harmed last night",
	"relapsed on selfharm",
	"I've been self harming",
	"I cut myself again",
	"I keep cutting myself",
	"I want to hurt myself",
	"I hurt myself",
	"I'm scared I'll harm myself",
	"started cutting again",
	"the urge to cut is so strong",
	"I want to burn myself",
	// Being unsafe.
	"I'm not safe",
	"I don't feel safe at home",
	"I feel unsafe",
	"I'm scared for my life",
	"I am in danger",
	"I'm being abused",
	// Negation that is not: can't, couldn't, and a "but" after it.
	"I can't kill myself because of my cat",
	"I couldn't even kill myself right",
	"I'm not suicidal, but I keep thinking about dying and want to die",
	"I'm not suicidal but I don't know",
	"I don't know why I want to die",
	"not sure if i am suicidal",
	"I'm not ok. I want to die",
	"I'm not ok, I want to die",
	"no one would care if I kill myself",
	// Ambiguous, self-directed: offering help is the kinder mistake.
	"I could kill myself for forgetting her birthday",
	"I'd kill myself if I had to sit through that again",
	"I want to die, this meeting is endless",
	// Typing quirks: curly quotes, full-width letters, zero-width joiners,
	// accents, line breaks and emoji between words.
	"I don’t want to be here any more",
	"ｉ ｗａｎｔ ｔｏ ｄｉｅ",
	"sui\u200bcidal",
	"I want to 😞 die",
	"I want\nto die",
	"i want to die.\nsorry",
	"SuIcIdE",
	// Common ways of saying it that a review found missing.
	"I feel like dying",
	"I want to end it",
	"thinking of ending things",
	"nobody would miss me if I was gone",
	"no one would care if I died",
	"I should just die",
	"i wanna be gone",
	"I hate being alive",
	"I have no will to live",
	"I've lost the will to live",
	"I no longer want to live",
	"I no longer want to be alive",
	"I'm not sure I want to live",
	"what's the point in living",
	"I don't even want to live anymore",
	"I don't ever want to wake up",
	"I never want to wake up again",
	"I can't keep living like this",
	"I wish I could fall asleep and not wake up",
	"I took too many pills",
	"I took a bunch of pills",
	"I'm going to OD",
	"I'm going to jump",
	"if I killed myself",
	"kil myself",
	"un-aliving",
	"I've been cutting",
	"I cut again last night",
	"I relapsed and cut",
	"I'm not feeling safe",
	// Negation that only looks like it: another clause's, an
	// interjection, or a comparison.
	"I never thought I would want to die",
	"I've never wanted to die more than today",
	"I've never felt suicidal like this before",
	"no I want to die",
	"No. I want to die",
	"I never thought suicide was an option until now",
	"I wouldn't care if I died",
	"I've never been this suicidal",
	// Near an idiom, but not one.
	"I want to end it with pills",
	"I'm going to jump in front of a train",
	"I'm going to jump off the roof",
	"I'm going to jump tonight",
	"I OD'd on my meds",
	"I don't want to wake up at all",
	"I'm dying, I feel like dying",
}

// Notes that must not: idioms about work, games, effort and laughter,
// accidents, distances, recovery, plain denials, and near-misses.
var safeNotes = []string{
	"",
	"   ",
	"I'm killing it at work",
	"killed it at the gym today",
	"this homework is killing me",
	"my back is killing me",
	"I was killing myself laughing",
	"I've been killing myself at work to meet this deadline",
	"killing myself to finish this project",
	"I'm dying to see the new film",
	"I nearly died laughing",
	"I want to die of embarrassment",
	"that cake is to die for",
	"my character died in the game",
	"I died so many times on that boss",
	"we got killed in the last round",
	"suicide squad was better than I expected",
	"that was a suicide mission in the raid",
	"the car has suicide doors",
	"the news about the suicide bombing was awful",
	"ran 5 kms this morning",
	"cycled a few kms to work",
	"it's 10 kms away",
	"I cut myself shaving",
	"I cut myself chopping onions",
	"cut myself on a tin can",
	"I need to cut myself some slack",
	"I've cut myself off from social media",
	"trying to cut back on coffee",
	"I want to cut down on sugar",
	"I hurt myself at the gym",
	"hurt myself playing football",
	"I accidentally burned myself cooking",
	"I'm burning myself out at work",
	"I shot myself in the foot with that email",
	"I'm drowning myself in work",
	"overdosed on caffeine today lol",
	"sugar overdose from the party",
	"I'm in danger of failing maths",
	"it's not safe to drive in this snow",
	"I can't go on holiday this year",
	"I can't go on the trip",
	"I self deleted my old account",
	"I'm not suicidal",
	"I'm no longer suicidal",
	"I have never been suicidal",
	"no suicidal thoughts today",
	"no thoughts of suicide this week",
	"I don't want to die",
	"I would never kill myself",
	"I'm not going to hurt myself",
	"30 days without self harm!",
	"one year self harm free",
	"clean from self-harm for 6 months",
	"I feel safe now",
	"I'm safe",
	"I feel hopeful",
	"had a lovely walk and feel calm",
	"my dog makes me want to live",
	"I want to live a full life",
	"I'm tired but okay",
	"ill today, staying in",
	"what a killer workout",
	"skill myself up",
	"I've been selfish lately",
	"the die is cast",
	"I'm diet-ing",
	"I want to dive into this book",
	"endless paperwork",
	"I can't go on twitter anymore",
	"no way out of this level, the maze is hard",
	"I never wake up early",
	"my sister is a burden on the budget",
	"homework is such a burden",
	// Idioms near the phrases added after review. "OD on coffee" is
	// hyperbole about a drink, so it is set aside like "overdosed on
	// caffeine"; "OD on my meds" or "OD on pills" still matches.
	"I'd kill for a coffee",
	"I'm dying of laughter",
	"I'm going to jump on a call",
	"I might jump at the chance",
	"going to jump in the shower",
	"I want to jump into the project",
	"I'm going to OD on coffee today",
	"I want to end it with a joke",
	"let's end it here for today",
	"I want to end things with my boyfriend",
	"I've been cutting back on sugar",
	"I've been cutting onions",
	"got my hair cut again",
	"I'll be gone by 5 so message me before",
	"I hate living in this city",
	"I never want to wake up early again",
	"I need to cut myself some slack, I've been killing myself at work",
	// Plain denials, in the phrase's own clause.
	"No, I'm not suicidal",
	"I've never felt suicidal",
	"I never thought about suicide",
	"I would never ever kill myself",
	"I don't even want to die",
	"no suicidal thoughts and no urges to self harm",
}

func TestCrisisLanguageFindsCrisisNotes(t *testing.T) {
	for _, note := range crisisNotes {
		if phrase, found := commands.CrisisLanguage(note); !found {
			t.Errorf("CrisisLanguage(%q) found nothing (normalised: %q), want a match", note, commands.NormalizeSafetyText(note))
		} else if phrase == "" {
			t.Errorf("CrisisLanguage(%q) matched an empty phrase", note)
		}
	}
}

func TestCrisisLanguageLeavesEverydayNotesAlone(t *testing.T) {
	for _, note := range safeNotes {
		if phrase, found := commands.CrisisLanguage(note); found {
			t.Errorf("CrisisLanguage(%q) matched %q (normalised: %q), want no match", note, phrase, commands.NormalizeSafetyText(note))
		}
	}
}

func TestNormalizeSafetyText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"I'm NOT okay", "i am not okay"},
		{"I don’t, I can't; I won't!", "i do not , i can not . i wil not"},
		{"self-harm", "self harm"},
		{"my self", "myself"},
		{"I... want… to", "i want to"},
		{"  lots   of\tspace  ", "lots of space"},
		{"I just really fucking want", "i want"},
		{"ｆｕｌｌ ｗｉｄｔｈ", "ful width"},
		{"ca\u00adnt", "can not"},
		{"café", "cafe"},
		{"ends with a stop. ", "ends with a stop"},
		{"?! leading breaks", "leading breaks"},
		{"a, . b", "a . b"},
		{"5.5 kms", "5 . 5 kms"},
		{"wanna gonna", "want to going to"},
		{"a line\nwraps\r\n \r\nthen ends", "a line wraps . then ends"},
	}
	for _, tt := range tests {
		if got := commands.NormalizeSafetyText(tt.in); got != tt.want {
			t.Errorf("NormalizeSafetyText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParsePhrasesRejectsBadLists(t *testing.T) {
	tests := []struct{ name, text string }{
		{"no section", "kill myself\n"},
		{"no crisis phrases", "[idioms]\nkilling it\n"},
		{"unclosed brace", "[urgent]\n{want|need to die\n"},
		{"stray bar", "[urgent]\nwant|need to die\n"},
		{"nested braces", "[urgent]\n{a {b|c}|d} e\n"},
		{"punctuation", "[urgent]\nwant to. die\n"},
		{"only punctuation", "[urgent]\n!!\n"},
		{"unknown section", "[urgent]\nkill myself\n[crisis]\nwant to die\n"},
		{"rewrite without =", "[urgent]\nkill myself\n[rewrite]\ndont do not\n"},
		{"not-negating not a pair", "[urgent]\nkill myself\n[not-negating]\ncan\n"},
	}
	for _, tt := range tests {
		if err := commands.ParsePhrases(tt.text); err == nil {
			t.Errorf("%s: ParsePhrases accepted %q", tt.name, tt.text)
		}
	}
	if err := commands.ParsePhrases("[urgent]\n{want|wanting} to {die|be dead} # comment\n[concern]\nno point $\n[idioms]\n<n> kms\n[rewrite]\nwanna = want to\n[negators]\nnot never\n"); err != nil {
		t.Errorf("a good list was refused: %v", err)
	}
}

// followupFailingStore is a real store whose follow-up lookup fails, as a
// locked or broken database would.
type followupFailingStore struct{ *data.Store }

func (followupFailingStore) CheckinFollowupFor(context.Context, string, string, int64) (data.CheckinFollowup, error) {
	return data.CheckinFollowup{}, errors.New("database is locked")
}

// A store error must never keep the crisis lines from a member who needs
// them: the safety net shows them as if no moderator was asked yet, and
// logs the error but never the note.
func TestSafetyNetShowsCrisisLinesWhenTheStoreFails(t *testing.T) {
	const note = "I want to end it"
	tests := []struct {
		name string
		mood int
		note string
	}{
		{"struggling", 1, ""},
		{"crisis language in a note", 3, note},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStore(t)
			for k, v := range ciConfigured {
				if _, err := s.SetSetting(context.Background(), guildA, mod1, k, v); err != nil {
					t.Fatal(err)
				}
			}
			var logs bytes.Buffer
			log := slog.New(slog.NewTextHandler(&logs, nil))
			fd := newFakeDiscord()
			f := &ciFixture{t: t, s: s, fd: fd, cmd: commands.Checkin(followupFailingStore{s}, fd, log)}

			c, resp := f.checkin(member1, tt.mood)
			if tt.note != "" {
				resp = f.submit(member1, fmt.Sprintf("ci-notesave:%d", c.ID), map[string]string{"note": tt.note})
			}
			text := ciText(resp)
			if len(resp.Embeds) == 0 || !strings.Contains(text, "You are not alone") || !strings.Contains(text, "saved") {
				t.Fatalf("no safety net with crisis lines:\n%s", text)
			}
			if !resp.Ephemeral {
				t.Fatal("reply is not private")
			}
			reach := ciButton(t, resp, "Ask a moderator to reach out")
			if !strings.Contains(logs.String(), "database is locked") {
				t.Fatalf("the store error was not logged: %s", logs.String())
			}

			// Asking a moderator while the store still fails: a kind
			// reply with the lines again, and nothing half-sent.
			resp = f.press(member1, reach)
			if len(resp.Embeds) == 0 || !strings.Contains(resp.Content, "try the button again") {
				t.Fatalf("reach out with a failing store:\n%s", ciText(resp))
			}
			if n := len(f.sent()); n != 0 {
				t.Fatalf("%d messages sent although the follow-up could not be checked", n)
			}
			if strings.Contains(logs.String(), note) {
				t.Fatal("the note was logged")
			}
		})
	}
}

func FuzzCrisisLanguage(f *testing.F) {
	for _, s := range append(append([]string{}, crisisNotes...), safeNotes...) {
		f.Add(s)
	}
	f.Add("I'm not. suicidal")
	f.Add("..., ;; ''' ’’ \u200b")
	f.Fuzz(func(t *testing.T, note string) {
		phrase, found := commands.CrisisLanguage(note)
		if again, found2 := commands.CrisisLanguage(note); again != phrase || found2 != found {
			t.Fatalf("CrisisLanguage(%q) is not deterministic", note)
		}
		if found != (phrase != "") {
			t.Fatalf("CrisisLanguage(%q) = %q, %v", note, phrase, found)
		}
		// Normalising is idempotent: matching sees the same words however
		// often text passes through it.
		n := commands.NormalizeSafetyText(note)
		if !utf8.ValidString(note) {
			return
		}
		if n2 := commands.NormalizeSafetyText(n); n2 != n {
			t.Fatalf("NormalizeSafetyText is not idempotent on %q: %q then %q", note, n, n2)
		}
		if strings.ContainsAny(n, "'’\u200b") {
			t.Fatalf("NormalizeSafetyText(%q) = %q keeps apostrophes or invisible characters", note, n)
		}
		// Whatever comes before it, a plain sentence of crisis language
		// is always found: nothing earlier in a note can hide it.
		if _, found := commands.CrisisLanguage(note + "\n\nI want to kill myself."); !found {
			t.Fatalf("a crisis sentence after %q was missed", note)
		}
		if _, found := commands.CrisisLanguage("I want to die.\n\n" + note); !found {
			t.Fatalf("a crisis sentence before %q was missed", note)
		}
	})
}
