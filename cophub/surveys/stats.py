"""The statistics of a 5-level rating scale, from a distribution of answers.

Pure functions, checked in tests against hand-computed values. The distribution
gives exact n, mean and standard deviation, so results never read raw answers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from cophub.programs.models import SatisfactionLevel

# Lower bounds (inclusive, on the mean rounded to 2 places) of each level, highest first.
LEVEL_RANGES = {
    "half": [
        (Decimal("4.51"), SatisfactionLevel.HIGHEST),
        (Decimal("3.51"), SatisfactionLevel.HIGH),
        (Decimal("2.51"), SatisfactionLevel.MEDIUM),
        (Decimal("1.51"), SatisfactionLevel.LOW),
        (Decimal("1.00"), SatisfactionLevel.LOWEST),
    ],
    "fifth": [
        (Decimal("4.21"), SatisfactionLevel.HIGHEST),
        (Decimal("3.41"), SatisfactionLevel.HIGH),
        (Decimal("2.61"), SatisfactionLevel.MEDIUM),
        (Decimal("1.81"), SatisfactionLevel.LOW),
        (Decimal("1.00"), SatisfactionLevel.LOWEST),
    ],
}


def level_ranges_text(scheme: str) -> list[tuple[str, str]]:
    """[("4.51–5.00", "มากที่สุด"), …] for showing the criteria next to results."""
    bounds = LEVEL_RANGES[scheme]
    rows, upper = [], Decimal("5.00")
    for lower, level in bounds:
        rows.append((f"{lower:.2f}–{upper:.2f}", str(level.label)))
        upper = lower - Decimal("0.01")
    return rows


def round2(value: float) -> Decimal:
    return Decimal(repr(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def level_of(mean: float, scheme: str = "half") -> SatisfactionLevel:
    rounded = round2(mean)
    for lower, level in LEVEL_RANGES[scheme]:
        if rounded >= lower:
            return level
    return SatisfactionLevel.LOWEST


@dataclass(frozen=True)
class Rating:
    """Statistics of one item (or of all items pooled)."""

    distribution: dict[int, int]  # {5: n5, 4: n4, …, 1: n1}
    n: int
    mean: float | None
    sd: float | None  # sample standard deviation (n − 1), as Thai evaluation reports use
    level: SatisfactionLevel | None
    percent: float | None

    @property
    def shares(self) -> dict[int, float]:
        return {k: (100 * v / self.n if self.n else 0.0) for k, v in self.distribution.items()}


def rating(distribution: dict[int, int], *, levels: str = "half", percent: str = "mean") -> Rating:
    dist = {k: int(distribution.get(k, 0)) for k in (5, 4, 3, 2, 1)}
    n = sum(dist.values())
    if n == 0:
        return Rating(dist, 0, None, None, None, None)
    total = sum(k * c for k, c in dist.items())
    mean = total / n
    sd = math.sqrt(sum(c * (k - mean) ** 2 for k, c in dist.items()) / (n - 1)) if n > 1 else None
    pct = mean / 5 * 100 if percent == "mean" else (dist[5] + dist[4]) / n * 100
    return Rating(dist, n, mean, sd, level_of(mean, levels), pct)


def pooled(distributions: list[dict[int, int]]) -> dict[int, int]:
    out = {k: 0 for k in (5, 4, 3, 2, 1)}
    for d in distributions:
        for k in out:
            out[k] += int(d.get(k, 0))
    return out
