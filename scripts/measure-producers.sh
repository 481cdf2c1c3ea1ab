#!/usr/bin/env bash
# measure-producers.sh [N] — how exactly gongkai reads the fixture reports as
# real producers print them: the HTML-layout variants of fixtures.Variants(N)
# (default 36) through Chromium's print to PDF, LibreOffice's PDF export (on
# A3 landscape, where table 三 fits), Chromium with every border removed (no
# rulings), that borderless print redrawn glyph by glyph by reportlab
# (scripts/make-reportlab-fixture.py), and pdftotext -layout of the
# Chromium and LibreOffice PDFs. Prints, per producer, the
# documents read back exactly (facts, office, year, broken checks) and the
# share of facts right and the values read in wrong places (a value the
# report does not print under that key), then each inexact document. The truth is the
# generator's (fixtures/cmd/gen), never a parse. A few minutes for 36.
# Needs chromium, soffice, pdftotext, python3 and its reportlab and
# pdfplumber (pip install reportlab pdfplumber). KEEP=DIR keeps the
# rendered documents and their parses in DIR (to diff a variant against its
# truth); REPARSE=DIR parses DIR's documents again without rendering them;
# FROM=K renders only the variants from K on (a fresh set beyond those the
# rules were written on: FROM=72 scripts/measure-producers.sh 108).
set -euo pipefail
shopt -s nullglob
cd "$(dirname "$0")/.."
N=${1:-36}
if [ -n "${REPARSE:-}" ]; then
	W=$REPARSE
elif [ -n "${KEEP:-}" ]; then
	W=$KEEP
	mkdir -p "$W"
else
	W=$(mktemp -d)
	trap 'rm -rf "$W"' EXIT
fi
go build -o "$W/gongkai" ./cmd/gongkai
if [ -z "${REPARSE:-}" ]; then
mkdir -p "$W/gen" "$W/out"
go run ./fixtures/cmd/gen -n "$N" -out "$W/gen" >/dev/null
chrome() {
	timeout -k 10 120 chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
		--disable-component-update --disable-sync --no-pdf-header-footer --print-to-pdf="$2" "file://$1" 2>/dev/null ||
		echo "measure-producers: Chromium did not print $1" >&2
}
for f in "$W"/gen/*.html; do
	v=$(basename "$f" .html)
	[ "$((10#${v:1:3}))" -lt "${FROM:-0}" ] && continue
	chrome "$f" "$W/out/$v.chromium.pdf"
	sed -e 's/<head>/<head><style>@page { size: A3 landscape; }<\/style>/' "$f" >"$W/out/$v.libreoffice.html"
	# a producer that hangs or fails on one report leaves that document
	# out (said below, and the count shows it), not the rest of the run
	(cd "$W/out" && timeout -k 10 300 soffice -env:UserInstallation="file://$W/profile" --headless --convert-to pdf "$v.libreoffice.html" >/dev/null 2>&1) ||
		echo "measure-producers: LibreOffice did not convert $v" >&2
	sed -e 's/<head>/<head><style>*{border:0 !important;border-collapse:separate !important}<\/style>/' \
		-e 's/ border="[0-9]*"//g' "$f" >"$W/out/$v.noborder.html"
	chrome "$W/out/$v.noborder.html" "$W/out/$v.noborder.pdf"
done
for p in "$W"/out/*.pdf; do pdftotext -layout "$p" "${p%.pdf}.layout.txt"; done
# the unruled producer that draws glyph by glyph: reportlab, from the
# borderless print (no layout text: pdftotext cannot read its font)
for p in "$W"/out/*.noborder.pdf; do python3 scripts/make-reportlab-fixture.py "$p" >/dev/null 2>&1; done
fi
for d in "$W"/out/*.pdf "$W"/out/*.layout.txt; do
	"$W/gongkai" parse --format json "$d" >"$d.json" 2>/dev/null || true
done
python3 - "$W" <<'PY'
import collections, glob, json, os, sys
w = sys.argv[1]
totals = collections.defaultdict(lambda: [0, 0, 0, 0, 0])
inexact = []
for path in sorted(glob.glob(os.path.join(w, "out", "*.json"))):
    name = os.path.basename(path)[:-5]
    variant, producer = name.split(".", 1)
    truth = json.load(open(os.path.join(w, "gen", variant + ".json")))
    try:
        got = json.load(open(path))
    except ValueError:
        got = {"facts": [], "checks": [], "office": None, "year": None}
    facts = {f["key"]: f["value"] for f in got["facts"]}
    # a value the report does not print there: worse than none
    wrong = sum(1 for k, v in facts.items() if v is not None and truth["facts"].get(k) != v)
    right = sum(1 for k, v in truth["facts"].items() if k in facts and facts[k] == v)
    failed = sorted(c["id"] for c in got.get("checks", []) if c["status"] == "fail")
    exact = (right == len(truth["facts"]) and len(facts) == len(truth["facts"])
             and failed == sorted(truth["broken_checks"] or [])
             and got["office"] == truth["office"] and got["year"] == truth["year"])
    t = totals[producer]
    t[0] += 1; t[1] += exact; t[2] += right; t[3] += len(truth["facts"]); t[4] += wrong
    if not exact:
        inexact.append(f"  {name}: {right}/{len(truth['facts'])} facts, {wrong} wrong, office {got['office'] == truth['office']}, year {got['year'] == truth['year']}")
for producer, (docs, exact, right, total, wrong) in sorted(totals.items()):
    print(f"{producer}: {exact}/{docs} documents exact, {right}/{total} facts ({100 * right / total:.1f} %), {wrong} values in wrong places")
print("inexact:")
print("\n".join(inexact))
PY
