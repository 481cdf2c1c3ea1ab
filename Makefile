# The one command that runs every check: `make test`.
GO ?= go
STATICCHECK_VERSION = v0.8.2
GOVULNCHECK_VERSION = v1.9.0

# Every fuzz target, as package:Func. `make fuzz` runs each for FUZZTIME;
# `make test` runs each for a few seconds after the tests.
FUZZ_TARGETS = ./parse:FuzzParseHTML ./parse:FuzzParseText ./parse:FuzzBytes ./parse/pdf:FuzzRead ./parse/ocr:FuzzDecode ./parse/grid:FuzzLattice \
	./parse:FuzzParseDOCX ./parse:FuzzParseDOC ./parse:FuzzParseOFD \
	./parse/pdf:FuzzReadHostile ./parse/layout:FuzzRepairUTF8 ./export:FuzzNeutralise \
	./ingest:FuzzSources ./index/sqlite:FuzzQuery
FUZZTIME ?= 15s
FUZZ_TARGETS += ./ingest:FuzzListing
FUZZ_TARGETS += ./similar:FuzzDoc
FUZZ_TARGETS += ./watch:FuzzParseSources
FUZZ_TARGETS += ./parse/pdf:FuzzContent ./parse/pdf:FuzzGlyphName

# A relative corpus path is from the repository root: made absolute here, so
# every package's tests (each run in its own folder) read the same folder.
ifneq ($(GONGKAI_CORPUS),)
export GONGKAI_CORPUS := $(abspath $(GONGKAI_CORPUS))
endif

.PHONY: test vet lint vulncheck fuzz build bench bench-full bench-million pdftotext libreoffice test-cluster

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
# keep it there as a regression test once fixed (scripts/fuzz.sh, which
# also tells Go's own end-of-time race apart from a finding).
fuzz:
	GO=$(GO) FUZZTIME=$(FUZZTIME) ./scripts/fuzz.sh $(FUZZ_TARGETS)

# Starts a real Elasticsearch for the index/elastic tests, installs Debian's
# chromium for the browser tests of web/ and tesseract-ocr (with its Chinese
# model) and poppler-utils for the OCR tests when missing (see the scripts),
# runs the scale pipeline at CI size (scripts/scale-smoke.sh), then fuzzes
# every target briefly. The OCR tests of parse run tesseract on dozens of
# pages: on a loaded machine that package outgrows go test's default
# 10-minute hang alarm, so the alarm is set at 30.
test: lint pdftotext libreoffice
	./scripts/ensure-chromium.sh
	./scripts/ensure-tesseract.sh
	./scripts/with-elasticsearch.sh sh -c '$(GO) test -count=1 -timeout 30m ./... && GO=$(GO) ./scripts/scale-smoke.sh'
	$(MAKE) test-cluster
	$(MAKE) fuzz FUZZTIME=4s

# A 3-node Elasticsearch cluster on loopback (256 MiB of heap each) for
# index/elastic's TestClusterNodeLoss, which kills a node mid-bulk.
test-cluster:
	ES_NODES=3 ES_PORT=9270 ./scripts/with-elasticsearch.sh $(GO) test -count=1 -v -run '^TestCluster' ./index/elastic/

# Every figure of the README's performance table beside its baseline, as
# one table (scripts/bench.sh, scripts/benchtable): a few minutes. The
# Elasticsearch figures come from $GONGKAI_ES_URL or a node started for the
# run. CI runs `make test` only.
bench: pdftotext
	GO=$(GO) ./scripts/with-elasticsearch.sh ./scripts/bench.sh

# bench with the scale run at 100,000 reports (about 15,000 bodies × 7
# years, 3.5 GB on disk in $$TMPDIR): well over the time CI has.
bench-full: pdftotext
	GO=$(GO) BENCH_COUNT=1 GONGKAI_BENCH_REPORTS=10000 GONGKAI_SCALE_REPORTS=100000 ./scripts/with-elasticsearch.sh ./scripts/bench.sh

# bench-full with the scale run at 1,000,000 reports, made on the fly by
# the parsers (scalebench -generate: no corpus on disk; the embedded index
# about 40 GB in $$TMPDIR): many hours. README, "At 1,000,000 reports".
bench-million: pdftotext
	GO=$(GO) BENCH_COUNT=1 GONGKAI_BENCH_REPORTS=10000 GONGKAI_SCALE_REPORTS=1000000 GONGKAI_SCALE_SOURCE=generate ./scripts/with-elasticsearch.sh ./scripts/bench.sh

# poppler's pdftotext: the PDF baseline of make bench, and a producer of
# column-aligned text for the parse tests; install it where we may.
pdftotext:
	@command -v pdftotext >/dev/null || (command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ] && apt-get update -qq && apt-get install -y -qq poppler-utils) || echo "pdftotext missing: its baseline will be 'not run', its parse tests skipped"

# LibreOffice converts the corpus's reports to DOCX, DOC, XLSX and PDF at
# test time (the corpus is not copied into the project); install it where
# we may, else those tests skip.
libreoffice:
	@command -v soffice >/dev/null || (command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ] && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-writer-nogui libreoffice-calc-nogui) || echo "soffice missing: the LibreOffice conversions of the corpus are not tested"
