package ingest

import (
	"regexp"
	"strings"
	"unicode"
)

// Datelines and trailers are what outlets add around a story: a date or a
// "TEHRAN (Reuters) -" at the start, a "Source » dawn" or "Reporting by
// ..." at the end. They are removed from the body, so that later stages
// see only the story, and recorded in IngestInfo, since they say when,
// where and by whom the story was written.

const (
	capWord   = `[\p{Lu}][\p{Lu}\p{M}.'’\-]*` // "GAZA", "ST.", "AL-ARISH"
	nameWord  = `[\p{Lu}][\p{L}\p{M}.'’\-]*`  // "Ukraine", "Calif."
	monthDay  = `(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2}(?:, \d{4})?`
	dashColon = ` ?(?:-{1,2}|–|—|:)(?: +|$)`
)

var (
	// capsDatelineRE matches a dateline whose place is in capitals:
	// "TEHRAN (Reuters) - ", "ANKARA, Nov 5 (Reuters) — ",
	// "KYIV, Ukraine (AP) — ", "ISLAMABAD: ".
	capsDatelineRE = regexp.MustCompile(`^(` + capWord + `(?: ` + capWord + `){0,4})` +
		`(, ` + nameWord + `(?: ` + nameWord + `){0,2})?` +
		`(,? ` + monthDay + `)?` +
		`(?: ?\(([^()]{2,40})\))?` + dashColon)

	// agencyDatelineRE matches a dateline with the place in ordinary case,
	// which is only trusted when a known agency follows: "Tehran (IRNA) - ".
	agencyDatelineRE = regexp.MustCompile(`^(` + nameWord + `(?: ` + nameWord + `){0,3})` +
		`(, ` + nameWord + `(?: ` + nameWord + `){0,2})?` +
		`(,? ` + monthDay + `)?` +
		` ?\(([^()]{2,40})\)` + dashColon)
)

// stripDateline removes a dateline from the start of the text: a first
// line that is only a date ("Friday, January 4, 2019"), then an agency
// dateline opening the first paragraph ("TEHRAN (Reuters) - ").
func stripDateline(paras [][]string, f *textFacts) [][]string {
	if len(paras) == 0 {
		return paras
	}
	var parts []string
	if line := paras[0][0]; isDateLine(line) && (len(paras) > 1 || len(paras[0]) > 1) {
		f.datelineDate = line
		parts = append(parts, line)
		paras = dropFirstLine(paras)
	}
	if len(paras) > 0 {
		line := paras[0][0]
		if n, place, agency := agencyDateline(line); n > 0 {
			rest := strings.TrimSpace(line[n:])
			if rest != "" || len(paras[0]) > 1 || len(paras) > 1 {
				parts = append(parts, strings.TrimSpace(line[:n]))
				f.place, f.agency = place, agency
				if rest == "" {
					paras = dropFirstLine(paras)
				} else {
					p := append([]string{rest}, paras[0][1:]...)
					paras = append([][]string{p}, paras[1:]...)
				}
			}
		}
	}
	f.dateline = strings.Join(parts, "\n")
	return paras
}

// dropFirstLine removes the first line of the first paragraph, and the
// paragraph itself if that was its only line.
func dropFirstLine(paras [][]string) [][]string {
	if len(paras[0]) == 1 {
		return paras[1:]
	}
	p := append([]string(nil), paras[0][1:]...)
	p[0] = strings.TrimLeftFunc(p[0], unicode.IsSpace)
	return append([][]string{p}, paras[1:]...)
}

// isDateLine reports whether line is a date and nothing else.
func isDateLine(line string) bool {
	if len(line) > 48 || !strings.ContainsAny(line, "0123456789") {
		return false
	}
	_, prec, err := ParseTime(line)
	return err == nil && prec == PrecisionDay
}

// agencyDateline matches a dateline at the start of line and returns its
// length in bytes, the place in title case ("Gaza City", "Kyiv, Ukraine")
// and the agency as written ("Reuters"), or n == 0.
func agencyDateline(line string) (n int, place, agency string) {
	if m := capsDatelineRE.FindStringSubmatchIndex(line); m != nil {
		p := line[m[2]:m[3]]
		if countLetters(p) >= 2 && !loadTables().notPlaces[strings.ToLower(p)] {
			place = titleCase(p)
			if m[4] >= 0 {
				place += line[m[4]:m[5]]
			}
			if m[8] >= 0 {
				agency = strings.TrimSpace(line[m[8]:m[9]])
			}
			return m[1], place, agency
		}
	}
	if m := agencyDatelineRE.FindStringSubmatchIndex(line); m != nil {
		agency = strings.TrimSpace(line[m[8]:m[9]])
		if _, ok := knownOutlet(agency); ok {
			place = line[m[2]:m[3]]
			if m[4] >= 0 {
				place += line[m[4]:m[5]]
			}
			return m[1], place, agency
		}
	}
	return 0, "", ""
}

func countLetters(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n
}

// maxTrailers bounds how many trailing paragraphs may be boilerplate.
const maxTrailers = 6

// stripTrailer removes outlet boilerplate from the end of the text, a
// paragraph (or a paragraph's last line) at a time, and records it. At
// least one paragraph is always left: a text that is nothing but a
// trailer is kept as it is.
func stripTrailer(paras [][]string, f *textFacts) [][]string {
	var removed []string // in reverse order
	for range maxTrailers {
		if len(paras) == 0 {
			break
		}
		last := paras[len(paras)-1]
		if t, ok := matchTrailer(strings.Join(last, " ")); ok && len(paras) > 1 {
			removed = append(removed, strings.Join(last, "\n"))
			f.addTrailer(t)
			paras = paras[:len(paras)-1]
			continue
		}
		if len(last) > 1 {
			if t, ok := matchTrailer(last[len(last)-1]); ok {
				removed = append(removed, last[len(last)-1])
				f.addTrailer(t)
				paras[len(paras)-1] = last[:len(last)-1]
				continue
			}
		}
		break
	}
	for i, j := 0, len(removed)-1; i < j; i, j = i+1, j-1 {
		removed[i], removed[j] = removed[j], removed[i]
	}
	f.trailer = strings.Join(removed, "\n")
	return paras
}

// trailer is what one trailer line says.
type trailer struct {
	outlet string // display name
	date   string // as written
}

// addTrailer keeps the facts of the outermost trailer that gives them: the
// one nearest the end is the outlet's own sign-off.
func (f *textFacts) addTrailer(t trailer) {
	if f.trailerOutlet == "" {
		f.trailerOutlet = t.outlet
	}
	if f.trailerDate == "" {
		f.trailerDate = t.date
	}
}

var (
	// sourceRE: "Source » dawn", "Source: Reuters", "Sources - AFP".
	sourceRE = regexp.MustCompile(`(?i)^sources?\s*(?:»|:|-|–|—|>|\|)\s*(.{1,80})$`)
	// parenRE: "(Reuters)", "(With inputs from agencies)".
	parenRE = regexp.MustCompile(`^\(\s*([^()]{2,200}?)\s*\)\.?$`)
	// creditRE: "Reporting by X; Editing by Y", "Additional reporting by Z".
	creditRE = regexp.MustCompile(`(?i)^\(?(?:additional |extra )?(?:reporting|writing|written|editing|edited|compiled|compiling|graphics|translated|translation)(?: and \w+)? by\b.{1,400}$`)
	// inputsRE: "With inputs from agencies".
	inputsRE = regexp.MustCompile(`(?i)^\(?(?:with )?(?:additional )?inputs? from\b.{1,150}$`)
	// copyrightRE: "© 2023 Reuters", "Copyright 2023 The Associated Press. All rights reserved."
	copyrightRE = regexp.MustCompile(`(?i)^(?:©|\(c\)|copyright\b)\s*(.{0,200})$`)
	// reservedRE: "All rights reserved."
	reservedRE = regexp.MustCompile(`(?i)^all rights reserved\.?$`)
	// followRE: "Follow us on Twitter", "Follow Dawn on Facebook".
	followRE = regexp.MustCompile(`(?i)^follow (?:us|\S+(?: \S+)?) on\b.{0,200}$`)
	// readMoreRE: "Read more: ...", "Also read: ...".
	readMoreRE = regexp.MustCompile(`(?i)^(?:read more|also read|read also|see also|related|more on this(?: story)?)(?:\s*[:»\-–—|].{0,300})?$`)
	// publishedInRE: "Published in Dawn, November 5th, 2023".
	publishedInRE = regexp.MustCompile(`(?i)^published in ([^,]{2,60}),\s*(.{6,40}?)\.?$`)
	// appearedRE: WordPress feeds' "The post X appeared first on Y."
	appearedRE = regexp.MustCompile(`(?i)^the post .{1,300} appeared first on (.{2,60}?)\.?$`)
	// signupRE: "Sign up for our newsletter ...".
	signupRE = regexp.MustCompile(`(?i)^(?:sign up|subscribe) (?:to|for)\b.{0,150}$`)
	// dashOutletRE: "— AFP", "- Reuters", "— Agencies".
	dashOutletRE = regexp.MustCompile(`^(?:-{1,2}|–|—)\s*(\p{L}[\p{L}.&/ ]{1,40})$`)
	// bylineDeskRE: the sign-offs of a desk rather than an outlet.
	bylineDeskRE = regexp.MustCompile(`(?i)^(?:agencies|agency|agency reports|staff reporter|our (?:staff )?(?:correspondent|reporter)|news desk|web desk|monitoring desk)$`)
	// copyrightNoiseRE finds years and the boilerplate of a copyright line.
	copyrightNoiseRE = regexp.MustCompile(`(?i)\b(?:\d{4}(?:\s*[-–]\s*\d{4})?|all rights reserved|ltd|inc|llc|plc|limited)\b|[.,]`)
)

// matchTrailer reports whether line is outlet boilerplate, and what it
// says about the outlet and date.
func matchTrailer(line string) (trailer, bool) {
	line = strings.TrimSpace(line)
	if line == "" || len(line) > 500 {
		return trailer{}, false
	}
	if m := sourceRE.FindStringSubmatch(line); m != nil && len(strings.Fields(m[1])) <= 6 {
		return trailer{outlet: slugName(firstOutlet(m[1]))}, true
	}
	if m := publishedInRE.FindStringSubmatch(line); m != nil {
		t := trailer{outlet: outletName(m[1])}
		if _, prec, err := ParseTime(m[2]); err == nil && prec == PrecisionDay {
			t.date = strings.TrimSpace(m[2])
		}
		return t, true
	}
	if m := appearedRE.FindStringSubmatch(line); m != nil {
		return trailer{outlet: outletName(m[1])}, true
	}
	if m := parenRE.FindStringSubmatch(line); m != nil {
		if name, ok := knownOutlet(m[1]); ok {
			return trailer{outlet: name}, true
		}
		if creditRE.MatchString(m[1]) || inputsRE.MatchString(m[1]) {
			return trailer{}, true
		}
		return trailer{}, false
	}
	if m := copyrightRE.FindStringSubmatch(line); m != nil {
		holder := strings.TrimSpace(copyrightNoiseRE.ReplaceAllString(m[1], " "))
		name, _ := knownOutlet(holder)
		return trailer{outlet: name}, true
	}
	if m := dashOutletRE.FindStringSubmatch(line); m != nil {
		// Only a known outlet or desk: "- Item one" ends a list, not a story.
		if name, ok := knownOutlet(m[1]); ok {
			return trailer{outlet: name}, true
		}
		if bylineDeskRE.MatchString(strings.TrimSpace(m[1])) {
			return trailer{}, true
		}
	}
	for _, re := range []*regexp.Regexp{creditRE, inputsRE, reservedRE, followRE, readMoreRE, signupRE} {
		if re.MatchString(line) {
			return trailer{}, true
		}
	}
	return trailer{}, false
}

// firstOutlet returns the first of several sources named together
// ("Reuters, AFP" -> "Reuters"), unless the whole is a known name
// ("Mail & Guardian").
func firstOutlet(s string) string {
	s = strings.TrimSpace(strings.TrimRight(s, ". "))
	if _, ok := knownOutlet(s); ok {
		return s
	}
	if i := strings.IndexAny(s, ",;/&"); i > 0 {
		s = s[:i]
	}
	if i := strings.Index(strings.ToLower(s), " and "); i > 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}
