# The one command that runs every check: `make test`.
GO ?= go
STATICCHECK_VERSION = v0.8.2
GOVULNCHECK_VERSION = v1.9.0

# Every fuzz target, as package:Func. `make fuzz` runs each for FUZZTIME;
# `make test` runs each for a few seconds after the tests.
FUZZ_TARGETS = ./parse:FuzzParseHTML ./parse:FuzzParseText ./parse:FuzzBytes ./parse/pdf:FuzzRead \
	./ingest:FuzzSources ./index/sqlite:FuzzQuery
FUZZTIME ?= 15s

.PHONY: test vet lint vulncheck fuzz build bench

build:
	$(GO) build -o bin/gongkai ./cmd/gongkai

vet:
	$(GO) vet ./...
	@test -z "$$(gofmt -l .)" || (echo "gofmt needed:"; gofmt -l .; exit 1)

lint: vet vulncheck
	$(GO) run honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION) ./...

# Skips, saying why, when the vulnerability database cannot be reached.
vulncheck:
	GO=$(GO) ./scripts/govulncheck.sh $(GOVULNCHECK_VERSION)

# A crasher is written to the package's testdata/fuzz and fails the target;
# keep it there as a regression test once fixed. Minimising new inputs is
# capped: by default it can stall a short run for a minute on large seeds.
fuzz:
	@for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; name=$${t##*:}; \
		echo "fuzz $$pkg $$name for $(FUZZTIME)"; \
		out=$$($(GO) test -run '^$$' -fuzz "^$$name$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 2s $$pkg 2>&1); status=$$?; \
		if [ $$status != 0 ]; then echo "$$out"; exit 1; fi; \
		echo "$$out" | grep -E 'execs:|^ok' | tail -2; \
	done

# Starts a real Elasticsearch for the index/elastic tests, installs Debian's
# chromium for the browser tests of web/ when it is missing (see the scripts),
# then fuzzes every target briefly.
test: lint
	./scripts/ensure-chromium.sh
	./scripts/with-elasticsearch.sh $(GO) test -count=1 ./...
	$(MAKE) fuzz FUZZTIME=4s

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./parse/...
	$(GO) test -run '^$$' -bench Put -benchtime 1x ./index/sqlite/
	$(GO) test -run '^$$' -bench Search -benchtime 200x ./index/sqlite/
