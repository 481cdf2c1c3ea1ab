#!/usr/bin/env bash
# bench.sh — every figure of the performance table, then the table.
#
# Runs the Go benchmarks (parse, PDF and its pdftotext baseline, OCR of a
# scanned page and tesseract's whole-page baseline,
# segmentation and gse's raw Cut, both index backends, the crawler) and a
# scale run: a corpus of $GONGKAI_SCALE_REPORTS reports written to a
# temporary folder (or, with GONGKAI_SCALE_SOURCE=generate, made on the fly
# by the parsers, as make bench-million does) and streamed through
# parse → segment → index by index/cmd/scalebench, which also times
# `gongkai search` as a whole process on the index it built, every page of
# the web UI and API answer served by the real web server on loopback over
# that index (p50/p95 beside a static file's, each backend), and
# re-indexing after 1 % of the reports changed.
# Each benchmark runs $BENCH_COUNT times; the table
# shows medians. Elasticsearch figures need $GONGKAI_ES_URL (make bench runs
# this under scripts/with-elasticsearch.sh, which starts one when unset).
# The raw output is kept in $BENCH_OUT (default bench-out.txt).
set -euo pipefail
GO=${GO:-go}
COUNT=${BENCH_COUNT:-3}
REPORTS=${GONGKAI_BENCH_REPORTS:-5000}     # index benchmarks: parsed reports in memory
SCALE=${GONGKAI_SCALE_REPORTS:-5000}       # scale run: reports on disk
SOURCE=${GONGKAI_SCALE_SOURCE:-disk}       # disk: the corpus written first; generate: made on the fly (a million: no 35 GB of files)
OUT=${BENCH_OUT:-bench-out.txt}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/gongkai-bench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

{
	echo "load: $(cat /proc/loadavg)"
	$GO test -run '^$' -bench . -count "$COUNT" ./parse/ ./parse/pdf/ ./parse/segment/
	$GO test -run '^$' -bench . -benchtime 3x -count "$COUNT" ./parse/ocr/
	GONGKAI_BENCH_REPORTS=$REPORTS $GO test -run '^$' -bench Put -benchtime 1x -count "$COUNT" ./index/sqlite/
	GONGKAI_BENCH_REPORTS=$REPORTS $GO test -run '^$' -bench Search -benchtime 200x -count "$COUNT" ./index/sqlite/
	if [ -n "${GONGKAI_ES_URL:-}" ]; then
		GONGKAI_BENCH_REPORTS=$REPORTS $GO test -run '^$' -bench Put -benchtime 1x -count "$COUNT" ./index/elastic/
		GONGKAI_BENCH_REPORTS=$REPORTS $GO test -run '^$' -bench Search -benchtime 200x -count "$COUNT" ./index/elastic/
	fi
	$GO test -run '^$' -bench Crawl -benchtime 1x -count "$COUNT" ./ingest/
	$GO build -o "$TMP/scale" ./fixtures/cmd/scale
	$GO build -o "$TMP/scalebench" ./index/cmd/scalebench
	$GO build -o "$TMP/gongkai" ./cmd/gongkai
	src=(-generate "$SCALE")
	if [ "$SOURCE" = disk ]; then
		"$TMP/scale" -n "$SCALE" -out "$TMP/corpus"
		src=(-dir "$TMP/corpus")
	fi
	for run in $(seq "$COUNT"); do
		mkdir -p "$TMP/data$run"
		"$TMP/scalebench" "${src[@]}" -db "$TMP/data$run/index.db" -gongkai "$TMP/gongkai"
		rm -rf "$TMP/data$run"
	done
	if [ -n "${GONGKAI_ES_URL:-}" ]; then
		"$TMP/scalebench" "${src[@]}" -es "$GONGKAI_ES_URL"
	fi
	echo "load: $(cat /proc/loadavg)"
} | tee "$OUT"
echo
$GO run ./scripts/benchtable <"$OUT"
