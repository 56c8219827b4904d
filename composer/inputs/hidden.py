"""Hidden rows and columns of a workbook: read like any other, and said so.

A secretariat often hides rows (a filter on "withdrawn", rows hidden by hand) or columns
(internal scores).  composer reads every cell, shown or not, so a hidden row is a
nomination like the others; a warning names the hidden rows and columns that were read, so
that nothing hidden changes the roster unseen.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from composer.errors import Problem
from composer.inputs.apply import rows_text


def hidden_warnings(
    source: str,
    sheet: str | None,
    hidden_rows: Sequence[int],
    hidden_columns: Sequence[int],
    row_of: Mapping[str, int],
    headings: Sequence[str],
    header_row: int,
) -> list[Problem]:
    """Warnings for hidden rows read as nominations and hidden columns with a heading."""
    from openpyxl.utils import get_column_letter

    where = f" in sheet '{sheet}'" if sheet else ""
    warnings = []
    by_row = {r: i for i, r in row_of.items()}
    rows = [r for r in sorted(set(hidden_rows)) if r in by_row]
    if rows:
        ids = ", ".join(by_row[r] for r in rows[:5]) + (" ..." if len(rows) > 5 else "")
        warnings.append(
            Problem(
                f"{len(rows)} hidden row(s){where} ({rows_text(rows)}) are read as nominations "
                f"like the others: {ids}",
                fix="if they are not nominations (withdrawn, rejected), delete them; unhide "
                "them or clear the filter to check",
                file=source,
                row=rows[0],
            )
        )
    columns = [
        c
        for c in sorted(set(hidden_columns))
        if c <= len(headings) and str(headings[c - 1]).strip()
    ]
    if columns:
        shown = ", ".join(f"{get_column_letter(c)} ('{headings[c - 1]}')" for c in columns[:8])
        warnings.append(
            Problem(
                f"hidden column(s){where} {shown} are read like the others",
                fix="unhide them to check what they hold; delete a column composer should not read",
                file=source,
                row=header_row,
            )
        )
    return warnings
