package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dyad-events/dyad/internal/doc"
)

const (
	para1 = "Iran’s supreme leader Ayatollah Ali Khamenei has met the leader of Hamas, Ismail Haniyeh, in Tehran, state media reported on Sunday."
	para2 = "Meanwhile, Turkish Foreign Minister Hakan Fidan discussed the need for an urgent ceasefire with his Egyptian and Jordanian counterparts."
	para3 = "Fidan and Shoukry also discussed efforts to guarantee the provision of humanitarian aid to Gaza, the source said."
)

func TestSeedArticle(t *testing.T) {
	path := filepath.Join(sharedDir(t), "acceptance", "seed", "article.txt")
	if _, err := os.Stat(path); err != nil {
		t.Skip("../shared not found: " + err.Error())
	}
	a := one(t, readAll(t, Options{}, path))
	if a.Outlet != "Dawn" {
		t.Errorf("Outlet = %q, want Dawn", a.Outlet)
	}
	if strings.Contains(a.Body, "Source » dawn") || strings.Contains(a.Body, "Source") && strings.HasSuffix(a.Body, "dawn") {
		t.Errorf("body still has the trailer: ...%q", a.Body[max(0, len(a.Body)-80):])
	}
	if a.Ingest.Trailer != "Source » dawn" {
		t.Errorf("Trailer = %q, want %q", a.Ingest.Trailer, "Source » dawn")
	}
	if got := headingTexts(a); !slices.Equal(got, []string{"‘Urgent ceasefire’"}) {
		t.Errorf("headings = %q, want [‘Urgent ceasefire’]", got)
	}
	if len(a.Paragraphs) != 13 {
		t.Errorf("got %d paragraphs, want 13", len(a.Paragraphs))
	}
	if a.Language != "en" || a.Ingest.Format != "text" || a.Ingest.Dateline != "" {
		t.Errorf("Language %q, Format %q, Dateline %q", a.Language, a.Ingest.Format, a.Ingest.Dateline)
	}

	// The eval harness gives the date and outlet as metadata.
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Article(string(data), Meta{Outlet: "Dawn", Published: "2023-11-05"}, doc.IngestInfo{Source: "seed"})
	if err != nil {
		t.Fatal(err)
	}
	checkSpans(t, b)
	if b.ID != a.ID || b.Published != time.Date(2023, 11, 5, 0, 0, 0, 0, time.UTC) || b.DatePrecision != "day" {
		t.Errorf("Article: ID %s (file %s), Published %v %q", b.ID, a.ID, b.Published, b.DatePrecision)
	}
}

func TestWikinewsDateline(t *testing.T) {
	a := one(t, readAll(t, Options{}, "testdata/wikinews.txt"))
	if want := time.Date(2019, 1, 4, 0, 0, 0, 0, time.UTC); !a.Published.Equal(want) || a.DatePrecision != "day" {
		t.Errorf("Published = %v (%s), want %v (day)", a.Published, a.DatePrecision, want)
	}
	if a.Ingest.Dateline != "Friday, January 4, 2019" || a.PublishedText != "Friday, January 4, 2019" {
		t.Errorf("Dateline = %q, PublishedText = %q", a.Ingest.Dateline, a.PublishedText)
	}
	if strings.Contains(a.Body, "2019") || !strings.HasPrefix(a.Body, "A magnitude 5.9 earthquake") {
		t.Errorf("dateline not removed: %q", a.Body[:60])
	}
	if len(a.Paragraphs) != 3 || len(a.Headings) != 0 {
		t.Errorf("got %d paragraphs, %d headings; want 3, 0", len(a.Paragraphs), len(a.Headings))
	}
	// Metadata wins over the dateline.
	b, err := Article("Friday, January 4, 2019\n\n"+para1, Meta{Published: "2019-01-05T08:00:00+01:00"}, doc.IngestInfo{})
	if err != nil {
		t.Fatal(err)
	}
	if b.PublishedText != "2019-01-05T08:00:00+01:00" || b.Ingest.Dateline != "Friday, January 4, 2019" || b.Body != para1 {
		t.Errorf("PublishedText %q, Dateline %q, Body %q", b.PublishedText, b.Ingest.Dateline, b.Body)
	}
}

func TestIdempotentID(t *testing.T) {
	base := para1 + "\n\n" + para2 + "\n\n" + para3
	variants := []string{
		base,
		strings.ReplaceAll(base, "\n", "\r\n"),
		strings.ReplaceAll(base, "\n\n", "\n\n\n\n"),
		"\ufeff\n\n" + strings.ReplaceAll(base, "\n\n", "  \r\n \t\r\n\r\n") + "\n\n\n",
		strings.ReplaceAll(base, "\n\n", "\r\r"),
	}
	var ids []string
	for i, v := range variants {
		a, err := Article(v, Meta{}, doc.IngestInfo{})
		if err != nil {
			t.Fatalf("variant %d: %v", i, err)
		}
		checkSpans(t, a)
		if a.Body != base {
			t.Errorf("variant %d: body %q, want %q", i, a.Body, base)
		}
		ids = append(ids, a.ID)
	}
	for i, id := range ids {
		if id != ids[0] {
			t.Errorf("variant %d: ID %s, want %s", i, id, ids[0])
		}
	}
	sum := sha256.Sum256([]byte(strings.Join(strings.Fields(base), " ")))
	if want := hex.EncodeToString(sum[:16]); ids[0] != want {
		t.Errorf("ID = %s, want %s", ids[0], want)
	}
	// Re-wrapping lines inside a paragraph keeps the ID.
	wrapped := strings.Replace(base, "Ismail Haniyeh, ", "Ismail Haniyeh,\n", 1)
	a, err := Article(wrapped, Meta{}, doc.IngestInfo{})
	if err != nil || a.ID != ids[0] {
		t.Errorf("re-wrapped: ID %v, err %v; want %s", a.ID, err, ids[0])
	}
	b, _ := Article(para1, Meta{}, doc.IngestInfo{})
	if b.ID == ids[0] {
		t.Error("different text gave the same ID")
	}
}

func TestNormalize(t *testing.T) {
	// NFD "é" becomes NFC; trailing spaces go; tabs inside lines and the
	// indentation of a paragraph's later lines stay.
	in := "Cafe\u0301 owner\tsaid   \n  second line kept\n\n\n\n\nNext\tparagraph here."
	a, err := Article(in, Meta{}, doc.IngestInfo{})
	if err != nil {
		t.Fatal(err)
	}
	want := "Café owner\tsaid\n  second line kept\n\nNext\tparagraph here."
	if a.Body != want {
		t.Errorf("Body = %q, want %q", a.Body, want)
	}
	checkSpans(t, a)
}

func TestDatelines(t *testing.T) {
	tests := []struct {
		name, text       string
		meta             Meta
		dateline, place  string
		outlet, bodyHead string
	}{
		{"reuters", "TEHRAN (Reuters) - Iran said on Sunday it would respond.", Meta{},
			"TEHRAN (Reuters) -", "Tehran", "Reuters", "Iran said on Sunday"},
		{"date and em dash", "ANKARA, Nov 5 (Reuters) — Turkey's foreign minister spoke.", Meta{},
			"ANKARA, Nov 5 (Reuters) —", "Ankara", "Reuters", "Turkey's foreign"},
		{"two words AP", "GAZA CITY, Nov. 5 (AP) — Israeli strikes hit the city.", Meta{},
			"GAZA CITY, Nov. 5 (AP) —", "Gaza City", "Associated Press", "Israeli strikes"},
		{"colon", "WASHINGTON: The US said it was concerned.", Meta{},
			"WASHINGTON:", "Washington", "", "The US said"},
		{"region", "KYIV, Ukraine (AP) — Drones struck the capital overnight.", Meta{},
			"KYIV, Ukraine (AP) —", "Kyiv, Ukraine", "Associated Press", "Drones struck"},
		{"small words", "DAR ES SALAAM (Reuters) - Tanzania's president spoke.", Meta{},
			"DAR ES SALAAM (Reuters) -", "Dar es Salaam", "Reuters", "Tanzania's"},
		{"mixed case with agency", "Tehran (IRNA) - The foreign ministry spokesman said.", Meta{},
			"Tehran (IRNA) -", "Tehran", "IRNA", "The foreign ministry"},
		{"metadata outlet wins", "TEHRAN (Reuters) - Iran said on Sunday it would respond.", Meta{Outlet: "dawn"},
			"TEHRAN (Reuters) -", "Tehran", "Dawn", "Iran said"},
		{"not a place", "UPDATE: The story has been corrected.", Meta{},
			"", "", "", "UPDATE: The story"},
		{"mixed case without agency", "Tehran (the capital) - a city of millions.", Meta{},
			"", "", "", "Tehran (the capital)"},
		{"ordinary sentence", "The US said on Sunday it was concerned.", Meta{},
			"", "", "", "The US said"},
		{"dateline alone on its line", "LONDON (Reuters) -\nBritain said on Monday it would act.", Meta{},
			"LONDON (Reuters) -", "London", "Reuters", "Britain said"},
		{"date line then agency", "January 4, 2019\nBEIRUT (AFP) - Lebanon's cabinet met.", Meta{},
			"January 4, 2019\nBEIRUT (AFP) -", "Beirut", "AFP", "Lebanon's cabinet"},
		{"iso date line", "2019-01-04\n\nA storm hit the coast on Thursday.", Meta{},
			"2019-01-04", "", "", "A storm hit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Article(tt.text, tt.meta, doc.IngestInfo{})
			if err != nil {
				t.Fatal(err)
			}
			checkSpans(t, a)
			if a.Ingest.Dateline != tt.dateline || a.Ingest.DatelinePlace != tt.place || a.Outlet != tt.outlet {
				t.Errorf("Dateline %q, place %q, outlet %q; want %q, %q, %q",
					a.Ingest.Dateline, a.Ingest.DatelinePlace, a.Outlet, tt.dateline, tt.place, tt.outlet)
			}
			if !strings.HasPrefix(a.Body, tt.bodyHead) {
				t.Errorf("Body = %q, want it to start with %q", a.Body, tt.bodyHead)
			}
		})
	}
}

func TestTrailers(t *testing.T) {
	tests := []struct {
		name, tail      string // appended after two story paragraphs
		trailer, outlet string
		published       string // RFC 3339 date of Published, "" for none
	}{
		{"dawn slug", "Source » dawn", "Source » dawn", "Dawn", ""},
		{"source colon", "Source: Reuters", "Source: Reuters", "Reuters", ""},
		{"source dash", "Source - AFP", "Source - AFP", "AFP", ""},
		{"unknown slug", "Source » dailyplanet", "Source » dailyplanet", "Dailyplanet", ""},
		{"parenthesised agency", "(Reuters)", "(Reuters)", "Reuters", ""},
		{"credits", "Reporting by Parisa Hafezi; Editing by William Maclean", "Reporting by Parisa Hafezi; Editing by William Maclean", "", ""},
		{"copyright agency", "© 2023 Reuters", "© 2023 Reuters", "Reuters", ""},
		{"copyright AP", "Copyright 2023 The Associated Press. All rights reserved.", "Copyright 2023 The Associated Press. All rights reserved.", "Associated Press", ""},
		{"follow", "Follow us on Twitter @dawn_com", "Follow us on Twitter @dawn_com", "", ""},
		{"read more", "Read more: Gaza ceasefire talks stall", "Read more: Gaza ceasefire talks stall", "", ""},
		{"published in", "Published in Dawn, November 5th, 2023", "Published in Dawn, November 5th, 2023", "Dawn", "2023-11-05"},
		{"dash agency", "— AFP", "— AFP", "AFP", ""},
		{"stacked", "Reporting by Ece Toksabay\n\n© 2023 Reuters", "Reporting by Ece Toksabay\n© 2023 Reuters", "Reuters", ""},
		{"last line of paragraph", para3 + "\nSource: Reuters", "Source: Reuters", "Reuters", ""},
		{"wordpress", "The post Fidan calls counterparts appeared first on Daily Sabah.", "The post Fidan calls counterparts appeared first on Daily Sabah.", "Daily Sabah", ""},
		{"not a trailer", "The source said the talks would continue next week in Cairo.", "", "", ""},
		{"list item is not a trailer", "- Item one", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Article(para1+"\n\n"+para2+"\n\n"+tt.tail, Meta{}, doc.IngestInfo{})
			if err != nil {
				t.Fatal(err)
			}
			checkSpans(t, a)
			if a.Ingest.Trailer != tt.trailer || a.Outlet != tt.outlet {
				t.Errorf("Trailer %q, outlet %q; want %q, %q", a.Ingest.Trailer, a.Outlet, tt.trailer, tt.outlet)
			}
			if tt.trailer != "" && strings.Contains(a.Body, strings.Split(tt.trailer, "\n")[0]) {
				t.Errorf("trailer left in body: %q", a.Body)
			}
			if tt.trailer == "" && !strings.HasSuffix(a.Body, tt.tail) {
				t.Errorf("body lost its end: %q", a.Body)
			}
			var got string
			if !a.Published.IsZero() {
				got = a.Published.Format("2006-01-02")
			}
			if got != tt.published {
				t.Errorf("Published = %q, want %q", got, tt.published)
			}
		})
	}

	// A text that is only a trailer keeps it as its body.
	a, err := Article("Source: Reuters", Meta{}, doc.IngestInfo{})
	if err != nil || a.Body != "Source: Reuters" || a.Ingest.Trailer != "" {
		t.Errorf("trailer-only text: %+v, %v", a, err)
	}
	// Metadata outlet beats the trailer; the trailer beats the defaults.
	a, _ = Article(para1+"\n\nSource » dawn", Meta{Outlet: "The Express Tribune"}, doc.IngestInfo{})
	if a.Outlet != "The Express Tribune" {
		t.Errorf("metadata outlet lost: %q", a.Outlet)
	}
	a, _ = build(source{text: para1 + "\n\nSource » dawn", defaults: Meta{Outlet: "Geo"}})
	if a.Outlet != "Dawn" {
		t.Errorf("defaults beat the trailer: %q", a.Outlet)
	}
}

func TestHeadings(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"quoted heading", para1 + "\n\n‘Urgent ceasefire’\n\n" + para2, []string{"‘Urgent ceasefire’"}},
		{"plain heading", para1 + "\n\nReaction from Ankara\n\n" + para2, []string{"Reaction from Ankara"}},
		{"markdown heading", para1 + "\n\n## Reaction: Ankara\n\n" + para2, []string{"## Reaction: Ankara"}},
		{"first paragraph is a title, not a heading", "Khamenei meets Haniyeh\n\n" + para1 + "\n\n" + para2, nil},
		{"last paragraph", para1 + "\n\n" + para2 + "\n\nMore to follow", nil},
		{"quoted sentence", para1 + "\n\n“We will win.”\n\n" + para2, nil},
		{"question", para1 + "\n\nWhat happens next?\n\n" + para2, nil},
		{"list of short lines", para1 + "\n\nGaza\n\nWest Bank\n\nLebanon\n\n" + para2, nil},
		{"attribution", para1 + "\n\n—Troy Roberts\n\n" + para2, nil},
		{"lowercase", para1 + "\n\nand then\n\n" + para2, nil},
		{"caption", para1 + "\n\nFile: Haniyeh in Tehran\n\n" + para2, nil},
		{"date", para1 + "\n\nSunday, October 18, 2020\n\n" + para2, nil},
		{"wrapped line", para1 + "\n\nMy plan is to expand the programme to\n\n" + para2, nil},
		{"two lines", para1 + "\n\nUrgent\nceasefire\n\n" + para2, nil},
		{"too long", para1 + "\n\nOne two three four five six seven eight nine ten eleven twelve thirteen\n\n" + para2, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Article(tt.text, Meta{}, doc.IngestInfo{})
			if err != nil {
				t.Fatal(err)
			}
			checkSpans(t, a)
			if got := headingTexts(a); !slices.Equal(got, tt.want) {
				t.Errorf("headings = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestArticleMeta(t *testing.T) {
	info := doc.IngestInfo{Source: "x.txt", Line: 3}
	tests := []struct {
		name    string
		text    string
		meta    Meta
		check   func(*doc.Article) bool
		wantErr string
	}{
		{"outlet from host", para1, Meta{URL: "https://www.aljazeera.com/news/1"},
			func(a *doc.Article) bool { return a.Outlet == "Al Jazeera" }, ""},
		{"unknown host", para1, Meta{URL: "https://www.example-news.org/a"},
			func(a *doc.Article) bool { return a.Outlet == "example-news.org" }, ""},
		{"outlet slug to name", para1, Meta{Outlet: "bbc"},
			func(a *doc.Article) bool { return a.Outlet == "BBC News" }, ""},
		{"unknown outlet kept", para1, Meta{Outlet: "The Daily Planet"},
			func(a *doc.Article) bool { return a.Outlet == "The Daily Planet" }, ""},
		{"language canonical", para1, Meta{Language: "EN_us"},
			func(a *doc.Article) bool { return a.Language == "en-US" }, ""},
		{"language guessed", para1,
			Meta{}, func(a *doc.Article) bool { return a.Language == "en" }, ""},
		{"not English", "Le ministre des affaires étrangères a rencontré son homologue dimanche à Ankara pour discuter de la situation.",
			Meta{}, func(a *doc.Article) bool { return a.Language == "" }, ""},
		{"title not guessed", "Khamenei meets Haniyeh\n\n" + para1, Meta{},
			func(a *doc.Article) bool { return a.Title == "" }, ""},
		{"external id", para1, Meta{ID: "wn-1"},
			func(a *doc.Article) bool { return a.Ingest.ExternalID == "wn-1" && a.Ingest.Line == 3 }, ""},
		{"zone kept", para1, Meta{Published: "Sun, 05 Nov 2023 10:00:00 +0500"},
			func(a *doc.Article) bool {
				_, off := a.Published.Zone()
				return off == 5*3600 && a.Published.Hour() == 10 && a.PublishedText == "Sun, 05 Nov 2023 10:00:00 +0500" && a.DatePrecision == "second"
			}, ""},
		{"bad published", para1, Meta{Published: "last Tuesday"}, nil,
			`x.txt:3: field "published": cannot parse "last Tuesday"`},
		{"empty", " \n\n\t\n", Meta{}, nil, "x.txt:3: no article text found"},
		{"invalid UTF-8", "abc\xffdef", Meta{}, nil, "x.txt:3: invalid UTF-8 at byte 3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Article(tt.text, tt.meta, info)
			if tt.wantErr != "" {
				var e *Error
				if err == nil || !errors.As(err, &e) || err.Error() != tt.wantErr {
					t.Fatalf("err = %v, want *Error %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			checkSpans(t, a)
			if !tt.check(a) {
				t.Errorf("unexpected article: %+v", a)
			}
		})
	}
}

func TestOutletNames(t *testing.T) {
	tests := []struct{ in, known, slug string }{
		{"dawn", "Dawn", "Dawn"},
		{"dawn.com", "Dawn", "Dawn"},
		{"https://www.dawn.com/news/1", "Dawn", "Dawn"},
		{"reuters", "Reuters", "Reuters"},
		{"aljazeera", "Al Jazeera", "Al Jazeera"},
		{"bbc", "BBC News", "BBC News"},
		{"apnews", "Associated Press", "Associated Press"},
		{"AFP", "AFP", "AFP"},
		{"nytimes", "The New York Times", "The New York Times"},
		{"en.wikinews.org", "Wikinews", "Wikinews"},
		{"The Guardian", "The Guardian", "The Guardian"},
		{"dailyplanet", "", "Dailyplanet"},
		{"daily-planet", "", "Daily Planet"},
	}
	for _, tt := range tests {
		known, _ := knownOutlet(tt.in)
		if known != tt.known || slugName(tt.in) != tt.slug {
			t.Errorf("%q: known %q, slug %q; want %q, %q", tt.in, known, slugName(tt.in), tt.known, tt.slug)
		}
	}
}

func TestTables(t *testing.T) {
	tb := loadTables()
	if len(tb.outlets) < 150 || len(tb.zones) < 20 || len(tb.stopwords) < 50 || len(tb.notPlaces) < 10 {
		t.Fatalf("tables too small: %d outlets, %d zones, %d stopwords, %d not-places",
			len(tb.outlets), len(tb.zones), len(tb.stopwords), len(tb.notPlaces))
	}
	names := map[string]bool{}
	for k, v := range tb.outlets {
		if k != strings.ToLower(k) || strings.TrimSpace(v) != v {
			t.Errorf("outlet row %q -> %q not normalised", k, v)
		}
		names[v] = true
	}
	if len(names) < 60 {
		t.Errorf("only %d distinct outlets", len(names))
	}
}

// FuzzArticle checks that Article never panics and that whatever it
// returns keeps the span invariants.
func FuzzArticle(f *testing.F) {
	for _, s := range []string{
		"", "\n\n", para1, para1 + "\n\n‘Urgent ceasefire’\n\n" + para2 + "\n\nSource » dawn",
		"Friday, January 4, 2019\n\n" + para1, "TEHRAN (Reuters) - " + para1, "TEHRAN (Reuters) -",
		"---\ntitle: x\n---\n", "\ufeff\r\n\r\n \t", "a\x00b", "\xff\xfe", "## \n\n#", "(Reuters)\n\n(Reuters)",
		"January 4, 2019", "WASHINGTON: ", "Source: \n\nSource: x",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		a, err := Article(text, Meta{}, doc.IngestInfo{})
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v is not an *Error", err)
			}
			return
		}
		checkSpans(t, a)
		if a.Body == "" || strings.TrimSpace(a.Body) != a.Body {
			t.Fatalf("body %q empty or not trimmed", a.Body)
		}
		prev := -1
		for _, h := range a.Headings {
			if h.Start <= prev {
				t.Fatalf("headings out of order: %v", a.Headings)
			}
			prev = h.Start
		}
	})
}
