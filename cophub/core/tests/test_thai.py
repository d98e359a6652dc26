import datetime as dt
from decimal import Decimal

import pytest

from cophub.core import thai


def test_digits_both_ways():
    assert thai.thai_digits("ร้อยละ 90, ปี 2561") == "ร้อยละ ๙๐, ปี ๒๕๖๑"
    assert thai.arabic_digits("๒๕๖๑") == "2561"
    assert thai.thai_digits(1234567890) == "๑๒๓๔๕๖๗๘๙๐"


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (36, None, "๓๖"),
        (1234, None, "๑,๒๓๔"),
        (Decimal("90.00"), None, "๙๐"),
        (Decimal("92.50"), None, "๙๒.๕"),
        (4.456, 2, "๔.๔๖"),
        (4.455, 2, "๔.๔๖"),  # half up, as Thai reports round, not banker's rounding
        (0.5, 0, "๑"),
    ],
)
def test_thai_number(value, places, expected):
    assert thai.thai_number(value, places) == expected


def test_be_years():
    assert thai.be_year(2018) == 2561
    assert thai.ce_year(2561) == 2018


@pytest.mark.parametrize(
    ("day", "fy"),
    [
        (dt.date(2017, 9, 30), 2560),  # last day of FY 2560
        (dt.date(2017, 10, 1), 2561),  # first day of FY 2561
        (dt.date(2018, 3, 5), 2561),
        (dt.date(2018, 9, 30), 2561),
        (dt.date(2018, 10, 1), 2562),
        (dt.date(2025, 12, 31), 2569),
        (dt.date(2026, 1, 1), 2569),
    ],
)
def test_fiscal_year_edges(day, fy):
    assert thai.fiscal_year(day) == fy


def test_fiscal_year_bounds():
    assert thai.fiscal_year_bounds(2561) == (dt.date(2017, 10, 1), dt.date(2018, 9, 30))
    first, last = thai.fiscal_year_bounds(2569)
    assert thai.fiscal_year(first) == thai.fiscal_year(last) == 2569
    assert thai.fiscal_year(first - dt.timedelta(days=1)) == 2568
    assert thai.fiscal_year(last + dt.timedelta(days=1)) == 2570


def test_thai_dates():
    day = dt.date(2018, 3, 5)
    assert thai.thai_date(day) == "๕ มีนาคม พ.ศ. ๒๕๖๑"
    assert thai.thai_date(day, style="medium") == "๕ มีนาคม ๒๕๖๑"
    assert thai.thai_date(day, style="short") == "๕ มี.ค. ๖๑"
    assert thai.thai_date(day, style="medium", digits="arabic") == "5 มีนาคม 2561"
    assert thai.thai_date(dt.date(2017, 12, 31), style="short") == "๓๑ ธ.ค. ๖๐"
    with pytest.raises(ValueError, match="unknown date style"):
        thai.thai_date(day, style="fancy")


def test_thai_date_ranges():
    assert thai.thai_date_range(dt.date(2018, 3, 12), dt.date(2018, 3, 13)) == "๑๒–๑๓ มีนาคม ๒๕๖๑"
    assert (
        thai.thai_date_range(dt.date(2018, 9, 30), dt.date(2018, 10, 1))
        == "๓๐ กันยายน – ๑ ตุลาคม ๒๕๖๑"
    )
    assert (
        thai.thai_date_range(dt.date(2018, 12, 31), dt.date(2019, 1, 1))
        == "๓๑ ธันวาคม ๒๕๖๑ – ๑ มกราคม ๒๕๖๒"
    )
    assert thai.thai_date_range(dt.date(2018, 3, 5), None) == "๕ มีนาคม ๒๕๖๑"


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (("นาย", "สมชาย", "ใจดี"), "นายสมชาย ใจดี"),
        (("นางสาว", "สมหญิง", "รักงาน"), "นางสาวสมหญิง รักงาน"),
        (("ดร.", "สมศักดิ์", "เก่งมาก"), "ดร. สมศักดิ์ เก่งมาก"),
        (("", "สมปอง", ""), "สมปอง"),
        ((" นาง ", " สมใจ ", " ดีเสมอ "), "นางสมใจ ดีเสมอ"),
    ],
)
def test_person_name(parts, expected):
    assert thai.person_name(*parts) == expected


def test_thai_sort_order_ignores_leading_vowels():
    names = ["ไก่", "เกิด", "กาล", "เป็ด", "หมู", "วัว", "ขวด"]
    assert thai.thai_sorted(names) == ["กาล", "เกิด", "ไก่", "ขวด", "เป็ด", "วัว", "หมู"]


def test_thai_sort_with_key_keeps_duplicates():
    rows = [("เอกชัย", 1), ("กมล", 2), ("เอกชัย", 3)]
    assert [r[1] for r in thai.thai_sorted(rows, key=lambda r: r[0])] == [2, 1, 3]
