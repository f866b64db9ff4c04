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

// Parser parses a record's text into sentences of tokens.
type Parser func(text string) ([][]Token, error)
