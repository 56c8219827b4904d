"""Read a nominations file (CSV or XLSX) or a DataFrame into rows of text, header found.

Cells become trimmed text exactly as a person typed them (``007`` stays ``007``, ``NA`` stays
``NA``); validation happens afterwards, in :mod:`composer.inputs.nominations`.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path
from typing import Any

import pandas as pd

from composer.errors import NominationsError, Problem
from composer.inputs.columns import HEADER_SCAN_ROWS, REQUIRED, normalise_column


def _cell_text(value: object) -> str:
    if value is None or value is pd.NA or value is pd.NaT:  # missing cells of a DataFrame
        return ""
    if isinstance(value, float):
        if value != value:  # NaN
            return ""
        if value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value).strip()


def _header_at(rows: list[list[str]]) -> int | None:
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        names = {normalise_column(c) for c in row if c}
        if "id" in names and len(names) >= 2:  # only 'id' is required
            return index
    return None


def _find_header(rows: list[list[str]], source: str) -> int:
    index = _header_at(rows)
    if index is not None:
        return index
    raise NominationsError(
        f"{source}: no header row found",
        [
            Problem(
                "none of the first 30 rows has an 'id' column heading beside another heading",
                fix="add a header row with at least: " + ", ".join(REQUIRED),
                file=source,
            )
        ],
    )


def _read_csv(data: bytes, source: str) -> list[list[str]]:
    import csv

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        rows = [[c.strip() for c in row] for row in csv.reader(io.StringIO(text), dialect)]
        if _header_at(rows) is None:  # title rows above the header can fool the sniffer
            for delimiter in (",", ";", "\t"):
                retry = [
                    [c.strip() for c in row]
                    for row in csv.reader(io.StringIO(text), delimiter=delimiter)
                ]
                if _header_at(retry) is not None:
                    return retry
        return rows
    except csv.Error as exc:
        raise NominationsError(
            f"{source}: not a readable CSV file",
            [Problem(str(exc), fix="save the file as CSV (UTF-8)", file=source)],
        ) from exc


def _read_xlsx(data: bytes, source: str, sheet: str | None) -> list[list[str]]:
    """The cells of the nominations sheet as text; refuses what cannot be read reliably."""
    from composer.inputs.xlsx_reader import read_sheet

    found = read_sheet(data, source, sheet)
    rows = [[_cell_text(v) for v in row] for row in found.rows]
    header = _header_at(rows)
    if header is None:
        raise _xlsx_no_header(source, found.name, rows)
    _xlsx_refuse_merged(source, found.name, found.merged, header, rows[header])
    return rows


def _xlsx_no_header(source: str, sheet: str, rows: list[list[str]]) -> NominationsError:
    if not any(any(row) for row in rows):
        message = f"the sheet '{sheet}' is empty"
        fix = "name the sheet that holds the nominations (--sheet), or fill this one"
    else:
        from openpyxl.utils import get_column_letter

        last = min(len(rows), HEADER_SCAN_ROWS)
        width = max(1, *(len(row) for row in rows[:last]))
        message = (
            f"in sheet '{sheet}', no row of cells A1:{get_column_letter(width)}{last} has "
            "an 'id' column heading beside another heading"
        )
        fix = "add a header row with at least: " + ", ".join(REQUIRED)
    return NominationsError(
        f"{source}: no header row found in sheet '{sheet}'",
        [Problem(message, fix=fix, file=source)],
    )


def _xlsx_refuse_merged(
    source: str, sheet: str, merged: list[str], header: int, names: list[str]
) -> None:
    """Merged cells at or below the header row hide values (only the first cell keeps one)."""
    from openpyxl.utils.cell import range_boundaries

    problems = []
    for ref in merged:
        try:
            min_col, min_row, _, max_row = range_boundaries(ref)
        except (TypeError, ValueError):
            continue
        if max_row is None or max_row < header + 1:
            continue  # a title above the table
        column = names[min_col - 1] if min_col and min_col <= len(names) else None
        problems.append(
            Problem(
                f"cells {ref} of sheet '{sheet}' are merged",
                fix="unmerge them (Home > Merge > Unmerge Cells) and fill in every cell",
                file=source,
                row=min_row,
                column=normalise_column(column) if column else None,
            )
        )
    if problems:
        raise NominationsError(
            f"{source}: merged cells in the nominations table of sheet '{sheet}'", problems
        )


def _rows_from_file(path: Path, sheet: str | None) -> tuple[list[list[str]], str, str]:
    from composer.inputs.safe_read import read_input

    source = path.name
    data = read_input(path, "nominations")
    sha = hashlib.sha256(data).hexdigest()
    if not data.strip():
        raise NominationsError(
            f"{source}: the file is empty",
            [Problem("the file has no content", fix="export the nominations again", file=source)],
        )
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_xlsx(data, source, sheet), source, sha
    if path.suffix.lower() == ".xls":
        raise NominationsError(
            f"{source}: old .xls workbooks are not read",
            [
                Problem(
                    "only .xlsx and .csv are supported",
                    fix="save the workbook as .xlsx",
                    file=source,
                )
            ],
        )
    return _read_csv(data, source), source, sha


def _frame_rows(frame: pd.DataFrame) -> list[list[str]]:
    header = [str(c) for c in frame.columns]
    return [header] + [[_cell_text(v) for v in row] for row in frame.itertuples(index=False)]
