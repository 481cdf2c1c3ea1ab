#!/usr/bin/python3
"""make-rotated-fixture.py — store each page of a PDF turned, as scanners,
print drivers and PDF tools do with landscape pages: the content is turned
by pypdf (apt-get install python3-pypdf; run it with /usr/bin/python3) and
the page's /Rotate turns it back, so the document looks exactly as before.
The pages take /Rotate 90, 180, 270, 90, ... in turn; link rectangles are
turned with their page. The truth is that of the report the PDF was made
from (NAME.json).

Usage, from the repository root:
  /usr/bin/python3 scripts/make-rotated-fixture.py \\
      parse/testdata/producers/v003-2019-html.libreoffice.pdf \\
      parse/testdata/producers/v003-2019-html.rotated.pdf
"""
import sys

from pypdf import PdfReader, PdfWriter, Transformation
from pypdf.generic import ArrayObject, FloatObject, NameObject, RectangleObject

src, out = sys.argv[1:]
reader = PdfReader(src)
writer = PdfWriter()
for i, page in enumerate(reader.pages):
    rot = (90, 180, 270)[i % 3]
    box = page.mediabox
    x0, y0 = float(box.left), float(box.bottom)
    w, h = float(box.width), float(box.height)

    def turn(x, y):
        """Where (x, y) goes when the content is turned counter-clockwise
        by rot, so that /Rotate rot (clockwise) shows it as it was."""
        x, y = x - x0, y - y0
        if rot == 90:
            return h - y, x
        if rot == 180:
            return w - x, h - y
        return y, w - x

    a, b = turn(1 + x0, y0), turn(x0, 1 + y0)
    o = turn(x0, y0)
    page.add_transformation(Transformation((a[0] - o[0], a[1] - o[1], b[0] - o[0], b[1] - o[1], o[0], o[1])))
    size = (h, w) if rot in (90, 270) else (w, h)
    page.mediabox = RectangleObject((0, 0) + size)
    page.cropbox = RectangleObject((0, 0) + size)
    for annot in page.get("/Annots") or []:
        annot = annot.get_object()
        r = [float(v) for v in annot["/Rect"]]
        p, q = turn(r[0], r[1]), turn(r[2], r[3])
        annot[NameObject("/Rect")] = ArrayObject(FloatObject(v) for v in (
            min(p[0], q[0]), min(p[1], q[1]), max(p[0], q[0]), max(p[1], q[1])))
    page.rotate(rot)
    writer.add_page(page)
writer.add_metadata({"/Producer": "pypdf (pages stored turned, /Rotate)"})
with open(out, "wb") as f:
    writer.write(f)
print(out)
