package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dyad-events/dyad/internal/doc"
)

func TestJSONLMalformedLine(t *testing.T) {
	dir := t.TempDir()
	path := writeFile(t, dir, "data.jsonl", strings.Join([]string{
		`{"id": 1, "url": "https://www.dawn.com/news/1", "source": "dawn.com", "date": "2023-11-05", "title": "One", "text": "` + para1 + `"}`,
		`{"id": "two", "outlet": "Reuters", "published": "2023-11-05T10:00:00+03:00", "text": "` + para2 + `"}`,
		`{"id": "three", "text": "unterminated`,
		``,
		`   `,
		`{"id": "four", "language": "en", "text": "` + para3 + `"}`,
	}, "\n"))
	rs := readAll(t, Options{}, path)
	if len(rs) != 4 {
		t.Fatalf("got %d results, want 4", len(rs))
	}
	var e *Error
	if !errors.As(rs[2].err, &e) || e.Line != 3 || e.Path != path {
		t.Fatalf("result 3 = %v, want *Error at line 3", rs[2].err)
	}
	if want := path + ":3: invalid JSON: unexpected end of input"; e.Error() != want {
		t.Errorf("Error() = %q, want %q", e.Error(), want)
	}
	as := articles(t, []result{rs[0], rs[1], rs[3]})
	for i, want := range []struct {
		line         int
		id, outlet   string
		body, format string
	}{
		{1, "1", "Dawn", para1, "jsonl"},
		{2, "two", "Reuters", para2, "jsonl"},
		{6, "four", "", para3, "jsonl"},
	} {
		a := as[i]
		if a.Ingest.Line != want.line || a.Ingest.ExternalID != want.id || a.Outlet != want.outlet || a.Body != want.body || a.Ingest.Format != want.format {
			t.Errorf("article %d: line %d id %q outlet %q format %q body %q", i, a.Ingest.Line, a.Ingest.ExternalID, a.Outlet, a.Ingest.Format, a.Body)
		}
		if !a.Ingest.IngestedAt.Equal(fixedNow()) || a.Ingest.Source != path {
			t.Errorf("article %d: IngestedAt %v, Source %q", i, a.Ingest.IngestedAt, a.Ingest.Source)
		}
	}
	if as[0].Title != "One" || as[0].URL != "https://www.dawn.com/news/1" || as[0].PublishedText != "2023-11-05" {
		t.Errorf("line 1 metadata: %+v", as[0])
	}
}

func TestJSONLHTML(t *testing.T) {
	page, err := os.ReadFile("testdata/page.html")
	if err != nil {
		t.Fatal(err)
	}
	line := fmt.Sprintf(`{"id":"p1","title":"Given title","outlet":"AFP","html":%q}`, page)
	path := writeFile(t, t.TempDir(), "pages.ndjson", line+"\n")
	a := one(t, readAll(t, Options{}, path))
	if a.Title != "Given title" || a.Outlet != "AFP" || a.Ingest.Extractor != Extractor || a.Ingest.Format != "jsonl" {
		t.Errorf("line metadata must win over the page's: %+v", a)
	}
	if a.PublishedText != "2023-11-05T10:32:00+05:00" || !strings.HasPrefix(a.Body, "Iran’s supreme leader") {
		t.Errorf("page content lost: %q / %q", a.PublishedText, a.Body[:40])
	}
}

func TestBadInput(t *testing.T) {
	png := "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
	big := strings.Repeat("All work and no play makes Jack a dull boy.\n", 36000) // 1.5 MB
	tests := []struct {
		name    string
		file    string // name of the file written
		content string
		opts    Options
		want    []string // Error() of each result, PATH replaced; "" for an article
	}{
		{"too large", "big.txt", big, Options{MaxBytes: 1 << 20},
			[]string{"PATH: 1.5 MB exceeds the 1.0 MB limit (raise it with --max-size)"}},
		{"empty", "empty.txt", "", Options{},
			[]string{"PATH: empty file"}},
		{"too large, small limit", "small.txt", strings.Repeat("The minister said so. ", 100), Options{MaxBytes: 1000},
			[]string{"PATH: 2200 B exceeds the 1000 B limit (raise it with --max-size)"}},
		{"white space only", "blank.html", " \n\t\r\n  \n", Options{},
			[]string{"PATH: empty file"}},
		{"png", "photo.txt", png, Options{},
			[]string{"PATH: binary content (image/png), not an article"}},
		{"pdf", "report.html", "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", Options{},
			[]string{"PATH: binary content (application/pdf), not an article"}},
		{"zip", "archive.jsonl", "PK\x03\x04\x14\x00\x00\x00\x08\x00", Options{},
			[]string{"PATH: binary content (application/zip), not an article"}},
		{"NUL bytes", "data.txt", "hello " + strings.Repeat("text ", 200) + "\x00\x01\x02", Options{},
			[]string{"PATH: binary content (application/octet-stream), not an article"}},
		{"invalid UTF-8 text", "latin1.txt", "line one\nline two \xe9t\xe9\n", Options{},
			[]string{"PATH:2: invalid UTF-8 at byte 18"}},
		{"invalid UTF-8 JSONL", "bad.jsonl", `{"text":"` + para1 + `"}` + "\n" + `{"text":"caf` + "\xe9" + `"}` + "\n", Options{},
			[]string{"", "PATH:2: invalid UTF-8 at byte " + fmt.Sprint(len(para1)+12+12)}},
		{"JSONL line too long", "long.jsonl", `{"text":"` + para1 + `"}` + "\n" + `{"text":"` + strings.Repeat("x", 1500<<10) + `"}` + "\n" + `{"text":"` + para2 + `"}`, Options{MaxBytes: 1 << 20},
			[]string{"", "PATH:2: line of 1.5 MB exceeds the 1.0 MB limit (raise it with --max-size)", ""}},
		{"missing text", "notext.jsonl", `{"id":"x","title":"No body"}`, Options{},
			[]string{"PATH:1: missing text or html field"}},
		{"not an object", "array.jsonl", `["a","b"]`, Options{},
			[]string{"PATH:1: invalid JSON: want an object, got array"}},
		{"bad field type", "obj.jsonl", `{"title":{"a":1},"text":"x"}`, Options{},
			[]string{`PATH:1: field "title": want a string, got object`}},
		{"bad published", "date.jsonl", `{"published":"yesterday-ish","text":"` + para1 + `"}`, Options{},
			[]string{`PATH:1: field "published": cannot parse "yesterday-ish"`}},
		{"bad default published", "d.txt", para1, Options{Defaults: Meta{Published: "soon"}},
			[]string{`PATH: field "published": cannot parse "soon"`}},
		{"blank JSONL", "blank.jsonl", "\n\n  \n", Options{},
			[]string{"PATH: empty file"}},
		{"page without text", "empty.html", "<html><head><title>x</title><script>var a=1;</script></head><body><img src=a.png></body></html>", Options{},
			[]string{"PATH: no article text found"}},
		{"single JSON array", "list.json", `[{"text":"a"}]`, Options{},
			[]string{"PATH: invalid JSON: want an object, got array"}},
		{"invalid feed", "broken.rss", `<rss version="2.0"><channel><title>x</title><item><title>a</ti`, Options{},
			[]string{"PATH: invalid feed: "}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, t.TempDir(), tt.file, tt.content)
			rs := readAll(t, tt.opts, path)
			if len(rs) != len(tt.want) {
				t.Fatalf("got %d results %v, want %d", len(rs), rs, len(tt.want))
			}
			for i, r := range rs {
				want := strings.ReplaceAll(tt.want[i], "PATH", path)
				switch {
				case want == "" && r.err != nil:
					t.Errorf("result %d: %v, want an article", i, r.err)
				case want == "":
					checkSpans(t, r.a)
				case r.err == nil:
					t.Errorf("result %d: article, want error %q", i, want)
				default:
					var e *Error
					if !errors.As(r.err, &e) {
						t.Errorf("result %d: %T is not an *Error", i, r.err)
					}
					if got := r.err.Error(); got != want && !(strings.HasSuffix(want, ": ") && strings.HasPrefix(got, want)) {
						t.Errorf("result %d: %q, want %q", i, got, want)
					}
				}
			}
		})
	}

	t.Run("missing path", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "nope.txt")
		rs := readAll(t, Options{}, path, "testdata/wikinews.txt")
		if len(rs) != 2 || rs[0].err == nil || rs[1].err != nil {
			t.Fatalf("got %v, want an error then an article", rs)
		}
		if want := path + ": no such file or directory"; rs[0].err.Error() != want || !errors.Is(rs[0].err, fs.ErrNotExist) {
			t.Errorf("err = %q, want %q (and fs.ErrNotExist)", rs[0].err, want)
		}
		if _, err := Size([]string{path}); err == nil || err.Error() != path+": no such file or directory" {
			t.Errorf("Size err = %v", err)
		}
	})

	t.Run("bad sidecar", func(t *testing.T) {
		dir := t.TempDir()
		txt := writeFile(t, dir, "a.txt", para1)
		side := writeFile(t, dir, "a.json", `{"outlet": "Dawn",`)
		rs := readAll(t, Options{}, txt)
		if len(rs) != 1 || rs[0].err == nil || rs[0].err.Error() != side+": invalid JSON: unexpected end of input" {
			t.Fatalf("got %v, want one sidecar error", rs)
		}
	})
}

func TestUTF16Text(t *testing.T) {
	// "Hi there" in UTF-16LE with a byte order mark, then a real story.
	var b bytes.Buffer
	b.Write([]byte{0xFF, 0xFE})
	for _, r := range para1 {
		if r > 0xFFFF {
			t.Fatal("test text must be in the BMP")
		}
		b.Write([]byte{byte(r), byte(r >> 8)})
	}
	path := writeFile(t, t.TempDir(), "utf16.txt", b.String())
	if a := one(t, readAll(t, Options{}, path)); a.Body != para1 {
		t.Errorf("Body = %q", a.Body)
	}
}

func TestFeeds(t *testing.T) {
	pkt := 5 * 3600

	rs := readAll(t, Options{}, "testdata/feed.rss")
	if len(rs) != 3 {
		t.Fatalf("rss: got %d results, want 3", len(rs))
	}
	as := articles(t, rs[:2])
	a := as[0]
	if a.Ingest.Format != "rss" || a.Ingest.Line != 1 || a.Ingest.ExternalID != "dawn-1786432" ||
		a.URL != "https://www.dawn.com/news/1786432" || a.Outlet != "Dawn" || a.Title != "Khamenei meets Hamas chief in Tehran" {
		t.Errorf("rss item 1: %+v", a)
	}
	if _, off := a.Published.Zone(); off != pkt || a.Published.Hour() != 10 || a.PublishedText != "Sun, 05 Nov 2023 10:00:00 +0500" || a.DatePrecision != "second" {
		t.Errorf("rss item 1 published %v (%q)", a.Published, a.PublishedText)
	}
	if got := headingTexts(a); !slices.Equal(got, []string{"Urgent ceasefire"}) || len(a.Paragraphs) != 3 {
		t.Errorf("rss item 1 content:encoded: headings %q, %d paragraphs: %q", got, len(a.Paragraphs), a.Body)
	}
	b := as[1]
	if b.Ingest.Line != 2 || b.Title != `Erdogan condemns "massacre" in Gaza` || !strings.HasPrefix(b.Body, "President Recep Tayyip Erdogan") {
		t.Errorf("rss item 2 (description): %+v", b)
	}
	if _, off := b.Published.Zone(); off != pkt || b.PublishedText != "Sun, 5 Nov 2023 14:30:00 PKT" {
		t.Errorf("rss item 2 published %v (%q)", b.Published, b.PublishedText)
	}
	if want := "testdata/feed.rss:3: no article text found"; rs[2].err == nil || rs[2].err.Error() != want {
		t.Errorf("rss item 3: %v, want %q", rs[2].err, want)
	}

	as = articles(t, readAll(t, Options{}, "testdata/feed.atom"))
	if len(as) != 2 {
		t.Fatalf("atom: got %d articles, want 2", len(as))
	}
	a = as[0]
	if a.Ingest.Format != "atom" || a.Outlet != "Reuters" || a.Ingest.ExternalID != "urn:reuters:fidan-calls" ||
		a.PublishedText != "2023-11-05T11:15:00+03:00" || a.Ingest.Dateline != "ANKARA, Nov 5 (Reuters) -" ||
		a.Ingest.DatelinePlace != "Ankara" || a.Ingest.Trailer != "Reporting by Ece Toksabay; Editing by Peter Graff" ||
		len(a.Paragraphs) != 2 || !strings.HasPrefix(a.Body, "Turkish Foreign Minister") {
		t.Errorf("atom entry 1: %+v", a)
	}
	if _, off := a.Published.Zone(); off != 3*3600 {
		t.Errorf("atom entry 1 zone offset %d", off)
	}
	// No <published>: the update time stands in.
	if b := as[1]; b.PublishedText != "2023-11-05T09:00:00Z" || !strings.HasPrefix(b.Body, "Iran's defence minister") {
		t.Errorf("atom entry 2: %+v", b)
	}

	a = one(t, readAll(t, Options{}, "testdata/feed.rdf"))
	if a.Ingest.Format != "rss" || a.Outlet != "Example News" || a.PublishedText != "2023-11-06T09:30:00-05:00" {
		t.Errorf("rdf item: %+v", a)
	}
}

func TestHTMLPage(t *testing.T) {
	a := one(t, readAll(t, Options{}, "testdata/page.html"))
	wantParas := []string{
		"Iran’s supreme leader Ayatollah Ali Khamenei has met the leader of Hamas, Ismail Haniyeh, in Tehran, state media reported on Sunday, a day after a Hamas official said they held a meeting in recent days.",
		"Iranian state media said Haniyeh, who has resided between Qatar and Turkiye since 2019, “briefed Khamenei on the latest developments in the Gaza Strip and the crimes of the Zionist regime in Gaza, as well as the developments in the West Bank”.",
		"“Ayatollah Khamenei praised the steadfastness and resilience of the people of Gaza,” Iran’s state TV said.",
		"Urgent ceasefire",
		"Meanwhile, Turkish Foreign Minister Hakan Fidan discussed the situation in Gaza and the need for an urgent ceasefire there with his Egyptian and Jordanian counterparts in separate calls on Sunday, a Turkish diplomatic source said.",
		"Fidan exchanged views with Jordanian Foreign Minister Ayman Safadi and Egyptian Foreign Minister Sameh Shoukry on steps that can be taken to “stop attacks targeting the civilian population in Gaza” and to achieve an urgent ceasefire, the source added.",
		"President Recep Tayyip Erdogan on Sunday once again condemned the “immoral, unscrupulous, despicable massacre” in Gaza.",
	}
	var got []string
	for _, p := range a.Paragraphs {
		got = append(got, p.Text(a.Body))
	}
	if !slices.Equal(got, wantParas) {
		t.Errorf("paragraphs:\n%q\nwant\n%q", got, wantParas)
	}
	for _, junk := range []string{"Advertisement", "Home", "Share on", "Related stories", "Copyright", "Privacy", "Buy the best"} {
		if strings.Contains(a.Body, junk) {
			t.Errorf("body has boilerplate %q", junk)
		}
	}
	if hs := headingTexts(a); !slices.Equal(hs, []string{"Urgent ceasefire"}) {
		t.Errorf("headings %q", hs)
	}
	_, off := a.Published.Zone()
	if a.PublishedText != "2023-11-05T10:32:00+05:00" || off != 5*3600 || a.DatePrecision != "second" {
		t.Errorf("published %v %q %q", a.Published, a.PublishedText, a.DatePrecision)
	}
	if a.Outlet != "Dawn" || a.URL != "https://www.dawn.com/news/1786432" || a.Title != "Khamenei meets Hamas chief in Tehran" ||
		a.Language != "en-GB" || a.Ingest.Extractor != "go-readability 2.1.3" || a.Ingest.Format != "html" {
		t.Errorf("metadata: outlet %q url %q title %q lang %q extractor %q", a.Outlet, a.URL, a.Title, a.Language, a.Ingest.Extractor)
	}
}

func TestHTMLMetadata(t *testing.T) {
	body := "<p>" + para1 + "</p><p>" + para2 + "</p><p>" + para3 + "</p>"
	tests := []struct {
		name, head, body string
		check            func(a *doc.Article) string
	}{
		{"json-ld only", `<script type="application/ld+json">[{"@type":["NewsArticle"],"headline":"LD headline","datePublished":"2023-11-05T08:00:00-05:00","publisher":[{"name":"reuters"}],"url":"https://www.reuters.com/x","inLanguage":"en"}]</script>`, body,
			func(a *doc.Article) string {
				_, off := a.Published.Zone()
				return fmt.Sprint(a.Title == "LD headline", a.Outlet == "Reuters", off == -5*3600, a.URL == "https://www.reuters.com/x", a.Language == "en")
			}},
		{"time element and title suffix", `<title>Story title | Al Jazeera</title><meta property="og:site_name" content="Al Jazeera">`, `<time datetime="2023-11-05T10:00:00+03:00">Nov 5</time>` + body,
			func(a *doc.Article) string {
				return fmt.Sprint(a.Title == "Story title", a.PublishedText == "2023-11-05T10:00:00+03:00", a.Outlet == "Al Jazeera")
			}},
		{"junk date skipped", `<meta property="article:published_time" content="not a date"><meta name="pubdate" content="2023-11-05">`, body,
			func(a *doc.Article) string {
				return fmt.Sprint(a.PublishedText == "2023-11-05", a.DatePrecision == "day")
			}},
		{"host fallback", `<link rel="canonical" href="https://www.bbc.co.uk/news/world-1">`, body,
			func(a *doc.Article) string { return fmt.Sprint(a.Outlet == "BBC News") }},
		{"fallback to body text", ``, `<div>` + para1 + `</div>`,
			func(a *doc.Article) string { return fmt.Sprint(a.Body == para1) }},
		{"br paragraphs", ``, `<div class="post">` + para1 + `<br><br>` + para2 + `<br>` + para3 + `</div>`,
			func(a *doc.Article) string {
				if len(a.Paragraphs) != 2 {
					return fmt.Sprintf("false: %d paragraphs %q", len(a.Paragraphs), a.Body)
				}
				return fmt.Sprint(a.Paragraphs[1].Text(a.Body) == para2+"\n"+para3)
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page := "<!DOCTYPE html><html><head>" + tt.head + "</head><body>" + tt.body + "</body></html>"
			a := one(t, readAll(t, Options{}, writeFile(t, t.TempDir(), "p.html", page)))
			if got := tt.check(a); strings.Contains(got, "false") {
				t.Errorf("checks %s failed for %+v", got, a)
			}
		})
	}
}

func TestHTMLCharset(t *testing.T) {
	// windows-1252: 0x92 is a right single quote, 0xE9 is é.
	page := "<html><head><meta charset=\"windows-1252\"></head><body><article><p>The caf\xe9\x92s owner said the " +
		strings.Repeat("storm damaged the roof and the windows of the old building. ", 6) + "</p></article></body></html>"
	a := one(t, readAll(t, Options{}, writeFile(t, t.TempDir(), "cp1252.htm", page)))
	if !strings.HasPrefix(a.Body, "The café’s owner") {
		t.Errorf("Body = %q", a.Body[:30])
	}
}

func TestFrontMatterAndSidecar(t *testing.T) {
	dir := t.TempDir()
	fm := writeFile(t, dir, "fm.md", "---\ntitle: \"Talks in Tehran\"\noutlet: dawn\ndate: 2023-11-05\npublished: 2023-11-05T10:00:00+05:00\nid: 'd-1'\nauthor: someone\n---\n\n"+para1+"\n\nSource: Reuters")
	a := one(t, readAll(t, Options{}, fm))
	if a.Title != "Talks in Tehran" || a.Outlet != "Dawn" || a.PublishedText != "2023-11-05T10:00:00+05:00" || a.Ingest.ExternalID != "d-1" || a.Body != para1 || a.Ingest.Trailer != "Source: Reuters" {
		t.Errorf("front matter: %+v", a)
	}

	// A text starting with a rule is not front matter.
	hr := writeFile(t, dir, "hr.txt", "---\n"+para1+"\n---\n\n"+para2)
	if a := one(t, readAll(t, Options{}, hr)); !strings.HasPrefix(a.Body, "---\n"+para1) {
		t.Errorf("rule taken for front matter: %q", a.Body)
	}

	// Sidecar: metadata beats the trailer; front matter beats the sidecar.
	txt := writeFile(t, dir, "story.txt", "---\ntitle: From front matter\n---\n"+para1+"\n\nSource » dawn")
	writeFile(t, dir, "story.json", `{"title": "From sidecar", "source": "aljazeera", "date": "2023-11-04", "url": "https://www.aljazeera.com/x", "id": 42}`)
	a = one(t, readAll(t, Options{}, txt))
	if a.Title != "From front matter" || a.Outlet != "Al Jazeera" || a.PublishedText != "2023-11-04" || a.URL != "https://www.aljazeera.com/x" || a.Ingest.ExternalID != "42" || a.Ingest.Trailer != "Source » dawn" {
		t.Errorf("sidecar: %+v", a)
	}
}

func TestFolderWalk(t *testing.T) {
	dir := t.TempDir()
	page, _ := os.ReadFile("testdata/page.html")
	rss, _ := os.ReadFile("testdata/feed.rss")
	writeFile(t, dir, "a.txt", para1)
	writeFile(t, dir, "a.json", `{"outlet": "reuters", "published": "2023-11-05", "title": "A"}`)
	writeFile(t, dir, "b.html", string(page))
	writeFile(t, dir, "c/d.jsonl", `{"text":"`+para2+`"}`+"\n"+`{"text":"`+para3+`"}`+"\n")
	writeFile(t, dir, "c/.hidden.txt", para1+" hidden")
	writeFile(t, dir, ".git/x.txt", para1+" in a hidden folder")
	writeFile(t, dir, "e.json", `{"text": "`+para3+` Standalone."}`)
	writeFile(t, dir, "f.xml", `<?xml version="1.0"?><config><a>1</a></config>`)
	writeFile(t, dir, "g.xml", string(rss))
	writeFile(t, dir, "notes.csv", "a,b\n1,2\n")
	writeFile(t, dir, "Z.TXT", para2+" Upper-case extension.")
	writeFile(t, dir, "README.md", "# About this folder\n\nThese are test articles for the folder walk.")

	var logs bytes.Buffer
	opts := Options{Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))}
	var progress []int64
	opts.Progress = func(n int64) { progress = append(progress, n) }
	rs := readAll(t, opts, dir)

	var got []string
	for _, r := range rs {
		if r.err != nil {
			got = append(got, "error "+r.err.Error())
			continue
		}
		rel, _ := filepath.Rel(dir, r.a.Ingest.Source)
		got = append(got, fmt.Sprintf("%s:%d", filepath.ToSlash(rel), r.a.Ingest.Line))
	}
	want := []string{"Z.TXT:0", "a.txt:0", "b.html:0", "c/d.jsonl:1", "c/d.jsonl:2", "e.json:0", "g.xml:1", "g.xml:2",
		"error " + filepath.Join(dir, "g.xml") + ":3: no article text found"}
	if !slices.Equal(got, want) {
		t.Fatalf("read order\n%q\nwant\n%q", got, want)
	}
	a := rs[1].a
	if a.Outlet != "Reuters" || a.Title != "A" || a.PublishedText != "2023-11-05" || a.Ingest.Format != "text" {
		t.Errorf("sidecar not applied: %+v", a)
	}
	if !strings.Contains(logs.String(), "not a feed") || !strings.Contains(logs.String(), "f.xml") {
		t.Errorf("no warning for the XML file that is not a feed:\n%s", logs.String())
	}

	// Deterministic: a second read gives the same articles in the same order.
	rs2 := readAll(t, Options{}, dir)
	for i := range rs {
		if (rs[i].a == nil) != (rs2[i].a == nil) || rs[i].a != nil && rs[i].a.ID != rs2[i].a.ID {
			t.Fatalf("second read differs at %d", i)
		}
	}

	size, err := Size([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	var want64 int64
	for _, name := range []string{"Z.TXT", "a.txt", "b.html", "c/d.jsonl", "e.json", "f.xml", "g.xml"} {
		fi, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		want64 += fi.Size()
	}
	if size != want64 {
		t.Errorf("Size = %d, want %d", size, want64)
	}
	if len(progress) == 0 || progress[len(progress)-1] != size || !slices.IsSorted(progress) {
		t.Errorf("progress %v, want ascending to %d", progress, size)
	}

	// An explicitly named sidecar is skipped too.
	if rs := readAll(t, Options{}, filepath.Join(dir, "a.json")); len(rs) != 0 {
		t.Errorf("sidecar read as an article: %v", rs)
	}
}

func TestStdin(t *testing.T) {
	page, _ := os.ReadFile("testdata/page.html")
	atom, _ := os.ReadFile("testdata/feed.atom")
	tests := []struct {
		name, in, format string
		n                int
		wantFormat       string
	}{
		{"jsonl", "\ufeff" + `{"text":"` + para1 + `"}` + "\n" + `{"text":"` + para2 + `"}`, "", 2, "jsonl"},
		{"html", "\n  " + string(page), "", 1, "html"},
		{"feed", string(atom), "", 2, "atom"},
		{"text", para1 + "\n\n" + para2, "", 1, "text"},
		{"forced text", `{"text": "not json"}`, "text", 1, "text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			as := articles(t, readAll(t, Options{Stdin: strings.NewReader(tt.in), Format: tt.format}, "-"))
			if len(as) != tt.n {
				t.Fatalf("got %d articles, want %d", len(as), tt.n)
			}
			for _, a := range as {
				if a.Ingest.Source != "-" || a.Ingest.Format != tt.wantFormat {
					t.Errorf("source %q format %q", a.Ingest.Source, a.Ingest.Format)
				}
			}
		})
	}
	rs := readAll(t, Options{Stdin: strings.NewReader("  \n")}, "-")
	if len(rs) != 1 || rs[0].err == nil || rs[0].err.Error() != "-: empty file" {
		t.Errorf("empty stdin: %v", rs)
	}
	if n, err := Size([]string{"-"}); n != 0 || err != nil {
		t.Errorf("Size(-) = %d, %v", n, err)
	}
}

func TestCancelAndBreak(t *testing.T) {
	var lines strings.Builder
	for i := range 50 {
		fmt.Fprintf(&lines, `{"id":"%d","text":"%s"}`+"\n", i, para1)
	}
	path := writeFile(t, t.TempDir(), "many.jsonl", lines.String())

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var n int
	var last error
	for a, err := range NewReader(Options{}).All(ctx, []string{path}) {
		if a != nil {
			n++
			if n == 3 {
				cancel()
			}
		}
		last = err
	}
	if n != 3 || !errors.Is(last, context.Canceled) {
		t.Errorf("after cancel: %d articles, last error %v; want 3, context.Canceled", n, last)
	}

	n = 0
	for range NewReader(Options{}).All(context.Background(), []string{path, path}) {
		n++
		if n == 2 {
			break // must not panic: All stops calling yield
		}
	}
}

func TestIngestedAt(t *testing.T) {
	now := time.Date(2024, 5, 6, 7, 8, 9, 0, time.FixedZone("", 3600))
	a := one(t, readAll(t, Options{Now: func() time.Time { return now }}, "testdata/wikinews.txt"))
	if !a.Ingest.IngestedAt.Equal(now) || a.Ingest.IngestedAt.Location() != time.UTC {
		t.Errorf("IngestedAt = %v, want %v in UTC", a.Ingest.IngestedAt, now)
	}
	if a.Ingest.Bytes == 0 || a.Ingest.Source != "testdata/wikinews.txt" {
		t.Errorf("Bytes %d Source %q", a.Ingest.Bytes, a.Ingest.Source)
	}
}

func TestSniffNamedFile(t *testing.T) {
	dir := t.TempDir()
	page, _ := os.ReadFile("testdata/page.html")
	rss, _ := os.ReadFile("testdata/feed.rss")
	tests := []struct {
		name, content string
		opts          Options
		formats       []string
	}{
		{"export.log", `{"text":"` + para1 + `"}` + "\n" + `{"text":"` + para2 + `"}`, Options{}, []string{"jsonl", "jsonl"}},
		{"page", string(page), Options{}, []string{"html"}},
		{"news.feed", string(rss), Options{}, []string{"rss", "rss"}},
		{"README", para1, Options{}, []string{"text"}},
		{"forced.txt", string(page), Options{Format: "html"}, []string{"html"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, r := range readAll(t, tt.opts, writeFile(t, dir, tt.name, tt.content)) {
				if r.err != nil {
					continue // the empty RSS item
				}
				checkSpans(t, r.a)
				got = append(got, r.a.Ingest.Format)
			}
			if !slices.Equal(got, tt.formats) {
				t.Errorf("formats %q, want %q", got, tt.formats)
			}
		})
	}
}
