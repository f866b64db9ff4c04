package entity

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

func TestGazetteerClasses(t *testing.T) {
	fsys := fstest.MapFS{
		"countries.tsv": {Data: []byte("TUR\tTurkey\tTürkiye\tTurkish; Turks\tAnkara\tAnkara=GOV\n" +
			"USA\tUnited States\tUS; America\tAmerican\tWashington\tWashington=GOV; White House=GOV\n")},
		"organisations.tsv": {Data: []byte("IGOUNO\tUnited Nations\tUN\tigo\t\t\n" +
			"USABUS\tAmerica Corp\tAmerica\tcompany\t\t\n")},
		"roles.tsv":    {Data: []byte("foreign minister\tGOV\t\nminister\tGOV\t\n")},
		"people-x.tsv": {Data: []byte("Hakan Fidan\tFidan\tTURGOV\tforeign minister\t2023-06\t\t\n")},
	}
	d, err := ReadDictionary(fsys, strings.Fields)
	if err != nil {
		t.Fatal(err)
	}
	g := NewGazetteer(d)
	if g.Name() != GazetteerName {
		t.Errorf("Name() = %q", g.Name())
	}
	tests := []struct {
		sent string
		want []string // classes per word, "+"-joined, "." for none
	}{
		{"Turkish foreign minister Hakan Fidan met UN officials",
			[]string{"B-adjective", "B-role", "I-role", "B-person", "I-person", ".", "B-org", "."}},
		{"the White House and Ankara", []string{".", "B-seat", "I-seat", ".", "B-seat"}},
		// Two kinds; acronyms match in their case only.
		{"America let us go", []string{"B-country+B-org", ".", ".", "."}},
		{"the united states of America", []string{".", "B-country", "I-country", ".", "B-country+B-org"}},
		{"", nil},
	}
	for _, tt := range tests {
		words := strings.Fields(tt.sent)
		out := make([][]string, len(words))
		g.Classes(words, out)
		var got []string
		for _, cs := range out {
			if len(cs) == 0 {
				got = append(got, ".")
			} else {
				got = append(got, strings.Join(cs, "+"))
			}
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("Classes(%q) = %q, want %q", tt.sent, got, tt.want)
		}
	}
}

func TestGazetteerEmbedded(t *testing.T) {
	d, err := LoadDictionary(segmenterTok)
	if err != nil {
		t.Fatal(err)
	}
	g := NewGazetteer(d)
	words := segmenterTok("Hakan Fidan flew from Ankara to the United Nations in New York.")
	out := make([][]string, len(words))
	g.Classes(words, out)
	has := func(w, c string) bool {
		for i, x := range words {
			if x == w && slices.Contains(out[i], c) {
				return true
			}
		}
		return false
	}
	for _, c := range [][2]string{{"Hakan", "B-person"}, {"Fidan", "I-person"}, {"Ankara", "B-seat"}, {"United", "B-org"}, {"Nations", "I-org"}} {
		if !has(c[0], c[1]) {
			t.Errorf("%s: no %s in %q", c[0], c[1], out)
		}
	}
	if has("flew", "B-role") || len(out[2]) != 0 {
		t.Errorf("flew: %q", out[2])
	}
}
