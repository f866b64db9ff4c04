// Package ingest turns input files into doc.Article values.
//
// # Inputs
//
// A Reader streams articles from files, folders and standard input ("-").
// Folders are walked recursively in lexical order, skipping hidden files and
// folders; the extension chooses the format:
//
//	.txt .text .md       plain text, with optional front matter
//	.html .htm .xhtml    a web page, extracted with go-readability
//	.jsonl .ndjson       JSON lines, one article per line
//	.rss .atom .xml      a feed, one article per item (.xml only if its
//	                     root is rss, feed or rdf:RDF)
//	.json                one article as a JSON object, unless it is the
//	                     sidecar of a same-named text or HTML file
//
// Other files in a folder are skipped, and so are documentation files such
// as README.md and LICENSE.txt (data/not-articles.txt). A file named explicitly with an
// unknown extension, and standard input, are sniffed: '<' starts a feed or
// a page, '{' JSON lines, anything else is text. Options.Format overrides
// the choice.
//
// JSON objects (lines, .json files, sidecars) use the keys id, url, outlet
// (alias source), published (alias date), title, language (alias lang) and,
// for articles, text or html. Text front matter is a block of "key: value"
// lines between two "---" lines at the very start, with the same keys.
//
// # Precedence
//
// Every field is taken from the first source that gives it:
//
//  1. metadata given with the input: front matter, then a sidecar, the
//     JSON fields of a line, a feed item's fields, a page's meta tags and
//     JSON-LD (JSON fields win over the page they carry);
//  2. what the text says: a "Source » dawn" or "Published in Dawn, ..."
//     trailer, a date-only first line, an agency dateline ("(Reuters)");
//  3. Options.Defaults (the CLI's --outlet, --published, ... flags);
//  4. for the outlet only, the host of the article's URL.
//
// # Body
//
// The body is normalised (Unicode NFC, "\n" line endings, no trailing
// spaces, paragraphs separated by exactly one blank line), a dateline is
// taken off its start and outlet boilerplate off its end (both recorded in
// IngestInfo), and paragraphs and headings are located as byte spans. The
// article ID hashes the body with white space collapsed, so the same text
// read from any source is the same article.
//
// # Errors
//
// Bad input never stops a run: All yields (nil, *Error) for the bad item,
// naming the file and, for JSON lines and feeds, the line or item, and goes
// on with the next one. The caller decides what the errors mean.
package ingest
