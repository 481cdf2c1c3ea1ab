#!/usr/bin/env python3
"""make-cid-table.py — write parse/pdf/adobe-gb1.bin.gz, the Unicode text of
each character ID of Adobe's Adobe-GB1 character collection, for PDFs whose
Chinese fonts use it without a ToUnicode map.

The mapping is Adobe's (cmap-resources, BSD-3-Clause), as redistributed by
pdfminer.six (MIT) in pdfminer/cmap/to-unicode-Adobe-GB1.json.gz:
`pip install pdfminer.six`, then run this script from the repository root.
Format: for CID 0, 1, 2, … a little-endian uint32 code point, 0 where the
collection maps none; gzip-compressed.
"""
import gzip, json, os, struct
import pdfminer

src = os.path.join(os.path.dirname(pdfminer.__file__), "cmap", "to-unicode-Adobe-GB1.json.gz")
table = json.load(gzip.open(src))["CID2UNICHR_H"]
cids = {int(k): v for k, v in table.items()}
out = bytearray()
for cid in range(max(cids) + 1):
    s = cids.get(cid, "")
    out += struct.pack("<I", ord(s[0]) if len(s) == 1 else 0)
with open("parse/pdf/adobe-gb1.bin.gz", "wb") as f:
    f.write(gzip.compress(bytes(out), mtime=0))
print(len(cids), "CIDs,", len(out), "bytes before compression")
