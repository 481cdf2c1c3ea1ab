# The one command that runs every check: `make test`.
GO ?= go
STATICCHECK_VERSION = v0.8.2

.PHONY: test vet lint build bench

build:
	$(GO) build -o bin/gongkai ./cmd/gongkai

vet:
	$(GO) vet ./...
	@test -z "$$(gofmt -l .)" || (echo "gofmt needed:"; gofmt -l .; exit 1)

lint: vet
	$(GO) run honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION) ./...

# Starts a real Elasticsearch for the index/elastic tests, and installs
# Debian's chromium for the browser tests of web/ when it is missing (see the
# scripts).
test: lint
	./scripts/ensure-chromium.sh
	./scripts/with-elasticsearch.sh $(GO) test -count=1 ./...

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./parse/...
	$(GO) test -run '^$$' -bench Put -benchtime 1x ./index/sqlite/
	$(GO) test -run '^$$' -bench Search -benchtime 200x ./index/sqlite/
