package eval

import (
	"bytes"
	"encoding/json"
	"reflect"
	"slices"
	"testing"
)

// TestCountsAdd sets every field to a distinct value through reflection,
// so a field added to Counts but forgotten in Add fails here.
func TestCountsAdd(t *testing.T) {
	var a Counts
	v := reflect.ValueOf(&a).Elem()
	for i := range v.NumField() {
		v.Field(i).SetInt(int64(i + 1))
	}
	var sum Counts
	sum.Add(a)
	sum.Add(a)
	s := reflect.ValueOf(sum)
	for i := range s.NumField() {
		if got, want := s.Field(i).Int(), int64(2*(i+1)); got != want {
			t.Errorf("%s = %d after adding %d twice", s.Type().Field(i).Name, got, i+1)
		}
	}
}

var reportKeys = []string{
	"entities_recall", "entities_strict_recall", "places_correct", "places_total",
	"dates_correct", "dates_total", "quotes_precision", "quotes_recall",
	"speaker_accuracy", "events_precision", "events_recall",
	"attributes_correct", "attributes_total",
}

func TestReportJSONKeys(t *testing.T) {
	data, err := json.Marshal(Counts{Entities: 3, EntitiesFound: 2}.Report())
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	want := slices.Sorted(slices.Values(reportKeys))
	if !slices.Equal(keys, want) {
		t.Errorf("keys %v\nwant %v", keys, want)
	}
}

func TestReportZeroDenominators(t *testing.T) {
	r := Counts{}.Report()
	if r != (Report{}) {
		t.Errorf("empty counts give %+v, want all 0", r)
	}
	// Numerators without denominators cannot happen from Score, but must
	// not divide by zero either.
	r = Counts{SpeakersCorrect: 1, EventsCorrect: 1}.Report()
	if r.SpeakerAccuracy != 0 || r.EventsPrecision != 0 {
		t.Errorf("%+v", r)
	}
	if _, err := json.Marshal(r); err != nil { // NaN or Inf would fail
		t.Error(err)
	}
}

func TestReportFractions(t *testing.T) {
	c := Counts{
		Entities: 17, EntitiesFound: 16, EntitiesStrict: 15,
		PlacesCorrect: 8, PlacesTotal: 9, DatesCorrect: 5, DatesTotal: 5,
		QuotesProduced: 10, QuotesMatchedProduced: 8, QuotesGold: 11, QuotesMatchedGold: 8, SpeakersCorrect: 7,
		EventsProduced: 12, EventsCorrect: 6, EventsRequired: 8, EventsRecalled: 6,
		AttributesCorrect: 4, AttributesTotal: 8,
	}
	want := Report{
		EntitiesRecall: 16.0 / 17, EntitiesStrictRecall: 15.0 / 17,
		PlacesCorrect: 8, PlacesTotal: 9, DatesCorrect: 5, DatesTotal: 5,
		QuotesPrecision: 0.8, QuotesRecall: 8.0 / 11, SpeakerAccuracy: 7.0 / 8,
		EventsPrecision: 0.5, EventsRecall: 0.75,
		AttributesCorrect: 4, AttributesTotal: 8,
		Counts: c,
	}
	if got := c.Report(); got != want {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}

	var buf bytes.Buffer
	if err := c.Report().WriteTable(&buf); err != nil {
		t.Fatal(err)
	}
	const table = `metric                  value  counts
entities_recall         0.941  16/17
entities_strict_recall  0.882  15/17
places_correct          8      8/9
places_total            9
dates_correct           5      5/5
dates_total             5
quotes_precision        0.800  8/10
quotes_recall           0.727  8/11
speaker_accuracy        0.875  7/8
events_precision        0.500  6/12
events_recall           0.750  6/8
attributes_correct      4      4/8
attributes_total        8
`
	if got := buf.String(); got != table {
		t.Errorf("table:\n%s\nwant:\n%s", got, table)
	}
}
