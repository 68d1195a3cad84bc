package data_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kindred-bot/kindred/data"
)

// benchWords make resource descriptions and tags for the benchmark: the
// topics members search for.
var benchWords = strings.Fields(`anxiety depression recovery peer support group helpline crisis listening
	youth family carers bipolar psychosis eating disorder grief bereavement addiction alcohol gambling trauma
	veterans students women men lgbtq night line text chat counselling therapy community walk art music
	mindfulness sleep stress panic loneliness housing money advice legal food bank clinic outreach drop in`)

// benchNameWords make resource names. Like real ones (Samaritans, Shout,
// Mind), names seldom start with the topic a member types, so most typed
// words are answered by the full-text search, not the name prefix.
var benchNameWords = strings.Fields(`harbour beacon lantern haven bridge compass anchor meadow willow oak
	riverside northgate eastfield kingsway parkside hillcrest brookside fairview lakeside seaview
	trust project centre network circle collective foundation house hub place`)

// seedResources adds n generated resources to one server in one import.
func seedResources(tb testing.TB, s *data.Store, n int) {
	tb.Helper()
	rng := rand.New(rand.NewPCG(1, 2))
	pick := func(words []string, k int) string {
		var ws []string
		for range k {
			ws = append(ws, words[rng.IntN(len(words))])
		}
		return strings.Join(ws, " ")
	}
	cats := data.ResourceCategories()
	rows := make([]data.ImportRow, n)
	for i := range rows {
		rows[i] = data.ImportRow{Row: i + 2, Resource: data.Resource{
			Name:        fmt.Sprintf("%s %d", strings.Title(pick(benchNameWords, 2)), i), //nolint:staticcheck // test data only
			Category:    cats[rng.IntN(len(cats))].Key,
			Description: pick(benchWords, 20) + ".",
			Tags:        []string{pick(benchWords, 1) + "," + pick(benchWords, 1)},
			Region:      fmt.Sprintf("Region %d", rng.IntN(50)),
		}}
	}
	if _, err := s.ImportResources(context.Background(), resGuildA, resMod, rows); err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkResourceAutocomplete measures autocomplete over 10,000
// resources in one server, for each length typed from 1 to 5 characters:
// the prefixes of topic words (found in descriptions and tags, each in
// about a third of the resources) and of name words. It reports the
// median and the 99th percentile latency of one suggestion.
func BenchmarkResourceAutocomplete(b *testing.B) {
	s := mustOpen(b)
	seedResources(b, s, 10000)
	ctx := context.Background()
	words := []string{"anxiety", "support", "helpline", "bereavement", "sleep", "harbour", "willow", "counselling", "money", "trauma"}
	for n := 1; n <= 5; n++ {
		var typed []string
		for _, w := range words {
			typed = append(typed, w[:n])
		}
		b.Run(fmt.Sprintf("chars=%d", n), func(b *testing.B) {
			var lat []time.Duration
			for i := 0; b.Loop(); i++ {
				start := time.Now()
				got, err := s.SuggestResources(ctx, resGuildA, typed[i%len(typed)], 25)
				if err != nil {
					b.Fatal(err)
				}
				lat = append(lat, time.Since(start))
				if len(got) == 0 {
					b.Fatalf("nothing suggested for %q", typed[i%len(typed)])
				}
			}
			reportLatency(b, lat)
		})
	}
}

// reportLatency reports the median and 99th percentile of lat in ms.
func reportLatency(b *testing.B, lat []time.Duration) {
	if len(lat) == 0 {
		return
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
}
