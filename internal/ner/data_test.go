package ner

import (
	"path/filepath"
	"testing"

	"github.com/dyad-events/dyad/internal/testkit"
)

// sharedData returns ../shared/data beside the module, or skips.
func sharedData(t testing.TB) string {
	t.Helper()
	testkit.Shared(t, filepath.Join("data", EWTDev))
	return testkit.Shared(t, "data")
}

// TestCorpora checks the readers on the real extra corpora.
func TestCorpora(t *testing.T) {
	data := sharedData(t)
	tests := []struct {
		name      string
		sentences int
		minSpans  int
	}{
		{"wikigold", 1696, 2500},
		{"re3d", 500, 800},
		{"gum", 7425, 3000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ss, err := ReadExtra(data, tt.name)
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, s := range ss {
				if len(s.Words) != len(s.Labels) {
					t.Fatal("words and labels differ in length")
				}
				n += len(Spans(s.Labels))
			}
			if tt.name != "re3d" && len(ss) != tt.sentences || len(ss) < tt.sentences {
				t.Errorf("%d sentences, want %d", len(ss), tt.sentences)
			}
			if n < tt.minSpans {
				t.Errorf("%d entities, want at least %d", n, tt.minSpans)
			}
		})
	}
}
