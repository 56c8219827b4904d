"""The balance statement laid out: one self-contained HTML page, or A4 PDF pages.

HTML: inline CSS, charts as inline PNG; every piece of text from the nominations or the
scenario is escaped; the page prints cleanly (A4, no page break inside a table row or chart).
PDF: drawn by matplotlib (no browser), text in real fonts so it stays searchable.
"""

from __future__ import annotations

import base64
import html
import textwrap
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from composer.export.charts import LITERAL_TEXT, figure_png
from composer.export.pdf_fonts import PDF_FONT, missing_note

if TYPE_CHECKING:
    from composer.export.report import Chart, Statement

CSS = """
body { font-family: "Segoe UI", Helvetica, Arial, sans-serif; color: #1a1a1a; margin: 2rem auto;
       max-width: 58rem; line-height: 1.45; font-size: 11pt; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.2rem; border-bottom: 2px solid #0072B2; padding-bottom: 0.15rem;
     margin-top: 2rem; }
table { border-collapse: collapse; margin: 0.6rem 0 1rem; font-size: 9.5pt; width: 100%; }
th, td { border-bottom: 1px solid #d0d0d0; padding: 0.25rem 0.5rem; text-align: left;
         vertical-align: top; }
th { background: #eef4f9; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
dl.facts { display: grid; grid-template-columns: max-content auto; gap: 0.2rem 1.2rem; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
figure { margin: 1rem 0; }
figure img { max-width: 100%; }
figcaption { font-size: 9pt; color: #555; }
.internal { border: 2px solid #D55E00; padding: 0.5rem 1rem; }
.note { color: #555; font-size: 9.5pt; }
code { font-size: 8.5pt; word-break: break-all; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  h2 { page-break-after: avoid; }
  tr, figure, dl { page-break-inside: avoid; }
  @page { size: A4; margin: 1.6cm; }
}
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def table_html(frame: pd.DataFrame) -> str:
    """A DataFrame as an escaped HTML table (numbers right-aligned)."""
    if frame.empty:
        return ""
    head = "".join(f"<th>{_e(c)}</th>" for c in frame.columns)
    rows = []
    for values in frame.itertuples(index=False):
        cells = []
        for value in values:
            number = isinstance(value, int | float) and not isinstance(value, bool)
            cells.append(f'<td class="num">{_e(value)}</td>' if number else f"<td>{_e(value)}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def chart_html(chart: Chart) -> str:
    """A chart as an inline PNG figure."""
    data = base64.b64encode(figure_png(chart.draw, chart.size)).decode("ascii")
    return (
        f'<figure><img alt="{_e(chart.title)}" src="data:image/png;base64,{data}">'
        f"<figcaption>{_e(chart.title)}</figcaption></figure>"
    )


def render_html(statement: Statement) -> str:
    """The whole statement as one HTML page."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{_e(statement.title)}</title><style>{CSS}</style></head><body>",
        f"<h1>{_e(statement.title)}</h1>",
        "<h2>Mandate</h2>",
        f"<p>{_e(statement.mandate or '(the scenario gives no description)')}</p>",
        '<dl class="facts">',
        *(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in statement.facts),
        "</dl>",
        "<h2>The rules</h2><ul>",
        *(f"<li>{_e(line)}</li>" for line in statement.rules),
        "</ul>",
        "<h2>Composition against every rule</h2>",
        table_html(statement.composition),
        *(chart_html(c) for c in statement.charts),
    ]
    if not statement.coverage.empty:
        parts += ["<h2>Expertise coverage</h2>", table_html(statement.coverage)]
    parts += [
        "<h2>The price of balance</h2>",
        f"<p>{_e(statement.price_text)}</p>",
        table_html(statement.prices),
        "<h2>Nominations received and members selected</h2>",
        '<p class="note">Non-selected nominees are counted here, never named.</p>'
        if statement.internal is None
        else "",
        *(table_html(frame) for frame in statement.intake.values()),
        "<h2>Members</h2>",
        table_html(statement.members),
        "<h2>Method</h2>",
        *(f"<p>{_e(p)}</p>" for p in statement.method),
        '<dl class="facts">',
        *(f"<dt>{_e(k)}</dt><dd><code>{_e(v)}</code></dd>" for k, v in statement.record),
        "</dl>",
    ]
    if statement.internal is not None:
        parts += [
            '<section class="internal"><h2>Internal: nominees not selected</h2>',
            "<p><b>For internal use only: do not publish this section.</b></p>",
            table_html(statement.internal),
            "</section>",
        ]
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


# ---------------------------------------------------------------------------- PDF layout


def _inches(text: str, size: float, *, bold: bool = False) -> float:
    """The width of ``text`` set in the PDF font, in inches (its widest line)."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    prop = FontProperties(family=PDF_FONT, size=size, weight="bold" if bold else "normal")
    measure = TextToPath()
    widths = [measure.get_text_width_height_descent(line, prop, ismath=False)[0] for line in
              text.splitlines() or [""]]  # fmt: skip
    return max(widths) / 72


def _fit(text: str, width: float, size: float, *, bold: bool = False) -> list[str]:
    """``text`` wrapped into lines no wider than ``width`` inches."""
    if _inches(text, size, bold=bold) <= width:
        return [text]
    chars = max(4, len(text))
    while chars > 4:
        lines = textwrap.wrap(text, chars, break_long_words=True) or [""]
        if all(_inches(line, size, bold=bold) <= width for line in lines):
            return lines
        chars -= 1
    return textwrap.wrap(text, chars, break_long_words=True) or [""]


class _Pages:
    """A4 pages filled top to bottom with text lines, tables and charts."""

    WIDTH, HEIGHT, MARGIN = 8.27, 11.69, 0.7

    def __init__(self, pdf: Any) -> None:
        self.pdf = pdf
        self.figure: Any = None
        self.y = 0.0

    def _new_page(self) -> None:
        from matplotlib.figure import Figure

        self.close()
        self.figure = Figure(figsize=(self.WIDTH, self.HEIGHT))
        self.y = self.HEIGHT - self.MARGIN

    def _room(self, height: float) -> None:
        if self.figure is None or self.y - height < self.MARGIN:
            self._new_page()

    def text(self, line: str, size: float = 9, bold: bool = False, wrap: int = 100) -> None:
        for part in textwrap.wrap(line, wrap) or [""]:
            step = size / 72 * 1.45
            self._room(step)
            self.figure.text(
                self.MARGIN / self.WIDTH,
                self.y / self.HEIGHT,
                part,
                fontsize=size,
                fontweight="bold" if bold else "normal",
                va="top",
            )
            self.y -= step

    def gap(self, inches: float = 0.12) -> None:
        self.y -= inches

    def table(self, frame: pd.DataFrame, size: float = 7) -> None:
        if frame.empty:
            return
        pad = 0.12  # inches between columns
        wide = 0.6 * size / 72  # a wide character, in inches (for wrapping)
        room = self.WIDTH - 2 * self.MARGIN
        cells = [[str(c) for c in frame.columns]] + [[str(v) for v in r] for r in frame.values]
        widths = [
            max(_inches(row[k], size, bold=i == 0) for i, row in enumerate(cells)) + pad
            for k in range(len(cells[0]))
        ]
        while sum(widths) > room and max(widths) > 8 * wide + pad:
            widths[widths.index(max(widths))] -= wide
        step = size / 72 * 1.35
        for index, row in enumerate(cells):
            lines = [
                _fit(cell, widths[k] - pad, size, bold=index == 0) for k, cell in enumerate(row)
            ]
            height = step * max(len(c) for c in lines) + 0.03
            self._room(height)
            x = self.MARGIN
            for k, cell_lines in enumerate(lines):
                self.figure.text(
                    x / self.WIDTH,
                    self.y / self.HEIGHT,
                    "\n".join(cell_lines),
                    fontsize=size,
                    va="top",
                    linespacing=1.35,
                    fontweight="bold" if index == 0 else "normal",
                )
                x += widths[k]
            self.y -= height

    def chart(self, chart: Chart) -> None:
        import io

        from matplotlib.image import imread

        width, height = chart.size
        usable = self.WIDTH - 2 * self.MARGIN
        scale = min(1.0, usable / width, (self.HEIGHT - 2 * self.MARGIN) / height)
        shown = (width * scale, height * scale)
        self._room(shown[1] + 0.15)
        image = imread(io.BytesIO(figure_png(chart.draw, chart.size, dpi=130)), format="png")
        ax = self.figure.add_axes(
            (
                self.MARGIN / self.WIDTH,
                (self.y - shown[1]) / self.HEIGHT,
                shown[0] / self.WIDTH,
                shown[1] / self.HEIGHT,
            )
        )
        ax.imshow(image)
        ax.set_axis_off()
        self.y -= shown[1] + 0.15

    def close(self) -> None:
        if self.figure is not None:
            self.pdf.savefig(self.figure)
            self.figure = None


def render_pdf(statement: Statement, path: Path) -> None:
    """Lay the statement out on A4 pages and save it as a PDF (matplotlib, no browser)."""
    import matplotlib
    from matplotlib.backends.backend_pdf import PdfPages

    with (
        warnings.catch_warnings(),  # missing glyphs are said in the statement itself
        # real fonts: the text stays searchable; user text is text, never mathtext
        matplotlib.rc_context({"pdf.fonttype": 42, "font.family": PDF_FONT, **LITERAL_TEXT}),
        PdfPages(path, metadata={"Title": statement.title, "Creator": "composer"}) as pdf,
    ):
        warnings.filterwarnings("ignore", r"Glyph \d+ .* missing from font")
        pages = _Pages(pdf)
        pages.text(statement.title, 15, bold=True, wrap=70)
        pages.gap()
        note = missing_note(_texts(statement))
        if note is not None:  # said plainly, rather than boxes no one can read
            pages.text(note, bold=True)
            pages.gap()
        _pdf_sections(pages, statement)
        pages.close()


def _texts(statement: Statement) -> list[str]:
    """Every text the PDF statement prints."""
    texts = [statement.title, statement.mandate, statement.price_text, *statement.rules]
    texts += [f"{a} {b}" for a, b in (*statement.facts, *statement.record)]
    texts += statement.method
    frames = [statement.composition, statement.coverage, statement.prices, statement.members]
    frames += list(statement.intake.values())
    if statement.internal is not None:
        frames.append(statement.internal)
    for frame in frames:
        texts += [str(c) for c in frame.columns]
        texts += [str(v) for row in frame.itertuples(index=False) for v in row]
    return texts


def _pdf_sections(pages: _Pages, statement: Statement) -> None:
    def heading(text: str) -> None:
        pages.gap(0.15)
        pages.text(text, 12, bold=True, wrap=80)
        pages.gap(0.05)

    heading("Mandate")
    pages.text(statement.mandate or "(the scenario gives no description)")
    pages.table(pd.DataFrame(statement.facts, columns=["", ""]))
    heading("The rules")
    for line in statement.rules:
        pages.text(f"- {line}")
    heading("Composition against every rule")
    pages.table(statement.composition)
    for chart in statement.charts:
        pages.chart(chart)
    if not statement.coverage.empty:
        heading("Expertise coverage")
        pages.table(statement.coverage)
    heading("The price of balance")
    pages.text(statement.price_text)
    pages.table(statement.prices)
    heading("Nominations received and members selected")
    for frame in statement.intake.values():
        pages.table(frame)
        pages.gap()
    heading("Members")
    pages.table(statement.members)
    heading("Method")
    for paragraph in statement.method:
        pages.text(paragraph)
        pages.gap(0.05)
    pages.table(pd.DataFrame(statement.record, columns=["", ""]))
    if statement.internal is not None:
        heading("Internal: nominees not selected (do not publish)")
        pages.table(statement.internal)
