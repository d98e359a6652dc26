"""Certificates as PDF, laid out by Typst (``certificate.typ``) with Sarabun.

Speed: one Typst document holds every certificate of a run, one page each (500 pages in
under a second), and pypdf splits it into one file per person; the merged document is
the one for printing. One compile per certificate would cost a process-free 0.05 s each,
and segno's choice of the best QR mask another 5 ms: the mask is fixed (any mask is a
valid QR; the choice only evens out dark areas), docs/benchmarks.md has the figures.

Every word and number reaches Typst as text written by ``core.thai`` (Thai digits, B.E.
dates), as JSON, never markup. Raster images (a logo, signatures) go in as SVG text that
wraps the PNG or JPEG as a data URI, so the template has one way to take an image.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
from dataclasses import dataclass
from pathlib import Path

import segno
import typst
from django.conf import settings
from django.urls import reverse
from pypdf import PdfReader, PdfWriter

TEMPLATE = Path(__file__).resolve().parent / "certificate.typ"
FONTS = Path(__file__).resolve().parent.parent / "core" / "fonts"
PDF = "application/pdf"
VERIFY_LABEL = "สแกนเพื่อตรวจสอบเกียรติบัตร"


def verify_url(code: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("certificates:verify", args=[code])


def qr_svg(text: str) -> str:
    # Error correction Q: a printed certificate is folded, stamped and photocopied.
    out = io.BytesIO()
    segno.make(text, error="q", micro=False, mask=0).save(out, kind="svg", border=2, xmldecl=False)
    return out.getvalue().decode()


def image_svg(data: bytes, mime: str, width: int, height: int) -> str:
    """A PNG or JPEG (validated by the service) as an SVG the template can place."""
    uri = f"data:{mime};base64,{base64.b64encode(data).decode()}"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}">'
        f'<image width="{width}" height="{height}" xlink:href="{uri}"/></svg>'
    )


@dataclass(frozen=True)
class Page:
    """What one certificate says beyond its design."""

    name: str
    number: str
    issued: str  # the issue date, Thai
    code: str


def page_data(page: Page) -> dict:
    url = verify_url(page.code)
    return {"name": page.name, "number": page.number, "issued": page.issued, "url": url,
            "qr": qr_svg(url)}  # fmt: skip


def fingerprint(layout: dict, page: Page) -> str:
    """Of everything a certificate shows: unchanged, and a re-issue makes no new file."""
    text = json.dumps([layout, page.name, page.number, page.issued, page.code], sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def render(layout: dict, pages: list[Page], *, progress=None) -> bytes:
    """One PDF, one page per certificate, in the order given."""
    items = []
    for n, page in enumerate(pages, 1):
        items.append(page_data(page))
        if progress and n % 100 == 0:
            progress(n)
    data = {**layout, "verify_label": VERIFY_LABEL, "certificates": items}
    return typst.compile(
        TEMPLATE.read_bytes(),
        font_paths=[str(FONTS)],
        sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
    )


def render_png(layout: dict, page: Page, *, ppi: int = 60) -> bytes:
    """The design page's preview: the certificate as a picture."""
    data = {**layout, "verify_label": VERIFY_LABEL, "certificates": [page_data(page)]}
    return typst.compile(
        TEMPLATE.read_bytes(),
        font_paths=[str(FONTS)],
        sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
        format="png",
        ppi=ppi,
    )


def split(merged: bytes, titles: list[str]) -> list[bytes]:
    """The merged document as one single-page PDF per certificate."""
    reader = PdfReader(io.BytesIO(merged))
    out = []
    for page, title in zip(reader.pages, titles, strict=True):
        writer = PdfWriter()
        writer.add_page(page)
        writer.add_metadata({"/Title": title})
        buffer = io.BytesIO()
        writer.write(buffer)
        out.append(buffer.getvalue())
    return out
