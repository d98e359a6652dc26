"""QR codes and the printable A4 poster of a survey.

segno writes the QR code (PNG or SVG, no imaging library needed); Typst lays out the
poster with the self-hosted Sarabun font, which shapes Thai correctly.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import segno
import typst
from django.conf import settings
from django.urls import reverse

from cophub.core.thai import thai_date_range, thai_digits
from cophub.surveys.models import Survey
from cophub.surveys.selectors import gate_code_of

FONTS = Path(__file__).resolve().parent.parent / "core" / "fonts"


def respondent_url(survey: Survey) -> str:
    """The absolute address the QR code sends a phone to: SITE_URL + /s/{token}; for an
    attendees-only survey the activity's gate, where the phone gets its ticket first."""
    if survey.attendees_only:
        code = gate_code_of(survey.activity)
        if code:
            return settings.SITE_URL + reverse("participants:gate", args=[code])
    return settings.SITE_URL + reverse("surveys:respond", args=[survey.token])


def qr_code(survey: Survey):
    # Error correction Q: still scans with a quarter of the code smudged or glared.
    return segno.make(respondent_url(survey), error="q", micro=False)


def qr_png(survey: Survey, scale: int = 10) -> bytes:
    out = io.BytesIO()
    qr_code(survey).save(out, kind="png", scale=scale, border=4)
    return out.getvalue()


def qr_svg(survey: Survey, scale: int = 10) -> bytes:
    out = io.BytesIO()
    qr_code(survey).save(out, kind="svg", scale=scale, border=4, xmldecl=False)
    return out.getvalue()


def write_qr(survey: Survey, path: Path) -> None:
    suffix = path.suffix.lower()
    if suffix == ".png":
        path.write_bytes(qr_png(survey))
    elif suffix == ".svg":
        path.write_bytes(qr_svg(survey))
    else:
        raise ValueError(suffix)


POSTER = """
#set page(paper: "a4", margin: (x: 2cm, y: 2.2cm))
#set text(font: "Sarabun", size: 18pt, lang: "th")
#let data = json(bytes(sys.inputs.data))
#align(center)[
  #text(size: 16pt, fill: rgb("#0b4f8a"))[#data.program]
  #v(0.6em)
  #text(size: 28pt, weight: "bold")[#data.title]
  #v(0.3em)
  #text(size: 18pt)[#data.when]
  #v(1.2em)
  #image(bytes(sys.inputs.qr), format: "svg", width: 12cm)
  #v(0.8em)
  #text(size: 24pt, weight: "bold")[สแกนเพื่อประเมินความพึงพอใจ]
  #v(0.2em)
  #text(size: 16pt)[ไม่ต้องเข้าสู่ระบบ ใช้เวลาไม่เกิน ๓ นาที · ไม่ระบุตัวตน]
  #v(0.8em)
  #text(size: 11pt, fill: rgb("#555555"))[#data.url]
]
"""


def poster_pdf(survey: Survey) -> bytes:
    activity = survey.activity
    when = thai_date_range(activity.start_date, activity.end_date) if activity.start_date else ""
    data = {
        "program": activity.program.title,
        "title": f"ครั้งที่ {thai_digits(activity.number)} {survey.title}",
        "when": when,
        "url": respondent_url(survey),
    }
    return typst.compile(
        POSTER.encode(),
        font_paths=[str(FONTS)],
        sys_inputs={"data": json.dumps(data, ensure_ascii=False), "qr": qr_svg(survey).decode()},
    )
