package text

import (
	"strings"
	"testing"
)

// tokenString segments body and writes its tokens separated by spaces,
// with "~" after a token fused with the next one (do~ n't).
func tokenString(body string) string {
	_, toks := New().Segment(body, nil)
	var b strings.Builder
	for i, t := range toks {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(body[t.Span.Start:t.Span.End])
		if t.FusedWithNext {
			b.WriteByte('~')
		}
	}
	return b.String()
}

func TestTokenizeRules(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		// "its" is it + s when the word after cannot follow a possessive.
		{"its it is", "its a shame", "it~ s a shame"},
		{"Its it is", "Its not fair", "It~ s not fair"},
		{"its preposition", "I think its in the box", "I think it~ s in the box"},
		{"its possessive", "the dog wagged its tail", "the dog wagged its tail"},
		{"its very possessive", "by its very nature", "by its very nature"},
		{"its hyphen", "its so-called leader", "its so - called leader"},
		{"its comma", "I know its, well", "I know its , well"},
		// "your" is you + r when the word after cannot follow a possessive.
		{"your the", "Elmira, your the best", "Elmira , you~ r the best"},
		{"Your in", "Your in luck", "You~ r in luck"},
		{"your possessive", "your cat", "your cat"},
		{"your in-laws", "your in-laws", "your in - laws"},
		// n't written without its apostrophe.
		{"havent", "we havent had it", "we have~ nt had it"},
		{"Isnt", "Isnt it", "Is~ nt it"},
		{"wasnt", "it wasnt me", "it was~ nt me"},
		{"dunno", "I dunno", "I du~ n~ no"},
		{"learned didnt", "I didnt go", "I did~ nt go"},
		{"cmon", "c'mon guys", "c'm~ on guys"},
		{"cmon curly", "C’mon.", "C’m~ on ."},
		// Number codes with a hyphen.
		{"code leading zero", "Resolution 36-01 passed", "Resolution 36-01 passed"},
		{"range", "pages 3-4 and 10-12", "pages 3 - 4 and 10 - 12"},
		{"year range", "in 2005-06 and 1504-06", "in 2005 - 06 and 1504 - 06"},
		{"phone", "call 713-853-3989", "call 713-853-3989"},
		// Rules drawn with hyphens and equals signs, and ">>".
		{"rule mixed", "----== Posted", "----== Posted"},
		{"rule mixed 2", "=--- end", "=--- end"},
		{"rule suffix", "News==---- The", "News ==---- The"},
		{"arrow", "a -> b", "a -> b"},
		{"ornament", "---->===}*{===<---- x", "---->===}*{===<---- x"},
		{"stars", "*~*~* hi", "*~*~* hi"},
		{"word after stars", "**bold", "** bold"},
		{"empty brackets", "at: <> Outlook", "at : < > Outlook"},
		{"rule prefix", "==--News", "==-- News"},
		{"double dash word", "--word", "-- word"},
		{"hyphen number", "-37 degrees", "- 37 degrees"},
		{"chevrons alone", "TEXT.htm >> I was", "TEXT.htm >> I was"},
		{"chevrons attached", "<<File.doc>> ok", "<< File.doc >> ok"},
		{"chevron quote", ">>Hello", ">> Hello"},
		// Hyphens inside domain, newsgroup and file names.
		{"newsgroup", "alt.animals.dogs.open-forum, x", "alt.animals.dogs.open-forum , x"},
		{"file name", "see draft-FINAL.doc now", "see draft-FINAL.doc now"},
		{"initials before hyphen", "U.S.-led forces", "U.S. - led forces"},
		{"plain compound", "search-engine", "search - engine"},
		// Domain names with a capitalised top-level domain.
		{"domain Com", "Posted via Newsfeed.Com today", "Posted via Newsfeed.Com today"},
		{"missing space", "sushi.They", "sushi . They"},
		// Paired curly single quotes.
		{"closing pair", "Afghanistan,’’ says", "Afghanistan , ’’ says"},
		{"opening pair", "‘’Should we", "‘’ Should we"},
		{"single curly", "‘quoted’ word", "‘ quoted ’ word"},
		// Times glued to am/pm.
		{"time pm", "at 7:30PM today", "at 7:30 PM today"},
		{"time am", "6:00am", "6:00 am"},
		{"hour pm", "6pm", "6 pm"},
		// Degrees.
		{"degrees C", "about 24°C today", "about 24 ° C today"},
		{"degrees alone", "a 90º turn", "a 90 º turn"},
		{"degrees F decimal", "98.6°F.", "98.6 ° F ."},
		{"ratio", "a 3:2 ratio", "a 3:2 ratio"},
		// An ellipsis before a question mark.
		{"ellipsis question", "downtown...? like", "downtown ... ? like"},
		{"two dots question", "what..? ok", "what ..? ok"},
		{"question run", "really?!? yes", "really ?!? yes"},
		// Initials short of their final full stop.
		{"U.S no stop", "in the U.S for", "in the U.S for"},
		{"three initials", "L.I.T is", "L.I.T is"},
		{"initial before name", "J.Smith", "J. Smith"},
		{"St.George", "St.George", "St. George"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := tokenString(c.in); got != c.want {
				t.Errorf("%q:\n got %s\nwant %s", c.in, got, c.want)
			}
		})
	}
}

func TestWords(t *testing.T) {
	for _, c := range []struct {
		in   string
		want string
	}{
		{"Iran’s foreign minister", "Iran|’s|foreign|minister"},
		{"U.S. Secretary of State", "U.S.|Secretary|of|State"},
		{"Côte d'Ivoire", "Côte|d'Ivoire"},
		{"", ""},
	} {
		if got := strings.Join(New().Words(c.in), "|"); got != c.want {
			t.Errorf("Words(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
