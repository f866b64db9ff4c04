package petrarch

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Suite is a PETRARCH validation file: the dictionaries it names and its
// records.
type Suite struct {
	Verbs, Actors, Agents, Discards, PICO string // file names, relative to the suite
	Include                               []string
	Records                               []Record
}

// Record is one validation sentence with what it should code.
type Record struct {
	ID, Category string
	Date         int
	// Evaluate is false for records the suite marks evaluate="false" or
	// valid="false".
	Evaluate bool
	Expected []Triple
	NoEvents bool
	Error    string // "sentencediscard", "storydiscard", "dateline", ...
	Text     string
	// Parse is the record's own CoNLL-U parse, nil when it has none (the
	// PETRARCH-1 suite's are Penn Treebank trees).
	Parse []Token
	// Options are the coding switches in force for the record (inline
	// <Config> elements change them for the records after).
	Options Options
	Line    int
}

// Triple is an expected event.
type Triple struct{ Source, Target, Code string }

// ReadSuite reads a validation file. The UniversalPetrarch file is not
// well-formed XML (its header comment holds a nested comment, and lines
// "<PLEvent {json}>" are not elements): both are removed before parsing.
func ReadSuite(r io.Reader) (*Suite, error) {
	raw, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	clean := cleanXML(raw)
	dec := xml.NewDecoder(bytes.NewReader(clean))
	dec.Strict = false
	s := &Suite{}
	opt := Options{RequireDyad: true}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", lineAt(clean, dec.InputOffset()), err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "Environment":
			var env struct {
				Verbfile, Actorfile, Agentfile, Discardfile, PICOfile, Include string
			}
			if err := dec.DecodeElement(&env, &se); err != nil {
				return nil, fmt.Errorf("environment: %w", err)
			}
			s.Verbs, s.Actors, s.Agents, s.Discards, s.PICO = env.Verbfile, env.Actorfile, env.Agentfile, env.Discardfile, env.PICOfile
			s.Include = strings.Fields(env.Include)
		case "Config":
			var c struct {
				Option string `xml:"option,attr"`
				Value  string `xml:"value,attr"`
			}
			if err := dec.DecodeElement(&c, &se); err != nil {
				return nil, fmt.Errorf("config: %w", err)
			}
			commas := map[string]*int{"comma_min": &opt.Commas.Min, "comma_max": &opt.Commas.Max,
				"comma_bmin": &opt.Commas.BMin, "comma_bmax": &opt.Commas.BMax,
				"comma_emin": &opt.Commas.EMin, "comma_emax": &opt.Commas.EMax}
			if c.Option == "require_dyad" {
				opt.RequireDyad = strings.EqualFold(c.Value, "true")
			} else if dst, ok := commas[c.Option]; ok {
				*dst, _ = strconv.Atoi(c.Value)
			}
		case "Sentence":
			line := lineAt(clean, dec.InputOffset())
			var x struct {
				ID       string `xml:"id,attr"`
				Category string `xml:"category,attr"`
				Date     string `xml:"date,attr"`
				Evaluate string `xml:"evaluate,attr"`
				Valid    string `xml:"valid,attr"`
				Codings  []struct {
					Source   string `xml:"sourcecode,attr"`
					Target   string `xml:"targetcode,attr"`
					Event    string `xml:"eventcode,attr"`
					NoEvents string `xml:"noevents,attr"`
					Error    string `xml:"error,attr"`
				} `xml:"EventCoding"`
				Text  string `xml:"Text"`
				Parse string `xml:"Parse"`
			}
			if err := dec.DecodeElement(&x, &se); err != nil {
				return nil, fmt.Errorf("line %d: sentence: %w", line, err)
			}
			rec := Record{ID: x.ID, Category: x.Category, Text: strings.Join(strings.Fields(x.Text), " "),
				Evaluate: !strings.EqualFold(x.Evaluate, "false") && !strings.EqualFold(x.Valid, "false"),
				Options:  opt, Line: line}
			rec.Date, _ = strconv.Atoi(x.Date)
			for _, c := range x.Codings {
				switch {
				case c.Error != "":
					rec.Error = c.Error
				case strings.EqualFold(c.NoEvents, "true"):
					rec.NoEvents = true
				case c.Event != "":
					rec.Expected = append(rec.Expected, Triple{strings.ToUpper(c.Source), strings.ToUpper(c.Target), c.Event})
				}
			}
			if toks, err := ReadCoNLLU(x.Parse); err == nil {
				rec.Parse = toks
			}
			s.Records = append(s.Records, rec)
		}
	}
	return s, nil
}

// cleanXML removes comments (nested ones too) and the "<PLEvent ...>"
// lines, keeping line numbers.
func cleanXML(b []byte) []byte {
	var out bytes.Buffer
	depth := 0
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		l := sc.Text()
		if depth == 0 && strings.HasPrefix(strings.TrimSpace(l), "<PLEvent") {
			out.WriteByte('\n')
			continue
		}
		for i := 0; i < len(l); {
			switch {
			case strings.HasPrefix(l[i:], "<!--"):
				depth++
				i += 4
			case depth > 0 && strings.HasPrefix(l[i:], "-->"):
				depth--
				i += 3
			case depth > 0:
				i++
			default:
				out.WriteByte(l[i])
				i++
			}
		}
		out.WriteByte('\n')
	}
	return out.Bytes()
}

func lineAt(b []byte, off int64) int {
	if off > int64(len(b)) {
		off = int64(len(b))
	}
	return bytes.Count(b[:off], []byte{'\n'}) + 1
}

// ReadCoNLLU reads one sentence in CoNLL-U. Multiword token lines and
// empty nodes are skipped.
func ReadCoNLLU(s string) ([]Token, error) {
	var toks []Token
	for _, l := range strings.Split(s, "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		f := strings.Split(l, "\t")
		if len(f) < 8 {
			return nil, fmt.Errorf("CoNLL-U line %q: %d fields", l, len(f))
		}
		if strings.ContainsAny(f[0], "-.") {
			continue
		}
		h, err := strconv.Atoi(f[6])
		if err != nil {
			return nil, fmt.Errorf("CoNLL-U line %q: head %q", l, f[6])
		}
		toks = append(toks, Token{Text: f[1], Lemma: f[2], UPOS: f[3], Head: h - 1, Deprel: f[7]})
	}
	if len(toks) == 0 {
		return nil, fmt.Errorf("no CoNLL-U tokens")
	}
	return toks, nil
}

// Score is how a coder did on a suite.
type Score struct {
	Records        int     `json:"records"`
	Passed         int     `json:"passed"`
	PassRate       float64 `json:"pass_rate"`
	EventPrecision float64 `json:"event_precision"`
	EventRecall    float64 `json:"event_recall"`
	// DyadOnlyRecall is the recall over expected events with both a
	// source and a target.
	DyadOnlyRecall float64                   `json:"dyad_only_recall"`
	Categories     map[string]*CategoryScore `json:"categories"`
	// Errors are the records that could not be coded (a malformed
	// parse); they count as coding nothing, and the rest go on.
	Errors   []string  `json:"errors,omitempty"`
	Failures []Failure `json:"-"`
}

// CategoryScore is the pass rate of one category of records.
type CategoryScore struct {
	Records  int     `json:"records"`
	Passed   int     `json:"passed"`
	PassRate float64 `json:"pass_rate"`
}

// Failure is a record that did not pass.
type Failure struct {
	ID        string
	Want, Got []Triple
	Note      string
}

// Tally accumulates a Score.
type Tally struct {
	s                              Score
	coded, correct, want, dyadWant int
	dyadCorrect                    int
}

// Add scores one record against what was coded for it.
func (t *Tally) Add(rec Record, res Result) {
	if t.s.Categories == nil {
		t.s.Categories = map[string]*CategoryScore{}
	}
	cat := t.s.Categories[rec.Category]
	if cat == nil {
		cat = &CategoryScore{}
		t.s.Categories[rec.Category] = cat
	}
	var got []Triple
	for _, e := range res.Events {
		got = append(got, Triple{e.Source, e.Target, e.Code})
	}
	pass := false
	note := ""
	switch {
	case rec.Error == "sentencediscard":
		pass = res.Discard != nil && !res.Discard.Story
	case rec.Error == "storydiscard":
		pass = res.Discard != nil && res.Discard.Story
	case rec.Error != "":
		// dateline, bad_input_parse: the input is to be refused, so
		// coding nothing passes.
		pass = len(got) == 0
	case rec.NoEvents:
		pass = len(got) == 0
	default:
		matched := 0
		used := make([]bool, len(got))
		for _, w := range rec.Expected {
			dyadic := w.Source != "" && w.Source != "---" && w.Target != "" && w.Target != "---"
			t.want++
			if dyadic {
				t.dyadWant++
			}
			for i, g := range got {
				if !used[i] && g == w {
					used[i] = true
					matched++
					if dyadic {
						t.dyadCorrect++
					}
					break
				}
			}
		}
		t.correct += matched
		t.coded += len(got)
		pass = matched == len(rec.Expected) && len(got) == len(rec.Expected)
	}
	if res.Discard != nil && rec.Error == "" {
		note = "discarded by " + res.Discard.Text
	}
	if res.Err != nil {
		note = res.Err.Error()
		t.s.Errors = append(t.s.Errors, note)
	}
	t.s.Records++
	cat.Records++
	if pass {
		t.s.Passed++
		cat.Passed++
	} else {
		t.s.Failures = append(t.s.Failures, Failure{ID: rec.ID, Want: rec.Expected, Got: got, Note: note})
	}
}

// Score returns the totals.
func (t *Tally) Score() Score {
	s := t.s
	s.PassRate = ratio(s.Passed, s.Records)
	s.EventPrecision = ratio(t.correct, t.coded)
	s.EventRecall = ratio(t.correct, t.want)
	s.DyadOnlyRecall = ratio(t.dyadCorrect, t.dyadWant)
	for _, c := range s.Categories {
		c.PassRate = ratio(c.Passed, c.Records)
	}
	return s
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Parser parses a record's text into sentences of tokens.
type Parser func(text string) ([][]Token, error)

// Evaluate codes the suite's records marked for evaluation with dicts and
// scores them. Each record's text is parsed by parse, or, with given set,
// read from the record's own parse where it has one. A record whose text
// the parser splits into several sentences is coded sentence by sentence.
func (s *Suite) Evaluate(dicts Dictionaries, parse Parser, given bool) (Score, error) {
	var t Tally
	for _, r := range s.Records {
		if !s.Included(r) {
			continue
		}
		var sents [][]Token
		if given && r.Parse != nil {
			sents = [][]Token{r.Parse}
		} else {
			var err error
			if sents, err = parse(r.Text); err != nil {
				return Score{}, fmt.Errorf("record %s (line %d): %w", r.ID, r.Line, err)
			}
		}
		c := &Coder{D: dicts, Opt: r.Options}
		var res Result
		seen := map[[3]string]bool{}
		for _, toks := range sents {
			one := c.Code(Sentence{Tokens: toks, Date: r.Date})
			if one.Err != nil && res.Err == nil {
				res.Err = fmt.Errorf("record %s (line %d): %w", r.ID, r.Line, one.Err)
			}
			if one.Discard != nil && res.Discard == nil {
				res.Discard = one.Discard
			}
			for _, e := range one.Events {
				k := [3]string{e.Source, e.Target, e.Code}
				if !seen[k] {
					seen[k] = true
					res.Events = append(res.Events, e)
				}
			}
		}
		if res.Discard != nil {
			res.Events = nil
		}
		t.Add(r, res)
	}
	return t.Score(), nil
}
