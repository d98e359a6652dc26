"""The province tile map: every one of the 77 provinces is one tile on its own cell, named
in full in its title, shaded by its participants, linked to its drill-down."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from cophub.dashboard.charts import bins, shade_class, shade_of
from cophub.dashboard.provincegrid import ABBREVIATIONS, COLUMNS, GRID, ROWS
from cophub.orgs.models import Province
from cophub.testing import ActivityFactory, ProgramFactory, RegistrationFactory, SiteFactory

SVG = "{http://www.w3.org/2000/svg}"


def map_tiles(html: str) -> list[ET.Element]:
    svg = re.search(r'<svg[^>]*class="tile-map".*?</svg>', html, re.S).group(0)
    return ET.fromstring(svg).findall(f"{SVG}a")


def test_the_grid_has_every_province_once_on_its_own_cell(db):
    codes = set(Province.objects.values_list("code", flat=True))
    assert len(codes) == 77
    assert set(GRID) == codes == set(ABBREVIATIONS)
    assert len(set(GRID.values())) == 77  # no two tiles on one cell
    assert len(set(ABBREVIATIONS.values())) == 77
    assert all(0 <= c < COLUMNS and 0 <= r < ROWS for c, r in GRID.values())
    # North at the top, the south's tail at the bottom, Bangkok in the middle rows.
    assert GRID["57"][1] == 0 and GRID["96"][1] == ROWS - 1  # เชียงราย, นราธิวาส
    assert GRID["10"] == (2, 9) and GRID["12"] == (2, 8)  # กรุงเทพฯ below นนทบุรี


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
