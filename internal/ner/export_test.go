package ner

// SharedData is sharedData, for the external tests.
var SharedData = sharedData
