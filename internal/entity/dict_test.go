package entity

import (
	"strings"
	"testing"
	"testing/fstest"
)

// spaceTok splits on spaces and peels a final possessive, enough for
// hand-written test phrases.
func spaceTok(p string) []string { return strings.Fields(p) }

func testDict(t *testing.T) *Dictionary {
	t.Helper()
	fsys := fstest.MapFS{
		"countries.tsv": {Data: []byte("# code\tname\tvariants\tadjectives\tcapital\tmetonyms\n" +
			"TUR\tTurkey\tTürkiye; Turkiye\tTurkish; Turks\tAnkara\tAnkara=GOV\n" +
			"USA\tUnited States\tUS; U.S.; United States of America\tAmerican; Americans\tWashington\tWashington=GOV; White House=GOV; Pentagon=MIL\n")},
		"organisations.tsv": {Data: []byte("IGOUNO\tUnited Nations\tUN; U.N.\tigo\t\t\n" +
			"IMGREB\tIslamic State\tIS; ISIS\tgroup\t\t\n" +
			"AFGREB\tTaliban\t\tgroup\t2001-11-13\t2021-08-14\n" +
			"AFGGOV\tTaliban\t\tgroup\t2021-08-15\t\n")},
		"roles.tsv": {Data: []byte("foreign minister\tGOV\t\nminister\tGOV\t\ntroops\tMIL\tsoldiers\n")},
		"people-x.tsv": {Data: []byte("Ismail Haniyeh\tHaniyeh\tPSEREB\tpolitical bureau chief\t2017-05-06\t2024-07-31\t\n" +
			"Ismail Haniyeh\tHaniyeh\tPSEGOV\tprime minister\t2006-03\t2014-06\tof the PA government in Gaza\n")},
	}
	d, err := ReadDictionary(fsys, spaceTok)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestDictionaryMatch(t *testing.T) {
	d := testDict(t)
	for _, c := range []struct {
		text  string
		at    int
		n     int
		kinds []Kind
		codes []string
	}{
		{"Turkish Foreign Minister", 0, 1, []Kind{KindAdjective}, []string{"TUR"}},
		{"Turkish Foreign Minister", 1, 2, []Kind{KindRole}, []string{"GOV"}}, // longest match wins
		{"the minister", 1, 1, []Kind{KindRole}, []string{"GOV"}},
		{"in TURKIYE today", 1, 1, []Kind{KindCountry}, []string{"TUR"}}, // names match in any case
		{"the United States of America", 1, 4, []Kind{KindCountry}, []string{"USA"}},
		{"the United States said", 1, 2, []Kind{KindCountry}, []string{"USA"}},
		{"the White House", 1, 2, []Kind{KindSeat}, []string{"USAGOV"}},
		{"the Pentagon", 1, 1, []Kind{KindSeat}, []string{"USAMIL"}},
		{"fighters of IS", 2, 1, []Kind{KindOrg}, []string{"IMGREB"}},
		{"this is it", 1, 0, nil, nil}, // acronyms match in their case only
		{"the UN said", 1, 1, []Kind{KindOrg}, []string{"IGOUNO"}},
		{"the un said", 1, 0, nil, nil},
		{"Taliban fighters", 0, 1, []Kind{KindOrg, KindOrg}, []string{"AFGREB", "AFGGOV"}},
		{"Ismail Haniyeh", 0, 2, []Kind{KindPerson, KindPerson}, []string{"PSEREB", "PSEGOV"}},
		{"United Kingdom", 0, 0, nil, nil}, // "United" alone is only a prefix
	} {
		words := strings.Fields(c.text)
		n, es := d.Match(words, c.at)
		if n != c.n || len(es) != len(c.codes) {
			t.Errorf("%q at %d: %d words, %d entries; want %d, %d", c.text, c.at, n, len(es), c.n, len(c.codes))
			continue
		}
		for i, ei := range es {
			e := d.Entry(int(ei))
			if e.Kind != c.kinds[i] || e.Code != c.codes[i] {
				t.Errorf("%q: entry %d is %s %s, want %s %s", c.text, i, e.Kind, e.Code, c.kinds[i], c.codes[i])
			}
		}
	}
}

func TestDatedRoles(t *testing.T) {
	d := testDict(t)
	_, es := d.Match([]string{"Haniyeh"}, 0)
	holding := func(day int) []string {
		var codes []string
		for _, i := range es {
			if e := d.Entry(int(i)); e.Holds(day) {
				codes = append(codes, e.Code)
			}
		}
		return codes
	}
	for _, c := range []struct {
		day  int
		want string
	}{
		{20231105, "PSEREB"},
		{20120101, "PSEGOV"},
		{20060301, "PSEGOV"}, // "2006-03" starts on the first of the month
		{20140630, "PSEGOV"}, // "2014-06" ends on the last of the month
		{20240731, "PSEREB"}, // the last day is inclusive
		{20240801, ""},
	} {
		if got := strings.Join(holding(c.day), ","); got != c.want {
			t.Errorf("Haniyeh on %d: %q, want %q", c.day, got, c.want)
		}
	}
	if got := holding(0); len(got) != 2 {
		t.Errorf("undated article: %v, want both roles", got)
	}
}

func TestDictionaryErrorsNameFileAndLine(t *testing.T) {
	for _, c := range []struct {
		file, data, want string
	}{
		{"roles.tsv", "# x\nminister\tgov\t\n", "roles.tsv:2"},
		{"people-x.tsv", "A B\t\tXGOV\tpresident\t2020-13-01\t\t\n", "people-x.tsv:1"},
		{"people-x.tsv", "A B\t\tXXXGOV\tpresident\t2021\t2020\t\n", "after"},
		{"countries.tsv", "TUR\tTurkey\t\t\tAnkara\tAnkara\n", "NAME=TYPE"},
	} {
		fsys := fstest.MapFS{"countries.tsv": {}, "organisations.tsv": {}, "roles.tsv": {}}
		fsys[c.file] = &fstest.MapFile{Data: []byte(c.data)}
		_, err := ReadDictionary(fsys, spaceTok)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s %q: error %v, want it to mention %q", c.file, c.data, err, c.want)
		}
	}
}
