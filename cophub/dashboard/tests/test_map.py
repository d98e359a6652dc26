"""The province map: every one of the 77 provinces is drawn from the shipped outlines, named
in full in its title, shaded by its participants, linked to its drill-down; Bangkok and its
vicinity are drawn again, enlarged, for the eye only."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from cophub.dashboard.charts import bins, shade_class, shade_of
from cophub.dashboard.provinceshapes import METRO, shapes
from cophub.orgs.models import Province
from cophub.testing import ActivityFactory, ProgramFactory, RegistrationFactory, SiteFactory

SVG = "{http://www.w3.org/2000/svg}"


def map_svg(html: str) -> ET.Element:
    return ET.fromstring(re.search(r'<svg[^>]*class="province-map".*?</svg>', html, re.S)[0])


def map_tiles(html: str) -> list[ET.Element]:
    """The provinces of the map itself (the enlarged copy is not a second province)."""
    return map_svg(html).findall(f"{SVG}g/{SVG}a")


def test_every_province_has_its_outline_where_it_lies(db):
    s = shapes()
    codes = set(Province.objects.values_list("code", flat=True))
    assert len(codes) == 77
    assert set(s.paths) == codes
    assert len(set(s.paths.values())) == 77 and s.lake
    assert (s.width, s.height) == (560, 1025)

    def centre(code):
        x0, y0, x1, y1 = s.boxes[code]
        return (x0 + x1) / 2, (y0 + y1) / 2

    # North at the top, the northeast to the right, the south's tail at the bottom.
    assert centre("57")[1] < centre("10")[1] < centre("96")[1]  # เชียงราย, กรุงเทพฯ, นราธิวาส
    assert centre("58")[0] < centre("50")[0] < centre("34")[0]  # แม่ฮ่องสอน, เชียงใหม่, อุบลฯ
    assert max(codes, key=lambda c: s.boxes[c][3]) == "95"  # ยะลา (Betong) the southernmost
    x0, _, x1, _ = s.boxes["10"]
    assert x0 < centre("12")[0] < x1 and centre("12")[1] < centre("10")[1]  # นนทบุรี north


def test_the_outlines_are_the_package_s_to_a_tenth():
    """Rounding to tenths is done on absolute points, so a border never drifts."""
    from cophub.dashboard.provinceshapes import DATA, _rings

    original = ET.parse(DATA).getroot().find(f"{SVG}path[@id='nma']").get("d")
    exact = [p for ring in _rings(original) for p in ring]
    rounded = [p for ring in _rings(shapes().paths["30"]) for p in ring]  # นครราชสีมา
    assert len(rounded) <= len(exact) and len(rounded) > 100
    far = max(min(abs(x - a) + abs(y - b) for a, b in exact[max(0, i - 3) : i + 40])
              for i, (x, y) in enumerate(rounded))  # fmt: skip
    assert far <= 0.1 + 1e-9


def test_bins_cover_one_to_the_largest():
    ranges = bins(100)
    assert [(b.low, b.high) for b in ranges] == [(1, 20), (21, 40), (41, 60), (61, 80), (81, 100)]
    assert shade_of(0, ranges) is None and shade_of(1, ranges) == 0 and shade_of(100, ranges) == 4
    assert [(b.low, b.high) for b in bins(3)] == [(1, 1), (2, 2), (3, 3)]
    assert bins(0) == []


@pytest.fixture
def held(organiser):
    bangkok = Province.objects.get(code="10")
    chiang_mai = Province.objects.get(code="50")
    program = ProgramFactory(owner=organiser, fiscal_year=2568)
    big = ActivityFactory(program=program, participants_count=100)
    SiteFactory(activity=big, province=bangkok)
    small = ActivityFactory(program=program)
    SiteFactory(activity=small, province=chiang_mai)
    for _ in range(3):
        RegistrationFactory(activity=small)
    return bangkok, chiang_mai


def test_the_map_names_every_province_and_shades_by_participants(held, organiser_client):
    bangkok, _chiang_mai = held
    html = organiser_client.get("/dashboard/?from=2568&to=2568").content.decode()
    tiles = map_tiles(html)
    names = {t.find(f"{SVG}title").text.split(":")[0] for t in tiles}
    assert names == set(Province.objects.values_list("name_th", flat=True))
    assert len(tiles) == 77
    inset = map_svg(html).findall(f"{SVG}g[@class='inset']/{SVG}g/{SVG}a")
    assert sorted(a.get("data-code") for a in inset) == sorted(METRO)
    assert all(a.get("tabindex") == "-1" for a in inset)  # the keyboard meets each once
    by_code = {t.get("data-code"): t for t in tiles}
    ranges = bins(100)
    for tile in tiles:
        value = int(tile.get("data-participants"))
        assert shade_class(shade_of(value, ranges)) in tile.get("class").split()
    assert by_code["10"].get("data-participants") == "100"
    assert "shade-4" in by_code["10"].get("class")
    assert "shade-0" in by_code["50"].get("class")  # 3 of 100: the lightest
    assert "shade-none" in by_code["83"].get("class")  # ภูเก็ต: nothing held there
    assert by_code["10"].find(f"{SVG}title").text == "กรุงเทพมหานคร: ผู้เข้าร่วม ๑๐๐ คน กิจกรรม ๑ ครั้ง"
    assert by_code["10"].get("href") == f"/dashboard/provinces/{bangkok.pk}/?from=2568&to=2568"
    # The legend gives the ranges in Thai digits.
    assert "๘๑–๑๐๐" in html and "๑–๒๐" in html


def test_a_province_drill_down_lists_its_activities(held, organiser_client):
    _bangkok, chiang_mai = held
    r = organiser_client.get(f"/dashboard/provinces/{chiang_mai.pk}/?from=2568&to=2568")
    assert r.status_code == 200
    html = r.content.decode()
    assert "<h1>เชียงใหม่</h1>" in html
    assert html.count('href="/activities/') == 1


def test_the_shipped_outlines_are_what_package_lock_pins():
    import json
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    data = root / "cophub" / "dashboard" / "mapdata"
    lock = json.loads((root / "package-lock.json").read_text())["packages"]
    package = lock["node_modules/@svg-maps/thailand"]
    assert json.loads((data / "versions.json").read_text()) == {
        "@svg-maps/thailand": package["version"]
    }
    assert package["license"] == "CC-BY-4.0"
    assert "Attribution 4.0 International" in (data / "LICENSE.md").read_text()
    installed = root / "node_modules/@svg-maps/thailand/thailand.svg"
    if installed.exists():  # after `make vendor`: byte for byte what npm installed
        assert installed.read_bytes() == (data / "thailand.svg").read_bytes()
