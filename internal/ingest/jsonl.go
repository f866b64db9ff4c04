package ingest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/dyad-events/dyad/internal/doc"
)

// progressStep is how often, in bytes, a JSON lines file reports progress.
const progressStep = 1 << 20

// jsonl streams a JSON lines input: one article per non-blank line. Only
// one line is in memory at a time, and a line above the size limit is
// skipped without being kept: the rest of it is read and counted only.
func (rn *run) jsonl(path string, br *bufio.Reader) {
	head, _ := br.Peek(sniffBytes)
	if len(head) > 0 {
		if t := binaryType(head); t != "" {
			rn.fail(path, 0, fmt.Errorf("binary content (%s), not an article", t))
			return
		}
	}
	var (
		buf      []byte
		lineNo   int
		offset   int64 // bytes consumed before the current line
		reported int64 // offset at the last progress report
		articles int   // non-blank lines seen
	)
	for {
		if rn.cancelled() {
			return
		}
		line, n, tooLong, err := readLine(br, rn.opts.MaxBytes, buf[:0])
		buf = line
		if n == 0 && err == io.EOF {
			break
		}
		lineNo++
		start := offset
		offset += n
		if rn.opts.Progress != nil && offset-reported >= progressStep && path != "-" {
			reported = offset
			rn.opts.Progress(rn.done + offset)
		}
		switch {
		case tooLong:
			articles++
			if !rn.fail(path, lineNo, fmt.Errorf("line of %s", tooLarge(n, rn.opts.MaxBytes))) {
				return
			}
		default:
			line = bytes.TrimRight(line, "\r\n")
			if lineNo == 1 {
				line = bytes.TrimPrefix(line, utf8BOM)
			}
			if len(bytes.TrimSpace(line)) == 0 {
				break
			}
			articles++
			a, lerr := rn.jsonLine(path, lineNo, start, line)
			if lerr != nil {
				if !rn.fail(path, lineNo, lerr) {
					return
				}
				break
			}
			if !rn.emit(a, nil) {
				return
			}
		}
		// A huge line must not pin its buffer for the rest of the file.
		if cap(buf) > 4<<20 {
			buf = nil
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			rn.fail(path, lineNo, err)
			return
		}
	}
	if articles == 0 {
		rn.fail(path, 0, errEmpty)
	}
}

// jsonLine makes an article of one JSON line; start is the line's offset in
// the input, for locating bad bytes.
func (rn *run) jsonLine(path string, lineNo int, start int64, line []byte) (*doc.Article, error) {
	if !utf8.Valid(line) {
		i := 0
		for i < len(line) {
			r, size := utf8.DecodeRune(line[i:])
			if r == utf8.RuneError && size == 1 {
				break
			}
			i += size
		}
		return nil, fmt.Errorf("invalid UTF-8 at byte %d", start+int64(i))
	}
	rec, err := decodeRecord(line)
	if err != nil {
		return nil, err
	}
	return rn.record(rec, rn.info(path, formatJSONL, lineNo, len(line)))
}

// readLine reads one line (with its "\n") into buf. n is the number of bytes
// consumed. A line longer than max (not counting its line ending) is read
// to its end but not kept: tooLong is set and line is empty.
func readLine(br *bufio.Reader, max int64, buf []byte) (line []byte, n int64, tooLong bool, err error) {
	for {
		frag, err := br.ReadSlice('\n')
		n += int64(len(frag))
		if !tooLong {
			content := int64(len(buf)) + int64(len(bytes.TrimRight(frag, "\r\n")))
			if content > max {
				tooLong, buf = true, buf[:0]
			} else {
				buf = append(buf, frag...)
			}
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		return buf, n, tooLong, err
	}
}
