package ingest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dyad-events/dyad/internal/doc"
)

// benchRead reads paths b.N times and reports articles per second.
func benchRead(b *testing.B, paths ...string) {
	b.Helper()
	size, err := Size(paths)
	if err != nil {
		b.Fatal(err)
	}
	r := NewReader(Options{})
	n := 0
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		for a, err := range r.All(context.Background(), paths) {
			if err != nil {
				b.Fatal(err)
			}
			_ = a
			n++
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "articles/s")
}

// BenchmarkJSONL reads the Wikinews corpus when ../shared has it, else a
// generated file of the same shape.
func BenchmarkJSONL(b *testing.B) {
	path := ""
	wd, _ := os.Getwd()
	for d := wd; filepath.Dir(d) != d; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			p := filepath.Join(d, "..", "shared", "peers", "corpora", "wikinews-2019-2020", "wikinews_2019_2020.jsonl")
			if _, err := os.Stat(p); err == nil {
				path = p
			}
			break
		}
	}
	if path == "" {
		b.Log("../shared not found: using a generated corpus")
		var sb strings.Builder
		story := strings.Repeat(para1+" "+para2+`\n\n`+para3+`\n\n`, 10)
		for i := range 300 {
			fmt.Fprintf(&sb, `{"id":"g-%d","url":"https://example.org/%d","date":"2019-01-04","title":"Story %d","text":"Friday, January 4, 2019\n\n%s"}`+"\n", i, i, i, story)
		}
		path = writeFile(b, b.TempDir(), "gen.jsonl", sb.String())
	}
	benchRead(b, path)
}

func BenchmarkHTML(b *testing.B) { benchRead(b, "testdata/page.html") }

func BenchmarkFeed(b *testing.B) { benchRead(b, "testdata/feed.atom") }

func BenchmarkText(b *testing.B) {
	text := strings.Repeat(para1+"\n\n‘Urgent ceasefire’\n\n"+para2+"\n\n"+para3+"\n\n", 8) + "Source » dawn"
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Article(text, Meta{}, doc.IngestInfo{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}
