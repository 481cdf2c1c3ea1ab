#!/usr/bin/env bash
# make-scan-fixtures.sh — scanned copies of a real report for the OCR tests
# (parse/ocr, parse/scan_test.go): each page rasterised by poppler's pdftoppm,
# saved as JPEG by ImageMagick and wrapped as an image-only PDF by img2pdf
# (PyPI), the way scanners and "print to image" tools publish reports.
#
#   clean   200 dpi (and 150 with -all), grey, JPEG quality 50
#   bilevel 300 dpi, black and white, CCITT G4 (what office scanners send)
#   rough   150 dpi, each page turned ±1°, speckled, blurred, JPEG quality 50
#   mixed   pages 1–2 of the report as printed (text layer), pages 3–5 from
#           the bilevel scan, joined by pikepdf (qpdf; installed with img2pdf)
#
# Usage: scripts/make-scan-fixtures.sh [report.pdf] [out-dir] [-all]
# Default: $GONGKAI_CORPUS/hongze-2023.pdf into parse/testdata/scans. The
# tests make them at test time (internal/scans): the corpus is not copied
# into the project. Made: hongze-2023 at 200 dpi, bilevel at 300 dpi, rough
# at 150 dpi and mixed, plus page 3 of the rough scan as a JPG; the 150 dpi
# clean copy only with -all, for measuring.
set -euo pipefail
for tool in pdftoppm convert img2pdf; do
	command -v "$tool" >/dev/null || { echo "make-scan-fixtures: $tool missing (poppler-utils, imagemagick, pip install img2pdf)" >&2; exit 1; }
done
src=${1:-${GONGKAI_CORPUS:?set GONGKAI_CORPUS or pass the report}/hongze-2023.pdf}
out=${2:-parse/testdata/scans}
name=$(basename "$src" .pdf)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"

# clean DPI QUALITY: a clean scan at DPI.
clean() {
	pdftoppm -r "$1" -gray -png "$src" "$tmp/c$1"
	for f in "$tmp/c$1"-*.png; do
		convert "$f" -quality "$2" -density "$1" -units PixelsPerInch "${f%.png}.jpg"
	done
	img2pdf --pagesize A4 -o "$out/$name-$1dpi.pdf" $(ls "$tmp/c$1"-*.jpg | sort -V)
}

# rough DPI: a careless scan — turned by up to a degree (alternating
# sides), salt-and-pepper speckle, a slight blur, JPEG quality 50.
rough() {
	pdftoppm -r "$1" -gray -png "$src" "$tmp/r$1"
	i=0
	for f in $(ls "$tmp/r$1"-*.png | sort -V); do
		angles=(1 -0.8 0.6 -1 0.9)
		size=$(identify -format '%wx%h' "$f")
		convert "$f" -seed 7 -background white -rotate "${angles[$((i % 5))]}" -gravity center -extent "$size" \
			-attenuate 0.1 +noise Impulse -blur 0x0.6 -quality 50 -density "$1" -units PixelsPerInch "${f%.png}.jpg"
		i=$((i + 1))
	done
	img2pdf --pagesize A4 -o "$out/$name-rough-$1dpi.pdf" $(ls "$tmp/r$1"-*.jpg | sort -V)
	cp "$tmp/r$1-3.jpg" "$out/$name-rough-$1dpi-page3.jpg"
}

# bilevel DPI: black and white at DPI, CCITT group 4.
bilevel() {
	pdftoppm -r "$1" -mono "$src" "$tmp/b$1"
	for f in "$tmp/b$1"-*.pbm; do
		convert "$f" -compress Group4 -density "$1" -units PixelsPerInch "${f%.pbm}.tif"
	done
	img2pdf --pagesize A4 -o "$out/$name-bilevel-$1dpi.pdf" $(ls "$tmp/b$1"-*.tif | sort -V)
}

# mixed: a report whose tables pages were scanned, the rest not.
mixed() {
	python3 - "$src" "$out/$name-bilevel-300dpi.pdf" "$out/$name-mixed.pdf" <<'PY'
import sys, pikepdf
text, scan = pikepdf.open(sys.argv[1]), pikepdf.open(sys.argv[2])
out = pikepdf.new()
out.pages.extend(text.pages[:2])
out.pages.extend(scan.pages[2:])
out.save(sys.argv[3])
PY
}

clean 200 50
bilevel 300
rough 150
mixed
if [ "${3:-}" = -all ]; then
	clean 150 50
fi
ls -l "$out" >&2
