package ingest

import (
	"io/fs"
	"iter"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
)

// Input formats. formatSniff means "look at the content".
const (
	formatText  = "text"
	formatHTML  = "html"
	formatJSONL = "jsonl"
	formatFeed  = "feed"
	formatJSON  = "json"
	formatXML   = "xml" // a feed if its root says so, else skipped
	formatSniff = ""
)

// extFormat chooses the format of a file by its extension; ok is false
// for extensions ingest does not read.
func extFormat(path string) (format string, ok bool) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".txt", ".text", ".md":
		return formatText, true
	case ".html", ".htm", ".xhtml":
		return formatHTML, true
	case ".jsonl", ".ndjson":
		return formatJSONL, true
	case ".rss", ".atom":
		return formatFeed, true
	case ".xml":
		return formatXML, true
	case ".json":
		return formatJSON, true
	}
	return formatSniff, false
}

// sidecarOwners are the extensions of files a NAME.json may describe.
var sidecarOwners = []string{".txt", ".text", ".md", ".html", ".htm", ".xhtml"}

// isSidecar reports whether a .json file describes a same-named text or
// HTML file next to it.
func isSidecar(path string) bool {
	base := strings.TrimSuffix(path, filepath.Ext(path))
	for _, ext := range sidecarOwners {
		if fi, err := os.Stat(base + ext); err == nil && fi.Mode().IsRegular() {
			return true
		}
	}
	return false
}

// isDocumentation reports whether a file in a folder is the folder's
// documentation (README.md, LICENSE.txt) rather than an article.
func isDocumentation(name string) bool {
	base := strings.TrimSuffix(name, filepath.Ext(name))
	return loadTables().notArticles[strings.ToLower(base)]
}

// sidecarPath is where the sidecar of a text or HTML file would be.
func sidecarPath(path string) string {
	return strings.TrimSuffix(path, filepath.Ext(path)) + ".json"
}

// entry is one input All reads: a file, standard input, or a path that
// could not be read.
type entry struct {
	path   string
	format string // by extension; formatSniff when unknown
	size   int64  // 0 for standard input
	stdin  bool
	top    bool  // named by the caller rather than found in a folder
	err    error // the path could not be read; an *Error
}

// entries lists the inputs under paths in the order All reads them.
// Folders are walked in lexical order (filepath.WalkDir sorts), hidden
// files and folders are skipped, and so are files with other extensions
// and the sidecars of text and HTML files. Only the files' metadata is
// read, so the walk costs the same for a million files as for one.
// Documentation files (README.md, LICENSE.txt) are skipped in folders.
func entries(paths []string, log *slog.Logger) iter.Seq[entry] {
	return func(yield func(entry) bool) {
		for _, p := range paths {
			if p == "-" {
				if !yield(entry{path: p, stdin: true, top: true}) {
					return
				}
				continue
			}
			fi, err := os.Stat(p)
			if err != nil {
				if !yield(entry{path: p, top: true, err: pathError(p, err)}) {
					return
				}
				continue
			}
			if !fi.IsDir() {
				format, _ := extFormat(p)
				if format == formatJSON && isSidecar(p) {
					log.Info("skipping sidecar: it is read with the file it describes", "path", p)
					continue
				}
				if !yield(entry{path: p, format: format, size: fi.Size(), top: true}) {
					return
				}
				continue
			}
			if !walk(p, log, yield) {
				return
			}
		}
	}
}

// walk yields the inputs in folder root and reports whether to go on.
func walk(root string, log *slog.Logger, yield func(entry) bool) bool {
	// A trailing separator makes WalkDir follow root when it is a symbolic
	// link to a folder; links inside the folder are not followed, so the
	// walk cannot loop.
	start := root
	if !strings.HasSuffix(start, string(filepath.Separator)) {
		start += string(filepath.Separator)
	}
	more := true
	filepath.WalkDir(start, func(path string, d fs.DirEntry, err error) error {
		if path == start {
			path = root
		}
		if err != nil {
			more = yield(entry{path: path, err: pathError(path, err)})
			return skip(more, d)
		}
		if path != root && strings.HasPrefix(d.Name(), ".") {
			log.Debug("skipping hidden", "path", path)
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		format, ok := extFormat(path)
		if !ok {
			log.Debug("skipping file of unknown type", "path", path)
			return nil
		}
		if isDocumentation(d.Name()) {
			log.Debug("skipping documentation file", "path", path)
			return nil
		}
		fi, err := os.Stat(path) // follows a link to a file
		switch {
		case err != nil:
			more = yield(entry{path: path, err: pathError(path, err)})
			return skip(more, nil)
		case !fi.Mode().IsRegular():
			log.Debug("skipping non-regular file", "path", path)
			return nil
		case format == formatJSON && isSidecar(path):
			log.Debug("skipping sidecar", "path", path)
			return nil
		}
		more = yield(entry{path: path, format: format, size: fi.Size()})
		return skip(more, nil)
	})
	return more
}

// skip is the WalkDir result after an entry: stop everything when the
// consumer is done, skip a folder that could not be read, else go on.
func skip(more bool, d fs.DirEntry) error {
	switch {
	case !more:
		return filepath.SkipAll
	case d != nil && d.IsDir():
		return filepath.SkipDir
	}
	return nil
}
