"""The Sarabun font embedded in the DOCX, so the report reads right on any PC.

Ministry PCs have TH SarabunPSK or TH Sarabun New, rarely Sarabun: without the font the
document shows boxes. Word and LibreOffice read TrueType fonts embedded as ECMA-376
"obfuscated" parts (§17.8.1): the first 32 bytes XOR-ed with the part's GUID key.
python-docx does not write them, so this does (docs/decisions.md).
"""

from __future__ import annotations

import io
import uuid
import zipfile
from pathlib import Path

from lxml import etree

FONT = "Sarabun"
FONTS_DIR = Path(__file__).resolve().parent.parent / "core" / "fonts"
EMBEDDED = (("embedRegular", "Sarabun-Regular.ttf"), ("embedBold", "Sarabun-Bold.ttf"))
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
FONT_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"
ODTTF = "application/vnd.openxmlformats-officedocument.obfuscatedFont"


def obfuscate_font(data: bytes, key: uuid.UUID) -> bytes:
    """XOR the first 32 bytes with the key's 16 bytes read from the end (self-inverse)."""
    reversed_key = key.bytes[::-1]
    head = bytes(b ^ reversed_key[i % 16] for i, b in enumerate(data[:32]))
    return head + data[32:]


def _font_table(xml: bytes, keys: list[tuple[str, str, uuid.UUID]]) -> bytes:
    root = etree.fromstring(xml)
    font = root.find(f"{{{W}}}font[@{{{W}}}name='{FONT}']")
    if font is None:
        font = etree.SubElement(root, f"{{{W}}}font", {f"{{{W}}}name": FONT})
    for slot, rid, key in keys:
        for old in font.findall(f"{{{W}}}{slot}"):
            font.remove(old)
        etree.SubElement(
            font,
            f"{{{W}}}{slot}",
            {f"{{{R}}}id": rid, f"{{{W}}}fontKey": f"{{{str(key).upper()}}}"},
        )
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _add_to_xml(xml: bytes, marker: bytes, addition: bytes) -> bytes:
    return xml if addition in xml else xml.replace(marker, addition + marker, 1)


def embed_fonts(docx: bytes) -> bytes:
    """The same document with Sarabun regular and bold embedded for Word and LibreOffice."""
    source = zipfile.ZipFile(io.BytesIO(docx))
    parts = {name: source.read(name) for name in source.namelist()}
    keys, rels = [], []
    for n, (slot, filename) in enumerate(EMBEDDED, 1):
        # A fixed key per font keeps the file the same for the same report.
        key = uuid.uuid5(uuid.NAMESPACE_URL, f"cophub:{filename}")
        parts[f"word/fonts/font{n}.odttf"] = obfuscate_font(
            (FONTS_DIR / filename).read_bytes(), key
        )
        keys.append((slot, f"rIdFont{n}", key))
        rels.append(
            f'<Relationship Id="rIdFont{n}" Type="{FONT_REL}" Target="fonts/font{n}.odttf"/>'
        )
    parts["word/fontTable.xml"] = _font_table(parts["word/fontTable.xml"], keys)
    parts["word/_rels/fontTable.xml.rels"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(rels) + "</Relationships>"
    ).encode()  # fmt: skip
    parts["[Content_Types].xml"] = _add_to_xml(
        parts["[Content_Types].xml"], b"</Types>",
        f'<Default Extension="odttf" ContentType="{ODTTF}"/>'.encode(),
    )  # fmt: skip
    # Word keeps the fonts embedded when someone edits and saves the document again.
    parts["word/settings.xml"] = _add_to_xml(
        parts["word/settings.xml"], b"</w:settings>", b"<w:embedTrueTypeFonts/>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return out.getvalue()
