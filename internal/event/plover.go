package event

import (
	"bufio"
	"bytes"
	"fmt"
	"strings"
)

// PLOVERType is one row of the CAMEO-to-PLOVER crosswalk.
type PLOVERType struct {
	Event, Mode, Context string
}

// Crosswalk maps CAMEO codes to PLOVER event types (data/cameo2plover.txt,
// PLOVER manual draft 0.8, 2021).
type Crosswalk map[string]PLOVERType

// LoadCrosswalk reads the embedded crosswalk.
func LoadCrosswalk() (Crosswalk, error) {
	b, err := dataFS.ReadFile("data/cameo2plover.txt")
	if err != nil {
		return nil, err
	}
	cw := Crosswalk{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		line = strings.TrimSpace(line)
		if line == "" || strings.Trim(line, "~") == "" {
			continue // blank, or the file's closing rule
		}
		code, rest, ok := strings.Cut(line, ":")
		if !ok {
			return nil, fmt.Errorf("event: data/cameo2plover.txt:%d: want CODE: EVENT, mode, context", n)
		}
		f := strings.Split(rest, ",")
		for len(f) < 3 {
			f = append(f, "")
		}
		code = strings.TrimSpace(code)
		if _, dup := cw[code]; dup {
			continue // 08 is listed twice (CONCEDE, RETREAT): the first stands
		}
		cw[code] = PLOVERType{Event: strings.TrimSpace(f[0]), Mode: strings.TrimSpace(f[1]), Context: strings.TrimSpace(f[2])}
	}
	return cw, sc.Err()
}

// Lookup gives the PLOVER type of a CAMEO code: its own row, else its
// three-digit parent's, else its root's; ok is false for codes PLOVER
// leaves out (01 statements, 02 appeals).
func (cw Crosswalk) Lookup(code string) (PLOVERType, bool) {
	for l := len(code); l >= 2; l-- {
		if t, ok := cw[code[:l]]; ok && t.Event != "" {
			return t, true
		}
	}
	return PLOVERType{}, false
}
