"""How the cells of a list column (``expertise``, ``languages``, a coverage column) separate values.

``;`` always separates values.  A cell may also use ``,``, ``/`` or line breaks:

* ``[columns.NAME] separator = ","`` (or ``"/"``, ``"newline"``, any text) splits on it too;
* ``separator = "auto"`` splits on every one of ``,``, ``/`` and line breaks that the column's
  cells use (a warning says so when they mix several);
* with no separator declared, a cell such as ``spam, privacy`` stays **one value**, and a
  warning counts the cells that hold each separator, shows example rows and says what to set.
  composer never merges or splits values silently.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from composer.errors import Problem
from composer.inputs.column_spec import ColumnSpec
from composer.inputs.columns import MULTI_VALUED, normalise_column
from composer.inputs.vocabulary import split_multi

#: The separators looked for besides ';', with the words messages use for them.
CANDIDATES = {",": "','", "/": "'/'", "\n": "a line break"}
#: Names a scenario may give a separator by.
NAMED = {"newline": "\n", "line break": "\n", "comma": ",", "semicolon": ";", "slash": "/"}
_SHOWN_ROWS = 5


def list_columns(
    present: Iterable[str], specs: Mapping[str, ColumnSpec], lists: Iterable[str]
) -> list[str]:
    """The present columns read as lists: the built-in ones, coverage columns, declared ones."""
    declared = {normalise_column(k) for k, s in specs.items() if s.separator is not None}
    wanted = set(MULTI_VALUED) | set(lists) | declared
    return [c for c in present if c in wanted]


def _declared(specs: Mapping[str, ColumnSpec], column: str) -> str | None:
    for key, spec in specs.items():
        if normalise_column(key) == column and spec.separator is not None:
            return NAMED.get(spec.separator.strip().casefold(), spec.separator)
    return None


def _rows(rows: Sequence[int]) -> str:
    shown = ", ".join(str(r) for r in rows[:_SHOWN_ROWS])
    more = f" and {len(rows) - _SHOWN_ROWS} more" if len(rows) > _SHOWN_ROWS else ""
    return f"row{'s' if len(rows) > 1 else ''} {shown}{more}"


def _usage(cells: Sequence[tuple[int, str]], skip: str | None) -> dict[str, list[int]]:
    """Separator -> the rows whose cell holds it (``skip`` and ';' aside)."""
    found: dict[str, list[int]] = {}
    for row, text in cells:
        for sep in CANDIDATES:
            if sep != skip and sep in text.strip():
                found.setdefault(sep, []).append(row)
    return found


def _counts(found: Mapping[str, list[int]], total: int) -> str:
    return ", ".join(
        f"{len(rows)} of {total} cells hold {CANDIDATES[sep]} ({_rows(rows)})"
        for sep, rows in found.items()
    )


def split_lists(
    records: list[dict[str, str]],
    rows: Sequence[int],
    columns: Sequence[str],
    specs: Mapping[str, ColumnSpec],
    source: str,
) -> list[Problem]:
    """Rewrite the list cells of ``records`` with ';' between values; return the warnings."""
    warnings: list[Problem] = []
    for column in columns:
        cells = [(r, rec[column]) for r, rec in zip(rows, records, strict=True) if rec[column]]
        declared = _declared(specs, column)
        auto = declared is not None and declared.strip().casefold() == "auto"
        found = _usage(cells, None if auto else declared)
        table = f"[columns.{column}]"
        if auto:
            splits = list(found)
            if len(found) > 1:
                warnings.append(
                    Problem(
                        f"the cells mix separators: {_counts(found, len(cells))}; "
                        f"separator = \"auto\" splits them on all of them, and on ';'",
                        fix=f"check the values; to split on one only, set {table} separator "
                        'to it (",", "/" or "newline")',
                        file=source,
                        row=found[next(iter(found))][0],
                        column=column,
                    )
                )
        elif declared is not None:
            splits = [declared]
            if found:
                warnings.append(
                    Problem(
                        "values are separated by "
                        f"{CANDIDATES.get(declared, repr(declared))} and ';', but "
                        f"{_counts(found, len(cells))}: read as part of a value",
                        fix=f'if they separate values too, set {table} separator = "auto"',
                        file=source,
                        row=found[next(iter(found))][0],
                        column=column,
                    )
                )
        else:
            splits = []
            if found:
                most = max(found, key=lambda s: len(found[s]))
                name = "newline" if most == "\n" else most
                first = found[most][0]
                example = next(t for r, t in cells if r == first).replace("\n", "\\n")
                choice = f'"{name}"' + (
                    ' (or "auto" to split on every separator found)' if len(found) > 1 else ""
                )
                warnings.append(
                    Problem(
                        f"{_counts(found, len(cells))}; only ';' "
                        "separates values unless the scenario says otherwise, so a cell such "
                        f"as '{example}' is read as one value",
                        fix=f"say how the cells list values: {table} separator = {choice}, "
                        "or write ';' between values",
                        file=source,
                        row=first,
                        column=column,
                    )
                )
        if splits:
            for record in records:
                text = record[column]
                for sep in splits:
                    text = text.replace(sep, ";")
                record[column] = text
        if column not in MULTI_VALUED:  # built-in list columns are tidied row by row
            for record in records:
                record[column] = "; ".join(split_multi(record[column]))
    return warnings
