package entity

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"strings"
)

// gender is what a mention says of its person's gender: enough to keep
// "she" from being linked to a man.
type gender uint8

const (
	genderUnknown gender = iota
	genderMale
	genderFemale
)

// GivenNames maps lower-cased given names to the gender they denote.
type GivenNames map[string]gender

// LoadGivenNames reads the embedded given-name lists.
func LoadGivenNames() (GivenNames, error) {
	sub, err := fs.Sub(embedded, "data")
	if err != nil {
		return nil, err
	}
	return ReadGivenNames(sub)
}

// ReadGivenNames reads every given-names*.tsv of fsys (lines "Name\tM" or
// "Name\tF", # comments) in name order; a later file's row replaces an
// earlier one's, so the hand-written world list corrects the generated
// English one.
func ReadGivenNames(fsys fs.FS) (GivenNames, error) {
	files, err := fs.Glob(fsys, "given-names*.tsv")
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("given names: no given-names*.tsv")
	}
	// The generated English list sorts before the hand-written ones.
	names := GivenNames{}
	for _, name := range files {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("given names: %w", err)
		}
		if err := names.read(name, b); err != nil {
			return nil, err
		}
	}
	return names, nil
}

func (g GivenNames) read(file string, b []byte) error {
	sc := bufio.NewScanner(bytes.NewReader(b))
	for line := 1; sc.Scan(); line++ {
		row := sc.Text()
		if row == "" || strings.HasPrefix(row, "#") {
			continue
		}
		name, sex, ok := strings.Cut(row, "\t")
		if !ok || name == "" {
			return fmt.Errorf("given names %s:%d: want NAME<TAB>M or F, got %q", file, line, row)
		}
		switch sex {
		case "M":
			g[strings.ToLower(name)] = genderMale
		case "F":
			g[strings.ToLower(name)] = genderFemale
		default:
			return fmt.Errorf("given names %s:%d: gender %q: want M or F", file, line, sex)
		}
	}
	return sc.Err()
}

// pronounGender is the gender a third-person pronoun marks.
func pronounGender(w string) gender {
	switch strings.ToLower(w) {
	case "he", "him", "his", "himself":
		return genderMale
	case "she", "her", "hers", "herself":
		return genderFemale
	}
	return genderUnknown
}

// wordGender is the gender a title or a person noun marks: "Mrs",
// "spokeswoman", "king". Nouns used of anyone ("minister", "leader")
// say nothing.
func wordGender(w string) gender {
	w = strings.TrimSuffix(strings.ToLower(w), ".")
	switch w {
	case "mr", "sir", "lord", "king", "prince", "emir", "sultan", "sheikh", "pope", "cardinal", "ayatollah",
		"father", "brother", "son", "husband", "uncle", "nephew", "grandfather", "boy", "man", "gentleman",
		"widower", "duke", "earl", "baron", "emperor", "tsar", "czar", "monk", "rabbi", "imam":
		return genderMale
	case "mrs", "ms", "miss", "madam", "madame", "dame", "lady", "queen", "princess", "empress", "duchess",
		"baroness", "countess", "sultana", "sheikha", "mother", "sister", "daughter", "wife", "aunt", "niece",
		"grandmother", "girl", "woman", "widow", "nun", "actress":
		return genderFemale
	}
	switch {
	case strings.HasSuffix(w, "woman"):
		return genderFemale
	case strings.HasSuffix(w, "man") && len(w) > 5 && !notManNouns[w]:
		// spokesman, chairman, congressman, businessman, gunman
		return genderMale
	}
	return genderUnknown
}

// notManNouns end in "man" without being compounds of it.
var notManNouns = map[string]bool{"german": true, "human": true, "ottoman": true, "shaman": true, "talisman": true, "caiman": true}
