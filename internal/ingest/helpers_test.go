package ingest

import (
	"context"
	"github.com/dyad-events/dyad/internal/testkit/shared"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dyad-events/dyad/internal/doc"
)

// fixedNow makes IngestedAt reproducible.
func fixedNow() time.Time { return time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC) }

// result is one value All yielded.
type result struct {
	a   *doc.Article
	err error
}

// readAll collects everything All yields for paths.
func readAll(t testing.TB, opts Options, paths ...string) []result {
	t.Helper()
	if opts.Now == nil {
		opts.Now = fixedNow
	}
	var out []result
	for a, err := range NewReader(opts).All(context.Background(), paths) {
		if (a == nil) == (err == nil) {
			t.Fatalf("All yielded article %v with error %v: want exactly one", a, err)
		}
		out = append(out, result{a, err})
	}
	return out
}

// articles returns the articles of rs, failing on any error.
func articles(t testing.TB, rs []result) []*doc.Article {
	t.Helper()
	var as []*doc.Article
	for _, r := range rs {
		if r.err != nil {
			t.Fatalf("unexpected error: %v", r.err)
		}
		checkSpans(t, r.a)
		as = append(as, r.a)
	}
	return as
}

// one returns the single article of rs.
func one(t testing.TB, rs []result) *doc.Article {
	t.Helper()
	as := articles(t, rs)
	if len(as) != 1 {
		t.Fatalf("got %d articles, want 1", len(as))
	}
	return as[0]
}

// checkSpans checks the invariants every article must keep: paragraph
// spans valid, in order, not overlapping, covering trimmed non-empty text;
// headings are paragraphs; the ID is the hash of the body.
func checkSpans(t testing.TB, a *doc.Article) {
	t.Helper()
	prev := -1
	paras := map[doc.Span]bool{}
	for i, s := range a.Paragraphs {
		if !s.Valid(len(a.Body)) || s.Start <= prev || s.Len() == 0 {
			t.Fatalf("paragraph %d span %v invalid or out of order (body %d bytes)", i, s, len(a.Body))
		}
		txt := s.Text(a.Body)
		if strings.TrimSpace(txt) != txt || strings.Contains(txt, "\n\n") {
			t.Fatalf("paragraph %d %q is not trimmed or spans a blank line", i, txt)
		}
		prev = s.End
		paras[s] = true
	}
	for _, h := range a.Headings {
		if !paras[h] {
			t.Fatalf("heading %v %q is not a paragraph", h, h.Text(a.Body))
		}
	}
	if a.ID != bodyID(a.Body) || len(a.ID) != 32 {
		t.Fatalf("ID %q is not the body hash", a.ID)
	}
}

// headingTexts returns the text of each heading.
func headingTexts(a *doc.Article) []string {
	var hs []string
	for _, h := range a.Headings {
		hs = append(hs, h.Text(a.Body))
	}
	return hs
}

// writeFile writes content to name under dir, creating folders.
func writeFile(t testing.TB, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// sharedDir returns the project's shared folder (../shared next to the
// repository), skipping the test when it is absent.
func sharedDir(t testing.TB) string {
	return shared.Dir(t)
}
