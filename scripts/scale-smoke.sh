#!/usr/bin/env bash
# scale-smoke.sh — the scale run of `make bench-full` at CI size: write
# $SMOKE_REPORTS synthetic reports to disk and stream them through read,
# parse, segment and index, into the embedded index and, when
# GONGKAI_ES_URL is set, into Elasticsearch. Fails unless every report is
# indexed and none skipped. Figures are printed, not judged: timing belongs
# to `make bench`.
set -euo pipefail
GO=${GO:-go}
N=${SMOKE_REPORTS:-700}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/gongkai-smoke.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

"$GO" run ./fixtures/cmd/scale -n "$N" -out "$TMP/corpus" >/dev/null
check() {
	echo "$1"
	case "$1" in
	*"/index"*"$N reports"$'\t'"0 skipped"*) ;; # go test -bench columns are tab-separated
	*/index*) echo "scale-smoke: not every report was indexed" >&2; exit 1 ;;
	esac
}
while IFS= read -r line; do check "$line"; done < <("$GO" run ./index/cmd/scalebench -dir "$TMP/corpus" -searches 20)
if [ -n "${GONGKAI_ES_URL:-}" ]; then
	while IFS= read -r line; do check "$line"; done < <("$GO" run ./index/cmd/scalebench -dir "$TMP/corpus" -searches 20 -es "$GONGKAI_ES_URL")
fi
