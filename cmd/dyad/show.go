package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/dyad-events/dyad/internal/doc"
	"github.com/dyad-events/dyad/internal/store"
)

func cmdShow(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "show", "[flags] ID",
		"Print a stored article with its facts: the body with entity mentions and\ntime expressions marked, then its entities, places, times, quotes and events.\nID may be a unique prefix of at least 4 characters (see 'dyad list').",
		"  dyad show 3f2a9c\n  dyad show --json 3f2a9c | jq .events")
	db := fs.String("db", defaultDB, "database: a SQLite file, or a postgres://user:password@host/dbname URL")
	asJSON := fs.Bool("json", false, "print the whole document as JSON")
	color := fs.String("color", "auto", "mark facts with colours: auto, always or never")
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("%w: want exactly one article ID", errUsage)
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	d, err := st.Get(ctx, fs.Arg(0))
	switch {
	case errors.Is(err, store.ErrNotFound):
		return fmt.Errorf("no article %q in %s (see 'dyad list --db %s')", fs.Arg(0), store.Redact(*db), store.Redact(*db))
	case errors.Is(err, store.ErrAmbiguous):
		return fmt.Errorf("%q matches several articles: give more of the ID", fs.Arg(0))
	case err != nil:
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, d)
	}
	useColor := *color == "always" || (*color == "auto" && isTerminal(e.stdout))
	return printDocument(e.stdout, d, useColor)
}

func printDocument(w io.Writer, d *doc.Document, color bool) error {
	a := &d.Article
	tw := tabwriter.NewWriter(w, 0, 0, 1, ' ', 0)
	field := func(k, v string) {
		if v != "" {
			fmt.Fprintf(tw, "%s:\t%s\n", k, v)
		}
	}
	field("ID", a.ID)
	field("Title", a.Title)
	field("Outlet", a.Outlet)
	field("Published", formatPublished(a))
	field("URL", a.URL)
	src := a.Ingest.Source
	if a.Ingest.Line > 0 {
		src = fmt.Sprintf("%s:%d", src, a.Ingest.Line)
	}
	field("Source", fmt.Sprintf("%s (%s)", src, a.Ingest.Format))
	field("Dateline", a.Ingest.Dateline)
	field("Trailer", a.Ingest.Trailer)
	tw.Flush()
	fmt.Fprintln(w)
	fmt.Fprintln(w, markBody(d, color))
	fmt.Fprintln(w)
	printFacts(w, d)
	return nil
}

func formatPublished(a *doc.Article) string {
	if a.Published.IsZero() {
		return a.PublishedText
	}
	if a.DatePrecision == "day" {
		return a.Published.Format("2006-01-02")
	}
	return a.Published.Format("2006-01-02 15:04 -07:00")
}

// mark is one highlighted stretch of the body.
type mark struct {
	span  doc.Span
	label string
	kind  int // 0 mention, 1 time
}

// markBody returns the body with mentions and time expressions marked as
// [text|label], or in colour on terminals. Overlapping marks are resolved
// in favour of the longer one, since nested brackets are hard to read.
func markBody(d *doc.Document, color bool) string {
	var marks []mark
	for _, m := range d.Mentions {
		label := m.Type
		code := m.Actor
		if code == "" && m.Entity >= 0 && m.Entity < len(d.Entities) {
			code = d.Entities[m.Entity].Actor
		}
		if code != "" {
			label += " " + code
		}
		marks = append(marks, mark{span: m.Span, label: label})
	}
	for _, t := range d.Times {
		marks = append(marks, mark{span: t.Span, label: t.Value, kind: 1})
	}
	sort.Slice(marks, func(i, j int) bool {
		if marks[i].span.Len() != marks[j].span.Len() {
			return marks[i].span.Len() > marks[j].span.Len()
		}
		return marks[i].span.Start < marks[j].span.Start
	})
	var kept []mark
	body := d.Article.Body
	for _, m := range marks {
		if !m.span.Valid(len(body)) || m.span.Len() == 0 {
			continue
		}
		clash := false
		for _, k := range kept {
			if k.span.Overlaps(m.span) {
				clash = true
				break
			}
		}
		if !clash {
			kept = append(kept, m)
		}
	}
	sort.Slice(kept, func(i, j int) bool { return kept[i].span.Start < kept[j].span.Start })
	var b strings.Builder
	pos := 0
	for _, m := range kept {
		b.WriteString(body[pos:m.span.Start])
		text := body[m.span.Start:m.span.End]
		switch {
		case color && m.kind == 1:
			fmt.Fprintf(&b, "\x1b[33m%s\x1b[2m[%s]\x1b[0m", text, m.label)
		case color:
			fmt.Fprintf(&b, "\x1b[1;36m%s\x1b[0;2m[%s]\x1b[0m", text, m.label)
		default:
			fmt.Fprintf(&b, "[%s|%s]", text, m.label)
		}
		pos = m.span.End
	}
	b.WriteString(body[pos:])
	return b.String()
}

func printFacts(w io.Writer, d *doc.Document) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	defer tw.Flush()
	section := func(title string, n int) bool {
		if n == 0 {
			return false
		}
		fmt.Fprintf(tw, "%s (%d)\n", title, n)
		return true
	}
	entityName := func(i int) string {
		if i < 0 || i >= len(d.Entities) {
			return "?"
		}
		en := d.Entities[i]
		if en.Actor != "" {
			return fmt.Sprintf("%s [%s]", en.Canonical, en.Actor)
		}
		return en.Canonical
	}
	if section("Entities", len(d.Entities)) {
		for _, en := range d.Entities {
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%d mention(s)\t%s\n", en.Canonical, en.Type, en.Actor, len(en.Mentions), en.Role)
		}
	}
	if section("Places", len(d.Places)) {
		for _, p := range d.Places {
			if !p.Resolved {
				fmt.Fprintf(tw, "  %s\tunresolved\t\t\n", p.Name)
				continue
			}
			fmt.Fprintf(tw, "  %s\t%s\t%.4f, %.4f\t%s\n", p.Name, p.Country, p.Lat, p.Lon, p.Feature)
		}
	}
	if section("Times", len(d.Times)) {
		for _, t := range d.Times {
			fmt.Fprintf(tw, "  %q\t%s\t%s\n", t.Text, t.Value, t.Granularity)
		}
	}
	if section("Quotes", len(d.Quotes)) {
		for _, q := range d.Quotes {
			via := ""
			for _, v := range q.Via {
				via += " via " + entityName(v)
			}
			fmt.Fprintf(tw, "  %s\t%s%s\t%q\n", q.Kind, entityName(q.Speaker), via, q.Text)
		}
	}
	if section("Events", len(d.Events)) {
		for _, ev := range d.Events {
			where := ""
			if ev.Place >= 0 && ev.Place < len(d.Places) {
				where = d.Places[ev.Place].Name
			}
			fmt.Fprintf(tw, "  %s\t%s -> %s\t%s\t%s\t%s\t%q\n", ev.Code, orDash(ev.Source.Code), orDash(ev.Target.Code),
				ev.Date, where, ev.Modality, d.Text(ev.Cue))
		}
	}
	if section("Problems", len(d.Problems)) {
		for _, p := range d.Problems {
			fmt.Fprintf(tw, "  %s\t%s\t%q\n", p.Stage, p.Message, d.Text(p.Span))
		}
	}
	if len(d.Entities)+len(d.Places)+len(d.Times)+len(d.Quotes)+len(d.Events) == 0 {
		fmt.Fprintf(tw, "(no facts extracted yet)\n")
	}
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func cmdList(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "list", "[flags]", "List stored articles, newest first.", "  dyad list --limit 20\n  dyad list --outlet Dawn --since 2023-11-01 --json")
	db := fs.String("db", defaultDB, "database: a SQLite file, or a postgres://user:password@host/dbname URL")
	limit := fs.Int("limit", 50, "at most this many articles (0 for all)")
	offset := fs.Int("offset", 0, "skip this many articles")
	outlet := fs.String("outlet", "", "only articles from this outlet")
	since := fs.String("since", "", "only articles published on or after this date (2006-01-02)")
	until := fs.String("until", "", "only articles published before this date (2006-01-02)")
	asJSON := fs.Bool("json", false, "one JSON object per article")
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	opt := store.ListOptions{Limit: *limit, Offset: *offset, Outlet: *outlet}
	for _, f := range []struct {
		name string
		val  string
		dst  *time.Time
	}{{"since", *since, &opt.Since}, {"until", *until, &opt.Until}} {
		if f.val == "" {
			continue
		}
		t, err := time.Parse("2006-01-02", f.val)
		if err != nil {
			return fmt.Errorf("%w: --%s %q: want a date like 2023-11-05", errUsage, f.name, f.val)
		}
		*f.dst = t
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	list, err := st.List(ctx, opt)
	if err != nil {
		return err
	}
	if *asJSON {
		for _, s := range list {
			if err := writeJSON(e.stdout, s); err != nil {
				return err
			}
		}
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tPUBLISHED\tOUTLET\tEVENTS\tQUOTES\tTITLE")
	for _, s := range list {
		pub := ""
		if !s.Published.IsZero() {
			pub = s.Published.Format("2006-01-02")
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%s\n", s.ID[:min(12, len(s.ID))], pub, s.Outlet, s.Events, s.Quotes, truncate(s.Title, 60))
	}
	return tw.Flush()
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func cmdSearch(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "search", "[flags] QUERY", "Full-text search (SQLite FTS5 syntax) over stored titles, bodies and quotes.",
		"  dyad search ceasefire\n  dyad search '\"humanitarian aid\" AND Gaza'")
	db := fs.String("db", defaultDB, "database: a SQLite file, or a postgres://user:password@host/dbname URL")
	limit := fs.Int("limit", 20, "at most this many hits")
	asJSON := fs.Bool("json", false, "one JSON object per hit")
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return fmt.Errorf("%w: no query", errUsage)
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	hits, err := st.Search(ctx, strings.Join(fs.Args(), " "), *limit)
	if err != nil {
		return err
	}
	for _, h := range hits {
		if *asJSON {
			if err := writeJSON(e.stdout, h); err != nil {
				return err
			}
			continue
		}
		fmt.Fprintf(e.stdout, "%s  %-5s  %s\n", h.ArticleID[:min(12, len(h.ArticleID))], h.Kind, h.Snippet)
	}
	if len(hits) == 0 && !*asJSON {
		fmt.Fprintln(e.stderr, "no matches")
	}
	return nil
}
