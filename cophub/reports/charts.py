"""Bar charts as SVG: vector in HTML and PDF, and a 300 ppi PNG of the same SVG in DOCX
(python-docx cannot place SVG). Text is Sarabun with Thai digits, like the rest."""

from __future__ import annotations

import html
import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import typst

FONTS = Path(__file__).resolve().parent.parent / "core" / "fonts"
BRAND = "#0b4f8a"


@dataclass
class Chart:
    title: str
    bars: list[tuple[str, float, str]]  # label, value, value as printed
    scale_max: float
    svg: str = ""

    def __post_init__(self) -> None:
        self.svg = bar_chart_svg(self)


def bar_chart_svg(chart: Chart) -> str:
    label_w, bar_w, value_w, row_h, top = 200, 330, 70, 26, 8
    width = label_w + bar_w + value_w
    height = top * 2 + row_h * len(chart.bars)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" font-family="Sarabun" font-size="13" role="img" '
        f'aria-label="{html.escape(chart.title)}">'
    ]
    for i, (label, value, printed) in enumerate(chart.bars):
        y = top + i * row_h
        length = 0 if chart.scale_max <= 0 else max(0.0, min(1.0, value / chart.scale_max)) * bar_w
        short = label if len(label) <= 34 else label[:33] + "…"
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 17}" text-anchor="end" fill="#1b1f24">{html.escape(short)}</text>'
            f'<rect x="{label_w}" y="{y + 5}" width="{length:.1f}" height="{row_h - 10}" fill="{BRAND}"/>'
            f'<text x="{label_w + length + 6:.1f}" y="{y + 17}" fill="#1b1f24">{html.escape(printed)}</text>'
        )
    parts.append(
        f'<line x1="{label_w}" y1="{top}" x2="{label_w}" y2="{height - top}" stroke="#555" stroke-width="1"/>'
    )
    parts.append("</svg>")
    return "".join(parts)


def chart_png(chart: Chart, ppi: int = 300) -> io.BytesIO:
    """The chart's SVG drawn by Typst (with the same Sarabun) as a PNG, for DOCX."""
    return io.BytesIO(_png(chart.svg, ppi))


@cache
def _png(svg: str, ppi: int) -> bytes:
    source = '#set page(width: auto, height: auto, margin: 0pt)\n#image(bytes(sys.inputs.svg), format: "svg")\n'
    return typst.compile(
        source.encode(), font_paths=[str(FONTS)], format="png", ppi=ppi, sys_inputs={"svg": svg}
    )
