"""What a report is made of: blocks of text and tables, in the order they are read.

`document.build` writes them; the HTML template, `word.py` and `pdf.py` lay them out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cophub.core.thaitext import line_runs
from cophub.reports.charts import Chart


@dataclass
class Table:
    columns: list[str]
    rows: list[list[str]]  # a row shorter than the columns: its last cell spans the rest
    align: list[str]  # per column: "left" | "center" | "right"
    widths: list[float]  # relative widths
    caption: str = ""
    total_row: bool = False  # the last row sums up the others (bold)

    @property
    def percent_widths(self) -> list[str]:
        total = sum(self.widths)
        return [f"{100 * w / total:.1f}" for w in self.widths]

    def spans_rest(self, row: list[str]) -> bool:
        return len(row) < len(self.columns)

    @property
    def cells(self) -> list[list[tuple[str, str, int]]]:
        """(text, alignment, columns spanned) of every cell."""
        out = []
        for row in self.rows:
            cells = [(text, self.align[i], 1) for i, text in enumerate(row)]
            if self.spans_rest(row):
                text, _, _ = cells[-1]
                cells[-1] = (text, "center", len(self.columns) - len(row) + 1)
            out.append(cells)
        return out

    @property
    def labelled_cells(self) -> list[list[tuple[str, str, int, str]]]:
        """The cells with the heading of their column (a phone shows each row as a card)."""
        out = []
        for row in self.cells:
            at, labelled = 0, []
            for text, align, span in row:
                labelled.append((text, align, span, self.columns[at] if span == 1 else ""))
                at += span
            out.append(labelled)
        return out

    @property
    def header_runs(self) -> list[list[str]]:
        """Each header cut where it may break: a heading word is never split (ร้อย/ละ)."""
        return [line_runs(c) for c in self.columns]


@dataclass
class Block:
    """kind: title | heading | subheading | item (numbered) | bullet | para | note | table | chart."""

    kind: str
    text: str = ""
    label: str = ""  # "๑)" for numbered items
    lines: list[str] = field(default_factory=list)  # title lines
    table: Table | None = None
    list_id: int = 0  # numbered items with the same id form one list
    chart: Chart | None = None
