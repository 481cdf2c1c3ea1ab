#!/usr/bin/env bash
# make-legacy-producer-fixtures.sh — render pre-2019 fixture reports
# (fixtures.LegacyVariants: the national, 福建 and 甘肃 statistics tables and a
# narrative-only report) the way many bodies published them: typed in Word,
# put online as the HTML the office suite exports. Writes, into
# parse/testdata/legacy-producers (committed, so CI needs no LibreOffice):
#
#   NAME.libreoffice.html  the page saved as .docx by LibreOffice Writer, then
#                          exported to HTML by LibreOffice
#   NAME.json              the truth, from the report the page was made from
#                          (fixtures/cmd/gen -legacy), never from a parse
#
# Needs soffice (libreoffice-writer-nogui) from Debian's packages.
# Usage: scripts/make-legacy-producer-fixtures.sh
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=parse/testdata/legacy-producers
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

command -v soffice >/dev/null || { echo "make-legacy-producer-fixtures: soffice missing" >&2; exit 1; }

# One variant of each form (l012's sums broken on purpose: LegacyVariants
# breaks i%7==5), and the narrative-only report.
VARIANTS="l012-national-html l003-fujian-html l006-gansu-html l009-narrative-html"
go run ./fixtures/cmd/gen -legacy -n 13 -out "$WORK/gen"
rm -rf "$OUT" && mkdir -p "$OUT" "$WORK/docx" "$WORK/html"

for v in $VARIANTS; do
	cp "$WORK/gen/$v.json" "$OUT/$v.json"
	timeout 300 soffice --headless --convert-to docx:"MS Word 2007 XML" --outdir "$WORK/docx" "$WORK/gen/$v.html" >/dev/null
	timeout 300 soffice --headless --convert-to html --outdir "$WORK/html" "$WORK/docx/$v.docx" >/dev/null
	mv "$WORK/html/$v.html" "$OUT/$v.libreoffice.html"
done
ls -l "$OUT"
