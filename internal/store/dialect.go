package store

import (
	"net/url"
	"strconv"
	"strings"
)

// dialect is what differs between the SQL that SQLite and PostgreSQL
// accept. Queries are written once, in SQLite's form with "?" parameters;
// the few fragments that cannot be shared come from here.
type dialect struct {
	pg bool
}

// IsPostgres reports whether a --db value names a PostgreSQL database
// rather than a SQLite file.
func IsPostgres(name string) bool {
	return strings.HasPrefix(name, "postgres://") || strings.HasPrefix(name, "postgresql://")
}

// Redact returns name with the password of a PostgreSQL URL replaced, so
// that it can be logged and shown in errors.
func Redact(name string) string {
	if !IsPostgres(name) {
		return name
	}
	u, err := url.Parse(name)
	if err != nil {
		return "postgres://(unparsable URL)"
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	q := u.Query()
	if q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.String()
}

// sql returns q in the dialect's own form. For PostgreSQL, "?" and "?N"
// parameters become "$n" and "$N" (in order for the bare ones, as
// SQLite numbers them); question marks inside quoted strings and
// identifiers are left alone.
func (d dialect) sql(q string) string {
	if !d.pg || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 16)
	n := 0
	var quote byte // the quote character we are inside, or 0
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
			b.WriteByte(c)
		case c == '\'' || c == '"':
			quote = c
			b.WriteByte(c)
		case c == '?':
			j := i + 1
			for j < len(q) && q[j] >= '0' && q[j] <= '9' {
				j++
			}
			b.WriteByte('$')
			if j > i+1 {
				b.WriteString(q[i+1 : j])
				num, _ := strconv.Atoi(q[i+1 : j])
				n = max(n, num)
			} else {
				n++
				b.WriteString(strconv.Itoa(n))
			}
			i = j - 1
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// articleMatch is a condition that col, an article id, names an article
// whose title or body contains every word of the bound parameter, which
// is matchArg of the user's words.
func (d dialect) articleMatch(col string) string {
	if d.pg {
		return col + " IN (SELECT a2.id FROM articles AS a2 WHERE a2.fts @@ plainto_tsquery('simple', ?))"
	}
	return col + " IN (SELECT a2.id FROM articles_fts JOIN articles AS a2 ON a2.seq = articles_fts.rowid WHERE articles_fts MATCH ?)"
}

// quoteMatch is a condition that the quote aliased q contains every word
// of the bound parameter (matchArg of the user's words).
func (d dialect) quoteMatch() string {
	if d.pg {
		return "q.text_fts @@ plainto_tsquery('simple', ?)"
	}
	return "q.seq IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)"
}

// matchArg is the parameter articleMatch and quoteMatch bind for words a
// user typed: in SQLite an FTS5 query of the words, each quoted so that
// FTS5 syntax in the input is text; PostgreSQL's plainto_tsquery takes
// the words as they are.
func (d dialect) matchArg(words string) string {
	if d.pg {
		return words
	}
	return ftsQuery(words)
}

// byteSlice is the text of body between byte offsets start and end, the
// way spans count.
func (d dialect) byteSlice(body, start, end string) string {
	if d.pg {
		return "convert_from(substring(convert_to(" + body + ", 'UTF8') FROM (" + start + " + 1)::int FOR (" + end + " - " + start + ")::int), 'UTF8')"
	}
	return "CAST(substr(CAST(" + body + " AS BLOB), " + start + " + 1, " + end + " - " + start + ") AS TEXT)"
}

// unindexed is col in a form SQLite will not use an index for (a unary
// plus), where an index on it would be the wrong plan; PostgreSQL's
// planner needs no such hint, and has no unary plus for text.
func (d dialect) unindexed(col string) string {
	if d.pg {
		return col
	}
	return "+" + col
}

// equalFold is a condition that col equals the bound parameter, ignoring
// case.
func (d dialect) equalFold(col string) string {
	if d.pg {
		return "lower(" + col + ") = lower(?)"
	}
	return col + " = ? COLLATE NOCASE"
}

// like is the LIKE operator that ignores case (SQLite's LIKE does for
// ASCII; PostgreSQL's does not).
func (d dialect) like() string {
	if d.pg {
		return "ILIKE"
	}
	return "LIKE"
}

// round3 is col rounded to three decimals, as a float.
func (d dialect) round3(col string) string {
	if d.pg {
		return "round(" + col + "::numeric, 3)::double precision"
	}
	return "round(" + col + ", 3)"
}

// noLimit is the LIMIT parameter that means no limit.
func (d dialect) noLimit() any {
	if d.pg {
		return nil // LIMIT NULL
	}
	return -1
}
