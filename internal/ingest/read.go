package ingest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"
	"golang.org/x/text/encoding/unicode"

	"github.com/dyad-events/dyad/internal/doc"
)

// sniffBytes is how much of an input is examined to guess its format and
// to tell text from binary.
const sniffBytes = 8 << 10

var errEmpty = errors.New("empty file")

// entry reads one input and emits its articles and errors.
func (rn *run) entry(e entry) {
	if e.err != nil {
		rn.fail(e.path, 0, e.err)
		return
	}
	if e.stdin {
		rn.stdin()
		return
	}
	format := e.format
	if rn.opts.Format != "" {
		format = rn.opts.Format
	}
	f, err := os.Open(e.path)
	if err != nil {
		rn.fail(e.path, 0, pathError(e.path, err))
		return
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 64<<10)
	if format == formatSniff {
		// JSON lines must be recognised before the size check, which
		// applies to each of their lines rather than to the file.
		if head, _ := br.Peek(sniffBytes); firstByte(head) == '{' {
			format = formatJSONL
		}
	}
	if format == formatJSONL {
		rn.jsonl(e.path, br)
		return
	}
	if e.size > rn.opts.MaxBytes {
		rn.fail(e.path, 0, tooLarge(e.size, rn.opts.MaxBytes))
		return
	}
	data, err := io.ReadAll(io.LimitReader(br, rn.opts.MaxBytes+1))
	switch {
	case err != nil:
		rn.fail(e.path, 0, pathError(e.path, err))
		return
	case int64(len(data)) > rn.opts.MaxBytes: // the file grew since Stat
		rn.fail(e.path, 0, tooLarge(int64(len(data)), rn.opts.MaxBytes))
		return
	}
	rn.whole(e.path, data, format)
}

// stdin reads standard input: JSON lines are streamed, anything else is
// read whole (up to the limit) and handled like a file.
func (rn *run) stdin() {
	const path = "-"
	br := bufio.NewReaderSize(rn.opts.Stdin, 64<<10)
	format := rn.opts.Format
	if format == "" {
		head, _ := br.Peek(sniffBytes)
		if c := firstByte(head); c == '{' {
			format = formatJSONL
		}
	}
	if format == formatJSONL {
		rn.jsonl(path, br)
		return
	}
	data, err := io.ReadAll(io.LimitReader(br, rn.opts.MaxBytes+1))
	switch {
	case err != nil:
		rn.fail(path, 0, err)
		return
	case int64(len(data)) > rn.opts.MaxBytes:
		rn.fail(path, 0, fmt.Errorf("input exceeds the %s limit (raise it with --max-size)", sizeIn(rn.opts.MaxBytes, rn.opts.MaxBytes)))
		return
	}
	rn.whole(path, data, format)
}

// whole handles an input read into memory.
func (rn *run) whole(path string, data []byte, format string) {
	if err := checkContent(data); err != nil {
		rn.fail(path, 0, err)
		return
	}
	if format == formatSniff {
		format = sniff(data)
	}
	var (
		a   *doc.Article
		err error
	)
	switch format {
	case formatText:
		a, err = rn.textFile(path, data)
	case formatHTML:
		a, err = rn.htmlFile(path, data)
	case formatJSON:
		a, err = rn.jsonFile(path, data)
	case formatFeed:
		rn.feed(path, data)
		return
	case formatXML:
		if !isFeed(data) {
			rn.opts.Logger.Warn("skipping XML file that is not a feed (root is not rss, feed or rdf:RDF)", "path", path)
			return
		}
		rn.feed(path, data)
		return
	case formatJSONL:
		rn.jsonl(path, bufio.NewReader(bytes.NewReader(data)))
		return
	default:
		err = fmt.Errorf("unknown format %q: want text, html, jsonl or feed", format)
	}
	if err != nil {
		rn.fail(path, 0, err)
		return
	}
	rn.emit(a, nil)
}

// checkContent rejects inputs that are empty or not text.
func checkContent(data []byte) error {
	if len(bytes.TrimSpace(bytes.TrimPrefix(data, utf8BOM))) == 0 {
		return errEmpty
	}
	if t := binaryType(data); t != "" {
		return fmt.Errorf("binary content (%s), not an article", t)
	}
	return nil
}

var (
	utf8BOM    = []byte{0xEF, 0xBB, 0xBF}
	utf16LEBOM = []byte{0xFF, 0xFE}
	utf16BEBOM = []byte{0xFE, 0xFF}
)

// binaryType returns the content type of data if it is not text (NUL
// bytes in the first 8 KB, or a type http.DetectContentType recognises as
// an image, archive, PDF, ...), else "".
func binaryType(data []byte) string {
	head := data[:min(len(data), sniffBytes)]
	if bytes.HasPrefix(head, utf16LEBOM) || bytes.HasPrefix(head, utf16BEBOM) {
		return "" // UTF-16 text: NUL bytes are expected; decoded later
	}
	ct := http.DetectContentType(head)
	mime, _, _ := strings.Cut(ct, ";")
	if !strings.HasPrefix(mime, "text/") {
		return mime
	}
	if bytes.IndexByte(head, 0) >= 0 {
		return "application/octet-stream"
	}
	return ""
}

// decodeUTF16 converts text with a UTF-16 byte order mark to UTF-8.
func decodeUTF16(data []byte) []byte {
	if !bytes.HasPrefix(data, utf16LEBOM) && !bytes.HasPrefix(data, utf16BEBOM) {
		return data
	}
	out, err := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Bytes(data)
	if err != nil {
		return data
	}
	return out
}

// firstByte is the first byte of data that is not white space or a BOM.
func firstByte(data []byte) byte {
	data = bytes.TrimLeft(bytes.TrimPrefix(data, utf8BOM), " \t\r\n")
	if len(data) == 0 {
		return 0
	}
	return data[0]
}

// sniff guesses the format of an input from its content.
func sniff(data []byte) string {
	switch firstByte(data) {
	case '<':
		if isFeed(data) {
			return formatFeed
		}
		return formatHTML
	case '{':
		return formatJSONL
	}
	return formatText
}

// isFeed reports whether data is an RSS, Atom or RDF feed by its root
// element.
func isFeed(data []byte) bool {
	switch gofeed.DetectFeedType(bytes.NewReader(data)) {
	case gofeed.FeedTypeRSS, gofeed.FeedTypeAtom:
		return true
	}
	return false
}

// checkUTF8 returns an *Error locating the first invalid UTF-8 byte of
// data by its 1-based line and its 0-based byte offset from the start of
// the input, or nil.
func checkUTF8(path string, data []byte) error {
	if utf8.Valid(data) {
		return nil
	}
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			line := bytes.Count(data[:i], []byte{'\n'}) + 1
			return &Error{Path: path, Line: line, Err: fmt.Errorf("invalid UTF-8 at byte %d", i)}
		}
		i += size
	}
	return nil
}
