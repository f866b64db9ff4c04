package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/dyad-events/dyad/internal/doc"
	"github.com/dyad-events/dyad/internal/gdelt"
	"github.com/dyad-events/dyad/internal/petrarch"
	"github.com/dyad-events/dyad/internal/store"
)

// csvTables are the flat tables export can write, each a header and a
// function producing its rows for one document. Every row carries the
// article id and byte offsets, so each fact links back to its text.
var csvTables = map[string]struct {
	header []string
	rows   func(d *doc.Document) [][]string
}{
	"articles": {
		header: []string{"article_id", "published", "outlet", "url", "title", "language", "bytes", "source"},
		rows: func(d *doc.Document) [][]string {
			a := d.Article
			pub := a.PublishedText
			if !a.Published.IsZero() {
				pub = a.Published.Format("2006-01-02T15:04:05Z07:00")
				if a.DatePrecision == "day" {
					pub = a.Published.Format("2006-01-02")
				}
			}
			return [][]string{{a.ID, pub, a.Outlet, a.URL, a.Title, a.Language, itoa(len(a.Body)), a.Ingest.Source}}
		},
	},
	"entities": {
		header: []string{"article_id", "entity", "canonical", "type", "actor", "role", "mentions"},
		rows: func(d *doc.Document) [][]string {
			var out [][]string
			for i, e := range d.Entities {
				out = append(out, []string{d.Article.ID, itoa(i), e.Canonical, e.Type, e.Actor, e.Role, itoa(len(e.Mentions))})
			}
			return out
		},
	},
	"mentions": {
		header: []string{"article_id", "mention", "start", "end", "sentence", "text", "type", "kind", "entity", "actor"},
		rows: func(d *doc.Document) [][]string {
			var out [][]string
			for i, m := range d.Mentions {
				out = append(out, []string{d.Article.ID, itoa(i), itoa(m.Span.Start), itoa(m.Span.End), itoa(m.Sentence), m.Text, m.Type, m.Kind, itoa(m.Entity), m.Actor})
			}
			return out
		},
	},
	"quotes": {
		header: []string{"article_id", "quote", "kind", "speaker", "speaker_actor", "via", "start", "end", "text"},
		rows: func(d *doc.Document) [][]string {
			var out [][]string
			for i, q := range d.Quotes {
				name, actor := entityNameActor(d, q.Speaker)
				var via []string
				for _, v := range q.Via {
					n, _ := entityNameActor(d, v)
					via = append(via, n)
				}
				start, end := -1, -1
				if len(q.Content) > 0 {
					start, end = q.Content[0].Start, q.Content[len(q.Content)-1].End
				}
				out = append(out, []string{d.Article.ID, itoa(i), q.Kind, name, actor, strings.Join(via, "; "), itoa(start), itoa(end), q.Text})
			}
			return out
		},
	},
	"events": {
		header: []string{"article_id", "event", "date", "code", "root", "quad_class", "goldstein", "source_code", "source_name", "target_code", "target_name", "modality", "place", "lat", "lon", "country", "sentence", "start", "end", "cue", "mention_count", "confidence"},
		rows: func(d *doc.Document) [][]string {
			var out [][]string
			for i, ev := range d.Events {
				place, lat, lon, country := "", "", "", ""
				if ev.Place >= 0 && ev.Place < len(d.Places) {
					p := d.Places[ev.Place]
					place, country = p.Name, p.Country
					if p.Resolved {
						lat, lon = ftoa(p.Lat), ftoa(p.Lon)
					}
				}
				out = append(out, []string{d.Article.ID, itoa(i), ev.Date, ev.Code, ev.Root, itoa(ev.QuadClass), ftoa(ev.Goldstein),
					ev.Source.Code, ev.Source.Name, ev.Target.Code, ev.Target.Name, ev.Modality, place, lat, lon, country,
					itoa(ev.Sentence), itoa(ev.Span.Start), itoa(ev.Span.End), d.Text(ev.Cue), itoa(ev.MentionCount), ftoa(ev.Confidence)})
			}
			return out
		},
	},
	"places": {
		header: []string{"article_id", "place", "name", "resolved", "lat", "lon", "country", "adm1", "feature", "confidence", "mentions"},
		rows: func(d *doc.Document) [][]string {
			var out [][]string
			for i, p := range d.Places {
				out = append(out, []string{d.Article.ID, itoa(i), p.Name, strconv.FormatBool(p.Resolved), ftoa(p.Lat), ftoa(p.Lon), p.Country, p.ADM1, p.Feature, ftoa(p.Confidence), itoa(len(p.Mentions))})
			}
			return out
		},
	},
	"times": {
		header: []string{"article_id", "time", "start", "end", "text", "value", "granularity", "range_start", "range_end", "anchor"},
		rows: func(d *doc.Document) [][]string {
			var out [][]string
			for i, t := range d.Times {
				out = append(out, []string{d.Article.ID, itoa(i), itoa(t.Span.Start), itoa(t.Span.End), t.Text, t.Value, t.Granularity, t.Start, t.End, t.Anchor})
			}
			return out
		},
	},
}

func entityNameActor(d *doc.Document, i int) (name, actor string) {
	if i < 0 || i >= len(d.Entities) {
		return "", ""
	}
	return d.Entities[i].Canonical, d.Entities[i].Actor
}

func itoa(i int) string     { return strconv.Itoa(i) }
func ftoa(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func cmdExport(ctx context.Context, e *env, args []string) (err error) {
	fs := newFlags(e, "export", "[flags]",
		"Write every stored document. jsonl gives one whole document per line in the\nschema of docs/schema.md; csv gives one flat table (--table) with article ids\nand byte offsets so each row links back to its text; gdelt gives GDELT 2.0\nEvents rows (61 columns, --table events) or Mentions rows (--table mentions),\ntab-separated without a header, negated events left out unless --negated;\npetrarch gives PETRARCH-2's evts lines (date, source, target, code, issues,\nsentence ids, outlet), one per story, date, dyad and code.",
		"  dyad export --format jsonl -o facts.jsonl\n  dyad export --format csv --table events > events.csv\n  dyad export --format gdelt --table events > events.tsv\n  dyad export --format petrarch --actor-text > evts.txt")
	db := fs.String("db", defaultDB, "database: a SQLite file, or a postgres://user:password@host/dbname URL")
	format := fs.String("format", "jsonl", "jsonl, csv, gdelt or petrarch")
	negated := fs.Bool("negated", false, "gdelt, petrarch: include negated events")
	actorText := fs.Bool("actor-text", false, "petrarch: add the source's and target's text")
	eventText := fs.Bool("event-text", false, "petrarch: add the verb's text")
	table := fs.String("table", "events", "csv table: articles, entities, mentions, places, times, quotes or events")
	out := fs.String("o", "", "write to this file instead of standard output")
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected argument %q", errUsage, fs.Arg(0))
	}
	if *format != "jsonl" && *format != "csv" && *format != "gdelt" && *format != "petrarch" {
		return fmt.Errorf("%w: --format %q: want jsonl, csv, gdelt or petrarch", errUsage, *format)
	}
	if *format == "gdelt" && *table != "events" && *table != "mentions" {
		return fmt.Errorf("%w: --table %q: gdelt has events and mentions", errUsage, *table)
	}
	var gt *gdelt.Tables
	if *format == "gdelt" {
		if gt, err = gdelt.Load(); err != nil {
			return err
		}
	}
	tbl, ok := csvTables[*table]
	if *format == "csv" && !ok {
		return fmt.Errorf("%w: --table %q: want articles, entities, mentions, places, times, quotes or events", errUsage, *table)
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()

	w := e.stdout
	var file *os.File
	if *out != "" {
		file, err = os.Create(*out)
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		defer file.Close()
		w = file
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	var each func(d *doc.Document) error
	var cw *csv.Writer
	var evts *petrarch.Exporter
	switch {
	case *format == "jsonl":
		each = func(d *doc.Document) error { return writeJSON(bw, d) }
	case *format == "petrarch":
		evts = petrarch.NewExporter(bw, petrarch.ExportOptions{ActorText: *actorText, EventText: *eventText, Negated: *negated,
			Story: func(id string) string {
				s, _ := st.Story(ctx, id)
				return s
			}})
		each = func(d *doc.Document) error { evts.Add(d); return nil }
	case *format == "gdelt":
		// Events across articles (syndicated copies, several outlets) are
		// one GDELT event with many mentions.
		groups, err := st.EventGroups(ctx, *negated)
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		opt := gdelt.Options{Negated: *negated, Group: func(d *doc.Document, ev doc.Event) (gdelt.Group, bool) {
			g, ok := groups[store.EventKey{Source: ev.Source.Code, Target: ev.Target.Code, Code: ev.Code, Date: ev.Date}]
			if !ok {
				return gdelt.Group{}, false
			}
			return gdelt.Group{Article: g.Article, Index: g.Index, Mentions: g.Mentions, Sources: g.Sources, Articles: g.Articles}, true
		}}
		if *table == "events" {
			each = func(d *doc.Document) error { return gt.WriteEvents(bw, d, opt) }
		} else {
			each = func(d *doc.Document) error { return gt.WriteMentions(bw, d, opt) }
		}
	default:
		cw = csv.NewWriter(bw)
		if err := cw.Write(tbl.header); err != nil {
			return err
		}
		each = func(d *doc.Document) error { return cw.WriteAll(tbl.rows(d)) }
	}
	if err := st.Each(ctx, each); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if evts != nil {
		if err := evts.Flush(); err != nil {
			return fmt.Errorf("export: %w", err)
		}
	}
	if cw != nil {
		cw.Flush()
		if err := cw.Error(); err != nil {
			return fmt.Errorf("export: %w", err)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if file != nil {
		return file.Close()
	}
	return nil
}
