package petrarch

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/dyad-events/dyad/internal/doc"
)

// ExportOptions shape WriteEvents' output.
type ExportOptions struct {
	ActorText, EventText bool // add the source and target names, the cue
	Negated              bool // keep negated events
	// Story names the story an article belongs to (the earliest stored
	// of its syndicated copies); nil counts each article as its own.
	Story func(articleID string) string
}

// Exporter writes events as PETRARCH-2 writes its "evts" file: one
// tab-separated line per story, date, dyad and code, with the issues, the
// ids of the sentences that state it (ARTICLE-SENTENCE, ";"-separated)
// and the outlet; optionally the actors' and the verb's text. Lines come
// out in the order their first statement was read, when Flush is called.
type Exporter struct {
	w     *bufio.Writer
	opt   ExportOptions
	lines map[string]*evtsLine
	order []string
}

type evtsLine struct {
	date, src, tgt, code, outlet string
	issues                       []string
	ids                          []string
	srcText, tgtText, cue        string
}

// NewExporter returns an Exporter writing to w.
func NewExporter(w io.Writer, opt ExportOptions) *Exporter {
	return &Exporter{w: bufio.NewWriter(w), opt: opt, lines: map[string]*evtsLine{}}
}

// Add takes the events of one document.
func (x *Exporter) Add(d *doc.Document) {
	story := d.Article.ID
	if x.opt.Story != nil {
		if s := x.opt.Story(d.Article.ID); s != "" {
			story = s
		}
	}
	for _, e := range d.Events {
		if e.Modality == doc.ModalityNegated && !x.opt.Negated {
			continue
		}
		date := strings.ReplaceAll(e.Date, "-", "")
		if len(date) != 8 && !d.Article.Published.IsZero() {
			date = d.Article.Published.Format("20060102")
		}
		src, tgt := orNull(e.Source.Code), orNull(e.Target.Code)
		key := strings.Join([]string{story, date, src, tgt, e.Code}, "\t")
		l, ok := x.lines[key]
		if !ok {
			l = &evtsLine{date: date, src: src, tgt: tgt, code: e.Code, outlet: d.Article.Outlet,
				srcText: e.Source.Name, tgtText: e.Target.Name, cue: d.Text(e.Cue)}
			x.lines[key] = l
			x.order = append(x.order, key)
		}
		id := fmt.Sprintf("%s-%d", d.Article.ID, e.Sentence)
		if !slices.Contains(l.ids, id) {
			l.ids = append(l.ids, id)
		}
		for _, is := range e.Issues {
			if !slices.Contains(l.issues, is) {
				l.issues = append(l.issues, is)
			}
		}
	}
}

// Flush writes the lines.
func (x *Exporter) Flush() error {
	for _, k := range x.order {
		l := x.lines[k]
		var iss []string
		for _, is := range l.issues {
			iss = append(iss, is+",1")
		}
		f := []string{l.date, l.src, l.tgt, l.code, strings.Join(iss, ";"), strings.Join(l.ids, ";"), clean(l.outlet)}
		if x.opt.ActorText {
			f = append(f, clean(l.srcText), clean(l.tgtText))
		}
		if x.opt.EventText {
			f = append(f, clean(l.cue))
		}
		if _, err := x.w.WriteString(strings.Join(f, "\t") + "\n"); err != nil {
			return err
		}
	}
	return x.w.Flush()
}

func orNull(code string) string {
	if code == "" {
		return "---"
	}
	return code
}

// clean keeps a field on its line and column.
func clean(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == '\t' || r == '\n' || r == '\r' }), " ")
}
