"""Write the shortlist workbook: Summary, Shortlist, Balance, Coverage, Not selected, Scenario, Run.

The content of each sheet comes from :mod:`composer.export.sheets`; this module lays it out:
Excel tables with filters, frozen header rows, number formats, column widths, conditional
formatting (met in green, missed in red), print setup fitted to the page width, document
properties, and the composition charts as PNG images.  Every value is written as a computed
value, never a formula, and every text goes through :mod:`composer.export.xlsx_safety`.

The workbook is streamed (openpyxl's write-only mode), so 20,000 nominees take seconds.
"""

from __future__ import annotations

import io
import math
import re
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.formatting.rule import CellIsRule
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo

from composer.export import sheets
from composer.export.workbook_columns import WorkbookColumns, workbook_columns
from composer.export.xlsx_cells import (
    BOLD,
    FORMATS,
    GREEN,
    GREY_FONT,
    HEADER_FILL,
    HEADER_FONT,
    MAX_WIDTH,
    MONO,
    RED,
    TABLE_STYLE,
    TITLE,
    TOP,
    WRAP,
    body_rows,
    column_width,
    plain,
    print_setup,
    styled,
    value_cell,
)
from composer.export.xlsx_safety import safe_sheet_name
from composer.export.xlsx_stream import stream_rows
from composer.rules.shown import shown_columns

if TYPE_CHECKING:
    from composer.engine.result import Result

#: Sheet names (each within Excel's 31-character limit).
SUMMARY, SHORTLIST, BALANCE, COVERAGE, NOT_SELECTED, SCENARIO, RUN = (
    "Summary",
    "Shortlist",
    "Balance",
    "Coverage",
    "Not selected",
    "Scenario",
    "Run",
)


@dataclass
class _Layout:
    """How one table sheet is shown."""

    freeze: str = "A2"
    table: str | None = None  # Excel table name; None: an autofilter instead
    widths: dict[str, float] = field(default_factory=dict)
    header_height: float | None = None
    landscape: bool = True
    wrap: tuple[str, ...] = ()  # columns whose text wraps within the column (printed whole)


def _wrapped_lines(frame: pd.DataFrame, layout: _Layout) -> dict[int, int]:
    """Sheet row -> lines its wrapped cells need, for rows needing more than one."""
    needed: dict[int, int] = {}
    for column in (c for c in layout.wrap if c in frame.columns):
        chars = max(8, int(layout.widths.get(column, 20.0) * 1.1) - 2)
        for number, value in enumerate(frame[column].tolist(), start=2):
            if isinstance(value, str) and value:
                lines = sum(max(1, math.ceil(len(part) / chars)) for part in value.split("\n"))
                if lines > 1:
                    needed[number] = max(needed.get(number, 1), lines)
    return needed


def _table_name(title: str, taken: set[str]) -> str:
    base = re.sub(r"\W", "", title.title()) or "Sheet"
    name = f"{base}Table" if base[0].isalpha() else f"T{base}Table"
    candidate, number = name, 2
    while candidate.casefold() in taken:
        candidate, number = f"{name}{number}", number + 1
    taken.add(candidate.casefold())
    return candidate


def _unique_headers(columns: Iterable[Any]) -> list[str]:
    headers: list[str] = []
    for column in columns:
        text = " ".join(str(column).split()) or "column"
        candidate, number = text, 2
        while candidate.casefold() in {h.casefold() for h in headers}:
            candidate, number = f"{text} ({number})", number + 1
        headers.append(candidate)
    return headers


class _Writer:
    """Builds the write-only workbook sheet by sheet."""

    def __init__(
        self, result: Result, view: WorkbookColumns, naming: Sequence[str] = ()
    ) -> None:
        self.result = result
        self.view = view
        self.naming = tuple(naming)  # extra sheets that name nominees not selected
        self.book = Workbook(write_only=True)
        self.tables: set[str] = set()
        props = self.book.properties
        props.title = f"Shortlist: {result.scenario.name}"[:250]
        props.subject = result.scenario.name[:250]
        props.creator = "composer"
        props.lastModifiedBy = "composer"
        props.description = (result.scenario.description or "")[:1000] or None
        props.keywords = "shortlist; composition; composer"
        props.category = result.status.value

    def sheet(self, title: str) -> Any:
        return self.book.create_sheet(safe_sheet_name(title, self.book.sheetnames))

    def table_sheet(self, title: str, frame: pd.DataFrame, layout: _Layout) -> Any:
        """A sheet holding ``frame`` as an Excel table (or with an autofilter)."""
        frame = frame.copy()
        frame.columns = pd.Index(_unique_headers(frame.columns))
        ws = self.sheet(title)
        sample = frame.head(2000)
        for i, column in enumerate(frame.columns, start=1):
            width = layout.widths.get(column) or column_width(column, sample[column].tolist())
            ws.column_dimensions[get_column_letter(i)].width = width
        ws.freeze_panes = layout.freeze
        print_setup(ws, landscape=layout.landscape)  # sheet properties precede the rows
        if layout.header_height:
            ws.row_dimensions[1].height = layout.header_height
        for number, lines in _wrapped_lines(frame, layout).items():  # wrapped text shows whole
            ws.row_dimensions[number].height = 15 * lines
        stream_rows(ws)  # after the settings written ahead of the rows
        header_font = HEADER_FONT if layout.table else BOLD
        align = WRAP if layout.header_height else None
        header = []
        for column in frame.columns:
            cell = styled(ws, column, header_font)
            if layout.table:  # explicit, so programs that ignore table styles show it too
                cell.fill = HEADER_FILL
            if align is not None:
                cell.alignment = align
            header.append(cell)
        ws.append(header)
        for row in body_rows(ws, frame, layout.wrap):
            ws.append(row)
        last = get_column_letter(max(1, len(frame.columns)))
        ref = f"A1:{last}{len(frame) + 1}"
        if layout.table and len(frame):
            table = Table(
                displayName=_table_name(layout.table, self.tables),
                ref=ref,
                tableColumns=[
                    TableColumn(id=i, name=str(c)) for i, c in enumerate(frame.columns, 1)
                ],
                tableStyleInfo=TableStyleInfo(name=TABLE_STYLE, showRowStripes=True),
            )
            table.autoFilter = AutoFilter(ref=ref)
            with warnings.catch_warnings():  # the columns are added above, as it asks
                warnings.filterwarnings("ignore", "In write-only mode you must add table columns")
                ws.add_table(table)
        else:
            ws.auto_filter.ref = ref
        return ws


def _conditional(ws: Any, ref: str, green: str, red: str | None = None) -> None:
    ws.conditional_formatting.add(
        ref, CellIsRule(operator="equal", formula=[f'"{green}"'], fill=GREEN[0], font=GREEN[1])
    )
    if red is not None:
        ws.conditional_formatting.add(
            ref, CellIsRule(operator="equal", formula=[f'"{red}"'], fill=RED[0], font=RED[1])
        )


def _chart_images(result: Result) -> list[bytes]:
    from composer.export.charts import composition_chart, coverage_areas, coverage_chart, figure_png

    if not result.ok:
        return []
    images = []
    for column in shown_columns(result.scenario, result.pool, sheets.HEADLINE_COLUMNS):
        if column in result.pool.table.columns:
            draw = partial(composition_chart, result, column)  # draw(ax)
            images.append(figure_png(draw, (6.4, 3.4), margins=(0.09, 0.2, 0.98, 0.9)))
    areas = coverage_areas(result)
    if areas:
        height = max(2.4, 0.3 * len(areas) + 1.1)
        longest = max(len(a.label) for a in areas)
        margins = (min(0.5, 0.04 + 0.0105 * longest), 0.65 / height, 0.97, 1 - 0.4 / height)
        images.append(figure_png(partial(coverage_chart, result), (6.4, height), margins=margins))
    return images


def _kind(writer: _Writer) -> str:
    """The Summary's Workbook line: shared, or internal and why."""
    if writer.view.internal:
        return "internal: every column, and the nominees not selected"
    if not writer.naming:
        return "shared: decision and rule columns; no contact columns, no nominees not selected"
    sheets_name = " sheet names" if len(writer.naming) == 1 else " sheets name"
    return (
        "internal: decision and rule columns, no contact columns; the "
        + ", ".join(writer.naming)
        + sheets_name
        + " nominees not selected"
    )


def _summary(writer: _Writer) -> None:
    from openpyxl.drawing.image import Image

    result = writer.result
    ws = writer.sheet(SUMMARY)
    for letter, width in zip("ABCDE", (30, 44, 12, 12, 16), strict=True):
        ws.column_dimensions[letter].width = width
    print_setup(ws, landscape=False, title_rows=None)
    ws.append([styled(ws, f"Shortlist: {result.scenario.name}", TITLE)])
    ws.append([])
    rows = [*sheets.summary_rows(result), ("Workbook", _kind(writer))]
    for number, (label, value) in enumerate(rows, start=3):
        cell = value_cell(ws, value, None, FORMATS.get(label))
        if isinstance(value, str) and len(value) > 40:  # wrapped: the row grows to fit
            cell.alignment = WRAP
            ws.row_dimensions[number].height = 15 * math.ceil(len(value) / 40)
        name = styled(ws, label, BOLD)
        name.alignment = TOP  # in line with a value that wraps over several lines
        if not (isinstance(value, str) and len(value) > 40):  # wrapped values are top already
            cell.alignment = TOP
        ws.append([name, cell])
    ws.append([])
    ws.append([styled(ws, "Headline balance", BOLD)])
    headline = sheets.headline_frame(result, shared=not writer.view.internal)
    ws.append([styled(ws, str(c), BOLD) for c in headline.columns])
    for row in headline.itertuples(index=False, name=None):
        ws.append([value_cell(ws, v, None, "0.0%" if i == 4 else None) for i, v in enumerate(row)])
    for number, png in enumerate(_chart_images(result)):
        image = Image(io.BytesIO(png))
        ws.add_image(image, f"G{1 + 22 * number}")


def _coverage(writer: _Writer) -> None:
    frame, footer = sheets.coverage_frame(writer.result)
    widths = {  # the longest word of a heading fits (headings wrap), numbers too
        c: float(min(22, max(9, *(len(w) + 2 for w in str(c).split())))) for c in frame.columns[2:]
    }
    names = [len(str(n)) for n in frame["Name"]]
    widths["Name"] = float(min(MAX_WIDTH, max(26, *names, 0) + 2))
    layout = _Layout(freeze="C2", widths=widths, header_height=48)
    ws = writer.table_sheet(COVERAGE, frame, layout)
    members = len(frame)
    ws.auto_filter.ref = f"A1:{get_column_letter(max(1, len(frame.columns)))}{members + 1}"
    ws.append([])
    for row in footer:
        ws.append([styled(ws, v, BOLD) if isinstance(v, str) and v else plain(v) for v in row])
    if len(frame.columns) > 3:
        last = get_column_letter(len(frame.columns) - 1)
        if members:
            _conditional(ws, f"C2:{last}{members + 1}", "Yes")
            ws.conditional_formatting.add(
                f"C2:{last}{members + 1}",
                CellIsRule(operator="equal", formula=['"No"'], font=GREY_FONT),
            )
        met_row = members + 2 + len(footer)
        _conditional(ws, f"C{met_row}:{last}{met_row}", "Yes", "No")


def _scenario(writer: _Writer) -> None:
    result = writer.result
    frame = sheets.scenario_frame(result)
    layout = _Layout(
        table="Rules", widths={"Settings": 70.0, "Where": 30.0}, wrap=("Settings", "Where", "Name")
    )
    ws = writer.table_sheet(SCENARIO, frame, layout)
    lines = sheets.scenario_text(result)
    if lines:
        ws.append([])
        name = result.scenario.source.name if result.scenario.source else "scenario"
        ws.append([styled(ws, f"The scenario file as written: {name}", BOLD)])
        for line in lines:
            ws.append([styled(ws, line, MONO)] if line else [])


def _only(frame: pd.DataFrame, view: WorkbookColumns, pool_columns: set[str]) -> pd.DataFrame:
    """``frame`` with the nominee columns ``view`` keeps; columns composer adds (Seat, Role,
    Needed for, Reason, ...) stay."""
    nominee = [str(c) for c in frame.columns if str(c) in pool_columns]
    kept = set(view.keep(nominee))
    return frame[[c for c in frame.columns if str(c) not in pool_columns or str(c) in kept]]


def _fill(
    writer: _Writer,
    extra_sheets: Mapping[str, pd.DataFrame] | None,
    not_selected_extra: pd.DataFrame | None,
    shortlist_extra: pd.DataFrame | None = None,
) -> None:
    result = writer.result
    view = writer.view
    _summary(writer)
    wide = {"expertise": 40.0, "languages": 24.0}
    pool_columns = {"id", "country_name", *map(str, result.pool.table.columns)}
    shortlist = _only(sheets.shortlist_frame(result, shortlist_extra), view, pool_columns)
    writer.table_sheet(SHORTLIST, shortlist, _Layout(freeze="C2", table="Shortlist", widths=wide))
    balance = sheets.balance_frame(result)
    ws = writer.table_sheet(BALANCE, balance, _Layout(freeze="B2", table="Balance"))
    if len(balance):
        status = get_column_letter(list(balance.columns).index("Status") + 1)
        _conditional(ws, f"{status}2:{status}{len(balance) + 1}", "met", "missed")
    _coverage(writer)
    if view.internal:  # the shared workbook names no nominee who was not selected
        others = _only(sheets.not_selected_frame(result, not_selected_extra), view, pool_columns)
        layout = _Layout(freeze="C2", table=NOT_SELECTED, widths=wide)
        writer.table_sheet(NOT_SELECTED, others, layout)
    _scenario(writer)
    run = pd.DataFrame(sheets.run_rows(result), columns=["Item", "Value"], dtype=object)
    writer.table_sheet(RUN, run, _Layout(table="Run", widths={"Value": 70.0}, landscape=False))
    for title, frame in (extra_sheets or {}).items():
        writer.table_sheet(title, frame, _Layout(table=title))


def build_workbook(
    result: Result,
    *,
    extra_sheets: Mapping[str, pd.DataFrame] | None = None,
    not_selected_extra: pd.DataFrame | None = None,
    shortlist_extra: pd.DataFrame | None = None,
    internal: bool = False,
    columns: Sequence[str] | None = None,
    naming: Sequence[str] = (),
) -> Workbook:
    """The shortlist workbook (not yet saved); see :func:`write_shortlist`."""
    view = workbook_columns(result, internal=internal, columns=columns)
    writer = _Writer(result, view, naming)
    try:
        _fill(writer, extra_sheets, not_selected_extra, shortlist_extra)
    except BaseException:
        _discard(writer.book)
        raise
    return writer.book


def write_shortlist(
    result: Result,
    path: Path,
    *,
    force: bool = False,
    extra_sheets: Mapping[str, pd.DataFrame] | None = None,
    not_selected_extra: pd.DataFrame | None = None,
    shortlist_extra: pd.DataFrame | None = None,
    internal: bool = False,
    columns: Sequence[str] | None = None,
    naming: Sequence[str] = (),
) -> Path:
    """Write the shortlist workbook to ``path`` (atomically; never overwrites without ``force``).

    The workbook is the shared one by default: decision and rule columns only, no contact
    columns, no Not selected sheet (:mod:`composer.export.workbook_columns`); ``columns``
    adds named columns; ``internal=True`` writes every column and the Not selected sheet.

    ``extra_sheets`` (sheet name -> table) are appended after the standard sheets;
    ``not_selected_extra`` adds columns (matched on its ``id`` column) to the Not selected
    sheet, right after the name; ``shortlist_extra`` does the same for the Shortlist sheet
    (e.g. a "Needed for" column).  ``naming`` lists extra sheets that name nominees not
    selected (Reserves, Probabilities): the Summary then calls the workbook internal.
    Returns ``path``.
    """
    from composer.files import ensure_writable, write_atomic

    path = Path(path)
    ensure_writable(path, force=force)
    book = build_workbook(
        result,
        extra_sheets=extra_sheets,
        not_selected_extra=not_selected_extra,
        shortlist_extra=shortlist_extra,
        internal=internal,
        columns=columns,
        naming=naming,
    )
    try:
        return write_atomic(path, lambda tmp: book.save(tmp), force=force)
    except BaseException:
        _discard(book)
        raise


def _discard(book: Workbook) -> None:
    """Close the streamed sheets of a workbook that was not saved and delete their temp files."""
    for sheet in book.worksheets:
        try:
            if not sheet.closed:
                sheet.close()
            if sheet._writer is not None:
                sheet._writer.cleanup()
        except Exception:  # already half closed by the failed save; nothing more to free
            continue
