#!/usr/bin/env python3
"""Write a report page as a DOCX with python-docx, Word's way of merging.

    office-pydocx.py IN.html OUT.docx

Paragraphs and headings become paragraphs (a <br> a line break), and each
innermost <table> a Word table whose rowspan/colspan cells are merged with
python-docx's cell.merge (vMerge restart/continue and gridSpan, as Word
writes them). A second producer of DOCX beside LibreOffice, for
parse/office_test.go.
"""
import sys

import docx
import lxml.html

BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "div", "center", "blockquote"}


def text_of(el):
    """An element's text with <br> as a newline."""
    parts = [el.text or ""]
    for child in el:
        parts.append("\n" if child.tag == "br" else text_of(child))
        parts.append(child.tail or "")
    return "".join(parts)


def add_text(paragraph, text):
    lines = [line.strip() for line in text.split("\n")]
    for i, line in enumerate(lines):
        run = paragraph.add_run(line)
        if i + 1 < len(lines):
            run.add_break()


def add_table(document, table):
    rows = table.xpath(".//tr")
    grid = {}  # (row, col) → (text, rowspan, colspan) at each anchor
    taken = set()
    width = 0
    for r, tr in enumerate(rows):
        c = 0
        for td in tr:
            if td.tag not in ("td", "th"):
                continue
            while (r, c) in taken:
                c += 1
            rs = min(int(td.get("rowspan", "1") or 1), len(rows) - r)
            cs = int(td.get("colspan", "1") or 1)
            grid[(r, c)] = (text_of(td), rs, cs)
            for dr in range(rs):
                for dc in range(cs):
                    taken.add((r + dr, c + dc))
            c += cs
            width = max(width, c)
    out = document.add_table(rows=len(rows), cols=width)
    out.style = "Table Grid"
    for (r, c), (text, rs, cs) in grid.items():
        cell = out.cell(r, c)
        if rs > 1 or cs > 1:
            cell = cell.merge(out.cell(r + rs - 1, c + cs - 1))
        add_text(cell.paragraphs[0], text)


def walk(document, el):
    for child in el:
        if not isinstance(child.tag, str) or child.tag in ("script", "style"):
            continue
        if child.tag == "table" and not child.xpath(".//table"):
            add_table(document, child)
        elif child.tag in BLOCKS and not any(isinstance(g.tag, str) and (g.tag in BLOCKS or g.tag == "table") for g in child.iter() if g is not child):
            text = text_of(child).strip()
            if text:
                add_text(document.add_paragraph(), text)
        else:
            walk(document, child)


def main(src, dst):
    page = lxml.html.fromstring(open(src, "rb").read())
    document = docx.Document()
    walk(document, page.find("body"))
    document.save(dst)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
