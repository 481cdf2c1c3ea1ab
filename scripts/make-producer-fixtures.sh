#!/usr/bin/env bash
# make-producer-fixtures.sh — render fixture reports through the programs
# bodies publish with, into parse/testdata/producers (committed, so CI needs
# none of these programs):
#
#   NAME.chromium.pdf    Chromium's print to PDF (Skia: borders as thin filled
#                        rectangles and polygons, Type 3 fonts)
#   NAME.libreoffice.pdf LibreOffice Writer's PDF export (stroked rulings)
#   NAME.noborder.pdf    Chromium, the page's borders removed: a table
#                        with no rulings at all, only aligned text
#   NAME.reportlab.pdf   the borderless print redrawn glyph by glyph, in reverse
#                        order, by reportlab in STSong-Light: no embedded
#                        font, no ToUnicode, codes through UniGB-UCS2-H
#                        (scripts/make-reportlab-fixture.py)
#   NAME.*.layout.txt    pdftotext -layout of the Chromium and LibreOffice
#                        PDFs: column-aligned text
#   NAME.json            the truth, from the report the documents were made
#                        from (fixtures/cmd/gen), never from a parse
#
# Needs chromium, soffice (libreoffice-writer-nogui) and pdftotext
# (poppler-utils) from Debian's packages, and reportlab and pdfplumber from
# PyPI. Usage: scripts/make-producer-fixtures.sh
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=parse/testdata/producers
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

for tool in chromium soffice pdftotext; do
	command -v "$tool" >/dev/null || { echo "make-producer-fixtures: $tool missing" >&2; exit 1; }
done

# The variants: the two HTML layouts under both templates, a broken total
# among them (v003, v010 are broken: fixtures.Variants breaks i%7==3).
# v024 (labels centred on their numbers), v030 (a group label printed
# round another column's label) and v034 (a Word layout's narrow label
# columns, labels wrapped over many lines, top-aligned) are the unruled
# cases issue 11's second round fixed. v010 (a label wrapped over a page
# break, by reportlab), v022 (a row of empty cells holding no-break spaces)
# v027 (table 二's header at the foot of a page, by reportlab) and v015
# (table 四's narrow headers over blank columns, by reportlab) are the
# third round's; v006 (three sub-tables of 二 without a single number, by
# reportlab) the fourth's; the seventh's, all by reportlab: v099 (a
# sidebar of other years' reports beside the larger title, no link
# annotations), v075 (17 wrapped in a narrow column: １ above its row's
# line, ７ below), v081 (a 0 centred on its row's wrapped label at the
# foot of a page), v096 (（六）其 a few points from 1.申请人…) and v133
# (行政强制 with no value after its sub-table's last row); the eighth's
# v250 through LibreOffice (headers wrapped alike over two lines: 本年新 /
# 制作数量 beside 对外公开总数 / 量, one row) and v258 through LibreOffice
# (行政事业性收费 alone at the top of a page under its sub-table's header,
# its one cell blank).
VARIANTS="v000-2021-html v003-2019-html v004-2019-word v006-2021-html v010-2019-word v015-2019-html v022-2019-word v024-2021-html v027-2019-html v030-2021-html v034-2019-word v075-2019-html v081-2019-html v096-2021-html v099-2019-html v133-2021-word v250-2019-word v258-2021-html"
# 360: the first 36 as before, and variants beyond those measured
# (scripts/measure-producers.sh renders the first 36; a variant does not
# change with n)
go run ./fixtures/cmd/gen -n 360 -out "$WORK/gen"
rm -rf "$OUT" && mkdir -p "$OUT"

chrome() { # URL PDF
	timeout 120 chromium --headless --no-sandbox --disable-gpu --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--no-pdf-header-footer --print-to-pdf="$2" "$1" 2>/dev/null
}

for v in $VARIANTS; do
	cp "$WORK/gen/$v.json" "$OUT/$v.json"
	html="$WORK/gen/$v.html"
	case $v in
	v000-* | v004-*) chrome "file://$html" "$OUT/$v.chromium.pdf" ;;
	esac
	case $v in
	v003-* | v010-* | v030-* | v250-* | v258-*)
		# LibreOffice lays table 三 wider than an A4 page and cuts it at the
		# page edge (the PDF then holds 5 of its 7 columns); on A3 landscape
		# the whole table is printed.
		mkdir -p "$WORK/lo"
		sed -e 's/<head>/<head><style>@page { size: A3 landscape; }<\/style>/' "$html" >"$WORK/lo/$v.html"
		timeout 300 soffice --headless --convert-to pdf --outdir "$WORK/lo" "$WORK/lo/$v.html" >/dev/null
		mv "$WORK/lo/$v.pdf" "$OUT/$v.libreoffice.pdf"
		;;
	esac
	# borders off everywhere: the table is only aligned text
	sed -e 's/<head>/<head><style>*{border:0 !important;border-collapse:separate !important}<\/style>/' \
		-e 's/ border="[0-9]*"//g' "$html" >"$WORK/$v.noborder.html"
	case $v in
	v000-* | v022-* | v024-* | v034-*)
		chrome "file://$WORK/$v.noborder.html" "$OUT/$v.noborder.pdf"
		;;
	v006-* | v010-* | v015-* | v027-* | v075-* | v081-* | v096-* | v099-* | v133-*)
		# only reportlab's redraw is kept: a few kilobytes, not Chromium's
		# half a megabyte of embedded fonts
		chrome "file://$WORK/$v.noborder.html" "$WORK/$v.noborder.pdf"
		python3 scripts/make-reportlab-fixture.py "$WORK/$v.noborder.pdf"
		mv "$WORK/$v.reportlab.pdf" "$OUT/"
		;;
	v004-*)
		# only its column-aligned text is kept: the title's year spread
		# (2   019) and a row's first value a space from its scrambled
		# label (其 处理 3 / （六） 他 无 …)
		chrome "file://$WORK/$v.noborder.html" "$WORK/$v.noborder.pdf"
		pdftotext -layout "$WORK/$v.noborder.pdf" "$OUT/$v.noborder.layout.txt"
		;;
	esac
done
for pdf in "$OUT"/*.pdf; do
	case $pdf in
	# pdftotext cannot read reportlab's font; v022 and v258 are kept for
	# their PDFs (v258's text is a nearly blank table's)
	*.reportlab.pdf | */v022-* | */v258-*) continue ;;
	esac
	pdftotext -layout "$pdf" "${pdf%.pdf}.layout.txt"
done
# Column-aligned text alone (its PDF not kept); two of table 二's, from
# the ninth round, both without borders: v154 from 144-179 (本年增/减
# wrapped in its cell, its slash alone at the end of the header's second
# line; the title 第（五）项 with its letters out of order) and v214 from
# 180-215 (行政许可 letter-spaced, printed as 政许可 over 行 and the first
# row's values); the cases issue 11's third round fixed: v001 through Chromium (an item number alone on its
# numbers' line, its words raised a line), v010 through Chromium (labels wrapped below their numbers
# round a group label's lines), v015 through LibreOffice (sub-tables of 二
# whose rows each leave a column blank), v027 through Chromium (table 二's
# first header scrambled: its template told by the rest of the report),
# v031 through Chromium (第二十条 broken, the header above held at the
# fees row), v025 through Chromium (a row printed over two lines);
# the fourth round's: v013 through Chromium (行政规范性文     件 split, a
# label cut by a page break), v028 through Chromium (章规 for 规章), v031
# through LibreOffice (（六）'s label cut by a page: 他处理, a blank row).
# The fifth round's: v016 through Chromium (an item number printed among
# its row's values: 要求 0 5. 0) and without borders (labels wrapped under
# their row's reaching past the region's columns), v010 without borders
# (属于行政查询事项 scrambled into 行 / 属于 / 政查询), v024 through
# Chromium (a list of other years' reports, no title) and LibreOffice (a
# row's label begun right above its numbers at the top of a page), and,
# beyond the measured 36, v040 through Chromium (2. 没有, its group not
# told) and v052 through Chromium (2.    其他; 其他对外管理服    务, its
# 事项 lost). The sixth round's, beyond the measured 36: v039 and v051
# through Chromium (a sidebar of other years' reports on the lines of the
# report's title, which it cuts in two), v054 without borders (text
# whose numbers line up better counting a Chinese character as two
# columns, which pdftotext never does) and v045 without borders (values
# of narrow columns run together: ０ ００ ０ ０ ００); and, from the fresh
# set 72-107, v088 through Chromium (部分公开（区分 / 处理的，只计这 /
# 一情形，不计其 / 他情形）: a label whose bracket is open goes on below);
# the eighth round's, from the fresh set 216-251: v249 through Chromium
# (11 and 11 wrapped, their last digits a character left, on the line of
# the group label's rest: 度办理结 １ １); from 252-287, v273 through
# LibreOffice (a nearly blank report whose first headers of 二, wrapped
# over three lines, run into one cell: kept for the values it must not
# read); and from h11a: v099 through Chromium (没有现成信息需要另行制 / 作
# and its numbers: a row's label begun on the line above the piece
# printed beside its numbers), v178 through Chromium (没有 over 2. at the
# top of a page; 补正 13.: a value run into the next item number) and v198
# through LibreOffice (every value 无, no digit to tell how columns are
# counted; labels longer than 15 characters on lines of their own); from
# 324-359, v339 without borders (a known gap: 0 printed as -, a dash run
# into the number after it, -５, is no count and its row is skipped).
for d in v001-2021-word.chromium v010-2019-word.chromium v015-2019-html.libreoffice v027-2019-html.chromium v031-2021-word.chromium \
	v025-2021-word.chromium v013-2021-word.chromium v028-2019-word.chromium v031-2021-word.libreoffice \
	v154-2019-word.noborder v214-2019-word.noborder \
	v016-2019-word.chromium v016-2019-word.noborder v010-2019-word.noborder v024-2021-html.chromium v024-2021-html.libreoffice \
	v040-2019-word.chromium v052-2019-word.chromium v039-2019-html.chromium v051-2019-html.chromium v054-2021-html.noborder v045-2019-html.noborder \
	v088-2019-word.chromium v249-2019-html.chromium v273-2019-html.libreoffice v339-2019-html.noborder \
	v099-2019-html.chromium v178-2019-word.chromium v198-2021-html.libreoffice; do
	v=${d%%.*}
	cp "$WORK/gen/$v.json" "$OUT/$v.json"
	case $d in
	*.chromium) chrome "file://$WORK/gen/$v.html" "$WORK/$d.pdf" ;;
	*.noborder)
		sed -e 's/<head>/<head><style>*{border:0 !important;border-collapse:separate !important}<\/style>/' \
			-e 's/ border="[0-9]*"//g' "$WORK/gen/$v.html" >"$WORK/$d.html"
		chrome "file://$WORK/$d.html" "$WORK/$d.pdf"
		;;
	*.libreoffice)
		mkdir -p "$WORK/lo"
		sed -e 's/<head>/<head><style>@page { size: A3 landscape; }<\/style>/' "$WORK/gen/$v.html" >"$WORK/lo/$d.html"
		timeout 300 soffice --headless --convert-to pdf --outdir "$WORK/lo" "$WORK/lo/$d.html" >/dev/null
		mv "$WORK/lo/$d.pdf" "$WORK/$d.pdf"
		;;
	esac
	pdftotext -layout "$WORK/$d.pdf" "$OUT/$d.layout.txt"
done
# The seventh round's, from the fresh set 144-179: v177 through Chromium
# (10 and 15 wrapped a digit a line in narrow ruled cells, beside a 4
# centred on the row), and reportlab's redraws of the borderless prints
# of v144 and v177 (the same wrapped numbers without rulings, one at the
# top of a page) and v165 (table 四's review headers a line above the
# others', over columns blank in its one row) and v168 (an item label
# centred on its numbers, the group label's last line, 果, just above it
# in its own column); from 180-215, v183 (the total of 予以公开, 12,
# wrapped round its row on the lines of the group label wrapped beside it),
# and v048 (本年废止件数 run into its neighbours over a column blank in
# every row); the eighth round's v196 (四、结转下年度继续办理 with no value,
# a line after the table: reportlab draws nothing in an empty cell) and
# v286 (一、本年新收政府信息公开 / 申请数量 with no value, lines before it);
# from 288-323, v288 (予以公开 and the blank 部分公开's labels run together
# beside 本年度办理结果, which must name no row: each label the template's,
# the two rows are read apart).
for v in v048-2021-html v144-2021-html v165-2019-html v168-2021-html v177-2019-html v183-2019-html v196-2019-word v286-2019-word v288-2021-html; do
	cp "$WORK/gen/$v.json" "$OUT/$v.json"
	sed -e 's/<head>/<head><style>*{border:0 !important;border-collapse:separate !important}<\/style>/' \
		-e 's/ border="[0-9]*"//g' "$WORK/gen/$v.html" >"$WORK/$v.noborder.html"
	chrome "file://$WORK/$v.noborder.html" "$WORK/$v.noborder.pdf"
	python3 scripts/make-reportlab-fixture.py "$WORK/$v.noborder.pdf"
	mv "$WORK/$v.reportlab.pdf" "$OUT/"
done
chrome "file://$WORK/gen/v177-2019-html.html" "$OUT/v177-2019-html.chromium.pdf"
# v046 through Chromium: table 四's header ends a page and its one row,
# blank under 行政复议, begins the next
cp "$WORK/gen/v046-2019-word.json" "$OUT/"
chrome "file://$WORK/gen/v046-2019-word.html" "$OUT/v046-2019-word.chromium.pdf"
python3 scripts/make-reportlab-fixture.py "$OUT/v000-2021-html.noborder.pdf"
# The tenth round's PDFs, kept whole, from 288-323: v288 and v303 without
# borders (Chromium shows a space alone in each empty cell: 部分公开's row
# left blank below 予以公开, its label reaching past the values' edge; 规章
# left blank above the first row with values; rows leaving columns blank)
# and v318 through LibreOffice (a sidebar page whose table the export
# drops: office and year must still be read, beside spaces it shows alone).
for d in v288-2021-html.noborder v303-2019-html.noborder v318-2021-html.libreoffice; do
	v=${d%%.*}
	cp "$WORK/gen/$v.json" "$OUT/$v.json"
	case $d in
	*.noborder)
		sed -e 's/<head>/<head><style>*{border:0 !important;border-collapse:separate !important}<\/style>/' \
			-e 's/ border="[0-9]*"//g' "$WORK/gen/$v.html" >"$WORK/$d.html"
		chrome "file://$WORK/$d.html" "$OUT/$d.pdf"
		;;
	*.libreoffice)
		mkdir -p "$WORK/lo"
		sed -e 's/<head>/<head><style>@page { size: A3 landscape; }<\/style>/' "$WORK/gen/$v.html" >"$WORK/lo/$d.html"
		timeout 300 soffice --headless --convert-to pdf --outdir "$WORK/lo" "$WORK/lo/$d.html" >/dev/null
		mv "$WORK/lo/$d.pdf" "$OUT/$d.pdf"
		;;
	esac
done
ls -la "$OUT"
