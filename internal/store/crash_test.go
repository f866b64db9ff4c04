package store

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dyad-events/dyad/internal/doc"
)

// The crash test runs a writer in a child process (this test binary again,
// running only TestHelperWriter), kills it with SIGKILL while it is writing
// and checks what it left behind.
const (
	crashEnvDB    = "DYAD_STORE_CRASH_DB"
	crashEnvStart = "DYAD_STORE_CRASH_START"
	crashBatch    = 24 // documents per batch
)

// crashDoc is document j of batch b. Ingest.Line numbers it, so that the
// parent can rebuild what should be stored from what is.
func crashDoc(b, j int) *doc.Document {
	n := b*crashBatch + j
	d := fullDoc(hexID(fmt.Sprint("crash ", n)))
	d.Article.Title = fmt.Sprintf("batch %d document %d", b, j)
	d.Article.Ingest.Line = n + 1
	return d
}

// TestHelperWriter is not a test on its own: it is the child process of
// TestCrashSafety. It Puts batches until it is killed, printing
// "committed B" to stdout once batch B's Put has returned.
func TestHelperWriter(t *testing.T) {
	path := os.Getenv(crashEnvDB)
	if path == "" {
		t.Skip("helper process for TestCrashSafety")
	}
	start, err := strconv.Atoi(os.Getenv(crashEnvStart))
	if err != nil {
		t.Fatal(err)
	}
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	// Bounded, so that an orphaned child does not write forever.
	deadline := time.Now().Add(2 * time.Minute)
	for b := start; time.Now().Before(deadline); b++ {
		docs := make([]*doc.Document, crashBatch)
		for j := range docs {
			docs[j] = crashDoc(b, j)
		}
		fmt.Fprintf(os.Stdout, "begin %d\n", b)
		if _, err := s.Put(context.Background(), docs); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(os.Stdout, "committed %d\n", b)
	}
}

func TestCrashSafety(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	path := filepath.Join(t.TempDir(), "crash.db")
	committed := 0 // batches the children reported committed, over all rounds
	for round := range 3 {
		// Each child starts where the last one was reported to stop, and is
		// killed a little after reporting its N-th commit, at a moment
		// that varies, so that the kill lands inside a later Put.
		const n = 8
		start := committed
		cmd := exec.Command(os.Args[0], "-test.run=^TestHelperWriter$")
		cmd.Env = append(os.Environ(), crashEnvDB+"="+path, crashEnvStart+"="+strconv.Itoa(start))
		cmd.Stderr = os.Stderr
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(out)
		last := -1
		for last < start+n-1 && sc.Scan() {
			var b int
			if _, err := fmt.Sscanf(sc.Text(), "committed %d", &b); err != nil {
				continue // "begin", or the test framework's own output
			}
			last = b
		}
		time.Sleep(time.Duration(rand.IntN(30)) * time.Millisecond)
		if err := cmd.Process.Kill(); err != nil { // SIGKILL on Unix
			t.Fatal(err)
		}
		// Drain what the child wrote before it died, to tell whether the
		// kill landed inside a Put (the usual case) or between two.
		lastLine := ""
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), "begin ") || strings.HasPrefix(sc.Text(), "committed ") {
				lastLine = sc.Text()
			}
			if _, err := fmt.Sscanf(sc.Text(), "committed %d", &last); err != nil {
				continue
			}
		}
		cmd.Wait()
		t.Logf("round %d: killed after %q", round, lastLine)
		if last < start+n-1 {
			t.Fatalf("round %d: child stopped after batch %d before being killed", round, last)
		}
		committed = last + 1

		s, err := Open(context.Background(), path)
		if err != nil {
			t.Fatalf("round %d: reopen after SIGKILL: %v", round, err)
		}
		if err := s.IntegrityCheck(context.Background()); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		st, err := s.Stats(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		// Every reported batch is there, and nothing but whole batches.
		if st.Articles < committed*crashBatch {
			t.Errorf("round %d: %d articles, want at least %d batches of %d", round, st.Articles, committed, crashBatch)
		}
		if st.Articles%crashBatch != 0 {
			t.Errorf("round %d: %d articles is not a whole number of batches", round, st.Articles)
		}
		for b := range committed {
			for _, j := range []int{0, crashBatch - 1} {
				if ok, err := s.Has(context.Background(), crashDoc(b, j).Article.ID); !ok || err != nil {
					t.Errorf("round %d: committed batch %d document %d missing (%v)", round, b, j, err)
				}
			}
		}
		// Every stored document is complete: exactly what was Put.
		seen := 0
		err = s.Each(context.Background(), func(got *doc.Document) error {
			seen++
			n := got.Article.Ingest.Line - 1
			want := crashDoc(n/crashBatch, n%crashBatch)
			if got.Article.ID != want.Article.ID {
				return fmt.Errorf("document %s carries line %d, which belongs to %s", got.Article.ID, n+1, want.Article.ID)
			}
			if g, w := mustJSON(t, got), mustJSON(t, want); g != w {
				return fmt.Errorf("document %s differs from what was written:\n%s", got.Article.ID, firstDiff(g, w))
			}
			return nil
		})
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		t.Logf("round %d: %d batches reported, %d articles stored and complete", round, committed, seen)
		committed = st.Articles / crashBatch // the next child continues after what is stored
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

// firstDiff shows where two texts first differ.
func firstDiff(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(la), len(lb)) {
		if la[i] != lb[i] {
			return fmt.Sprintf("line %d: got %s, want %s", i+1, la[i], lb[i])
		}
	}
	return fmt.Sprintf("lengths %d and %d lines", len(la), len(lb))
}
