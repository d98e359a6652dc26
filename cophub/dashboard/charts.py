"""The dashboard's pictures as server-rendered SVG (no script, no CDN): the province tile
map and the column charts of the trends over fiscal years.

Each SVG has a ``viewBox`` and no fixed size, so CSS fits it to the screen; the numbers
behind every picture are in a table next to it (the template's ``<details>``), so a screen
reader never has to read a chart.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from django.utils.translation import gettext as _

from cophub.core.thai import screen_number
from cophub.dashboard.figures import Group
from cophub.dashboard.provincegrid import ABBREVIATIONS, COLUMNS, GRID, ROWS

SHADES = 5  # a sequential palette (ColorBrewer "Blues"), lightest for the fewest
PALETTE = ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c")
NO_DATA = "#f1f1f1"
TILE, GAP = 40, 3
INK = "#1b1f24"


def _number(value) -> str:
    return screen_number(value) if value is not None else "–"


@dataclass(frozen=True)
class Bin:
    shade: int
    low: int
    high: int

    @property
    def label(self) -> str:
        if self.low == self.high:
            return _number(self.low)
        return f"{_number(self.low)}–{_number(self.high)}"


def bins(largest: int) -> list[Bin]:
    """Five equal ranges of 1…``largest`` participants (fewer when the largest is under 5);
    zero is its own class ("no activity"), not the lightest shade."""
    if largest <= 0:
        return []
    step = math.ceil(largest / SHADES)
    out = []
    for shade in range(SHADES):
        low, high = shade * step + 1, min((shade + 1) * step, largest)
        if low > largest:
            break
        out.append(Bin(shade, low, high))
    return out


def shade_of(value: int, ranges: list[Bin]) -> int | None:
    """The shade of ``value`` participants; None for zero."""
    for b in ranges:
        if b.low <= value <= b.high:
            return b.shade
    return None


def shade_class(shade: int | None) -> str:
    return "shade-none" if shade is None else f"shade-{shade}"


@dataclass
class ProvinceMap:
    svg: str
    legend: list[Bin]


def province_map(
    groups: list[Group], codes: dict[int, str], href: Callable[[int], str]
) -> ProvinceMap:
    """Every province one tile (``provincegrid``), shaded by its participants; the tile
    links to ``href(province_id)`` and its ``<title>`` gives the full name and figures."""
    ranges = bins(max((g.figures.participants for g in groups), default=0))
    width = COLUMNS * (TILE + GAP) + GAP
    height = ROWS * (TILE + GAP) + GAP
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'class="tile-map" font-family="Sarabun, sans-serif" role="group" '
        f'aria-label="{escape(_("Participants by province"))}" data-testid="province-map">'
    ]
    for g in sorted(groups, key=lambda g: codes.get(g.key, "")):
        code = codes.get(g.key)
        if code not in GRID:
            continue
        col, row = GRID[code]
        x, y = GAP + col * (TILE + GAP), GAP + row * (TILE + GAP)
        f = g.figures
        shade = shade_of(f.participants, ranges)
        fill = NO_DATA if shade is None else PALETTE[shade]
        ink = "#fff" if shade is not None and shade >= 3 else INK
        title = _("%(name)s: %(participants)s participants, %(activities)s activities") % {
            "name": g.label,
            "participants": _number(f.participants),
            "activities": _number(f.activities),
        }
        parts.append(
            f'<a href="{escape(href(g.key))}" class="tile {shade_class(shade)}" '
            f'data-code="{code}" data-participants="{f.participants}" '
            f'aria-label="{escape(title)}"><title>{escape(title)}</title>'
            f'<rect x="{x}" y="{y}" width="{TILE}" height="{TILE}" rx="3" fill="{fill}"/>'
            f'<text x="{x + TILE / 2:g}" y="{y + 17}" text-anchor="middle" font-size="12" '
            f'font-weight="700" fill="{ink}">{escape(ABBREVIATIONS[code])}</text>'
            f'<text x="{x + TILE / 2:g}" y="{y + 32}" text-anchor="middle" font-size="9" '
            f'fill="{ink}">{escape(_number(f.participants)) if f.participants else ""}</text></a>'
        )
    parts.append("</svg>")
    return ProvinceMap("".join(parts), ranges)


@dataclass(frozen=True)
class Point:
    label: str  # the fiscal year as shown
    value: float | None  # None: nothing to show that year (no survey, no follow-up)
    printed: str


def column_chart(title: str, points: list[Point], scale_max: float | None = None) -> str:
    """Columns of one figure over the fiscal years, the value above each column.

    About 40 units a year, so on a phone (the chart a screen wide) the text is near its
    real size; with many years the labels shrink to the year's last two digits (๖๑)."""
    band = 40
    side, top, bottom, height = 4, 22, 26, 200
    width = max(320, band * len(points) + 2 * side)
    band = (width - 2 * side) / max(len(points), 1)
    plot = height - top - bottom
    known = [p.value for p in points if p.value is not None]
    top_value = scale_max if scale_max is not None else max(known, default=0)
    bar = band * 0.62
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'class="trend-chart" font-family="Sarabun, sans-serif" font-size="12" role="img" '
        f'aria-label="{escape(title)}"><title>{escape(title)}</title>'
    ]
    base = top + plot
    for i, p in enumerate(points):
        cx = side + band * i + band / 2
        length = 0.0
        if p.value is not None and top_value > 0:
            length = max(0.0, min(1.0, p.value / top_value)) * plot
        if length:
            parts.append(
                f'<rect x="{cx - bar / 2:.1f}" y="{base - length:.1f}" width="{bar:.1f}" '
                f'height="{length:.1f}" fill="#3182bd"/>'
            )
        label = p.label if band >= 36 else p.label[-2:]
        printed_size = 12 if len(p.printed) * 6.5 <= band else 10
        parts.append(
            f'<text x="{cx:.1f}" y="{base - length - 5:.1f}" text-anchor="middle" '
            f'font-size="{printed_size}" fill="{INK}">{escape(p.printed)}</text>'
            f'<text x="{cx:.1f}" y="{height - 8}" text-anchor="middle" fill="#555">'
            f"{escape(label)}</text>"
        )
    parts.append(
        f'<line x1="{side}" y1="{base}" x2="{width - side}" y2="{base}" stroke="#777"/></svg>'
    )
    return "".join(parts)
