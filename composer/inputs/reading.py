"""Read a nominations file (CSV or XLSX) or a DataFrame into rows of text, header found.

Cells become trimmed text exactly as a person typed them (``007`` stays ``007``, ``NA`` stays
``NA``); validation happens afterwards, in :mod:`composer.inputs.nominations`.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from composer.errors import NominationsError, Problem
from composer.inputs.dates import date_text
from composer.inputs.header_row import Recogniser, header_at, no_header
from composer.inputs.headings import plain


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
    if isinstance(value, date):
        return date_text(value)
    return str(value).strip()


@dataclass
class RawTable:
    """The cells of a file as text, before the header row is known."""

    rows: list[list[str]]
    source: str
    sha256: str
    sheet: str | None = None  # a workbook's sheet
    merged: list[str] = field(default_factory=list)  # a workbook's merged ranges
    hidden_rows: list[int] = field(default_factory=list)  # a workbook's hidden rows
    hidden_columns: list[int] = field(default_factory=list)  # and columns (A = 1)

    def header(self, recogniser: Recogniser) -> int:
        """The index of the header row; refuses merged cells in the table below it."""
        index = header_at(self.rows, recogniser)
        if index is None:
            if self.sheet is not None and not any(any(row) for row in self.rows):
                raise NominationsError(
                    f"{self.source}: no header row found in sheet '{self.sheet}'",
                    [
                        Problem(
                            f"the sheet '{self.sheet}' is empty",
                            fix="name the sheet that holds the nominations (--sheet), "
                            "or fill this one",
                            file=self.source,
                        )
                    ],
                )
            where = f" of sheet '{self.sheet}'" if self.sheet is not None else ""
            raise no_header(self.rows, recogniser, self.source, where, self.sheet is not None)
        if self.sheet is not None:
            _xlsx_refuse_merged(self.source, self.sheet, self.merged, index, self.rows[index])
        return index


def _read_csv(data: bytes, source: str, recogniser: Recogniser) -> list[list[str]]:
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
        if header_at(rows, recogniser) is None:  # title rows above the header can fool the sniffer
            for delimiter in (",", ";", "\t"):
                retry = [
                    [c.strip() for c in row]
                    for row in csv.reader(io.StringIO(text), delimiter=delimiter)
                ]
                if header_at(retry, recogniser) is not None:
                    return retry
        return rows
    except csv.Error as exc:
        raise NominationsError(
            f"{source}: not a readable CSV file",
            [Problem(str(exc), fix="save the file as CSV (UTF-8)", file=source)],
        ) from exc


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
                column=plain(column) if column else None,
            )
        )
    if problems:
        raise NominationsError(
            f"{source}: merged cells in the nominations table of sheet '{sheet}'", problems
        )


def read_file(path: Path, sheet: str | None, recogniser: Recogniser) -> RawTable:
    """The cells of a nominations file (CSV or XLSX) as text."""
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
        from composer.inputs.xlsx_reader import read_sheet

        found = read_sheet(data, source, sheet)
        rows = [[_cell_text(v) for v in row] for row in found.rows]
        return RawTable(
            rows, source, sha, found.name, found.merged, found.hidden_rows, found.hidden_columns
        )
    if path.suffix.lower() == ".toml":
        raise NominationsError(
            f"{source}: this is a scenario (TOML), not a nominations table",
            [
                Problem(
                    "nominations are read from a .csv or .xlsx file",
                    fix=f"give the nominations file, and the scenario with it: composer "
                    f"validate NOMINATIONS.xlsx --scenario {source}",
                    file=source,
                )
            ],
        )
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
    return RawTable(_read_csv(data, source, recogniser), source, sha)


def _frame_rows(frame: pd.DataFrame) -> list[list[str]]:
    header = [str(c) for c in frame.columns]
    return [header] + [[_cell_text(v) for v in row] for row in frame.itertuples(index=False)]
