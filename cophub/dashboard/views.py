"""The executive dashboard's pages: thin, the figures come from selectors, the tables from
``tables.py`` (the same ones the XLSX download writes), the pictures from ``charts.py``.

The filter (from/to fiscal year in B.E., either digit system; organisation; central or
regional) travels in the query string, so every drill-down link and download keeps it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from cophub.core.errors import DomainError
from cophub.core.thai import fiscal_year, parse_fiscal_year, screen_digits
from cophub.dashboard import charts, drilldown, exports
from cophub.dashboard.permissions import can_see_dashboard
from cophub.dashboard.selectors import SCOPES, YEARS_SHOWN, dashboard, organization_id_typed
from cophub.dashboard.tables import (
    Cell,
    Column,
    Table,
    dashboard_tables,
    figure_cells,
    figure_columns,
    groups_table,
    show_value,
    trend_table,
)
from cophub.orgs.models import Province
from cophub.programs.models import Program


@dataclass
class Filters:
    first: int | None
    last: int | None
    organization_id: int | None
    scope: str | None
    raw: dict

    @cached_property
    def query(self) -> str:
        q = QueryDict(mutable=True)
        q.update({k: v for k, v in self.raw.items() if v})
        return q.urlencode()

    def link(self, name: str, *args) -> str:
        query = self.query
        return _path(name, *args) + (f"?{query}" if query else "")


_SLOT = 987654321  # reverse() once per route with a marker id, then format: a page of ten
# years has hundreds of links, and reverse() is most of a link's time.


@cache
def _pattern(name: str, with_arg: bool) -> str:
    if not with_arg:
        return reverse(name)
    return reverse(name, args=[_SLOT]).replace(str(_SLOT), "{}")


def _path(name: str, *args) -> str:
    return _pattern(name, bool(args)).format(*args)


def _year(text: str, default: int) -> int | None:
    # Typed but not a B.E. year: None, which the selector refuses with its clear message.
    return parse_fiscal_year(text) if text.strip() else default


def _filters(request) -> Filters:
    if not can_see_dashboard(request.user):
        raise PermissionDenied
    get = request.GET
    this_year = fiscal_year(timezone.localdate())
    raw = {k: get.get(k, "").strip() for k in ("from", "to", "organization", "scope")}
    last = _year(raw["to"], this_year)
    return Filters(
        first=_year(raw["from"], (last or this_year) - YEARS_SHOWN + 1),
        last=last,
        organization_id=organization_id_typed(raw["organization"]),
        scope=raw["scope"] or None,
        raw=raw,
    )


def _xlsx(request, tables: list[Table], title: str, filename: str) -> HttpResponse | None:
    if request.GET.get("format") != "xlsx":
        return None
    wanted = request.GET.get("table")
    chosen = [t for t in tables if not wanted or t.name == wanted]
    if not chosen:
        raise Http404
    response = HttpResponse(exports.tables_xlsx(chosen, title=title), content_type=exports.XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def _trends(d) -> list[dict]:
    """The trend charts over the fiscal years, each with the table of its numbers."""
    specs = [
        (_("Activities"), Column(_("Activities")), lambda f: f.activities, None),
        (_("Participants"), Column(_("Participants")), lambda f: f.participants, None),
        (_("Satisfaction (mean of 5)"), Column(_("Satisfaction (mean)"), "decimal"),
         lambda f: f.satisfaction_mean, 5),
        (_("Response rate (%)"), Column(_("Response rate (%)"), "decimal"),
         lambda f: f.response_rate, 100),
    ]  # fmt: skip
    if d.adoption_known:
        specs.append((_("Adoption rate (%)"), Column(_("Adoption rate (%)"), "decimal"),
                      lambda f: f.adoption_rate, 100))  # fmt: skip
    out = []
    for title, column, get, scale in specs:
        points = [
            charts.Point(
                screen_digits(y.fiscal_year),
                None if get(y.figures) is None else float(get(y.figures)),
                show_value(get(y.figures), column.kind),
            )
            for y in d.years
        ]
        svg = charts.column_chart(title, points, scale)
        # Built in charts.py, where every text is escaped.
        out.append({"title": title, "svg": mark_safe(svg),  # noqa: S308
                    "table": trend_table(d, title, column, get)})  # fmt: skip
    return out


def dashboard_page(request):
    f = _filters(request)
    error = d = None
    try:
        d = dashboard(first=f.first, last=f.last, organization_id=f.organization_id, scope=f.scope)
    except DomainError as exc:
        error = exc
    context = {"f": f, "error": error, "d": d, "organizations": drilldown.organization_choices(),
               "scopes": SCOPES}  # fmt: skip
    if d is not None:
        links = {
            "year": lambda fy: f.link("dashboard:year", fy),
            "program": lambda pk: f.link("dashboard:program", pk),
            "province": lambda pk: f.link("dashboard:province", pk),
        }
        tables = dashboard_tables(d, links)
        download = _xlsx(request, tables, _("Executive dashboard"), f"dashboard-{d.first}-{d.last}")
        if download:
            return download
        pmap = charts.province_map(d.provinces, d.province_codes, links["province"])
        context |= {"tables": tables, "trends": _trends(d), "map": pmap,
                    "map_svg": mark_safe(pmap.svg)}  # noqa: S308 - built here, every text escaped  # fmt: skip
    return render(request, "dashboard/dashboard.html", context, status=422 if error else 200)


def year_page(request, fiscal_year: int):
    f = _filters(request)
    try:
        d = dashboard(first=fiscal_year, last=fiscal_year, organization_id=f.organization_id,
                      scope=f.scope)  # fmt: skip
    except DomainError as exc:
        raise Http404 from exc
    year = d.years[0]
    table = groups_table("programs", _("Programs"), Column(_("Program"), "text"),
                         year.programs, d, lambda pk: f.link("dashboard:program", pk))  # fmt: skip
    table.testid = "dashboard-programs"
    title = _("Fiscal year %(year)s") % {"year": screen_digits(fiscal_year)}
    return _drill_page(request, f, title, [table], f"dashboard-{fiscal_year}", year.figures, d)


def program_page(request, program_id: int):
    f = _filters(request)
    try:
        drill = drilldown.program_drill(program_id=program_id)
    except Program.DoesNotExist as exc:
        raise Http404 from exc
    table = _activities_table(drill, with_program=False)
    return _drill_page(
        request, f, drill.title, [table], f"dashboard-program-{program_id}", drill.total, None,
        program_url=reverse("programs:detail", args=[program_id]),
        year_url=f.link("dashboard:year", drill.fiscal_year), fiscal_year=drill.fiscal_year,
    )  # fmt: skip


def province_page(request, province_id: int):
    f = _filters(request)
    try:
        drill = drilldown.province_drill(
            province_id=province_id, first=f.first, last=f.last,
            organization_id=f.organization_id, scope=f.scope,
        )  # fmt: skip
    except Province.DoesNotExist as exc:
        raise Http404 from exc
    except DomainError as exc:
        raise Http404 from exc
    table = _activities_table(drill, with_program=True)
    return _drill_page(request, f, drill.title, [table], f"dashboard-province-{province_id}",
                       drill.total, None)  # fmt: skip


def _activities_table(drill, *, with_program: bool) -> Table:
    head = [Column(_("Fiscal year"), "year"), Column(_("Program"), "text")] if with_program else []
    table = Table("activities", _("Activities"),
                  [*head, Column(pgettext("activity number", "No."), "year"), Column(_("Activity"), "text"),
                   *figure_columns()], testid="dashboard-activities")  # fmt: skip
    for line in drill.lines:
        r = line.row
        lead = [r.fiscal_year, r.program_title] if with_program else []
        table.add(*lead, r.number, Cell(r.title, reverse("programs:activity", args=[r.id])),
                  *figure_cells(line.figures))  # fmt: skip
    table.add(*([""] * len(head)), "", Cell(pgettext("sum", "Total")), *figure_cells(drill.total))
    return table


def _drill_page(request, f, title, tables, filename, total, d, **extra):
    download = _xlsx(request, tables, title, filename)
    if download:
        return download
    context = {"f": f, "title": title, "tables": tables, "total": total,
               "back": f.link("dashboard:dashboard"), **extra}  # fmt: skip
    return render(request, "dashboard/drill.html", context)
