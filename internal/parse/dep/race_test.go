//go:build race

package dep

const raceEnabled = true
