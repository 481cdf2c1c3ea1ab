# The one command that runs every check: `make test`.
GO ?= go
STATICCHECK_VERSION = v0.8.2

.PHONY: test vet lint build bench bench-full pdftotext

build:
	$(GO) build -o bin/gongkai ./cmd/gongkai

vet:
	$(GO) vet ./...
	@test -z "$$(gofmt -l .)" || (echo "gofmt needed:"; gofmt -l .; exit 1)

lint: vet
	$(GO) run honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION) ./...

# Starts a real Elasticsearch for the index/elastic tests (see the script).
test: lint
	./scripts/with-elasticsearch.sh $(GO) test -count=1 ./...

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

# The PDF baseline is poppler's pdftotext; install it where we may.
pdftotext:
	@command -v pdftotext >/dev/null || (command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ] && apt-get install -y poppler-utils) || echo "pdftotext missing: its baseline will be 'not run'"
