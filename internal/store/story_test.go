package store

import (
	"strings"
	"testing"
)

func TestMinHashOverlap(t *testing.T) {
	wire := "Turkish Foreign Minister Hakan Fidan met his Egyptian counterpart Sameh Shoukry in Cairo on Sunday to discuss the war in Gaza and the delivery of humanitarian aid. The two ministers called for an immediate ceasefire and agreed to keep in close contact, the Turkish foreign ministry said in a statement."
	base, n := minHash(wire)
	if n < minShingles {
		t.Fatalf("%d shingles, want at least %d", n, minShingles)
	}
	for _, c := range []struct {
		name, text string
		copy       bool
	}{
		{"a sentence added", wire + " The meeting lasted two hours.", true},
		{"a new opening", "CAIRO, Nov 5 (Reuters) - " + wire, true},
		{"words changed", strings.Replace(wire, "in a statement", "on its website", 1), true},
		{"punctuation and case only", strings.ToUpper(strings.ReplaceAll(wire, ",", ";")), true},
		{"another story", "Heavy rain caused floods across northern Italy on Sunday, and thousands of people were moved from their homes as rivers burst their banks in several towns near Bologna, the civil protection agency said.", false},
		{"another report of the same meeting", "Egypt's foreign minister Sameh Shoukry received his Turkish counterpart in Cairo, where talks focused on aid deliveries to Gaza through the Rafah crossing, Egyptian state media reported.", false},
	} {
		sig, _ := minHash(c.text)
		o := overlap(base, sig)
		if (o >= minStoryOverlap) != c.copy {
			t.Errorf("%s: overlap %.2f, copy=%v", c.name, o, c.copy)
		}
	}
	sig, _ := minHash(wire)
	if back, ok := decodeSignature(encodeSignature(sig)); !ok || back != sig {
		t.Error("signature does not survive encoding")
	}
}
