"""A plain workbook of named tables, every text cell stored as text.

Used for workbooks that are a few tables side by side (the scenario comparison): each frame
becomes a sheet with a bold header row, frozen under the header and set up to print on A4
landscape, fit to the page width.  Every string goes through
:func:`composer.export.xlsx_safety.text_cell`, so an id, a name or a scenario name starting
with ``=``, ``+``, ``-`` or ``@`` stays text, never a formula.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from composer.export.xlsx_cells import column_width, print_setup
from composer.export.xlsx_safety import safe_sheet_name, text_cell

_BOLD = Font(bold=True)


def _value(sheet: Any, value: Any) -> Any:
    """A cell value openpyxl stores as written: text as a text cell, NaN as empty."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, bool):
        return text_cell(sheet, "yes" if value else "no")
    if isinstance(value, int | float):
        return value
    if hasattr(value, "item"):  # numpy scalars
        return _value(sheet, value.item())
    return text_cell(sheet, str(value))


def _header(sheet: Any, text: str) -> Any:
    cell = text_cell(sheet, text)
    cell.font = _BOLD
    return cell


def frames_workbook(sheets: Mapping[str, pd.DataFrame]) -> Workbook:
    """A write-only workbook with one sheet per frame (index dropped)."""
    book = Workbook(write_only=True)
    book.properties.creator = "composer"
    for title, frame in sheets.items():
        ws = book.create_sheet(safe_sheet_name(title, book.sheetnames))
        for i, column in enumerate(frame.columns, start=1):
            width = column_width(str(column), frame[column].head(2000).tolist())
            ws.column_dimensions[get_column_letter(i)].width = width
        ws.freeze_panes = "A2"
        print_setup(ws, landscape=True)
        ws.append([_header(ws, str(c)) for c in frame.columns])
        for row in frame.itertuples(index=False):
            ws.append([_value(ws, v) for v in row])
    return book


def write_frames(sheets: Mapping[str, pd.DataFrame], path: Path, *, force: bool = False) -> Path:
    """Write ``sheets`` as a workbook at ``path``, atomically; never overwrites without force."""
    from composer.files import write_atomic

    def writer(tmp: Path) -> None:  # built only once the path is known to be writable
        frames_workbook(sheets).save(tmp)

    return write_atomic(Path(path), writer, force=force)
