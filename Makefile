# The two commands a fresh machine needs (Go 1.26 is the only prerequisite):
#   make demo   builds dyad and runs the main job on the bundled examples
#   make test   vets and tests everything, with the race detector
GO ?= go
DB ?= dyad.db

.PHONY: demo test build fuzz-short bench

build:
	$(GO) build -o bin/dyad ./cmd/dyad

demo: build
	./bin/dyad run --db $(DB) examples/
	./bin/dyad list --db $(DB)

test:
	$(GO) vet ./...
	$(GO) test -race -count=1 ./...

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...
