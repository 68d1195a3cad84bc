package bot_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/bot/discordtest"
)

// The interaction benchmarks measure Kindred against a floor in the same
// run: a bare discordgo handler answering a constant, through its own
// fake Discord on the same loopback transport. Each iteration sends to
// Kindred and then to the floor, so a busy moment on the (shared) machine
// falls on both, and each reports the median latency of both, their
// ratio, and Kindred's 99th percentile. Latency is the fake's: from
// dispatching INTERACTION_CREATE to the callback request arriving.
// Kindred runs as deployed with api_url (newDeployedHarness): through its
// own HTTP client, which keeps a burst's connections open; the floor
// through a client that keeps them too (pooledClient).

// bareFloor is a plain discordgo session answering every interaction with
// a constant ephemeral message.
type bareFloor struct {
	fake  *discordtest.Server
	guild *discordtest.Guild
}

func newBareFloor(b *testing.B) *bareFloor {
	return newFloorAnswering(b, &discordgo.InteractionResponseData{Content: "help", Flags: discordgo.MessageFlagsEphemeral})
}

// newFloorAnswering is a bare floor whose constant answer is reply.
func newFloorAnswering(b *testing.B, reply *discordgo.InteractionResponseData) *bareFloor {
	b.Helper()
	fake := discordtest.New(b, discordtest.WithoutSpecValidation())
	g := fake.AddGuild(discordtest.DefaultGuild())
	s := fake.NewSession()
	s.Client = pooledClient(b, fake)
	s.LogLevel = discordgo.LogError
	s.AddHandler(func(s *discordgo.Session, ic *discordgo.InteractionCreate) {
		if err := s.InteractionRespond(ic.Interaction, &discordgo.InteractionResponse{
			Type: discordgo.InteractionResponseChannelMessageWithSource,
			Data: reply,
		}); err != nil {
			b.Error(err)
		}
	})
	if err := s.Open(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		s.Lock()
		s.ShouldReconnectOnError = false
		s.Unlock()
		s.Close()
	})
	if _, err := s.ApplicationCommandBulkOverwrite(fake.AppID, "", []*discordgo.ApplicationCommand{{Name: "help", Description: "Help"}}); err != nil {
		b.Fatal(err)
	}
	return &bareFloor{fake: fake, guild: g}
}

// pooledClient is the floor's HTTP client: like Kindred's when deployed
// (discordTransport), it keeps a burst's connections open, so that the
// two are measured alike. discordgo's default keeps two a host and
// dials the rest of a burst again.
func pooledClient(b *testing.B, fake *discordtest.Server) *http.Client {
	u, err := url.Parse(fake.URL())
	if err != nil {
		b.Fatal(err)
	}
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = 64
	b.Cleanup(t.CloseIdleConnections)
	return &http.Client{Timeout: 20 * time.Second, Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		r = r.Clone(r.Context())
		r.URL.Scheme, r.URL.Host, r.Host = u.Scheme, u.Host, u.Host
		return t.RoundTrip(r)
	})}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// burst sends n interactions at once and returns each one's latency. The
// replies are checked once all have arrived, so that checking them does
// not take the cores from the interactions measured.
func burst(b *testing.B, n int, send func(i int) *discordtest.Interaction, check func(*discordtest.Response)) []time.Duration {
	lat := make([]time.Duration, n)
	sent := make([]*discordtest.Interaction, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sent[i] = send(i)
		}()
	}
	wg.Wait()
	// Decoding an answer takes CPU, more for a larger one: none is
	// decoded while any of the burst is still on its way.
	for _, in := range sent {
		if err := in.Answered(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
	for i, in := range sent {
		resp, err := in.Response(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		if check != nil {
			check(resp)
		}
		lat[i] = resp.Latency
	}
	return lat
}

// reportVersus reports the medians of Kindred's and the floor's
// latencies, their ratio, and both 99th percentiles.
func reportVersus(b *testing.B, kindred, floor []time.Duration) {
	b.Helper()
	if len(kindred) == 0 || len(floor) == 0 {
		return
	}
	slices.Sort(kindred)
	slices.Sort(floor)
	k, f := kindred[len(kindred)/2], floor[len(floor)/2]
	b.ReportMetric(float64(k.Microseconds()), "kindred-p50-µs")
	b.ReportMetric(float64(kindred[len(kindred)*99/100].Microseconds()), "kindred-p99-µs")
	b.ReportMetric(float64(f.Microseconds()), "floor-p50-µs")
	b.ReportMetric(float64(floor[len(floor)*99/100].Microseconds()), "floor-p99-µs")
	b.ReportMetric(float64(k)/float64(f), "ratio")
}

// BenchmarkHelpVersusBare answers /help through Kindred's router and
// middleware (settings, permission check, recover, defer timer, log), one
// at a time, against the bare handler one at a time.
func BenchmarkHelpVersusBare(b *testing.B) {
	h := newDeployedHarness(b, discordtest.WithoutSpecValidation())
	floor := newBareFloor(b)
	carol, floorCarol := h.member("carol"), floor.guild.Member("carol")
	var kindred, bare []time.Duration
	for b.Loop() {
		kindred = append(kindred, h.fake.SlashCommand(h.guild.ID, carol, "help").Wait(b).Latency)
		bare = append(bare, floor.fake.SlashCommand(floor.guild.ID, floorCarol, "help").Wait(b).Latency)
	}
	reportVersus(b, kindred, bare)
}

// checkinMembers is how many members the check-in benchmark spreads its
// check-ins over, each checked in once before timing: every timed
// check-in is a member's second or later of the day, and their rows grow
// by only b.N×32/checkinMembers, so the result does not drift with run
// length.
const checkinMembers = 512

// BenchmarkCheckinNowVersusBare sends /checkin now from 32 members at once
// through the whole bot (interaction in, check-in row written, milestones
// looked at, callback out), against 32 at once to the bare handler. Each
// iteration is one burst of each. At the end every reply must have been a
// saved check-in with its row written.
//
// A second floor answers with Kindred's own check-in reply (its select
// menu of 20 feelings and three buttons) as a constant, written as
// discordgo writes it: "same-reply-ratio" is Kindred against what any bot
// pays to send that reply through discordgo and the fake, and so what
// Kindred itself adds (the handler and its database write) less what its
// leaner encoding of the reply saves (see bot/components_wire.go).
func BenchmarkCheckinNowVersusBare(b *testing.B) {
	const inFlight = 32
	h := newDeployedHarness(b, discordtest.WithoutSpecValidation())
	floor := newBareFloor(b)
	members := make([]discordtest.Member, checkinMembers)
	for i := range members {
		members[i] = h.fake.AddMember(h.guild.ID, discordtest.Member{})
	}
	checkin := func(m discordtest.Member) *discordtest.Interaction {
		return h.fake.SlashCommand(h.guild.ID, m, "checkin", discordtest.Sub("now", discordtest.Opt("mood", 3)))
	}
	var mu sync.Mutex
	var fails []string
	var sample *discordtest.Response // a reply, for the same-reply floor
	saved := func(resp *discordtest.Response) {
		mu.Lock()
		defer mu.Unlock()
		if !strings.Contains(resp.Content(), "Saved: 😐 okay.") {
			fails = append(fails, resp.Content())
		}
		if sample == nil {
			sample = resp
		}
	}
	for i := 0; i < len(members); i += inFlight {
		burst(b, inFlight, func(j int) *discordtest.Interaction { return checkin(members[i+j]) }, saved)
	}
	d := sample.Data
	same := newFloorAnswering(b, &discordgo.InteractionResponseData{Content: d.Content, Flags: d.Flags,
		Components: d.Components, Embeds: d.Embeds, AllowedMentions: d.AllowedMentions})
	floorCarol, sameCarol := floor.guild.Member("carol"), same.guild.Member("carol")
	var kindred, bare, sameReply []time.Duration
	next := 0
	for b.Loop() {
		kindred = append(kindred, burst(b, inFlight, func(j int) *discordtest.Interaction {
			return checkin(members[(next+j)%len(members)])
		}, saved)...)
		next += inFlight
		bare = append(bare, burst(b, inFlight, func(int) *discordtest.Interaction {
			return floor.fake.SlashCommand(floor.guild.ID, floorCarol, "help")
		}, nil)...)
		sameReply = append(sameReply, burst(b, inFlight, func(int) *discordtest.Interaction {
			return same.fake.SlashCommand(same.guild.ID, sameCarol, "help")
		}, nil)...)
	}
	b.StopTimer()
	reportVersus(b, kindred, bare)
	slices.Sort(sameReply)
	b.ReportMetric(float64(kindred[len(kindred)/2])/float64(sameReply[len(sameReply)/2]), "same-reply-ratio")
	if len(fails) > 0 {
		b.Fatalf("%d replies were not check-ins, e.g. %q", len(fails), fails[0])
	}
	var rows int
	for _, m := range members {
		cs, err := h.store.RecentCheckins(context.Background(), h.guild.ID, m.User.ID, time.Time{})
		if err != nil {
			b.Fatal(err)
		}
		rows += len(cs)
	}
	if want := len(members) + len(kindred); rows != want {
		b.Fatalf("%d check-ins written for %d replies", rows, want)
	}
}
