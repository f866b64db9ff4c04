package fold

import "testing"

func TestFold(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Paris", "paris"},
		{"paris", "paris"},
		{"Çamlıhemşin", "camlihemsin"},
		{"Türkiye", "turkiye"},
		{"the Black Sea", "black sea"},
		{"Nagorno-Karabakh", "nagorno karabakh"},
		{"U.S.", "us"},
		{"  Gaza   Strip ", "gaza strip"},
		{"Sant Julià de Lòria", "sant julia de loria"},
		{"Łódź", "lodz"},
		{"Washington, D.C.", "washington dc"},
		{"Tehran’s", "tehrans"},
		{"theodore", "theodore"},
	} {
		if got := Fold(c.in); got != c.want {
			t.Errorf("Fold(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
