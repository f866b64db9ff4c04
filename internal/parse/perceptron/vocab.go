package perceptron

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// Labels maps class names (tags, transitions) to class numbers and back.
type Labels struct {
	names []string
	index map[string]int
}

// NewLabels returns labels with the given names, numbered in order.
func NewLabels(names ...string) *Labels {
	l := &Labels{index: map[string]int{}}
	for _, n := range names {
		l.Add(n)
	}
	return l
}

// Add returns the number of name, adding it if it is new.
func (l *Labels) Add(name string) int {
	if i, ok := l.index[name]; ok {
		return i
	}
	l.index[name] = len(l.names)
	l.names = append(l.names, name)
	return len(l.names) - 1
}

// Index returns the number of name and whether it is known.
func (l *Labels) Index(name string) (int, bool) {
	i, ok := l.index[name]
	return i, ok
}

// Name returns the name of class i.
func (l *Labels) Name(i int) string { return l.names[i] }

// Len is the number of labels.
func (l *Labels) Len() int { return len(l.names) }

// Names returns the names in class order.
func (l *Labels) Names() []string { return append([]string(nil), l.names...) }

// WriteTo writes one name per line.
func (l *Labels) WriteTo(w io.Writer) (int64, error) {
	var n int64
	for _, name := range l.names {
		if strings.ContainsAny(name, "\n") {
			return n, fmt.Errorf("label %q has a newline", name)
		}
		k, err := io.WriteString(w, name+"\n")
		n += int64(k)
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// ReadLabels reads labels written by WriteTo.
func ReadLabels(r io.Reader) (*Labels, error) {
	l := NewLabels()
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		if _, dup := l.index[sc.Text()]; dup {
			return nil, fmt.Errorf("labels: %q twice", sc.Text())
		}
		l.Add(sc.Text())
	}
	return l, sc.Err()
}
