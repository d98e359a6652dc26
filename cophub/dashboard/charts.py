"""The dashboard's pictures as server-rendered SVG (no script, no CDN): the province map
and the column charts of the trends over fiscal years.

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
from cophub.dashboard import provinceshapes
from cophub.dashboard.figures import Group

SHADES = 5  # ColorBrewer "Blues" without its near-white: the fewest still read as some
PALETTE = ("#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c")
NO_DATA = "#f0f0f0"  # no activity: grey, apart from every blue
WATER = "#dbe9f6"
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
    """The 77 provinces' outlines (``provinceshapes``) shaded by their participants, with
    Bangkok and its vicinity enlarged in the gulf; a province links to ``href(province_id)``
    and its ``<title>`` gives the full name and figures."""
    shapes = provinceshapes.shapes()
    ranges = bins(max((g.figures.participants for g in groups), default=0))
    by_code = {codes[g.key]: g for g in groups if codes.get(g.key) in shapes.paths}
    label = escape(_("Participants by province"))  # outside the f-string, for xgettext
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {shapes.width:g} '
        f'{shapes.height:g}" class="province-map" font-family="Sarabun, sans-serif" '
        f'role="group" aria-label="{label}" '
        f'data-testid="province-map">'
        f'<g stroke="#fff" stroke-width="0.6" stroke-linejoin="round">'
    ]
    parts += [_province(code, by_code.get(code), ranges, href) for code in sorted(shapes.paths)]
    parts.append(f'<path d="{shapes.lake}" fill="{WATER}"/></g>')
    parts.append(_metro_inset(shapes, by_code, ranges, href))
    parts.append("</svg>")
    return ProvinceMap("".join(parts), ranges)


def _province(code, group, ranges, href, *, inset: bool = False) -> str:
    d = provinceshapes.shapes().paths[code]
    if group is None:  # a province the figures do not know: drawn, but not a link
        return f'<path d="{d}" fill="{NO_DATA}"/>'
    f = group.figures
    shade = shade_of(f.participants, ranges)
    fill = NO_DATA if shade is None else PALETTE[shade]
    title = _("%(name)s: %(participants)s participants, %(activities)s activities") % {
        "name": group.label,
        "participants": _number(f.participants),
        "activities": _number(f.activities),
    }
    # The enlarged copy is for the eye and the mouse; the keyboard and screen readers
    # meet each province once, in the map itself.
    extra = ' tabindex="-1"' if inset else f' aria-label="{escape(title)}"'
    return (
        f'<a href="{escape(href(group.key))}" class="province {shade_class(shade)}" '
        f'data-code="{code}" data-participants="{f.participants}"{extra}>'
        f"<title>{escape(title)}</title>"
        f'<path d="{d}" fill="{fill}"/></a>'
    )


def _metro_inset(shapes, by_code, ranges, href) -> str:
    boxes = [shapes.boxes[c] for c in provinceshapes.METRO]
    x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
    x1, y1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
    left, top, width, caption = 298, 620, 256, 28  # the gulf, east of the peninsula
    scale = (width - 12) / (x1 - x0)
    height = caption + (y1 - y0) * scale + 12
    provinces = "".join(
        _province(c, by_code.get(c), ranges, href, inset=True) for c in provinceshapes.METRO
    )
    title = escape(_("Bangkok and vicinity"))  # outside the f-string: xgettext reads no f-string
    return (
        f'<g class="inset" aria-hidden="true">'
        f'<rect x="{left}" y="{top}" width="{width}" height="{height:.1f}" fill="#fff" '
        f'stroke="#8c959f" stroke-width="0.8" rx="3"/>'
        f'<text x="{left + 7}" y="{top + 20}" font-size="17" fill="{INK}">'
        f"{title}</text>"
        f'<g transform="translate({left + 6 - x0 * scale:.2f} {top + caption - y0 * scale:.2f}) '
        f'scale({scale:.4f})" stroke="#fff" stroke-width="{0.8 / scale:.3f}" '
        f'stroke-linejoin="round">{provinces}</g></g>'
    )


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
