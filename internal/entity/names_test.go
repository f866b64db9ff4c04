package entity

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestReadGivenNames(t *testing.T) {
	fsys := fstest.MapFS{
		"given-names-a.tsv": {Data: []byte("# English\nMary\tF\nAndrea\tF\nJohn\tM\n")},
		"given-names-b.tsv": {Data: []byte("# world: corrects the first\nAndrea\tM\nOlena\tF\n")},
	}
	names, err := ReadGivenNames(fsys)
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]gender{"mary": genderFemale, "john": genderMale, "andrea": genderMale, "olena": genderFemale, "kim": genderUnknown} {
		if got := names[name]; got != want {
			t.Errorf("%s: %d, want %d", name, got, want)
		}
	}
	for _, bad := range []struct{ row, want string }{
		{"Mary F", `given-names-x.tsv:1: want NAME<TAB>M or F`},
		{"Mary\tX", `given-names-x.tsv:1: gender "X"`},
	} {
		_, err := ReadGivenNames(fstest.MapFS{"given-names-x.tsv": {Data: []byte(bad.row + "\n")}})
		if err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("%q: err = %v, want %q", bad.row, err, bad.want)
		}
	}
}

func TestEmbeddedGivenNames(t *testing.T) {
	names, err := LoadGivenNames()
	if err != nil {
		t.Fatal(err)
	}
	// Names on both source lists say nothing and must be absent.
	for name, want := range map[string]gender{"mary": genderFemale, "thomas": genderMale, "leslie": genderUnknown} {
		if got := names[name]; got != want {
			t.Errorf("%s: %d, want %d", name, got, want)
		}
	}
}

func TestWordGender(t *testing.T) {
	for w, want := range map[string]gender{
		"spokeswoman": genderFemale, "Mrs.": genderFemale, "queen": genderFemale,
		"spokesman": genderMale, "Mr": genderMale, "chairman": genderMale,
		"German": genderUnknown, "human": genderUnknown, "minister": genderUnknown, "man": genderMale,
	} {
		if got := wordGender(w); got != want {
			t.Errorf("%s: %d, want %d", w, got, want)
		}
	}
}
