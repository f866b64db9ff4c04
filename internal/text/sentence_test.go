package text

import (
	"strings"
	"testing"
)

// TestSentenceRules checks the rules that override the boundary model.
func TestSentenceRules(t *testing.T) {
	for _, c := range []struct {
		name, in string
		want     []string
	}{
		{"a quotation closed after a comma runs on into its cue",
			"“This is one of Hillary’s friends from sixth grade,” Tom told the crowd.",
			[]string{"“This is one of Hillary’s friends from sixth grade,” Tom told the crowd."}},
		{"a quotation closed after a full stop may end the sentence",
			"“We will win.” The crowd cheered.",
			[]string{"“We will win.”", "The crowd cheered."}},
		{"a line break ends a heading-like line",
			"Talks resume\nThe ministry said talks would resume.",
			[]string{"Talks resume", "The ministry said talks would resume."}},
	} {
		t.Run(c.name, func(t *testing.T) {
			sents, _ := New().Segment(c.in, nil)
			var got []string
			for _, s := range sents {
				got = append(got, c.in[s.Span.Start:s.Span.End])
			}
			if strings.Join(got, "|") != strings.Join(c.want, "|") {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}
