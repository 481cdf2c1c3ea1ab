#!/usr/bin/env bash
# ensure-tesseract.sh — install what the OCR tests need when it is missing
# and we may (as root, with apt-get): Debian's tesseract-ocr with its
# Simplified Chinese model, poppler-utils, whose pdftoppm renders scanned
# PDF pages, and imagemagick and img2pdf, which make the scans of the corpus
# the tests read (scripts/make-scan-fixtures.sh). Otherwise it says why and
# leaves it; the OCR tests then skip, naming what is missing.
set -uo pipefail

have() {
	command -v tesseract >/dev/null && command -v pdftoppm >/dev/null &&
		command -v convert >/dev/null && command -v img2pdf >/dev/null &&
		tesseract --list-langs 2>/dev/null | grep -qx chi_sim
}
if have; then
	exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
	echo "ensure-tesseract: tesseract-ocr, tesseract-ocr-chi-sim, poppler-utils, imagemagick or img2pdf missing and not root with apt-get: OCR tests will skip" >&2
	exit 0
fi
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends tesseract-ocr tesseract-ocr-chi-sim poppler-utils imagemagick img2pdf python3-pikepdf; } >&2; then
	echo "ensure-tesseract: could not install tesseract-ocr: OCR tests will skip" >&2
fi
exit 0
