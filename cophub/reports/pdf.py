"""The report as PDF, laid out by Typst with the self-hosted Sarabun TTF.

Typst writes the PDF in well under a second and shapes Thai correctly. One trap: with
Sarabun's mark-positioning features on, Typst's text layer doubles some stacked
clusters (pdftotext reads ทั้ง as ทั้ทั้ง; 3,362 of PyThaiNLP's 62,106 words were misread).
Turning ``mark``/``mkmk`` off gives an exact text layer (0 of 62,106 misread) and the
tone marks still sit above the vowels; docs/reports.md has the evidence.

Every number reaches Typst as text already written by `core.thai`, page numbers included:
Typst only knows which page it is on, so it gets the Thai label of each page it may
need and asks for more (a panic, then a second run) when a report outgrows them.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import typst

from cophub.core.thai import thai_digits
from cophub.reports.blocks import Block
from cophub.reports.columns import column_widths, measure_tables
from cophub.reports.selectors import Report

FONTS = Path(__file__).resolve().parent.parent / "core" / "fonts"
MORE_PAGES = "cophub: more page numbers needed"

TEMPLATE = r"""
#let d = json(bytes(sys.inputs.data))
#set document(title: d.title)
#set page(
  paper: "a4",
  margin: (left: 3cm, right: 2cm, top: 2.5cm, bottom: 2cm),
  header: context {
    let n = counter(page).get().first()
    if n > d.page_numbers.len() { panic(d.more_pages) }
    if n > 1 { align(center, "- " + d.page_numbers.at(n - 1) + " -") }
  },
)
#set text(font: "Sarabun", size: 11pt, lang: "th", features: (mark: 0, mkmk: 0))
#set par(justify: false, leading: 0.85em, spacing: 0.85em)
#let indent = 1.25cm
#show heading: set text(size: 11.5pt, weight: "bold")
#show heading: set block(above: 1.1em, below: 0.6em)
#let cell-align = (left: left, center: center, right: right)
// ICU breaks ร้อยละ as ร้อย|ละ; the word is kept whole (and U+00A0 keeps its number with it).
#show "ร้อยละ": it => box(it)

#for b in d.blocks {
  if b.kind == "title" {
    align(center, text(size: 12.5pt, weight: "bold", b.lines.join("\n")))
    v(0.8em)
  } else if b.kind == "heading" {
    heading(level: 1, b.text)
  } else if b.kind == "subheading" {
    block(above: 0.9em, below: 0.4em, sticky: true, text(weight: "bold", b.text))
  } else if b.kind == "item" {
    block(above: 0.85em, below: 0.85em, pad(left: indent,
      grid(columns: (2.2em, 1fr), b.label, par(b.text))))
  } else if b.kind == "bullet" {
    block(above: 0.85em, below: 0.85em, pad(left: indent + 2.2em,
      grid(columns: (1em, 1fr), "-", par(b.text))))
  } else if b.kind == "para" {
    par(first-line-indent: (amount: indent, all: true), b.text)
  } else if b.kind == "note" {
    pad(left: indent, emph(b.text))
  } else if b.kind == "chart" {
    block(above: 0.8em, below: 1em, breakable: false, {
      align(center, strong(b.chart.title))
      v(0.3em)
      align(center, image(bytes(b.chart.svg), format: "svg", width: 14cm))
    })
  } else if b.kind == "table" {
    let t = b.table
    let n = t.rows.len()
    if t.caption != "" { block(above: 0.8em, below: 0.3em, sticky: true, strong(t.caption)) }
    // Thai marks rise above the cap height and below the baseline: a cell's lines are
    // measured from the font's ascender to its descender, or they overflow its borders.
    set text(size: 10pt, top-edge: "ascender", bottom-edge: "descender")
    set par(justify: false, leading: 0.25em)
    block(above: 0.6em, below: 1em, table(
      columns: b.widths_cm.map(w => w * 1cm),
      stroke: 0.5pt,
      inset: (x: 4pt, top: 5pt, bottom: 4pt),
      fill: (_, y) => if y == 0 { luma(230) },
      align: center + horizon,
      // A header breaks only between its words; each word is a box the column fits.
      table.header(..b.header_runs.map(runs => strong(runs.map(r =>
        if r.trim() == "" { r } else { box(r) }).join()))),
      ..b.cells.enumerate().map(((i, r)) => r.map(((c, a, span)) => table.cell(
        colspan: span, align: cell-align.at(a),
        if t.total_row and i == n - 1 { strong(c) } else { c }))).flatten(),
    ))
  }
}
"""


def _block(b: Block) -> dict:
    out = asdict(b)
    if b.table is not None:
        out["widths_cm"] = column_widths(b.table)
        out["header_runs"] = b.table.header_runs
        out["cells"] = b.table.cells
    return out


def page_estimate(blocks: list[Block]) -> int:
    """Pages a report is unlikely to exceed: a block or a table row rarely fills more than one."""
    return len(blocks) + sum(len(b.table.rows) for b in blocks if b.table)


def render_pdf(report: Report | None, blocks: list[Block], *, pages: int | None = None) -> bytes:
    """``pages``: the first guess at the page count (the estimate unless a test says).
    The blocks say everything; ``report`` is not read (None for other reports)."""
    measure_tables([b.table for b in blocks if b.table is not None])
    data = {
        "title": " ".join(blocks[0].lines),
        "blocks": [_block(b) for b in blocks],
        "more_pages": MORE_PAGES,
    }
    pages = pages or page_estimate(blocks)
    while True:
        data["page_numbers"] = [thai_digits(n) for n in range(1, pages + 1)]
        try:
            return typst.compile(
                TEMPLATE.encode(),
                font_paths=[str(FONTS)],
                sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
            )
        except typst.TypstError as exc:
            if MORE_PAGES not in str(exc):
                raise
            pages *= 2
