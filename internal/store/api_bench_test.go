package store

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// BenchmarkEventsMillion answers GET /api/events's query (an actor and a
// date filter, first page of 50, encoded as JSON) on a generated store of
// 1,000,000 events in 100,000 articles and reports the latency
// percentiles. Generating the store takes a minute; DYAD_BENCH_DB names
// a file to keep it in between runs.
//
//	go test -run XXX -bench EventsMillion -benchtime 2000x ./internal/store/
func BenchmarkEventsMillion(b *testing.B) {
	ctx := context.Background()
	path := os.Getenv("DYAD_BENCH_DB")
	if path == "" {
		path = filepath.Join(b.TempDir(), "million.db")
	}
	_, statErr := os.Stat(path)
	s, err := Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if statErr != nil {
		start := time.Now()
		if err := generateEvents(ctx, s, 100_000, 10); err != nil {
			b.Fatal(err)
		}
		b.Logf("generated 1,000,000 events in %v", time.Since(start).Round(time.Second))
	}
	actors := benchActors()
	rng := rand.New(rand.NewPCG(1, 2))
	var lat []time.Duration
	b.ResetTimer()
	for b.Loop() {
		a := actors[rng.IntN(len(actors))]
		day := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rng.IntN(700))
		f := EventFilter{Actor: a, Since: day.Format(time.DateOnly), Until: day.AddDate(0, 0, 30).Format(time.DateOnly)}
		t0 := time.Now()
		rows, _, err := s.Events(ctx, f, "", 50)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := json.Marshal(rows); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
	}
	slices.Sort(lat)
	pct := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) / 1000 }
	b.ReportMetric(pct(0.5), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
}

// benchActors are the generated store's actor codes: countries, their
// governments and militaries, a few groups.
func benchActors() []string {
	var out []string
	for _, c := range []string{"USA", "IRN", "TUR", "RUS", "UKR", "CHN", "ISR", "PSE", "EGY", "SAU", "GBR", "FRA", "DEU", "IND", "PAK", "SYR", "IRQ", "JOR", "LBN", "QAT"} {
		out = append(out, c, c+"GOV", c+"MIL", c+"OPP")
	}
	return append(out, "IGOUNO", "IGOWSTNAT", "IMGREB")
}

// generateEvents writes articles articles of perArticle events each, with
// skewed actor frequencies and dates over two years, straight into the
// tables (Put would also write tokens and text nobody reads here).
func generateEvents(ctx context.Context, s *Store, articles, perArticle int) error {
	actors := benchActors()
	rng := rand.New(rand.NewPCG(7, 9))
	pick := func() string { // Zipf-like: early codes are commoner
		return actors[int(float64(len(actors))*rng.Float64()*rng.Float64())]
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	art, err := tx.PrepareContext(ctx, `INSERT INTO articles (id, outlet, title, published, published_utc, body, ingest, schema_version, updated_at) VALUES (?, 'Generated', ?, ?, ?, ?, '{}', 1, ?)`)
	if err != nil {
		return err
	}
	sen, err := tx.PrepareContext(ctx, `INSERT INTO sentences (article_id, idx, start, "end", paragraph, first_token, end_token) VALUES (?, ?, ?, ?, 0, 0, 0)`)
	if err != nil {
		return err
	}
	ev, err := tx.PrepareContext(ctx, `INSERT INTO events (article_id, idx, code, root, quad_class, goldstein, source_code, source_name, source_start, source_end, target_code, target_name, target_start, target_end, date, modality, sentence, start, "end", cue_start, cue_end, confidence, mention_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?, 0, 0, ?, 'asserted', ?, ?, ?, 0, 0, 1, 1)`)
	if err != nil {
		return err
	}
	codes := []struct {
		code string
		quad int
		g    float64
	}{{"042", 1, 1.9}, {"043", 1, 2.8}, {"057", 1, 8}, {"111", 3, -2}, {"112", 3, -2}, {"138", 3, -7}, {"173", 4, -5}, {"190", 4, -10}, {"193", 4, -10}, {"036", 1, 4}}
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for a := range articles {
		id := fmt.Sprintf("%032x", a)
		day := base.AddDate(0, 0, rng.IntN(730))
		pub := day.Format(time.RFC3339)
		body := fmt.Sprintf("Generated article %d. The first sentence says who did what to whom. The second sentence adds a detail.", a)
		if _, err := art.ExecContext(ctx, id, fmt.Sprintf("Article %d", a), pub, formatUTC(day), body, formatUTC(day)); err != nil {
			return err
		}
		if _, err := sen.ExecContext(ctx, id, 0, 0, 30); err != nil {
			return err
		}
		for i := range perArticle {
			c := codes[rng.IntN(len(codes))]
			src, tgt := pick(), pick()
			d := day.AddDate(0, 0, -rng.IntN(3)).Format(time.DateOnly)
			if _, err := ev.ExecContext(ctx, id, i, c.code, c.code[:2], c.quad, c.g, src, src, tgt, tgt, d, 0, 0, 30); err != nil {
				return err
			}
		}
	}
	return tx.Commit()
}
