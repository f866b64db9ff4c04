package ingest

import (
	"bytes"
	"fmt"
	"html"
	"regexp"
	"slices"
	"strings"

	readability "codeberg.org/readeck/go-readability/v2"
	"github.com/mmcdole/gofeed"
	xhtml "golang.org/x/net/html"
)

// feed reads an RSS, Atom or RDF feed: one article per item, located by
// its 1-based item number in IngestInfo.Line.
func (rn *run) feed(path string, data []byte) {
	f, err := gofeed.NewParser().Parse(bytes.NewReader(data))
	if err != nil {
		rn.fail(path, 0, fmt.Errorf("invalid feed: %w", err))
		return
	}
	if len(f.Items) == 0 {
		rn.opts.Logger.Warn("feed has no items", "path", path)
		return
	}
	format := f.FeedType // "rss" (RDF too) or "atom"
	outlet := f.Title
	if name, ok := knownOutlet(f.Title); ok {
		outlet = name
	} else if name, ok := knownOutlet(f.Link); ok {
		outlet = name
	}
	for i, it := range f.Items {
		if rn.cancelled() {
			return
		}
		line := i + 1
		meta := Meta{
			ID:       it.GUID,
			URL:      it.Link,
			Outlet:   outlet,
			Title:    strings.TrimSpace(html.UnescapeString(it.Title)),
			Language: f.Language,
		}
		// gofeed converts times to UTC; the string as written keeps the
		// zone, so it is what ParseTime reads. gofeed's parse is the
		// fallback for spellings ParseTime does not know.
		src := source{meta: meta, defaults: rn.opts.Defaults}
		switch {
		case strings.TrimSpace(it.Published) != "":
			src.meta.Published = it.Published
			src.published = it.PublishedParsed
		case strings.TrimSpace(it.Updated) != "":
			src.meta.Published = it.Updated
			src.published = it.UpdatedParsed
		}
		body := first(it.Content, it.Description)
		src.info = rn.info(path, format, line, len(body))
		if looksLikeHTML(body) {
			src.text, src.headings = itemHTML(body)
			src.info.Extractor = Extractor
		} else {
			src.text = html.UnescapeString(body)
		}
		if strings.TrimSpace(src.text) == "" {
			if !rn.fail(path, line, errNoText) {
				return
			}
			continue
		}
		a, err := build(src)
		if err != nil {
			if !rn.fail(path, line, err) {
				return
			}
			continue
		}
		if !rn.emit(a, nil) {
			return
		}
	}
}

// tagRE finds an HTML tag, to tell an HTML description from plain text.
var tagRE = regexp.MustCompile(`(?i)</?(?:p|br|div|span|a|b|i|em|strong|img|ul|ol|li|h[1-6]|blockquote|figure|table)\b[^>]*>`)

func looksLikeHTML(s string) bool { return tagRE.MatchString(s) }

// itemHTML lays out a feed item's HTML content as paragraphs. The item is
// already the article, so the extractor serves only as a boilerplate filter
// over the item's own paragraphs: a paragraph is kept when the extractor
// kept its text, a heading when a kept paragraph follows it. (On a short
// fragment an extractor's own output may drop headings and merge
// paragraphs.) When the extractor keeps nothing, every paragraph stays.
func itemHTML(s string) (string, map[string]bool) {
	root, err := xhtml.Parse(strings.NewReader(s))
	if err != nil {
		return "", nil
	}
	blocks := htmlBlocks(root, false)
	parser := readability.NewParser()
	res, err := parser.ParseDocument(root, nil)
	if err != nil || res.Node == nil {
		return layoutBlocks(blocks)
	}
	kept := collapseSpace(textOf(res.Node))
	var out []block
	for i := len(blocks) - 1; i >= 0; i-- {
		b := blocks[i]
		switch {
		case b.heading && len(out) > 0 && !out[len(out)-1].heading:
		case !b.heading && strings.Contains(kept, collapseSpace(b.text)):
		default:
			continue
		}
		out = append(out, b)
	}
	if len(out) == 0 {
		return layoutBlocks(blocks)
	}
	slices.Reverse(out)
	return layoutBlocks(out)
}

// collapseSpace collapses every run of white space to one space.
func collapseSpace(s string) string { return strings.Join(strings.Fields(s), " ") }
