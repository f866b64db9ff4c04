package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/dyad-events/dyad/internal/doc"
)

// textFile makes an article of a plain text file: front matter and sidecar
// give the metadata.
func (rn *run) textFile(path string, data []byte) (*doc.Article, error) {
	data = decodeUTF16(data)
	if err := checkUTF8(path, data); err != nil {
		return nil, err
	}
	side, err := rn.sidecar(path)
	if err != nil {
		return nil, err
	}
	front, body := frontMatter(string(data))
	return build(source{
		text:     body,
		meta:     front.or(side),
		defaults: rn.opts.Defaults,
		info:     rn.info(path, formatText, 0, len(data)),
	})
}

// jsonFile makes an article of a single JSON object.
func (rn *run) jsonFile(path string, data []byte) (*doc.Article, error) {
	data = decodeUTF16(data)
	if err := checkUTF8(path, data); err != nil {
		return nil, err
	}
	rec, err := decodeRecord(data)
	if err != nil {
		return nil, err
	}
	return rn.record(rec, rn.info(path, formatJSON, 0, len(data)))
}

// record makes an article of a decoded JSON object.
func (rn *run) record(rec record, info doc.IngestInfo) (*doc.Article, error) {
	switch {
	case strings.TrimSpace(rec.text) != "":
		return build(source{text: rec.text, meta: rec.meta, defaults: rn.opts.Defaults, info: info})
	case strings.TrimSpace(rec.html) != "":
		return rn.htmlArticle([]byte(rec.html), true, rec.meta, info)
	}
	return nil, errors.New("missing text or html field")
}

// sidecar reads the metadata in NAME.json next to a text or HTML file, if
// there is one. A sidecar that cannot be read is an error for its article:
// going on without the metadata would store the article wrongly.
func (rn *run) sidecar(path string) (Meta, error) {
	if path == "-" {
		return Meta{}, nil
	}
	sp := sidecarPath(path)
	fi, err := os.Stat(sp)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return Meta{}, nil
	case err != nil:
		return Meta{}, pathError(sp, err)
	case !fi.Mode().IsRegular():
		return Meta{}, nil
	case fi.Size() > rn.opts.MaxBytes:
		return Meta{}, &Error{Path: sp, Err: tooLarge(fi.Size(), rn.opts.MaxBytes)}
	}
	data, err := os.ReadFile(sp)
	if err != nil {
		return Meta{}, pathError(sp, err)
	}
	if err := checkUTF8(sp, data); err != nil {
		return Meta{}, err
	}
	rec, err := decodeRecord(data)
	if err != nil {
		return Meta{}, &Error{Path: sp, Err: err}
	}
	return rec.meta, nil
}

// frontMatter splits a YAML-style front matter block off the start of s:
// "---", then "key: value" lines, then "---" (or "..."). Text that does not
// have that exact shape is all body, so a story that opens with a
// horizontal rule is left alone.
func frontMatter(s string) (Meta, string) {
	rest := strings.TrimPrefix(s, "\ufeff")
	line, rest, ok := cutLine(rest)
	if !ok || strings.TrimSpace(line) != "---" {
		return Meta{}, s
	}
	var m Meta
	for range 100 {
		line, rest, ok = cutLine(rest)
		if !ok && line == "" {
			return Meta{}, s
		}
		t := strings.TrimSpace(line)
		switch {
		case t == "---" || t == "...":
			return m, rest
		case t == "" || strings.HasPrefix(t, "#"):
			continue
		}
		k, v, found := strings.Cut(t, ":")
		if !found || !isKey(k) {
			return Meta{}, s
		}
		setMeta(&m, strings.ToLower(k), unquote(strings.TrimSpace(v)))
		if !ok {
			return Meta{}, s
		}
	}
	return Meta{}, s
}

// cutLine splits off the first line of s, without its line ending.
func cutLine(s string) (line, rest string, ok bool) {
	line, rest, ok = strings.Cut(s, "\n")
	return strings.TrimSuffix(line, "\r"), rest, ok
}

// isKey reports whether k can be a front matter key.
func isKey(k string) bool {
	if k == "" || len(k) > 40 {
		return false
	}
	for _, c := range k {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// unquote removes one pair of matching quotes around a front matter value.
func unquote(v string) string {
	if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
		return v[1 : len(v)-1]
	}
	return v
}

// setMeta stores a metadata value under its key. Aliases (date, source,
// lang) only fill a field the main key has not set, whatever their order.
func setMeta(m *Meta, key, v string) {
	set := func(f *string, main bool) {
		if main || *f == "" {
			*f = v
		}
	}
	switch key {
	case "id":
		set(&m.ID, true)
	case "url":
		set(&m.URL, true)
	case "outlet":
		set(&m.Outlet, true)
	case "source":
		set(&m.Outlet, false)
	case "published":
		set(&m.Published, true)
	case "date":
		set(&m.Published, false)
	case "title":
		set(&m.Title, true)
	case "language":
		set(&m.Language, true)
	case "lang":
		set(&m.Language, false)
	}
}

// record is a decoded JSON article object.
type record struct {
	meta       Meta
	text, html string
}

// jsonRecord is the shape of a JSON article object. Field names match
// case-insensitively; metadata values are kept raw so that a number (an
// id) is accepted as written.
type jsonRecord struct {
	Text      string          `json:"text"`
	HTML      string          `json:"html"`
	ID        json.RawMessage `json:"id"`
	URL       json.RawMessage `json:"url"`
	Outlet    json.RawMessage `json:"outlet"`
	Source    json.RawMessage `json:"source"`
	Published json.RawMessage `json:"published"`
	Date      json.RawMessage `json:"date"`
	Title     json.RawMessage `json:"title"`
	Language  json.RawMessage `json:"language"`
	Lang      json.RawMessage `json:"lang"`
}

// decodeRecord decodes one JSON object with the metadata keys and text or
// html. Values of the metadata keys may be strings or numbers (an id is
// often a number); other keys are ignored.
func decodeRecord(data []byte) (record, error) {
	var rec record
	if c := firstByte(data); c != '{' {
		return rec, fmt.Errorf("invalid JSON: want an object, got %s", jsonKind(c))
	}
	var jr jsonRecord
	if err := json.Unmarshal(data, &jr); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return rec, fmt.Errorf("field %q: want a string, got %s", te.Field, te.Value)
		}
		return rec, fmt.Errorf("invalid JSON: %s", strings.Replace(err.Error(), "JSON input", "input", 1))
	}
	rec.text, rec.html = jr.Text, jr.HTML
	// Aliases first, so that the main keys win whatever their order.
	for _, f := range []struct {
		key string
		raw json.RawMessage
	}{
		{"source", jr.Source}, {"date", jr.Date}, {"lang", jr.Lang},
		{"id", jr.ID}, {"url", jr.URL}, {"outlet", jr.Outlet}, {"published", jr.Published},
		{"title", jr.Title}, {"language", jr.Language},
	} {
		if f.raw == nil {
			continue
		}
		v, err := jsonString(f.raw)
		if err != nil {
			return rec, fmt.Errorf("field %q: %w", f.key, err)
		}
		setMeta(&rec.meta, f.key, v)
	}
	return rec, nil
}

// jsonString reads a JSON string, number or null as a string.
func jsonString(raw json.RawMessage) (string, error) {
	raw = bytes.TrimSpace(raw)
	switch c := firstByte(raw); {
	case c == '"':
		var s string
		err := json.Unmarshal(raw, &s)
		return s, err
	case c == '-' || c >= '0' && c <= '9':
		return string(raw), nil
	case string(raw) == "null":
		return "", nil
	default:
		return "", fmt.Errorf("want a string, got %s", jsonKind(c))
	}
}

// jsonKind names the JSON value that starts with c.
func jsonKind(c byte) string {
	switch c {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	case 0:
		return "nothing"
	}
	if c == '-' || c >= '0' && c <= '9' {
		return "number"
	}
	return fmt.Sprintf("%q", c)
}
