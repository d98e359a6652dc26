"""The dashboard's tables, built once and shown two ways: as HTML on the page and as XLSX
sheets (``exports.py``), so the download always has the numbers the screen shows.

Cells keep raw values (int, Decimal, None, text); the page formats them in the screen's
digits, the spreadsheet keeps numbers as numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from cophub.core.thai import on_thai_screen, thai_digits
from cophub.dashboard.figures import Dashboard, Figures, Group
from cophub.surveys import stats


@dataclass(frozen=True)
class Column:
    title: str
    kind: str = "int"  # text | int | decimal (2 places) | year


@dataclass(frozen=True)
class Cell:
    value: object
    href: str = ""


@dataclass
class Table:
    name: str  # the ?table= of its XLSX download
    title: str
    columns: list[Column]
    rows: list[list[Cell]] = field(default_factory=list)
    testid: str = ""

    def add(self, *cells: object) -> None:
        self.rows.append([c if isinstance(c, Cell) else Cell(c) for c in cells])

    def html(self) -> str:
        return table_html(self)

    def shown(self) -> list[list[tuple[str, str, bool]]]:
        """The rows as the page shows them: (text in the screen's digits, link, numeric)."""
        thai = on_thai_screen()  # once per table, not once per cell
        return [
            [(show_value(cell.value, column.kind, thai), cell.href, column.kind in NUMERIC)
             for cell, column in zip(cells, self.columns, strict=True)]
            for cells in self.rows
        ]  # fmt: skip


NUMERIC = ("int", "decimal")


def table_html(table: Table) -> str:
    """The table's markup, built here rather than in a template loop: a page of ten years
    has thousands of cells, and Django's template engine costs tens of microseconds for
    each (most of the page's time in bench/dashboard_bench.py). Every text is escaped."""
    num = ' class="num"'
    head = "".join(
        f'<th scope="col"{num if c.kind in NUMERIC else ""}>{escape(c.title)}</th>'
        for c in table.columns
    )
    body = []
    for row in table.shown():
        cells = []
        for i, (text, href, numeric) in enumerate(row):
            inner = f'<a href="{escape(href)}">{escape(text)}</a>' if href else escape(text)
            if i == 0:
                cells.append(f'<th scope="row">{inner}</th>')
            else:
                cells.append(f"<td{num if numeric else ''}>{inner}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    testid = f' data-testid="{escape(table.testid)}"' if table.testid else ""
    return mark_safe(  # noqa: S308 - every text above is escaped
        f'<div class="table-wrap"><table{testid}><caption class="visually-hidden">'
        f"{escape(table.title)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )


def show_value(value: object, kind: str, thai: bool | None = None) -> str:
    """One cell as text: grouped numbers, two places for rates and means, years plain."""
    if value is None or value == "":
        return "–" if kind in NUMERIC else ""
    if isinstance(value, str):
        return value
    if thai is None:
        thai = on_thai_screen()
    formats = {"year": "{}", "decimal": "{:,.2f}"}  # values arrive rounded to 2 places
    text = formats.get(kind, "{:,}").format(value)
    return thai_digits(text) if thai else text


def figure_columns(d: Dashboard | None = None) -> list[Column]:
    columns = [
        Column(_("Activities")), Column(_("Participants")), Column(_("People")),
        Column(_("Responses")), Column(_("Satisfaction (mean)"), "decimal"),
        Column(_("Satisfaction level"), "text"), Column(_("Response rate (%)"), "decimal"),
        Column(_("Knowledge items")),
    ]  # fmt: skip
    if d is None or d.adoption_known:
        columns.append(Column(_("Adoption rate (%)"), "decimal"))
    if d is None or d.certificates_known:
        columns.append(Column(_("Certificates issued")))
    return columns


def figure_cells(f: Figures, d: Dashboard | None = None) -> list[object]:
    rating = f.rating  # once: the mean and the level are both read from it
    mean = None if rating.mean is None else stats.round2(rating.mean)
    level = "" if rating.level is None else str(rating.level.label)
    cells = [
        f.activities, f.participants, f.people, f.responses, mean, level, f.response_rate,
        f.knowledge_items,
    ]  # fmt: skip
    if d is None or d.adoption_known:
        cells.append(f.adoption_rate)
    if d is None or d.certificates_known:
        cells.append(f.certificates)
    return cells


def groups_table(
    name: str, title: str, head: Column, groups: list[Group], d: Dashboard | None,
    href: Callable[[object], str] | None = None,
) -> Table:  # fmt: skip
    table = Table(name, title, [head, *figure_columns(d)], testid=f"dashboard-{name}")
    for g in groups:
        label = g.label or _("(not stated)")
        first = Cell(label, href(g.key) if href and g.key is not None else "")
        table.add(first, *figure_cells(g.figures, d))
    return table


def dashboard_tables(d: Dashboard, links: dict[str, Callable]) -> list[Table]:
    """The main page's tables: years, organisations, central/regional, provinces (those
    with activities; the map shows the rest as none), programs."""
    years = Table(
        "years", _("By fiscal year"), [Column(_("Fiscal year"), "year"), *figure_columns(d)],
        testid="dashboard-years",
    )  # fmt: skip
    for y in d.years:
        years.add(Cell(y.fiscal_year, links["year"](y.fiscal_year)), *figure_cells(y.figures, d))
    years.add(Cell(pgettext("sum", "Total")), *figure_cells(d.total, d))
    programs = Table(
        "programs", _("Programs"),
        [Column(_("Fiscal year"), "year"), Column(_("Program"), "text"), *figure_columns(d)],
        testid="dashboard-programs",
    )  # fmt: skip
    for y in d.years:
        for g in y.programs:
            programs.add(y.fiscal_year, Cell(g.label, links["program"](g.key)),
                         *figure_cells(g.figures, d))  # fmt: skip
    provinces = [g for g in d.provinces if g.figures.activities]
    provinces.sort(key=lambda g: (-g.figures.participants, d.province_codes.get(g.key, "")))
    return [
        years,
        groups_table("organizations", _("By department or state enterprise"),
                     Column(_("Organisation"), "text"), d.by_organization, d),
        groups_table("scopes", _("Central and regional"), Column(_("Central or regional"), "text"),
                     d.by_scope, d),
        groups_table("provinces", _("By province (where the activity was held)"),
                     Column(_("Province"), "text"), provinces, d, links["province"]),
        programs,
    ]  # fmt: skip


def trend_table(d: Dashboard, title: str, column: Column, value) -> Table:
    """The numbers behind one trend chart: the fiscal years and one figure."""
    table = Table("years", title, [Column(_("Fiscal year"), "year"), column])
    for y in d.years:
        table.add(y.fiscal_year, value(y.figures))
    return table
