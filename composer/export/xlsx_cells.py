"""Cells and print setup shared by composer's workbooks: fonts and fills, values openpyxl
stores as written (text always as text, see :mod:`composer.export.xlsx_safety`), number
formats, column widths, and A4 printing fitted to the page width.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import pandas as pd
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.properties import PageSetupProperties

from composer.export.xlsx_safety import MAX_CELL_CHARS, needs_cell, text_cell

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
MONO = Font(name="Courier New", size=9)
GREEN = (PatternFill("solid", start_color="C6EFCE", end_color="C6EFCE"), Font(color="006100"))
RED = (PatternFill("solid", start_color="FFC7CE", end_color="FFC7CE"), Font(color="9C0006"))
GREY_FONT = Font(color="808080")
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", start_color="1F4E79", end_color="1F4E79")
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
TABLE_STYLE = "TableStyleMedium2"
#: Number formats by column heading (other numbers: thousands separators, and two decimals
#: unless every number of the column is whole).
FORMATS = {
    "Share": "0.0%",
    "Share of members": "0.0%",
    "Gap to the best possible score": "0.00%",
    "travel_cost": "#,##0",
    "Value": "General",  # the Run sheet: statistics keep their digits
}
MAX_WIDTH, MIN_WIDTH = 50, 6

def value_cell(sheet: Any, value: Any, font: Font | None = None, fmt: str | None = None) -> Any:
    """A cell for ``sheet`` (styled when asked); text is always stored as text."""
    if isinstance(value, str):
        return text_cell(sheet, value, None) if font is None else styled(sheet, value, font)
    cell = WriteOnlyCell(sheet, plain(value))
    if font is not None:
        cell.font = font
    if fmt is not None:
        cell.number_format = fmt
    return cell


def styled(sheet: Any, text: str, font: Font) -> WriteOnlyCell:
    """A text cell in ``font``."""
    cell = text_cell(sheet, text)
    cell.font = font
    return cell


def plain(value: Any) -> Any:
    """A value openpyxl can store: booleans as Yes/No, missing as None, others as text."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float) and value != value:
        return None
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalars
        return plain(value.item())
    if isinstance(value, int | float | str) or hasattr(value, "isoformat"):
        return value
    return str(value)


def number_format(column: str, values: Sequence[Any]) -> str | None:
    """The number format of a column: by its heading, else by its numbers (or None)."""
    if column in FORMATS:
        return FORMATS[column]
    numbers = [v for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
    if not numbers:
        return None
    integral = all(float(v).is_integer() for v in numbers)
    return "#,##0" if integral else "#,##0.00"


def column_width(header: str, values: Iterable[Any]) -> float:
    """A column width that fits the header and the longest value, within bounds."""
    longest = len(header)
    for value in values:
        if value is not None:
            longest = max(longest, len(f"{value:,}" if isinstance(value, int) else str(value)))
    return float(min(MAX_WIDTH, max(MIN_WIDTH, longest + 2)))


def body_rows(sheet: Any, frame: pd.DataFrame, wrap: tuple[str, ...] = ()) -> Iterator[list[Any]]:
    """Rows of cell values: text that openpyxl would misread wrapped in string cells; text of
    the ``wrap`` columns set to wrap, so it prints whole instead of cut at the column edge."""
    wrapped = {i for i, column in enumerate(frame.columns) if column in wrap}
    formats = {
        i: f
        for i, column in enumerate(frame.columns)
        if (f := number_format(str(column), frame[column].head(2000).tolist())) is not None
    }
    for values in frame.itertuples(index=False, name=None):
        row = list(values)
        for i, value in enumerate(row):
            if isinstance(value, str):
                if i in wrapped:
                    cell = text_cell(sheet, value)
                    cell.alignment = WRAP
                    row[i] = cell
                elif needs_cell(value) or len(value) > MAX_CELL_CHARS:
                    row[i] = text_cell(sheet, value)
                continue
            value = plain(value)
            if i in formats and isinstance(value, int | float):
                cell = WriteOnlyCell(sheet, value)
                cell.number_format = formats[i]
                row[i] = cell
            elif isinstance(value, str):
                row[i] = text_cell(sheet, value)
            else:
                row[i] = value
        yield row


def print_setup(sheet: Any, *, landscape: bool, title_rows: str | None = "1:1") -> None:
    """A4, fitted to the page width, header rows repeated, sheet name and page numbers."""
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.paperSize = 9  # A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_options.gridLines = False
    if title_rows:
        sheet.print_title_rows = title_rows
    footer = sheet.HeaderFooter.oddFooter
    footer.left.text = "&A"
    footer.right.text = "Page &P of &N"
