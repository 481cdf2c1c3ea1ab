#!/usr/bin/env python3
"""Turn the typed outline numbers of a DOCX into Word automatic numbering.

    office-autonum.py IN.docx OUT.docx

Every paragraph (body and table cells) that starts with a typed outline
number — 一、 （一） 1. （1） — loses the typed number and gets a numbering
reference (w:numPr) to a list whose level prints the same label: lvlText
"%1、", "（%1）", "%1." in chineseCounting or decimal. A list restarts the
way Word restarts one: a new w:num with a startOverride, the first list of
each format without one. The output must read exactly as the input does
(parse/office_test.go); written with python-docx (pip install python-docx).
"""
import re
import sys

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

CHINESE = "一二三四五六七八九"

# (pattern, numFmt, lvlText): the label's value is group 1.
KINDS = [
    (re.compile(r"^([一二三四五六七八九十]{1,3})、"), "chineseCounting", "%1、"),
    (re.compile(r"^（([一二三四五六七八九十]{1,3})）"), "chineseCounting", "（%1）"),
    (re.compile(r"^(\d{1,2})\."), "decimal", "%1."),
    (re.compile(r"^(\d{1,2})．"), "decimal", "%1．"),
    (re.compile(r"^（(\d{1,2})）"), "decimal", "（%1）"),
]


def value(label):
    if label.isdigit():
        return int(label)
    if label == "十":
        return 10
    if label.startswith("十"):
        return 10 + CHINESE.index(label[1]) + 1
    if label.endswith("十"):
        return (CHINESE.index(label[0]) + 1) * 10
    if "十" in label:
        return (CHINESE.index(label[0]) + 1) * 10 + CHINESE.index(label[2]) + 1
    return CHINESE.index(label) + 1


def strip_prefix(p, n):
    """Remove the first n characters of paragraph p's text, across runs."""
    for t in p.iter(qn("w:t")):
        text = t.text or ""
        cut = min(n, len(text))
        t.text = text[cut:]
        n -= cut
        if n == 0:
            return


def main(src, dst):
    d = docx.Document(src)
    numbering = d.part.numbering_part.element
    abstract_ids, next_abstract = {}, 100
    next_num = 100
    lists = {}  # (kind, container) → (numId, last value)
    for p in d.element.body.iter(qn("w:p")):
        text = "".join(t.text or "" for t in p.iter(qn("w:t")))
        for kind, (pattern, fmt, lvl_text) in enumerate(KINDS):
            m = pattern.match(text)
            if not m:
                continue
            v = value(m.group(1))
            container = next((a for a in p.iterancestors(qn("w:tbl"))), None)
            key = (kind, id(container))
            num, last = lists.get(key, (None, None))
            if num is None or v != last + 1:
                if kind not in abstract_ids:
                    abstract_ids[kind] = next_abstract
                    numbering.insert(0, parse_xml(
                        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{next_abstract}">'
                        f'<w:multiLevelType w:val="singleLevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/>'
                        f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="{lvl_text}"/><w:suff w:val="nothing"/>'
                        f'<w:lvlJc w:val="left"/></w:lvl></w:abstractNum>'))
                    override = "" if v == 1 else f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{v}"/></w:lvlOverride>'
                    next_abstract += 1
                else:
                    override = f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{v}"/></w:lvlOverride>'
                num = next_num
                next_num += 1
                numbering.append(parse_xml(
                    f'<w:num {nsdecls("w")} w:numId="{num}"><w:abstractNumId w:val="{abstract_ids[kind]}"/>{override}</w:num>'))
            lists[key] = (num, v)
            strip_prefix(p, len(m.group(0)))
            p_pr = p.get_or_add_pPr()
            p_pr.insert_element_before(
                parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="{num}"/></w:numPr>'),
                "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku",
                "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi",
                "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
                "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
                "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
            break
    d.save(dst)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
