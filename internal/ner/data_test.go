package ner

import (
	"os"
	"path/filepath"
	"testing"
)

// sharedData returns ../shared/data beside the module, or skips.
func sharedData(t testing.TB) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			p := filepath.Join(d, "..", "shared", "data")
			if _, err := os.Stat(filepath.Join(p, EWTDev)); err != nil {
				t.Skip("../shared/data not found, skipping the UNER EWT test: " + err.Error())
			}
			return p
		}
		if filepath.Dir(d) == d {
			t.Skip("../shared/data not found: no go.mod above " + wd)
		}
	}
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
