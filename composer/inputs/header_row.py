"""Find the header row of a nominations table, below title rows and merged group headings.

The header is the first of the first :data:`HEADER_SCAN_ROWS` rows that has a heading read
as ``id`` (see :mod:`composer.inputs.headings`) beside at least one other heading.  Rows
above it (a title, a date, a row of merged group headings such as "Identity | Assessment")
are skipped.  When no row qualifies, the message names the row that looks most like a
header and lists the column names composer expects.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from composer.errors import NominationsError, Problem
from composer.inputs.column_spec import ColumnSpec
from composer.inputs.columns import HEADER_SCAN_ROWS, OPTIONAL, REQUIRED, normalise_column
from composer.inputs.headings import candidates_for, guess, reads_as_id

_EXPECTED = ", ".join(REQUIRED + OPTIONAL)


class Recogniser:
    """Which cells of a row read as known columns (the scenario's headings and columns too)."""

    def __init__(self, wanted: Sequence[str], specs: Mapping[str, ColumnSpec]) -> None:
        self.candidates = candidates_for(wanted, specs)
        self.explicit = {
            " ".join(s.heading.casefold().split()): normalise_column(key)
            for key, s in specs.items()
            if s.heading is not None
        }

    def column(self, cell: str) -> str | None:
        """The column ``cell`` reads as, if any."""
        if not cell.strip():
            return None
        key = self.explicit.get(" ".join(cell.casefold().split()))
        return key if key is not None else guess(cell, self.candidates)

    def is_id(self, cell: str) -> bool:
        """Whether ``cell`` reads as the id column."""
        key = self.explicit.get(" ".join(cell.casefold().split()))
        return key == "id" if key is not None else reads_as_id(cell)

    def is_header(self, row: Sequence[str]) -> bool:
        """Whether ``row`` is a header: an id heading beside another heading."""
        cells = [c for c in row if c.strip()]
        return len(cells) >= 2 and any(self.is_id(c) for c in cells)

    def known(self, row: Sequence[str]) -> list[str]:
        """The cells of ``row`` that read as a known column (among its first 200)."""
        return [c for c in row[:200] if self.column(c) is not None]


def header_at(rows: Sequence[Sequence[str]], recogniser: Recogniser) -> int | None:
    """The index of the header row among the first rows, or None."""
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        if recogniser.is_header(row):
            return index
    return None


def no_header(
    rows: Sequence[Sequence[str]],
    recogniser: Recogniser,
    source: str,
    where: str = "",
    show_cells: bool = False,
) -> NominationsError:
    """The error for a table with no header row, naming the most likely row."""
    scanned = rows[:HEADER_SCAN_ROWS]
    last = len(scanned)
    best: int | None = None
    known: list[str] = []
    for index, cells in enumerate(scanned):
        found = recogniser.known(cells)
        if len(found) > len(known):
            best, known = index, found
    if best is None:
        span = ""
        if show_cells:
            from openpyxl.utils import get_column_letter

            width = max(1, *(len(row) for row in scanned))
            span = f" (cells A1:{get_column_letter(width)}{last})"
        message = (
            f"none of the first {last} rows{where}{span} has a heading read as 'id' beside another "
            "heading, and none has a heading composer knows"
        )
        fix = f"add a header row above the nominations; expected column names: {_EXPECTED}"
        at = None
    else:
        shown = ", ".join(f"'{c}'" for c in known[:6])
        message = (
            f"row {best + 1}{where} looks like the header (its headings {shown} are known "
            "columns), but no heading in it is read as 'id'"
        )
        fix = (
            "name the column of nomination ids 'id' (or map it in the scenario: "
            '[columns.id] heading = "..."); expected column names: ' + _EXPECTED
        )
        at = best + 1
    return NominationsError(
        f"{source}: no header row found" + where.replace(" of sheet", " in sheet"),
        [Problem(message, fix=fix, file=source, row=at)],
    )
