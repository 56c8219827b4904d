"""Read nominations (CSV, XLSX or a DataFrame) into a validated, id-indexed :class:`Pool`.

Every problem in the table is collected and reported at once, with the row number a
spreadsheet program shows, the column, what is wrong and how to fix it.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from composer.errors import NominationsError, Problem, suggest
from composer.inputs import (
    apply,
    checks,
    dates,
    duplicates,
    reference,
    separators,
    vocabulary,
)
from composer.inputs.column_spec import ColumnSpec
from composer.inputs.columns import (
    _DEFAULTS,
    FILLED_WHEN_PRESENT,
    HEADER_SCAN_ROWS,
    KNOWN,
    MULTI_VALUED,
    NUMERIC,
    OPTIONAL,
    REQUIRED,
    YES_NO_COLUMNS,
    normalise_column,
)
from composer.inputs.geography import GeographySpec
from composer.inputs.header_row import Recogniser
from composer.inputs.headings import match_headings
from composer.inputs.hidden import hidden_warnings
from composer.inputs.needs import Needs
from composer.inputs.number_text import number_problem, without_spaces
from composer.inputs.reading import _frame_rows, read_file

NominationsLike = Any  # Pool | pd.DataFrame | Mapping | list[dict] | str | Path


#: The columns a pool is summarised by when no scenario says which.
SUMMARY_COLUMNS = ("region", "stakeholder_group", "gender", "developing")


@dataclass(eq=False)
class Pool:
    """A validated pool of nominations, indexed by id (text).

    ``table`` has one row per nomination; its columns are the contract columns (normalised
    values), the derived reference columns and any extra columns of the file.
    """

    table: pd.DataFrame
    source: str = "<DataFrame>"
    sha256: str = ""
    row_of: dict[str, int] = field(default_factory=dict)
    #: Things kept as written but worth a look (unknown values, places with no region).
    warnings: list[Problem] = field(default_factory=list)
    #: Derived region column -> the scheme it follows (``{"icann_region": "ICANN ..."}``).
    region_schemes: dict[str, str] = field(default_factory=dict)
    #: The body's declared values by column (they replace composer's built-in ones).
    declared: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: Aliases by column (folded spelling -> value), for rules as for cells.
    aliases: dict[str, dict[str, str]] = field(default_factory=dict)
    #: Column -> the heading it was read from, as the file writes it.
    headings: dict[str, str] = field(default_factory=dict)
    #: Built-in columns the file lacks, filled with their default (score 0, gender undisclosed).
    defaulted: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.table)

    @property
    def ids(self) -> list[str]:
        """Nomination ids, in the order of the file."""
        return list(self.table.index)

    @property
    def columns(self) -> list[str]:
        """Columns available to rules."""
        return list(self.table.columns)

    def has_column(self, column: str) -> bool:
        """Whether rules can refer to ``column``."""
        return column in self.table.columns or column == "id"

    def values(self, column: str) -> list[str]:
        """The distinct values of a single-valued column, sorted."""
        if column in MULTI_VALUED:
            return sorted({a for areas in self.areas(column).values() for a in areas})
        return sorted(set(self.table[column].astype(str)))

    def areas(self, column: str) -> dict[str, tuple[str, ...]]:
        """The parsed values of a multi-valued (';'-separated) column, by id."""
        return self._areas[column] if column in self._areas else _split(self.table[column])

    def text(self, column: str) -> np.ndarray:
        """A column as an array of strings, in the order of ``ids`` (cached)."""
        cache = self.__dict__.setdefault("_text_cache", {})
        if column not in cache:
            source = self.table.index if column == "id" else self.table[column]
            if isinstance(source.dtype, pd.StringDtype) and not source.isna().any():
                cache[column] = source.to_numpy(dtype=object)  # already str: no loop in Python
            else:
                cache[column] = np.asarray([str(v) for v in source], dtype=object)
        return cache[column]  # type: ignore[no-any-return]

    @cached_property
    def _areas(self) -> dict[str, dict[str, tuple[str, ...]]]:
        return {c: _split(self.table[c]) for c in MULTI_VALUED if c in self.table.columns}

    def numbers(self, column: str) -> pd.Series:
        """A numeric column as floats (empty cells are 0)."""
        return pd.to_numeric(self.table[column], errors="raise").astype(float)

    def summary(self, columns: Sequence[str] | None = None) -> pd.DataFrame:
        """Counts by value of ``columns`` (default: region, stakeholder group, gender and
        developing status; a scenario passes the columns its rules use)."""
        frames = []
        for column in columns if columns is not None else SUMMARY_COLUMNS:
            if column in self.table.columns:
                counts = self.table[column].value_counts().sort_index()
                frames.append(
                    pd.DataFrame(
                        {"column": column, "value": counts.index, "nominations": counts.to_numpy()}
                    )
                )
        if not frames:
            return pd.DataFrame({"column": [], "value": [], "nominations": []})
        return pd.concat(frames, ignore_index=True)

    def _repr_html_(self) -> str:
        head = f"<b>Pool</b>: {len(self)} nominations from {html.escape(self.source)}"
        return head + warnings_html(self.warnings) + self.summary().to_html(index=False)

    def __repr__(self) -> str:
        return f"Pool({len(self)} nominations from {self.source!r})"


def warnings_html(warnings: list[Problem]) -> str:
    """The intake warnings as an HTML list ('' when there are none), for notebooks."""
    if not warnings:
        return ""
    items = "".join(f"<li>{html.escape(str(w))}</li>" for w in warnings)
    return f"<p>{len(warnings)} warning(s) about how the nominations were read:</p><ul>{items}</ul>"


def _split(series: pd.Series) -> dict[str, tuple[str, ...]]:
    return {str(i): vocabulary.split_multi(str(v)) for i, v in series.items()}


def load_nominations(
    source: NominationsLike,
    *,
    sheet: str | None = None,
    columns: Mapping[str, ColumnSpec] | None = None,
    geography: GeographySpec | None = None,
    needs: Needs | None = None,
) -> Pool:
    """Load and validate nominations from a path (CSV/XLSX), a DataFrame, dict or list of rows.

    ``columns`` says how to read named columns (the scenario's ``[columns.NAME]`` tables);
    ``geography`` which region schemes to derive from ``country`` (``[geography]``);
    ``needs`` what the scenario's rules and objective name (a column they name that the file
    lacks is an error naming the closest headings).

    Raises :class:`~composer.errors.NominationsError` listing every problem found, or a
    :class:`~composer.errors.ScenarioError` for columns ``needs`` names that the file lacks.
    What was read in a way worth a look is in ``Pool.warnings``.
    """
    specs = columns or {}
    if isinstance(source, Pool):
        return checks.with_needs(source, needs)
    recogniser = Recogniser(needs.wanted if needs else [], specs)
    header_index = 0
    raw = None
    if isinstance(source, str | Path):
        raw = read_file(Path(source), sheet, recogniser)
        rows, name, sha = raw.rows, raw.source, raw.sha256
        if rows or raw.sheet is not None:
            header_index = raw.header(recogniser)
    else:
        if isinstance(source, Mapping):
            frame = pd.DataFrame(dict(source))
        elif isinstance(source, pd.DataFrame):
            frame = source
        elif isinstance(source, Iterable):
            frame = pd.DataFrame(list(source))
        else:
            raise NominationsError(
                "nominations must be a file path, a DataFrame or rows",
                [
                    Problem(
                        f"got {type(source).__name__}",
                        fix="pass a .csv/.xlsx path or a pandas DataFrame",
                    )
                ],
            )
        rows, name = _frame_rows(frame), "<DataFrame>"
        sha = hashlib.sha256(frame.to_csv(index=False).encode()).hexdigest()
    if not rows:
        raise NominationsError(
            f"{name}: the file is empty",
            [Problem("no rows", fix="add a header row and nominations", file=name)],
        )
    pool = _build_pool(rows, header_index, name, sha, specs, needs or Needs(objective=None))
    if raw is not None and (raw.hidden_rows or raw.hidden_columns):
        pool.warnings += hidden_warnings(
            name,
            raw.sheet,
            raw.hidden_rows,
            raw.hidden_columns,
            pool.row_of,
            rows[header_index],
            header_index + 1,
        )
    apply.apply_geography(pool, geography)
    return checks.with_needs(pool, needs)


# ---------------------------------------------------------------------------- validation


def _number(text: str) -> Decimal | None:
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    # a finite decimal whose float is infinite (1e400) is no number a model can use
    return value if value.is_finite() and abs(value) < Decimal("1e300") else None


def _build_pool(
    rows: list[list[str]],
    header_index: int,
    source: str,
    sha: str,
    columns: Mapping[str, ColumnSpec],
    needs: Needs,
) -> Pool:
    read = match_headings(
        [str(c) for c in rows[header_index]], needs.wanted, columns, source, header_index + 1
    )
    header = read.names
    problems: list[Problem] = list(read.problems)
    seen: dict[str, int] = {}
    for position, column in enumerate(header):
        if column and column in seen:
            problems.append(
                Problem(
                    f"the column '{column}' appears twice",
                    file=source,
                    row=header_index + 1,
                    column=column,
                    fix="rename or delete one of the two columns",
                )
            )
        seen.setdefault(column, position)
    missing = [c for c in REQUIRED if c not in seen]
    for column in missing:
        near = suggest(column, [c for c in seen if c])
        fix = f"rename column '{near}' to '{column}'" if near else f"add a '{column}' column"
        problems.append(
            Problem(
                f"required column '{column}' is missing",
                fix=fix,
                file=source,
                row=header_index + 1,
                column=column,
            )
        )
    if problems:
        raise NominationsError(f"{source}: the header row has problems", problems)

    keep = {c: p for c, p in seen.items() if c}
    records: list[dict[str, str]] = []
    row_numbers: list[int] = []
    for offset, row in enumerate(rows[header_index + 1 :], start=header_index + 2):
        cells = {c: (row[p].strip() if p < len(row) else "") for c, p in keep.items()}
        if not any(cells.values()):
            continue
        records.append(cells)
        row_numbers.append(offset)
    unheaded = _unheaded(rows, header_index, source)
    if not records:
        raise NominationsError(
            f"{source}: no nominations below the header row",
            [
                Problem(
                    "the table has a header but no data rows",
                    fix="add one row per nomination",
                    file=source,
                )
            ],
        )

    listed = separators.list_columns(keep, columns, needs.lists)
    split_warnings = separators.split_lists(records, row_numbers, listed, columns, source)
    split_warnings += checks.blank_objective(records, row_numbers, needs.objective, source)
    first_row: dict[str, int] = {}
    vocabularies = apply.vocabularies(keep, columns)
    unknown: apply.Unknown = {}
    for cells, number in zip(records, row_numbers, strict=True):
        problems.extend(_check_row(cells, number, source, first_row))
        apply.read_values(cells, number, vocabularies, unknown)
    if problems:
        raise NominationsError(f"{source}: {len(problems)} problem(s) in the nominations", problems)

    derived = [c for c in reference.DERIVED_COLUMNS if c not in keep and "country" in keep]
    table = pd.DataFrame(records, columns=list(keep) + derived)
    if "name" not in table.columns:  # no names: the id stands in for the name
        table["name"] = table["id"]
    defaulted = [c for c in _DEFAULTS if c not in table.columns]
    for column in defaulted:  # only what rules rely on; nothing made up
        table[column] = _DEFAULTS[column]
    for column in NUMERIC:
        table[column] = [float(_number(without_spaces(v)) or 0) for v in table[column]]
    for column, values in dates.date_columns(records, list(keep)).items():
        table[column] = pd.Series(values, index=table.index, dtype=object)
    table = table.set_index("id", drop=False)
    table.index.name = "id"
    table = table.drop(columns="id")
    row_of = dict(zip(table.index, row_numbers, strict=True))
    suspects = duplicates.find_duplicates(
        table, row_of, source, duplicates.COLUMN in needs.columns, read.heading_of, needs.person
    )
    return Pool(
        table=table,
        source=source,
        sha256=sha,
        row_of=row_of,
        warnings=read.warnings
        + split_warnings
        + apply.unknown_value_warnings(unknown, vocabularies, source)
        + suspects
        + unheaded,
        headings=read.heading_of,
        defaulted=tuple(defaulted),
        declared={c: v.values for c, v in vocabularies.items() if v.declared},
        aliases={c: v.spellings for c, v in vocabularies.items()},
    )


def _unheaded(rows: list[list[str]], header_index: int, source: str) -> list[Problem]:
    """A warning for each column with values below an empty heading: they are not read."""
    from openpyxl.utils import get_column_letter

    heading = rows[header_index]
    width = max((len(r) for r in rows[header_index + 1 :]), default=0)
    warnings = []
    for position in range(width):
        if position < len(heading) and str(heading[position]).strip():
            continue
        filled = [
            number
            for number, row in enumerate(rows[header_index + 1 :], start=header_index + 2)
            if position < len(row) and str(row[position]).strip()
        ]
        if filled:
            letter = get_column_letter(position + 1)
            warnings.append(
                Problem(
                    f"column {letter} has no heading, but {len(filled)} row(s) hold values in it "
                    f"({apply.rows_text(filled)}): they are not read",
                    fix=f"give column {letter} a heading (it is then kept and usable in rules), "
                    "or delete those values",
                    file=source,
                    row=filled[0],
                )
            )
    return warnings


def _check_row(
    cells: dict[str, str], row: int, source: str, first_row: dict[str, int]
) -> list[Problem]:
    """Validate and normalise one row in place; return its problems."""
    problems: list[Problem] = []

    def bad(column: str, message: str, fix: str) -> None:
        problems.append(Problem(message, fix=fix, file=source, row=row, column=column))

    for column in REQUIRED + FILLED_WHEN_PRESENT:
        if column in cells and not cells[column]:
            bad(column, f"'{column}' is empty", f"fill in the {column.replace('_', ' ')}")
    ident = cells.get("id", "")
    if ident:
        if ident in first_row:
            bad(
                "id",
                f"id '{ident}' is used twice (also row {first_row[ident]})",
                "give each nomination its own id",
            )
        else:
            first_row[ident] = row
    derived: set[str] = set()  # filled from the reference data, already in its spelling
    country = cells.get("country", "")
    if country:
        iso3 = reference.resolve_country(country)
        if iso3 is None:
            near = reference.nearest_country(country)
            bad(
                "country",
                f"unknown country '{country}'",
                f"did you mean {near}? Use an ISO code or the UN name"
                if near
                else "use an ISO alpha-3 code (e.g. KEN) or the UN English name",
            )
        else:
            cells["country"] = iso3
            for column, value in reference.derived_values(iso3).items():
                if not cells.get(column):
                    cells[column] = value
                    derived.add(column)
    for column in YES_NO_COLUMNS:
        if column in cells and column not in derived:
            flag = vocabulary.canonical("yes_no", cells[column])
            if flag is None:
                bad(column, f"'{cells[column]}' is not yes or no", "write yes or no")
            else:
                cells[column] = flag
    for column in NUMERIC:
        text = cells.get(column, "")
        if not text:
            continue
        number = _number(without_spaces(text))
        if number is None:
            bad(column, *number_problem(text, column))
        elif number < 0:
            bad(column, f"{column} {text} is negative", f"write a {column} of 0 or more")
    for column in MULTI_VALUED:
        if column in cells:
            cells[column] = "; ".join(vocabulary.split_multi(cells[column]))
    return problems


__all__ = [
    "HEADER_SCAN_ROWS",
    "KNOWN",
    "MULTI_VALUED",
    "NUMERIC",
    "OPTIONAL",
    "REQUIRED",
    "YES_NO_COLUMNS",
    "NominationsLike",
    "Pool",
    "load_nominations",
    "normalise_column",
]
