"""Statistics against values computed by hand."""

import math

import pytest

from cophub.programs.models import SatisfactionLevel as L
from cophub.surveys.stats import level_of, level_ranges_text, pooled, rating


def test_ten_answers_by_hand():
    # 5×3, 4×4, 3×2, 2×1: sum 39, n 10, mean 3.9;
    # squared deviations 3×1.21 + 4×0.01 + 2×0.81 + 1×3.61 = 8.9; SD = √(8.9 / 9) = 0.99443
    r = rating({5: 3, 4: 4, 3: 2, 2: 1})
    assert r.n == 10
    assert r.mean == pytest.approx(3.9)
    assert r.sd == pytest.approx(math.sqrt(8.9 / 9))
    assert round(r.sd, 4) == 0.9944
    assert r.level == L.HIGH
    assert r.percent == pytest.approx(78.0)  # 3.9 / 5 × 100
    top2 = rating({5: 3, 4: 4, 3: 2, 2: 1}, percent="top2")
    assert top2.percent == pytest.approx(70.0)  # (3 + 4) / 10
    assert r.shares == {5: 30.0, 4: 40.0, 3: 20.0, 2: 10.0, 1: 0.0}


def test_percentage_uses_the_unrounded_mean():
    r = rating({5: 2, 4: 1})  # mean 4.6667
    assert r.percent == pytest.approx(93.3333, abs=1e-4)  # not 4.67 / 5 × 100 = 93.4


def test_all_the_same_answer_has_zero_spread():
    r = rating({4: 12})
    assert (r.mean, r.sd, r.level) == (4.0, 0.0, L.HIGH)


def test_one_answer_has_no_standard_deviation():
    r = rating({5: 1})
    assert r.sd is None and r.mean == 5.0 and r.level == L.HIGHEST


def test_no_answers():
    r = rating({})
    assert (r.n, r.mean, r.sd, r.level, r.percent) == (0, None, None, None, None)


@pytest.mark.parametrize(
    ("mean", "half", "fifth"),
    [
        (5.00, L.HIGHEST, L.HIGHEST),
        (4.51, L.HIGHEST, L.HIGHEST),
        (4.505, L.HIGHEST, L.HIGHEST),  # 4.505 rounds half-up to 4.51
        (4.50, L.HIGH, L.HIGHEST),
        (4.21, L.HIGH, L.HIGHEST),
        (4.20, L.HIGH, L.HIGH),
        (3.51, L.HIGH, L.HIGH),
        (3.50, L.MEDIUM, L.HIGH),
        (3.41, L.MEDIUM, L.HIGH),
        (3.40, L.MEDIUM, L.MEDIUM),
        (2.61, L.MEDIUM, L.MEDIUM),
        (2.60, L.MEDIUM, L.LOW),
        (2.51, L.MEDIUM, L.LOW),
        (2.50, L.LOW, L.LOW),
        (1.81, L.LOW, L.LOW),
        (1.80, L.LOW, L.LOWEST),
        (1.51, L.LOW, L.LOWEST),
        (1.50, L.LOWEST, L.LOWEST),
        (1.00, L.LOWEST, L.LOWEST),
    ],
)
def test_level_boundaries_in_both_schemes(mean, half, fifth):
    assert level_of(mean, "half") == half
    assert level_of(mean, "fifth") == fifth


def test_boundaries_from_real_distributions():
    assert rating({5: 101, 4: 99}).level == L.HIGHEST  # mean 901/200 = 4.505
    assert rating({5: 21, 4: 79}, levels="fifth").level == L.HIGHEST  # 4.21
    assert rating({5: 1, 4: 4}, levels="fifth").level == L.HIGH  # 4.20


def test_criteria_text():
    assert level_ranges_text("half")[0] == ("4.51–5.00", "มากที่สุด")
    assert level_ranges_text("half")[-1] == ("1.00–1.50", "น้อยที่สุด")
    assert level_ranges_text("fifth")[1] == ("3.41–4.20", "มาก")


def test_pooled_overall():
    overall = rating(pooled([{5: 1, 4: 1}, {3: 2}]))
    assert overall.n == 4 and overall.mean == pytest.approx(3.75)
