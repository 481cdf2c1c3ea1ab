#!/usr/bin/python3
"""make-type3-fixture.py — print a fixture report the way matplotlib's PDF
backend does with its default pdf.fonttype 3: every font a Type 3 font
without a ToUnicode map. In Debian's matplotlib (3.6, apt-get install
python3-matplotlib python3-pdfminer; run it with /usr/bin/python3) the
characters a Type 3 font cannot address in one byte — every Chinese one —
are form XObjects named after their glyph (/F1-wqy-zenhei-uni4EBA Do), and
the digits are the font's /Differences glyph names (/zero /one ...): the
text is only in glyph names. pdftotext reads the digits and nothing else.

Each character and each ruling stands where LibreOffice put it in its PDF
of the same report, so the truth is that report's (NAME.json).

Usage, from the repository root:
  /usr/bin/python3 scripts/make-type3-fixture.py FONT SRC.pdf OUT.pdf
e.g.
  /usr/bin/python3 scripts/make-type3-fixture.py \\
      /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc \\
      parse/testdata/producers/v003-2019-html.libreoffice.pdf \\
      parse/testdata/producers/v003-2019-html.matplotlib.pdf
A font without glyph names (Noto Sans CJK: matplotlib makes up
uni0000XXXX from glyph numbers) gives a PDF whose Chinese text nothing can
read: its first line of text, for parse/testdata/type3/v003-title.noto.pdf:
  /usr/bin/python3 scripts/make-type3-fixture.py --first-line \\
      /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc SRC.pdf OUT.pdf
"""
import sys

import matplotlib

matplotlib.use("pdf")
matplotlib.rcParams["pdf.fonttype"] = 3
import matplotlib.pyplot as plt
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Rectangle
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTChar, LTCurve

args = sys.argv[1:]
first_line = args[0] == "--first-line"
if first_line:
    args = args[1:]
font, src, out = args
fp = FontProperties(fname=font)


def walk(obj):
    """Every character and path under a pdfminer layout object."""
    if isinstance(obj, (LTChar, LTCurve)):
        yield obj
        return
    if hasattr(obj, "__iter__"):
        for child in obj:
            yield from walk(child)


with PdfPages(out, metadata={"Creator": "matplotlib (pdf.fonttype 3)"}) as pdf:
    for page in extract_pages(src):
        if first_line and not any(isinstance(o, LTChar) for o in walk(page)):
            continue  # a blank page (LibreOffice begins v003 with one)
        w, h = page.width, page.height
        fig = plt.figure(figsize=(w / 72, h / 72))
        top = None
        for obj in walk(page):
            if isinstance(obj, LTChar):
                if not obj.get_text().strip():
                    continue
                # the glyph's origin on its baseline, from its text matrix
                x, y = obj.matrix[4], obj.matrix[5]
                if first_line:
                    top = top if top is not None else y
                    if abs(y - top) > 1:
                        continue
                fig.text(x / w, y / h, obj.get_text(), fontproperties=fp,
                         fontsize=obj.size, va="baseline", ha="left")
            elif not first_line and min(obj.width, obj.height) < 2.5:
                # a ruling: LibreOffice strokes it, matplotlib fills it
                lw = max(obj.linewidth or 0.5, 0.5)
                x0, y0 = obj.x0, obj.y0
                rw, rh = max(obj.width, lw), max(obj.height, lw)
                if obj.width < obj.height:
                    x0 -= lw / 2
                else:
                    y0 -= lw / 2
                fig.add_artist(Rectangle((x0 / w, y0 / h), rw / w, rh / h,
                                         transform=fig.transFigure,
                                         facecolor="black", linewidth=0))
        pdf.savefig(fig)
        plt.close(fig)
        if first_line:
            break
print(out)
