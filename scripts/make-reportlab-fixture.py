#!/usr/bin/env python3
"""make-reportlab-fixture.py — print a fixture report as a program that
writes PDFs glyph by glyph would: reportlab (pip install reportlab
pdfplumber) with its built-in STSong-Light, a Chinese font that is not
embedded and has no ToUnicode map (its codes are Unicode through the
predefined CMap UniGB-UCS2-H, which pdftotext cannot read without a
language pack), every character drawn on its own, in reverse order, and no
rulings. Each character stands where Chromium put it in the borderless
print of the same report, so the truth is that report's (NAME.json).

Usage, from the repository root:
  scripts/make-reportlab-fixture.py parse/testdata/producers/v000-2021-html.noborder.pdf
writes parse/testdata/producers/v000-2021-html.reportlab.pdf. With a second
argument, GBK-EUC-H, the codes are GBK bytes instead (reportlab's CIDFont
with that predefined CMap, still no ToUnicode), written to
NAME.reportlab.gbk.pdf.
"""
import os
import sys
import unicodedata
import pdfplumber
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import CIDFont, UnicodeCIDFont
from reportlab.pdfgen import canvas

# the CJK radicals supplement forms Chromium prints in the fixtures, which
# NFKC leaves alone (Unicode's EquivalentUnifiedIdeograph.txt)
SUPPLEMENT = {"⺠": "民", "⻔": "门", "⻚": "页", "⻘": "青"}

src = sys.argv[1]
gbk = len(sys.argv) > 2 and sys.argv[2] == "GBK-EUC-H"
out = os.path.join(os.path.dirname(src), os.path.basename(src).split(".")[0] + (".reportlab.gbk.pdf" if gbk else ".reportlab.pdf"))
font = CIDFont("STSong-Light", "GBK-EUC-H") if gbk else UnicodeCIDFont("STSong-Light")
pdfmetrics.registerFont(font)
with pdfplumber.open(src) as pdf:
    first = pdf.pages[0]
    c = canvas.Canvas(out, pagesize=(first.width, first.height), invariant=1)
    for page in pdf.pages:
        for ch in reversed(page.chars):
            if not ch["text"].strip():
                continue
            size = round(ch["size"], 2)
            c.setFont(font.fontName, size)
            text = ch["text"]
            if gbk:
                # the font takes the bytes, one character of the string
                # each; the look-alikes Chromium printed (⾯ for 面, ⺠ for
                # 民) are not in GBK, their unified ideographs are
                text = SUPPLEMENT.get(text, unicodedata.normalize("NFKC", text))
                text = text.encode("gbk").decode("latin-1")
            # the baseline: the glyph box's bottom is about 0.12 em below it
            c.drawString(ch["x0"], page.height - ch["bottom"] + 0.12 * size, text)
        c.showPage()
    c.save()
print(out)
