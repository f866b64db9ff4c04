package petrarch

import (
	"fmt"
	"io"
	"strconv"
	"strings"
)

// PICO is PETRARCH-2's internal coding ontology: each CAMEO code as a
// number whose flag 0xFFFF means "not". It is what negation uses: "did
// not criticise" (110, "not cooperate") is 050, "cooperate".
type PICO struct {
	value map[string][]picoValue // CAMEO code -> its readings
	code  map[picoValue]string   // a reading -> the first code with it
}

type picoValue struct {
	v   int
	neg bool
}

// ReadPICO reads an ontology file: "CODE:0xHHHH" lines, where a value may
// be a sum or difference of hex terms, and "#" separates alternative
// readings from each other and from a label.
func ReadPICO(r io.Reader, file string) (*PICO, []Problem, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", file, err)
	}
	p := &PICO{value: map[string][]picoValue{}, code: map[picoValue]string{}}
	var probs []Problem
	for n, l := range strings.Split(string(b), "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		code, rest, ok := strings.Cut(l, ":")
		if !ok {
			probs = append(probs, Problem{file, n + 1, fmt.Sprintf("%q: want CODE:VALUE", l)})
			continue
		}
		for i, alt := range strings.Split(rest, "#") {
			v, ok := readPICOValue(alt)
			if !ok {
				if i == 0 {
					probs = append(probs, Problem{file, n + 1, fmt.Sprintf("bad value %q", alt)})
				}
				continue
			}
			p.value[code] = append(p.value[code], v)
			if _, seen := p.code[v]; !seen {
				p.code[v] = code
			}
		}
	}
	return p, probs, nil
}

func readPICOValue(s string) (picoValue, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return picoValue{}, false
	}
	var v picoValue
	sign := 1
	terms := 0
	for len(s) > 0 {
		switch s[0] {
		case '+':
			sign, s = 1, s[1:]
			continue
		case '-':
			sign, s = -1, s[1:]
			continue
		case ' ':
			s = s[1:]
			continue
		}
		if !strings.HasPrefix(s, "0x") && !strings.HasPrefix(s, "0X") {
			return picoValue{}, false
		}
		end := 2
		for end < len(s) && strings.ContainsRune("0123456789abcdefABCDEF", rune(s[end])) {
			end++
		}
		x, err := strconv.ParseInt(s[2:end], 16, 64)
		if err != nil {
			return picoValue{}, false
		}
		if x == 0xFFFF {
			v.neg = true
		} else {
			v.v += sign * int(x)
		}
		terms++
		s = s[end:]
		sign = 1
	}
	return v, terms > 0
}

// Negate returns the code of "not code": the code one of whose readings
// is the opposite of one of code's ("disapprove" is also "not
// cooperate", so not disapproving is cooperating), else the bare "not"
// (CAMEO 120, reject) for a code with no opposite of its own; ok is false
// when the ontology does not know the code.
func (p *PICO) Negate(code string) (string, bool) {
	if p == nil {
		return "", false
	}
	vs, ok := p.value[code]
	if !ok {
		return "", false
	}
	for _, v := range vs {
		if c, ok := p.code[picoValue{v.v, !v.neg}]; ok && c != code {
			return c, true
		}
	}
	if !vs[0].neg {
		if c, ok := p.code[picoValue{0, true}]; ok {
			return c, true
		}
	}
	return "", false
}

// first is code's first reading.
func (p *PICO) first(code string) (picoValue, bool) {
	vs := p.value[code]
	if len(vs) == 0 {
		return picoValue{}, false
	}
	return vs[0], true
}
