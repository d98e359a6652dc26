"""Column widths for the DOCX and PDF tables that fit the words they hold.

A header cell narrower than its longest word makes LibreOffice and Typst break inside
the word ("ร้อย/ละ", "ผู้เข้า/ร่วม (คน/)"). So each column is at least as wide as its
widest header word (a run of `core.thaitext.line_runs`, set bold) and, for the centred
and right-aligned columns (numbers, levels), its widest value, which is never wrapped;
what is left of the page is shared out by the table's relative widths. Text is measured
by Typst with the very Sarabun the documents use (DOCX embeds it), so the figures are the
glyph advances Word, LibreOffice and Typst lay out.
"""

from __future__ import annotations

import json
from pathlib import Path

import typst

from cophub.core.thaitext import line_runs
from cophub.reports.blocks import Table

FONTS = Path(__file__).resolve().parent.parent / "core" / "fonts"
TEXT_WIDTH_CM = 16.0  # A4 less the 3 cm and 2 cm margins
CELL_PADDING_CM = 0.5  # Word's 0.19 cm a side, Typst's 4 pt a side, and a little slack
SHORT_HEADER_CM = 1.5  # a header this narrow is never wrapped: "ครั้งที่", not "ครั้ง/ที่"
PT_PER_CM = 72 / 2.54

MEASURE = r"""
#let d = json(bytes(sys.inputs.data))
#set text(font: "Sarabun", size: d.size * 1pt, lang: "th", features: (mark: 0, mkmk: 0))
#context for s in d.strings {
  [#metadata(measure(text(weight: if s.at(1) { "bold" } else { "regular" }, s.at(0))).width / 1pt)<w>]
}
"""


# Measured widths by (text, bold, size): a report's 100 item tables share most of their
# words, and each Typst query costs some 50 ms, so each string is measured once a process.
_MEASURED: dict[tuple[str, bool, float], float] = {}
_MEASURED_MAX = 50_000


def _query(strings: tuple[tuple[str, bool], ...], size: float) -> tuple[float, ...]:
    values = typst.query(
        MEASURE.encode(), "<w>", field="value", format="json", font_paths=[str(FONTS)],
        sys_inputs={"data": json.dumps({"strings": strings, "size": size}, ensure_ascii=False)},
    )  # fmt: skip
    return tuple(json.loads(values))


def text_widths(strings: tuple[tuple[str, bool], ...], size: float) -> tuple[float, ...]:
    """Widths in points of (text, bold) pairs set in Sarabun at ``size`` points; the ones
    not measured before in one Typst query."""
    known = {s: _MEASURED.get((*s, size)) for s in strings}
    unknown = tuple(s for s, w in known.items() if w is None)
    if unknown:
        if len(_MEASURED) + len(unknown) > _MEASURED_MAX:
            _MEASURED.clear()
        for s, w in zip(unknown, _query(unknown, size), strict=True):
            known[s] = _MEASURED[(*s, size)] = w
    return tuple(known[s] for s in strings)


def _header_strings(table: Table) -> tuple[tuple[str, bool], ...]:
    return tuple((column, True) for column in table.columns)


def _wanted(table: Table, size: float) -> list[list[tuple[str, bool]]]:
    """Per column, the strings that must fit on one line (headers measured already)."""
    wanted: list[list[tuple[str, bool]]] = []
    headers = _header_strings(table)
    whole = dict(zip(headers, text_widths(headers, size), strict=True))
    for i, column in enumerate(table.columns):
        if whole[(column, True)] / PT_PER_CM <= SHORT_HEADER_CM:
            strings = [(column, True)]
        else:
            strings = [(run, True) for run in line_runs(column) if not run.isspace()]
        last = len(table.rows) - 1
        for r, row in enumerate(table.rows):
            bold = table.total_row and r == last
            if i < len(row) and not (table.spans_rest(row) and i == len(row) - 1):
                cell = row[i]
                if table.align[i] == "left":
                    strings += [(run, bold) for run in line_runs(cell) if not run.isspace()]
                elif cell:
                    strings.append((cell, bold))
        wanted.append(strings)
    return wanted


def measure_tables(tables: list[Table], size: float = 10.0) -> None:
    """Measure every string of ``tables`` in two queries (their headers, then the rest),
    so laying out a document's tables afterwards asks Typst nothing."""
    text_widths(tuple(h for t in tables for h in _header_strings(t)), size)
    text_widths(tuple(s for t in tables for strings in _wanted(t, size) for s in strings), size)


def minimum_widths(table: Table, size: float) -> list[float]:
    """Per column, in cm: the widest word of its header, and the widest value of a centred
    or right-aligned column (left-aligned text wraps between its words)."""
    wanted = _wanted(table, size)
    flat = tuple(dict.fromkeys(s for strings in wanted for s in strings))
    measured = dict(zip(flat, text_widths(flat, size), strict=True))
    # A long left-aligned word (a URL in a title) may wrap rather than squeeze the others.
    cap = TEXT_WIDTH_CM / 3
    out = []
    for i, strings in enumerate(wanted):
        widest = max((measured[s] for s in strings), default=0.0) / PT_PER_CM
        if table.align[i] == "left":
            widest = min(widest, cap)
        out.append(widest + CELL_PADDING_CM)
    return out


def column_widths(table: Table, *, total: float = TEXT_WIDTH_CM, size: float = 10.0) -> list[float]:
    """Widths in cm summing to ``total``: the relative widths, raised to each minimum."""
    minimum = minimum_widths(table, size)
    if sum(minimum) >= total:  # cannot all fit: shrink in proportion to what each needs
        return [total * m / sum(minimum) for m in minimum]
    fixed: dict[int, float] = {}
    while True:
        free = [i for i in range(len(minimum)) if i not in fixed]
        rest = total - sum(fixed.values())
        share = sum(table.widths[i] for i in free)
        widths = {i: rest * table.widths[i] / share for i in free}
        short = [i for i in free if widths[i] < minimum[i]]
        if not short:
            break
        fixed.update((i, minimum[i]) for i in short)
    widths.update(fixed)
    return [widths[i] for i in range(len(minimum))]
