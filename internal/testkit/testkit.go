// Package testkit is what the stages' tests share: the bundled examples
// and the language stages to run before the stage under test. It is
// imported by tests only.
package testkit

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/dyad-events/dyad/internal/doc"
	"github.com/dyad-events/dyad/internal/parse"
	"github.com/dyad-events/dyad/internal/pipeline"
	"github.com/dyad-events/dyad/internal/testkit/shared"
	"github.com/dyad-events/dyad/internal/text"
)

// language is shared by every test of a test binary: the models load
// once (about 100 ms) and are safe for concurrent use.
var language = sync.OnceValue(parse.New)

// Root returns the module's root directory.
func Root(tb testing.TB) string { return shared.Root(tb) }

// Shared returns path below ../shared beside the module, or skips the test
// with a message when it is absent.
func Shared(tb testing.TB, path string) string { return shared.Dir(tb, path) }

// ExampleBodies returns the bodies of the bundled Wikinews examples
// (examples/wikinews.jsonl).
func ExampleBodies(tb testing.TB) []string {
	tb.Helper()
	f, err := os.Open(filepath.Join(Root(tb), "examples", "wikinews.jsonl"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var bodies []string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<22)
	for sc.Scan() {
		var a struct{ Text string }
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			tb.Fatal(err)
		}
		bodies = append(bodies, a.Text)
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return bodies
}

// Analyse runs the language stages (segmenting, tagging, parsing) and
// then stages on body, published at published (zero for none).
func Analyse(tb testing.TB, body string, published time.Time, stages ...pipeline.Stage) *doc.Document {
	tb.Helper()
	d := doc.NewDocument(doc.Article{Body: body, Published: published})
	ctx := context.Background()
	for _, st := range append([]pipeline.Stage{text.New(), language()}, stages...) {
		if err := st.Process(ctx, d); err != nil {
			tb.Fatalf("%s: %v", st.Name(), err)
		}
	}
	return d
}
