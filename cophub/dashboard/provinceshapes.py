"""The 77 provinces' outlines for the dashboard's map, read from the shipped SVG.

`mapdata/thailand.svg` is the npm package ``@svg-maps/thailand`` (CC BY 4.0, based on
MapSVG's map of Thailand; `make vendor` copies it, `mapdata/versions.json` says which
version), one ``<path>`` per province with its English name, and one for Lake Songkhla.
Its paths use only relative move-to/line-to and close-path; they are re-written here with
one decimal (the map is 560 units wide, so a tenth is far below a screen pixel), which
takes the map from 156 to 121 KB before compression. Rounding is done on the
absolute points and the differences taken again, so the error never adds up along a border.

Keys are ``orgs.Province.code`` (the Ministry of Interior's two-digit code), matched by the
English name; the package spells two of them differently from ours.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "mapdata" / "thailand.svg"
PROVINCES = Path(__file__).resolve().parents[1] / "orgs" / "data" / "provinces.json"
SPELLING = {"Buriram": "Buri Ram", "Phangnga": "Phang Nga"}  # the package's → ours
LAKE = "lksg"  # Lake Songkhla: water, not a province
# Bangkok and its vicinity (ปริมณฑล), drawn again enlarged: on the whole map they are a few
# pixels, yet most activities are held there.
METRO = ("10", "11", "12", "13", "73", "74")

_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_SVG = "{http://www.w3.org/2000/svg}"


@dataclass(frozen=True)
class Shapes:
    width: float
    height: float
    paths: dict[str, str]  # province code → path data
    boxes: dict[str, tuple[float, float, float, float]]  # code → min x, min y, max x, max y
    lake: str


def _rings(d: str) -> list[list[tuple[float, float]]]:
    """Absolute points of each closed ring of a path made of ``m``, implicit ``l`` and ``z``."""
    rings: list[list[tuple[float, float]]] = []
    x = y = 0.0
    for part in re.split(r"[zZ]", d):
        numbers = [float(n) for n in _NUMBER.findall(part)]
        if not numbers:
            continue
        if not part.strip().startswith("m"):
            raise ValueError("the map's paths were expected to start each ring with 'm'")
        ring = []
        for dx, dy in zip(numbers[::2], numbers[1::2], strict=True):
            x, y = x + dx, y + dy
            ring.append((x, y))
        x, y = ring[0]  # after a close-path the pen is back at the ring's start
        rings.append(ring)
    return rings


def _path(rings: list[list[tuple[float, float]]]) -> str:
    out = []
    px = py = 0  # tenths of a unit, the last point written
    for ring in rings:
        steps = []
        for x, y in ring:
            tx, ty = round(x * 10), round(y * 10)
            if steps and (tx, ty) == (px, py):
                continue
            steps.append(f"{_tenths(tx - px)},{_tenths(ty - py)}")
            px, py = tx, ty
        out.append("m" + " ".join(steps) + "z")
        px, py = round(ring[0][0] * 10), round(ring[0][1] * 10)
    return "".join(out)


def _tenths(n: int) -> str:
    sign, n = ("-" if n < 0 else ""), abs(n)
    whole, tenth = divmod(n, 10)
    return f"{sign}{whole}.{tenth}" if tenth else f"{sign}{whole}"


def _box(rings) -> tuple[float, float, float, float]:
    xs = [x for ring in rings for x, _ in ring]
    ys = [y for ring in rings for _, y in ring]
    return min(xs), min(ys), max(xs), max(ys)


@cache
def shapes() -> Shapes:
    root = ET.parse(DATA).getroot()  # noqa: S314 - the file we ship, not user input
    _, _, width, height = (float(v) for v in root.get("viewBox").split())
    code_of = {p["name_en"]: p["code"] for p in json.loads(PROVINCES.read_text())}
    paths, boxes, lake = {}, {}, ""
    for element in root.iter(f"{_SVG}path"):
        rings = _rings(element.get("d"))
        if element.get("id") == LAKE:
            lake = _path(rings)
            continue
        name = element.get("aria-label")
        code = code_of[SPELLING.get(name, name)]
        paths[code], boxes[code] = _path(rings), _box(rings)
    return Shapes(width, height, paths, boxes, lake)
