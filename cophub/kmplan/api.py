"""GET /api/v1/kmplans/{id}/progress: each indicator's actual (computed from the data),
target, whether it is reached and its percent of target."""

from __future__ import annotations

from decimal import Decimal

from ninja import Router, Schema

from cophub.core.errors import DomainError
from cophub.core.schemas import Error
from cophub.kmplan.models import KmPlan
from cophub.kmplan.permissions import require_edit_plan
from cophub.kmplan.selectors import COMPARISON, plan_get, plan_progress

router = Router()


class IndicatorOut(Schema):
    id: int
    name: str
    kind: str
    area: int | None
    unit: str
    comparison: str
    target: Decimal
    actual: Decimal | None
    computed: bool
    achieved: bool
    percent_of_target: Decimal | None


class ProgressOut(Schema):
    id: int
    organization: int
    fiscal_year: int
    title: str
    achieved: int
    indicators: list[IndicatorOut]


@router.get(
    "/kmplans/{int:plan_id}/progress",
    response={200: ProgressOut, 401: Error, 403: Error, 404: Error},
    summary="A KM plan's indicators with their computed actuals against target",
)
def kmplan_progress(request, plan_id: int):
    try:
        plan = plan_get(plan_id=plan_id)
    except KmPlan.DoesNotExist as exc:
        raise DomainError("not_found") from exc
    require_edit_plan(request.auth, plan)
    progress = plan_progress(plan_id=plan.pk, plan=plan)
    return {
        "id": plan.pk, "organization": plan.organization_id, "fiscal_year": plan.fiscal_year,
        "title": plan.title, "achieved": progress.achieved,
        "indicators": [
            {
                "id": p.indicator.pk, "name": p.indicator.name, "kind": p.indicator.kind,
                "area": p.indicator.area_id, "unit": p.unit, "comparison": COMPARISON,
                "target": p.target, "actual": p.actual, "computed": p.computed,
                "achieved": p.achieved, "percent_of_target": p.percent,
            }
            for p in progress.indicators
        ],
    }  # fmt: skip
