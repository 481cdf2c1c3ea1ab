#!/usr/bin/env bash
# make-picture-fixture.sh — a fixture report whose table 三 is published as
# a picture, as bodies paste tables into pages ("图片版"): Chromium draws
# the table and takes its screenshot (the real producer of the pixels); the
# page prints <img src="…"> where the table was. Writes, into
# parse/testdata/pictures: NAME.html, NAME-table3.png, NAME.json (the truth,
# from fixtures/cmd/gen). Needs chromium and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=parse/testdata/pictures
V=v009-2019-html
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
go run ./fixtures/cmd/gen -n 10 -out "$WORK"
mkdir -p "$OUT"
cp "$WORK/$V.json" "$OUT/$V.json"
python3 - "$WORK/$V.html" "$WORK/table.html" "$OUT/$V.html" "$V-table3.png" <<'PY'
import re, sys
src, table_page, page, png = sys.argv[1:]
html = open(src, encoding="utf-8").read()
# table 三 is the table that holds 申请人情况
tables = [m for m in re.finditer(r"<table\b.*?</table>", html, re.S) if "申请人情况" in m.group(0)]
t = tables[-1]
open(table_page, "w", encoding="utf-8").write(
    '<!DOCTYPE html><html><head><meta charset="utf-8"><style>body{margin:8px;background:#fff}'
    'table{border-collapse:collapse;font-size:15px}td,th{border:1px solid #000;padding:3px 6px}</style></head>'
    '<body>' + t.group(0) + '</body></html>')
open(page, "w", encoding="utf-8").write(html[:t.start()] + '<p><img src="%s" alt="表三"></p>' % png + html[t.end():])
PY
timeout 120 chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
	--disable-component-update --disable-sync --hide-scrollbars --window-size=1000,2000 \
	--screenshot="$OUT/$V-table3.png" "file://$WORK/table.html" 2>/dev/null
ls -la "$OUT"
