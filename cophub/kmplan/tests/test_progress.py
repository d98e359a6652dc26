"""The plan's actuals equal the figures worked out by hand (conftest.py's docstring), in a
fixed number of queries; a computed actual is never typed."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cophub.core.errors import DomainError
from cophub.kmplan import services
from cophub.kmplan.selectors import plan_progress
from cophub.testing import count_queries

pytestmark = pytest.mark.django_db


def test_the_actuals_are_the_hand_computed_figures(full_plan):
    progress = plan_progress(plan_id=full_plan.pk)
    got = {
        p.indicator.kind: (p.actual, p.target, p.achieved, p.percent) for p in progress.indicators
    }
    assert got == {
        "activities": (Decimal(3), Decimal(4), False, Decimal("75.00")),
        "participants": (Decimal(42), Decimal(40), True, Decimal("105.00")),
        "people": (Decimal(11), Decimal(10), True, Decimal("110.00")),
        "satisfaction_mean": (Decimal("4.27"), Decimal("4.00"), True, Decimal("106.75")),
        "knowledge_items": (Decimal(2), Decimal(3), False, Decimal("66.67")),
        "adoption_rate": (Decimal("66.67"), Decimal(60), True, Decimal("111.12")),
        "certificates": (Decimal(2), Decimal(2), True, Decimal("100.00")),
        "manual": (Decimal(5), Decimal(4), True, Decimal("125.00")),
    }
    assert progress.achieved == 6
    assert progress.figures.responses == 5
    bars = [p.bar for p in progress.indicators]
    assert bars == [75, 100, 100, 100, 66, 100, 100, 100]  # never wider than the bar
    units = [p.unit for p in progress.indicators]
    assert units == ["ครั้ง", "คน", "คน", "คะแนน", "เรื่อง", "ร้อยละ", "ฉบับ", "เรื่อง"]


def test_no_data_yet_is_no_actual_and_not_reached(plan, ops_organiser):
    """A plan whose year holds nothing: counts are zero, a mean or a rate has no value."""
    for kind in ("activities", "satisfaction_mean", "adoption_rate"):
        services.indicator_create(
            actor=ops_organiser, plan=plan, name=kind, kind=kind, target=Decimal(1)
        )
    progress = plan_progress(plan_id=plan.pk)
    assert [(p.actual, p.achieved, p.percent) for p in progress.indicators] == [
        (Decimal(0), False, Decimal("0.00")),
        (None, False, None),
        (None, False, None),
    ]


def test_a_computed_actual_cannot_be_typed(plan, ops_organiser):
    with pytest.raises(DomainError) as caught:
        services.indicator_create(
            actor=ops_organiser, plan=plan, name="ผู้เข้าร่วม", kind="participants",
            target=Decimal(40), manual_actual=Decimal(45),
        )  # fmt: skip
    assert caught.value.code == "kmplan_actual_computed"
    assert caught.value.status == 400


def test_progress_reads_a_fixed_number_of_queries(full_plan, ops_organiser):
    few = count_queries(lambda: plan_progress(plan_id=full_plan.pk))
    for n in range(10):
        services.indicator_create(
            actor=ops_organiser, plan=full_plan, name=f"เพิ่ม {n}", kind="participants",
            target=Decimal(n),
        )  # fmt: skip
    assert count_queries(lambda: plan_progress(plan_id=full_plan.pk)) == few


def test_the_api_gives_the_same_progress(full_plan, organiser_client):
    body = organiser_client.get(f"/api/v1/kmplans/{full_plan.pk}/progress").json()
    rows = {i["kind"]: i for i in body["indicators"]}
    assert rows["satisfaction_mean"]["actual"] == "4.27"
    assert rows["adoption_rate"]["actual"] == "66.67"
    assert rows["participants"]["achieved"] is True
    assert rows["manual"]["computed"] is False
    assert body["achieved"] == 6


def test_the_plan_is_audited(full_plan):
    from cophub.core.models import AuditLog

    actions = set(AuditLog.objects.values_list("action", flat=True))
    assert {"kmplan.created", "kmplan.area.created", "kmplan.activity.created",
            "kmplan.indicator.created"} <= actions  # fmt: skip
