#!/bin/sh
# Renders office test documents with real producers into parse/testdata/office
# (read by parse/office_test.go):
#   - a few fixture variants (fixtures.Variants, by name below), through
#     LibreOffice headless: DOCX, DOC and XLSX (the corpus's reports are
#     converted at test time, not committed);
#   - one variant as OFD (easyofd, from LibreOffice's PDF);
#   - the first variant's DOCX with its typed outline numbers turned into
#     Word automatic numbering (scripts/office-autonum.py, python-docx);
#   - a variant written by python-docx, cells merged as Word merges them
#     (scripts/office-pydocx.py).
# Needs soffice (Debian: libreoffice-writer-nogui, libreoffice-calc-nogui),
# python-docx and easyofd.
#
#   scripts/make-office-fixtures.sh
set -eu
cd "$(dirname "$0")/.."
out=parse/testdata/office
# Both templates, Word's "save as web page" and clean HTML, site chrome, a
# layout frame (nested tables), no title, and two with totals broken on purpose.
variants="v000-2021-html v001-2021-word v003-2019-html v007-2021-word v010-2019-word v024-2021-html"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/in" "$out"
go run ./fixtures/cmd/gen -n 25 -out "$tmp/gen"
for v in $variants; do cp "$tmp/gen/$v.html" "$tmp/in/"; done

# A profile of our own, so a running LibreOffice does not take the job.
lo="soffice -env:UserInstallation=file://$tmp/profile --headless"
$lo --convert-to 'docx:MS Word 2007 XML' --outdir "$out" "$tmp"/in/*.html
$lo --convert-to 'doc:MS Word 97' --outdir "$out" "$tmp"/in/*.html
# Calc imports a page framed in a layout table (v007, v010) as two giant
# merged cells: no workbook looks like that, so those are left out.
rm "$tmp"/in/v007-* "$tmp"/in/v010-*
$lo --infilter='HTML (StarCalc)' --convert-to 'xlsx:Calc MS Excel 2007 XML' --outdir "$out" "$tmp"/in/*.html
# The corpus's reports are converted at test time (TestOfficeCorpus,
# TestOfficeLegacy), not here: the corpus is not copied into the project.
python3 scripts/office-autonum.py "$out/v000-2021-html.docx" "$out/v000-2021-html.autonum.docx"
# A second DOCX producer: python-docx, merging cells the way Word does.
python3 scripts/office-pydocx.py "$tmp/gen/v003-2019-html.html" "$out/v003-2019-html.pydocx.docx"

# OFD: LibreOffice's PDF of a variant's DOCX through easyofd (pip install
# easyofd; Apache-2.0, it pulls PyMuPDF, which is AGPL: a tool to make test
# files, never a dependency of gongkai). easyofd writes text only, no
# rulings; it makes a folder ./test where it runs, hence the cd.
mkdir -p "$out/ofd" "$tmp/ofd"
$lo --convert-to pdf --outdir "$tmp/ofd" "$out/v001-2021-word.docx"
(cd "$tmp/ofd" && python3 -c '
import sys
from easyofd.ofd import OFD
open(sys.argv[2], "wb").write(OFD().pdf2ofd(open(sys.argv[1], "rb").read(), optional_text=True))
' v001-2021-word.pdf v001-2021-word.ofd)
cp "$tmp/ofd/v001-2021-word.ofd" "$out/ofd/"
du -sh "$out"
