//go:build race

package main

// raceEnabled is true in binaries built with -race, which run several
// times slower: tests that need a long-running process size their input by it.
const raceEnabled = true
