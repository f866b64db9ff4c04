package ingest

import (
	"bytes"
	"encoding/json"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/unicode/norm"

	"github.com/dyad-events/dyad/internal/doc"
)

// Extractor names the HTML extractor in IngestInfo.Extractor.
//
// go-readability v2 rather than go-trafilatura: on the ScrapingHub
// benchmark it scores F1 0.949 against 0.959 and runs 1.45x faster, and
// trafilatura links go-dateparser, whose package initialisation costs
// about 210 ms and 78 MB on every start of every dyad command.
const Extractor = "go-readability 2.1.3"

// htmlFile makes an article of a web page, with its sidecar's metadata.
func (rn *run) htmlFile(path string, data []byte) (*doc.Article, error) {
	side, err := rn.sidecar(path)
	if err != nil {
		return nil, err
	}
	return rn.htmlArticle(data, false, side, rn.info(path, formatHTML, 0, len(data)))
}

// htmlArticle makes an article of a web page. meta (from a sidecar or the
// JSON line that carried the page) wins over the page's own metadata.
// decoded says data is already UTF-8 (it came inside JSON), so a charset
// the page declares must be ignored.
func (rn *run) htmlArticle(data []byte, decoded bool, meta Meta, info doc.IngestInfo) (*doc.Article, error) {
	if !decoded {
		data = decodeHTML(data)
	}
	root, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		return nil, err // html.Parse fails only on reader errors
	}
	page := readPageMeta(root)
	info.Extractor = Extractor

	var pageURL *url.URL
	if u, err := url.Parse(first(meta.URL, page.url)); err == nil && u.IsAbs() {
		pageURL = u
	}
	// A first block that repeats the title is dropped: the title is
	// metadata, not a sentence of the body (and trafilatura returns the
	// bare title for a page without text).
	titles := []string{meta.Title, page.ogTitle, page.ldTitle, page.docTitle, page.title()}
	var blocks []block
	parser := readability.NewParser()
	res, err := parser.ParseDocument(root, pageURL)
	if err == nil && res.Node != nil {
		fixAtoms(res.Node)
		blocks = dropTitle(dropBoilerplate(htmlBlocks(res.Node, false)), titles)
	}
	if len(blocks) == 0 {
		// Nothing the extractor trusts as an article: keep the page's
		// visible text rather than lose it.
		// Parse the page afresh: the extractor may have rewritten the
		// tree it was given (it turns <br><br> into paragraphs).
		if fresh, perr := html.Parse(bytes.NewReader(data)); perr == nil {
			root = fresh
		}
		blocks = dropTitle(htmlBlocks(findBody(root), true), titles)
	}
	if len(blocks) == 0 {
		return nil, errNoText
	}
	if err == nil && page.published() == "" {
		if t, perr := res.PublishedTime(); perr == nil && !t.IsZero() {
			page.dates = append(page.dates, t.Format(time.RFC3339))
		}
	}

	pm := Meta{
		URL:       page.url,
		Outlet:    page.outlet,
		Published: page.published(),
		Title:     page.title(),
		Language:  page.language,
	}
	text, headings := layoutBlocks(blocks)
	return build(source{
		text:     text,
		meta:     meta.or(pm),
		defaults: rn.opts.Defaults,
		info:     info,
		headings: headings,
	})
}

// decodeHTML converts a page to UTF-8 from the charset it declares (byte
// order mark, <meta charset>), keeping undeclared pages that are valid
// UTF-8 as they are instead of taking them for windows-1252.
func decodeHTML(data []byte) []byte {
	enc, name, certain := charset.DetermineEncoding(data, "text/html")
	if name == "utf-8" || (!certain && utf8.Valid(data)) {
		return bytes.ToValidUTF8(bytes.TrimPrefix(data, utf8BOM), []byte("\uFFFD"))
	}
	out, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		return bytes.ToValidUTF8(data, []byte("\uFFFD"))
	}
	return out
}

// block is one paragraph of a page.
type block struct {
	text    string
	heading bool
}

// dropTitle removes a first block that repeats one of the titles.
func dropTitle(blocks []block, titles []string) []block {
	if len(blocks) == 0 {
		return blocks
	}
	for _, t := range titles {
		if sameText(blocks[0].text, t) {
			return blocks[1:]
		}
	}
	return blocks
}

// layoutBlocks lays out blocks as text, one paragraph each, and returns the
// set of heading texts.
func layoutBlocks(blocks []block) (string, map[string]bool) {
	var b strings.Builder
	heads := map[string]bool{}
	for i, bl := range blocks {
		if i > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(bl.text)
		if bl.heading {
			// Keyed as build will see the paragraph: trimmed and in NFC.
			heads[norm.NFC.String(strings.TrimSpace(bl.text))] = true
		}
	}
	return b.String(), heads
}

// sameText compares two strings ignoring case and white space.
func sameText(a, b string) bool {
	return a != "" && strings.EqualFold(strings.Join(strings.Fields(a), " "), strings.Join(strings.Fields(b), " "))
}

// findBody returns the <body> of a parsed page, or the page itself.
func findBody(root *html.Node) *html.Node {
	var body *html.Node
	var find func(n *html.Node)
	find = func(n *html.Node) {
		for c := n.FirstChild; c != nil && body == nil; c = c.NextSibling {
			if c.Type == html.ElementNode && c.DataAtom == atom.Body {
				body = c
				return
			}
			find(c)
		}
	}
	find(root)
	if body == nil {
		return root
	}
	return body
}

// htmlBlocks returns the paragraphs of the tree under n: one per block
// element (p, h1-h6, li, blockquote, pre, div, table cell, ...), with its
// inline content joined and white space collapsed as a browser would; <br>
// breaks a line and two of them a paragraph. With visibleOnly, elements a
// browser would not show are skipped, as are navigation and forms (for
// the raw-page fallback).
func htmlBlocks(n *html.Node, visibleOnly bool) []block {
	var (
		out     []block
		cur     strings.Builder
		heading bool
	)
	flush := func() {
		text := tidyBlock(cur.String())
		if text != "" {
			out = append(out, block{text: text, heading: heading && !strings.Contains(text, "\n")})
		}
		cur.Reset()
		heading = false
	}
	var walk func(n *html.Node, pre bool)
	walk = func(n *html.Node, pre bool) {
		switch n.Type {
		case html.TextNode:
			if pre {
				cur.WriteString(n.Data)
			} else {
				writeCollapsed(&cur, n.Data)
			}
			return
		case html.ElementNode:
			if skipElement(n, visibleOnly) {
				return
			}
			if n.DataAtom == atom.Br {
				cur.WriteByte('\n')
				return
			}
		case html.DocumentNode:
		default:
			return
		}
		isBlock := n.Type == html.ElementNode && blockElement(n.DataAtom)
		if isBlock {
			flush()
		}
		if isHeading(n.DataAtom) {
			heading = true
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, pre || n.DataAtom == atom.Pre)
		}
		if isBlock {
			flush()
		}
	}
	walk(n, false)
	flush()
	return out
}

// tidyBlock trims each line of a block and the block itself; blank lines
// (from <br><br>) stay, to separate paragraphs.
func tidyBlock(s string) string {
	if !strings.Contains(s, "\n") {
		return strings.TrimSpace(s)
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSpace(l)
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

// writeCollapsed writes s with runs of HTML white space as one space.
func writeCollapsed(b *strings.Builder, s string) {
	space := b.Len() > 0 && lastByteSpace(b)
	for _, r := range s {
		switch r {
		case ' ', '\t', '\n', '\r', '\f':
			if !space {
				b.WriteByte(' ')
				space = true
			}
		default:
			b.WriteRune(r)
			space = false
		}
	}
}

func lastByteSpace(b *strings.Builder) bool {
	s := b.String()
	c := s[len(s)-1]
	return c == ' ' || c == '\n'
}

// skipElement reports whether n and its content are not text of the page.
func skipElement(n *html.Node, visibleOnly bool) bool {
	switch n.DataAtom {
	case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Head, atom.Title,
		atom.Svg, atom.Math, atom.Iframe, atom.Object, atom.Embed, atom.Canvas,
		atom.Select, atom.Option, atom.Button, atom.Input, atom.Textarea, atom.Audio, atom.Video:
		return true
	}
	if !visibleOnly {
		return false
	}
	switch n.DataAtom {
	case atom.Nav, atom.Form, atom.Menu, atom.Dialog:
		return true
	}
	for _, a := range n.Attr {
		if a.Key == "hidden" || (a.Key == "aria-hidden" && a.Val == "true") {
			return true
		}
	}
	return false
}

// fixAtoms sets the atom of elements that carry only a tag name: the
// extractor creates new elements (the <p> it makes of "<br><br>") without
// one, and the walk above tells blocks apart by atom.
func fixAtoms(n *html.Node) {
	if n.Type == html.ElementNode && n.DataAtom == 0 {
		n.DataAtom = atom.Lookup([]byte(n.Data))
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		fixAtoms(c)
	}
}

// dropBoilerplate removes blocks that are page furniture an extractor
// leaves inside the article ("Advertisement", "Share this article"): whole
// blocks whose text, case folded, is one of the lines in
// data/boilerplate-lines.txt.
func dropBoilerplate(blocks []block) []block {
	lines := loadTables().boilerplate
	out := blocks[:0]
	for _, b := range blocks {
		key := strings.ToLower(strings.Trim(collapseSpace(b.text), " .:|-–—»›"))
		if lines[key] {
			continue
		}
		out = append(out, b)
	}
	return out
}

// blockElement reports whether a starts a new paragraph.
func blockElement(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6,
		atom.Li, atom.Ul, atom.Ol, atom.Dl, atom.Dt, atom.Dd, atom.Blockquote, atom.Pre,
		atom.Table, atom.Thead, atom.Tbody, atom.Tfoot, atom.Tr, atom.Td, atom.Th, atom.Caption,
		atom.Section, atom.Article, atom.Aside, atom.Header, atom.Footer, atom.Main, atom.Nav,
		atom.Figure, atom.Figcaption, atom.Address, atom.Details, atom.Summary, atom.Hr,
		atom.Center, atom.Fieldset, atom.Legend, atom.Body, atom.Html, atom.Hgroup:
		return true
	}
	return false
}

func isHeading(a atom.Atom) bool {
	switch a {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		return true
	}
	return false
}

// pageMeta is the metadata a page states about itself.
type pageMeta struct {
	ogTitle, ldTitle, docTitle string
	url                        string
	outlet                     string
	language                   string
	// dates are publication time candidates, best first; each is tried
	// with ParseTime and the first readable one wins.
	dates []string
}

// title is the best title the page gives. The <title> element comes last:
// it usually carries the site name too ("Story - Dawn"), which is cut off
// when it names the outlet.
func (p *pageMeta) title() string {
	if t := first(p.ogTitle, p.ldTitle); t != "" {
		return t
	}
	t := p.docTitle
	for _, sep := range []string{" | ", " - ", " – ", " — "} {
		if i := strings.LastIndex(t, sep); i > 0 {
			site := strings.TrimSpace(t[i+len(sep):])
			if sameText(site, p.outlet) || sameText(outletName(site), p.outlet) {
				return strings.TrimSpace(t[:i])
			}
		}
	}
	return t
}

// published is the first date candidate ParseTime can read, as written.
func (p *pageMeta) published() string {
	for _, d := range p.dates {
		if _, _, err := ParseTime(d); err == nil {
			return d
		}
	}
	return ""
}

// readPageMeta collects metadata from meta tags, JSON-LD, <link
// rel=canonical>, <time> and <html lang>, keeping the publication time as
// written so its zone survives (trafilatura's metadata drops it).
func readPageMeta(root *html.Node) pageMeta {
	var (
		p                                  pageMeta
		ogURL, ldURL, ogLocale, httpLang   string
		ogDate, ldDate, metaDate, timeDate []string
		ldPublisher                        string
	)
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Html:
				p.language = first(p.language, attr(n, "lang"), attr(n, "xml:lang"))
			case atom.Title:
				if p.docTitle == "" {
					p.docTitle = strings.Join(strings.Fields(textOf(n)), " ")
				}
			case atom.Link:
				if hasToken(attr(n, "rel"), "canonical") && isAbsURL(attr(n, "href")) && p.url == "" {
					p.url = attr(n, "href")
				}
			case atom.Meta:
				key := strings.ToLower(first(attr(n, "property"), attr(n, "name"), attr(n, "itemprop")))
				val := strings.TrimSpace(attr(n, "content"))
				if strings.EqualFold(attr(n, "http-equiv"), "content-language") {
					httpLang = first(httpLang, val)
				}
				switch key {
				case "og:title":
					p.ogTitle = first(p.ogTitle, val)
				case "og:site_name":
					p.outlet = first(p.outlet, val)
				case "og:url":
					if isAbsURL(val) {
						ogURL = first(ogURL, val)
					}
				case "og:locale":
					ogLocale = first(ogLocale, val)
				case "article:published_time", "og:article:published_time", "published_time":
					ogDate = append(ogDate, val)
				case "datepublished", "pubdate", "publishdate", "publish-date", "publication_date",
					"date", "dc.date", "dc.date.issued", "dcterms.created", "dcterms.issued",
					"sailthru.date", "parsely-pub-date", "article.published", "originalpublicationdate":
					metaDate = append(metaDate, val)
				}
			case atom.Time:
				if dt := strings.TrimSpace(attr(n, "datetime")); dt != "" {
					timeDate = append(timeDate, dt)
				}
			case atom.Script:
				if strings.EqualFold(strings.TrimSpace(attr(n, "type")), "application/ld+json") {
					var ld linkedData
					ld.read(textOf(n))
					p.ldTitle = first(p.ldTitle, ld.headline)
					ldDate = append(ldDate, ld.published...)
					ldPublisher = first(ldPublisher, ld.publisher)
					ldURL = first(ldURL, ld.url)
					p.language = first(p.language, ld.language)
				}
				return
			case atom.Style, atom.Svg:
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	p.url = first(p.url, ogURL, ldURL)
	p.outlet = first(p.outlet, ldPublisher)
	p.language = first(p.language, httpLang, ogLocale)
	p.dates = append(append(append(ogDate, ldDate...), metaDate...), timeDate...)
	return p
}

// linkedData is what ingest reads from a JSON-LD block.
type linkedData struct {
	headline, publisher, url, language string
	published                          []string
}

// read collects the fields of every article-like object in a JSON-LD
// block (top level, arrays and @graph). Invalid JSON-LD is common and is
// ignored.
func (ld *linkedData) read(s string) {
	var v any
	if json.Unmarshal([]byte(strings.TrimSpace(s)), &v) != nil {
		return
	}
	var visit func(v any, depth int)
	visit = func(v any, depth int) {
		if depth > 6 {
			return
		}
		switch v := v.(type) {
		case []any:
			for _, x := range v {
				visit(x, depth+1)
			}
		case map[string]any:
			if isArticleType(v["@type"]) {
				ld.headline = first(ld.headline, str(v["headline"]), str(v["name"]))
				if d := str(v["datePublished"]); d != "" {
					ld.published = append(ld.published, d)
				}
				ld.publisher = first(ld.publisher, nameOf(v["publisher"]))
				ld.url = first(ld.url, absURL(str(v["url"])), absURL(str(v["mainEntityOfPage"])), absURL(idOf(v["mainEntityOfPage"])))
				ld.language = first(ld.language, str(v["inLanguage"]))
			}
			visit(v["@graph"], depth+1)
		}
	}
	visit(v, 0)
}

// isArticleType reports whether a JSON-LD @type names an article.
func isArticleType(t any) bool {
	switch t := t.(type) {
	case string:
		return strings.HasSuffix(t, "Article") || t == "BlogPosting" || t == "Report" || t == "LiveBlogPosting"
	case []any:
		for _, x := range t {
			if isArticleType(x) {
				return true
			}
		}
	}
	return false
}

// str returns v if it is a string.
func str(v any) string {
	s, _ := v.(string)
	return strings.TrimSpace(s)
}

// nameOf returns the name of a JSON-LD organisation (an object, a list of
// them, or a plain string).
func nameOf(v any) string {
	switch v := v.(type) {
	case string:
		return strings.TrimSpace(v)
	case map[string]any:
		return str(v["name"])
	case []any:
		for _, x := range v {
			if n := nameOf(x); n != "" {
				return n
			}
		}
	}
	return ""
}

// idOf returns the @id of a JSON-LD object.
func idOf(v any) string {
	if m, ok := v.(map[string]any); ok {
		return str(m["@id"])
	}
	return ""
}

// absURL returns s if it is an absolute http(s) URL, else "".
func absURL(s string) string {
	if isAbsURL(s) {
		return s
	}
	return ""
}

func isAbsURL(s string) bool {
	u, err := url.Parse(strings.TrimSpace(s))
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// attr returns the value of n's attribute key.
func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// hasToken reports whether a space-separated attribute value contains tok.
func hasToken(list, tok string) bool {
	for f := range strings.FieldsSeq(list) {
		if strings.EqualFold(f, tok) {
			return true
		}
	}
	return false
}

// textOf returns the text inside n.
func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}
