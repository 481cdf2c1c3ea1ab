#!/usr/bin/env bash
# measure-scans.sh [-kinds "200dpi bilevel-300dpi rough-150dpi"] [REPORT.pdf:TRUTH.json ...]
# — how exactly gongkai reads scans of reports by OCR. Each report is scanned
# by scripts/make-scan-fixtures.sh (pdftoppm, ImageMagick, img2pdf: clean
# 200 dpi grey, bilevel 300 dpi, rough 150 dpi), each scan parsed by
# `gongkai parse`, and every fact compared with the truth (the generator's
# or the corpus's, never a parse):
#
#   right    the value printed
#   null     left blank with a warning (OCR unsure), or its row not found
#   checked  wrong, but inside a failed check: visible as such
#   SILENT   wrong and nothing says so — the error OCR must never make
#
# plus the office and year, whether a warning flags the office as unsure,
# and the CPU seconds of the parse. Default reports: the corpus's
# hongze-2023.pdf (when $GONGKAI_CORPUS is set), and the committed fixtures
# v000 (Chromium, A4) and v003 (LibreOffice, A3 landscape, so its scan is
# an A3 page shrunk onto A4: small type). Needs the scan producers and
# tesseract-ocr, tesseract-ocr-chi-sim.
set -euo pipefail
cd "$(dirname "$0")/.."
KINDS="200dpi bilevel-300dpi rough-150dpi"
if [ "${1:-}" = -kinds ]; then
	KINDS=$2
	shift 2
fi
if [ $# -eq 0 ]; then
	set -- parse/testdata/producers/v000-2021-html.chromium.pdf:parse/testdata/producers/v000-2021-html.json \
		parse/testdata/producers/v003-2019-html.libreoffice.pdf:parse/testdata/producers/v003-2019-html.json
	if [ -n "${GONGKAI_CORPUS:-}" ]; then
		set -- "$GONGKAI_CORPUS/hongze-2023.pdf:$GONGKAI_CORPUS/truth/hongze-2023.json" "$@"
	fi
fi
W=${MEASURE_SCANS_DIR:-$(mktemp -d)}
mkdir -p "$W"
go build -o "$W/gongkai" ./cmd/gongkai
for pair in "$@"; do
	pdf=${pair%%:*}
	truth=${pair#*:}
	name=$(basename "$pdf" .pdf)
	out="$W/$name"
	if [ ! -e "$out/$name-mixed.pdf" ]; then
		scripts/make-scan-fixtures.sh "$pdf" "$out" 2>/dev/null
	fi
	for kind in $KINDS; do
		scan="$out/$name-$kind.pdf"
		/usr/bin/time -f %U+%S -o "$scan.time" "$W/gongkai" parse --format json "$scan" >"$scan.json" 2>"$scan.err" || true
		python3 - "$truth" "$scan.json" "$name $kind" "$(cat "$scan.time" | tail -1)" <<'PY'
import json, sys
truth = json.load(open(sys.argv[1]))
try:
    got = json.load(open(sys.argv[2]))
except ValueError:
    got = {"facts": [], "checks": [], "warnings": [], "office": None, "year": None}
facts = {f["key"]: f for f in got["facts"]}
failed = set()
for c in got.get("checks") or []:
    if c["status"] == "fail":
        failed.update(c.get("keys") or [])
warnings = got.get("warnings") or []
counts = {"right": 0, "null": 0, "checked": 0, "SILENT": 0}
silent = []
for k, want in truth["facts"].items():
    f = facts.get(k)
    v = f["value"] if f else None
    if f and v == want:
        counts["right"] += 1
    elif f is None or v is None:
        counts["null"] += 1
    elif k in failed:
        counts["checked"] += 1
    else:
        counts["SILENT"] += 1
        silent.append(f"{k}={v} (truth {want}, confidence {f['at'].get('confidence')})")
office_ok = got.get("office") == truth["office"]
office_flag = any("office" in w and "misread" in w for w in warnings)
year_flag = any("year" in w and "misread" in w for w in warnings)
cpu = sum(float(x) for x in sys.argv[4].split("+"))
print(f"{sys.argv[3]}: {counts['right']}/{len(truth['facts'])} right, {counts['null']} null, "
      f"{counts['checked']} in failed checks, {counts['SILENT']} SILENT; "
      f"office {'right' if office_ok else repr(got.get('office')) + (' (flagged)' if office_flag else ' (NOT flagged)')}, "
      f"year {'right' if got.get('year') == truth['year'] else str(got.get('year')) + (' (flagged)' if year_flag else ' (NOT flagged)')}; {cpu:.1f} s CPU")
for s in silent:
    print("   SILENT", s)
PY
	done
done
