package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"

	"github.com/dyad-events/dyad/internal/doc"
	"github.com/dyad-events/dyad/internal/queue"
	"github.com/dyad-events/dyad/internal/store"
	"github.com/dyad-events/dyad/internal/testkit/pgtest"
)

// startNATS runs a JetStream server on loopback for the test.
func startNATS(t testing.TB) string {
	t.Helper()
	ns, err := server.NewServer(&server.Options{Host: "127.0.0.1", Port: -1, JetStream: true, StoreDir: t.TempDir(), NoLog: true, NoSigs: true})
	if err != nil {
		t.Fatal(err)
	}
	go ns.Start()
	if !ns.ReadyForConnections(10 * time.Second) {
		t.Fatal("nats-server did not start")
	}
	t.Cleanup(ns.Shutdown)
	return ns.ClientURL()
}

// syntheticArticles writes n distinct short articles that the pipeline
// codes events in, as JSON lines.
func syntheticArticles(t testing.TB, n int) string {
	t.Helper()
	countries := []string{"Turkey", "Egypt", "Jordan", "Iran", "Iraq", "Israel", "Saudi Arabia", "Qatar", "France", "Germany", "Russia", "China", "Japan", "India", "Pakistan", "Brazil"}
	verbs := []string{"met", "condemned", "praised", "accused", "criticised", "thanked"}
	var b strings.Builder
	for i := range n {
		a, c := countries[i%len(countries)], countries[(i/len(countries)+1+i)%len(countries)]
		if a == c {
			c = "the United States"
		}
		text := fmt.Sprintf("The foreign minister of %s %s the foreign minister of %s on Monday, officials said. Report number %d on the talks followed later in the day.", a, verbs[i%len(verbs)], c, i)
		line, _ := json.Marshal(map[string]string{"outlet": "Synthetic", "published": "2024-03-04", "title": fmt.Sprintf("Report %d", i), "text": text})
		b.Write(line)
		b.WriteByte('\n')
	}
	path := filepath.Join(t.TempDir(), "articles.jsonl")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// eventSet lists a store's events as comparable lines.
func eventSet(t *testing.T, db string) []string {
	t.Helper()
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var out []string
	err = st.Each(context.Background(), func(d *doc.Document) error {
		for i, e := range d.Events {
			out = append(out, fmt.Sprintf("%s/%d %s %s>%s %s %s", d.Article.ID, i, e.Code, e.Source.Code, e.Target.Code, e.Date, e.Modality))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

// TestWorkersSurviveAKill: two `dyad worker` processes share a work
// queue of 2,000 articles (fewer under the race detector); one is killed
// with SIGKILL part way. The store ends with every article exactly once
// and the same events as a single-process `dyad run` of the same input
// into SQLite. The workers write to a SQLite file, then, in a second
// subtest, to PostgreSQL (skipped, saying why, where no server can be
// had).
func TestWorkersSurviveAKill(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { testWorkersSurviveAKill(t, filepath.Join(t.TempDir(), "workers.db")) })
	t.Run("postgres", func(t *testing.T) { testWorkersSurviveAKill(t, pgtest.URL(t, "")) })
}

func testWorkersSurviveAKill(t *testing.T, db string) {
	n := 2000
	if raceEnabled {
		n = 300
	}
	if testing.Short() {
		t.Skip("starts processes and a NATS server")
	}
	url := startNATS(t)
	input := syntheticArticles(t, n)
	dir := t.TempDir()

	t0 := time.Now()
	single := filepath.Join(dir, "single.db")
	if code, _, errs := dyad(t, "run", "--quiet", "--db", single, input); code != 0 {
		t.Fatalf("single-process run: %s", errs)
	}
	t.Logf("single run %v", time.Since(t0))
	if code, _, errs := dyad(t, "ingest", "--nats", url, input); code != 0 || !strings.Contains(errs, fmt.Sprintf("%d articles queued", n)) {
		t.Fatalf("ingest --nats: %d %s", code, errs)
	}

	// Open once so the schema exists before two processes race to make it.
	if st, err := store.Open(context.Background(), db); err != nil {
		t.Fatal(err)
	} else {
		st.Close()
	}
	start := func() *exec.Cmd {
		cmd := exec.Command(os.Args[0], "worker", "--nats", url, "--db", db, "--ack-wait", "3s")
		cmd.Env = append(os.Environ(), "DYAD_TEST_MAIN=1")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return cmd
	}
	t.Logf("queued %v", time.Since(t0))
	victim, survivor := start(), start()
	defer survivor.Process.Kill()
	deadline := time.Now().Add(10 * time.Minute)
	for storedCount(t, db) < n/4 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if err := victim.Process.Kill(); err != nil { // SIGKILL: no chance to finish or ack
		t.Fatal(err)
	}
	victim.Wait()
	killedAt := storedCount(t, db)
	t.Logf("killed %v", time.Since(t0))

	q, err := queue.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	for time.Now().Before(deadline) {
		left, err := q.Pending(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if left == 0 && storedCount(t, db) >= n {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Logf("done %v", time.Since(t0))
	survivor.Process.Kill()
	survivor.Wait()
	if got := storedCount(t, db); got != n {
		t.Fatalf("store holds %d articles, want exactly %d (one worker killed at %d)", got, n, killedAt)
	}
	want, got := eventSet(t, single), eventSet(t, db)
	if len(want) == 0 {
		t.Fatal("the single-process run coded no events")
	}
	if !slices.Equal(want, got) {
		t.Errorf("workers' events differ from a single-process run: %d vs %d events", len(got), len(want))
	}
	t.Logf("%d articles, %d events; one worker killed after %d were stored", n, len(want), killedAt)
}

// BenchmarkWorkers measures, side by side in one run, how long one and
// two `dyad worker` processes take to drain the same number of articles
// and reports the speed-up.
//
//	go test -run XXX -bench Workers -benchtime 1x ./cmd/dyad/
func BenchmarkWorkers(b *testing.B) {
	b.Run("sqlite", func(b *testing.B) { benchmarkWorkers(b, "") })
	b.Run("postgres", func(b *testing.B) { benchmarkWorkers(b, pgtest.URL(b, "")) })
}

// benchmarkWorkers drains into SQLite files, or into fresh schemas of the
// PostgreSQL database at pg.
func benchmarkWorkers(b *testing.B, pg string) {
	t := b
	url := startNATS(t)
	const n = 400
	dir := t.TempDir()
	drain := func(workers int, input string) time.Duration {
		db := filepath.Join(dir, fmt.Sprintf("w%d-%s.db", workers, filepath.Base(input)))
		if pg != "" {
			db = pgtest.URL(t, db)
		}
		if st, err := store.Open(context.Background(), db); err != nil {
			t.Fatal(err)
		} else {
			st.Close()
		}
		if code, _, errs := dyad(t, "ingest", "--nats", url, input); code != 0 {
			t.Fatalf("ingest: %s", errs)
		}
		var cmds []*exec.Cmd
		for range workers {
			cmd := exec.Command(os.Args[0], "worker", "--nats", url, "--db", db)
			cmd.Env = append(os.Environ(), "DYAD_TEST_MAIN=1")
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			cmds = append(cmds, cmd)
		}
		// One store open for the polling: opening one is not free (on
		// PostgreSQL a pool, the schema check, prepared statements), and
		// it would compete with the workers being measured.
		st, err := store.Open(context.Background(), db)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		stored := func() int {
			s, err := st.Stats(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			return s.Articles
		}
		// Timed from the first stored article: loading the models (about
		// a second, in every process at once) is not throughput.
		for stored() < 1 {
			time.Sleep(10 * time.Millisecond)
		}
		start, first := time.Now(), stored()
		for stored() < n {
			time.Sleep(20 * time.Millisecond)
		}
		took := time.Since(start) * time.Duration(n) / time.Duration(n-first)
		for _, c := range cmds {
			c.Process.Kill()
			c.Wait()
		}
		return took
	}
	// Longer articles, so that processing, not queueing, is the work.
	long := func(tag string) string {
		path := syntheticArticles(t, n)
		b, _ := os.ReadFile(path)
		var out strings.Builder
		for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
			var a map[string]string
			json.Unmarshal([]byte(line), &a)
			a["text"] = strings.Repeat(a["text"]+" ", 8) + tag
			l, _ := json.Marshal(a)
			out.Write(l)
			out.WriteByte('\n')
		}
		p := filepath.Join(t.TempDir(), tag+".jsonl")
		os.WriteFile(p, []byte(out.String()), 0o644)
		return p
	}
	var one, two time.Duration
	for i := 0; b.Loop(); i++ {
		one += drain(1, long(fmt.Sprintf("one%d", i)))
		two += drain(2, long(fmt.Sprintf("two%d", i)))
	}
	b.ReportMetric(float64(one)/float64(two), "speedup-2-workers")
	b.Logf("%d articles: 1 worker %v, 2 workers %v", n, one.Round(time.Millisecond), two.Round(time.Millisecond))
}
