"""GET /api/v1/dashboard?from=FY&to=FY[&organization=ID][&scope=central|regional], as issue
#15 specifies (the scope filter is the page's too)."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone
from ninja import Field, Query, Router, Schema

from cophub.core.schemas import Error
from cophub.core.thai import fiscal_year, parse_fiscal_year
from cophub.dashboard.figures import Figures, Group
from cophub.dashboard.permissions import require_see_dashboard
from cophub.dashboard.selectors import YEARS_SHOWN, dashboard, organization_id_typed

router = Router()


class DashboardParams(Schema):
    # Without them, the last five fiscal years (as the page); who may read is checked first.
    # Years (B.E.) and the id in either digit system, as every input takes them.
    first: str | None = Field(
        None, alias="from", description="fiscal year, B.E.", examples=["2568"]
    )
    last: str | None = Field(None, alias="to", description="fiscal year, B.E.", examples=["2569"])
    organization: str | None = Field(None, examples=["1"])
    scope: str | None = None  # central | regional: the owning organisation's


def _figures(f: Figures) -> dict:
    return {
        "activities": f.activities, "participants": f.participants, "people": f.people,
        "responses": f.responses, "satisfaction_mean": f.satisfaction_mean,
        "satisfaction_level": f.satisfaction_level, "response_rate": f.response_rate,
        "knowledge_items": f.knowledge_items, "adoption_rate": f.adoption_rate,
        "certificates": f.certificates,
    }  # fmt: skip


def _group(g: Group, key: str) -> dict:
    return {key: g.key, "name": g.label, **_figures(g.figures)}


class YearOut(Schema):
    fiscal_year: int
    activities: int
    participants: int
    people: int
    responses: int
    satisfaction_mean: Decimal | None
    satisfaction_level: str | None
    response_rate: Decimal | None
    knowledge_items: int
    adoption_rate: Decimal | None
    certificates: int
    by_organization: list[dict]
    by_province: list[dict]


class DashboardOut(Schema):
    years: list[YearOut]


@router.get(
    "/dashboard",
    response={200: DashboardOut, 401: Error, 403: Error, 422: Error},
    summary="The executive dashboard's figures per fiscal year",
)
def dashboard_api(request, params: Query[DashboardParams]):
    require_see_dashboard(request.auth)
    this_year = fiscal_year(timezone.localdate())
    # A year that is not one becomes None, which the selector refuses with its message.
    last = parse_fiscal_year(params.last) if params.last else this_year
    first = (
        parse_fiscal_year(params.first) if params.first else (last or this_year) - YEARS_SHOWN + 1
    )
    d = dashboard(
        first=first, last=last, scope=params.scope,
        organization_id=organization_id_typed(params.organization),
    )  # fmt: skip
    return {
        "years": [
            {
                "fiscal_year": y.fiscal_year,
                **_figures(y.figures),
                "by_organization": [_group(g, "organization") for g in y.by_organization],
                "by_province": [_group(g, "province") for g in y.by_province],
            }
            for y in d.years
        ]
    }
