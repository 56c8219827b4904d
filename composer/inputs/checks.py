"""Check a loaded pool against what the scenario names: its rules' columns and its objective.

* A column a rule (or an objective named in the scenario) uses that the file does not have is
  an error (exit 2) naming the closest headings: a built-in default (score 0, gender
  undisclosed) must never stand in for a column the user meant to give.
* An objective column that is the same for every nominee (all 0, or empty) is a warning:
  the score then tells no nominee apart and the tie-break alone decides the roster.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from composer.errors import Problem, ScenarioError, suggest
from composer.inputs import duplicates
from composer.inputs.apply import rows_text
from composer.inputs.headings import closest_headings
from composer.inputs.needs import Needs

if TYPE_CHECKING:
    from composer.inputs.nominations import Pool


def _present(pool: Pool, column: str) -> bool:
    return column == "id" or (column in pool.table.columns and column not in pool.defaulted)


def _missing(pool: Pool, needs: Needs) -> list[Problem]:
    named = dict(needs.columns)
    if needs.objective and needs.objective_named:
        named.setdefault(needs.objective, "objective.maximise")
    problems = []
    headings = list(pool.headings.values())
    derived = [c for c in pool.table.columns if _present(pool, c) and c not in pool.headings]
    for column, key in named.items():
        if _present(pool, column):
            continue
        parts = []
        near_column = suggest(column, derived)
        if near_column is not None:
            parts.append(f"if you mean the column '{near_column}', write that name in the scenario")
        near = closest_headings(column, headings)
        if near:
            parts.append(
                f"closest headings: {near}; if one of them is the {column}, map it with "
                f'[columns.{column}] heading = "..."'
            )
        add = f"add a '{column}' column to the nominations"
        fix = "; ".join([*parts, f"or {add}"]) if parts else add
        problems.append(
            Problem(
                f"the scenario's {key} names the column '{column}', but {pool.source} has no "
                "such heading",
                fix=fix,
                file=pool.source,
                key=key,
                column=column,
            )
        )
    return problems


def blank_objective(
    records: list[dict[str, str]], rows: list[int], column: str | None, source: str
) -> list[Problem]:
    """A warning when some (not all) cells of the objective column are empty: they count 0."""
    if not column or not records or column not in records[0]:
        return []
    blank = [r for r, rec in zip(rows, records, strict=True) if not rec[column].strip()]
    if not blank or len(blank) == len(records):
        return []
    return [
        Problem(
            f"the objective column '{column}' is empty in {len(blank)} of {len(records)} rows "
            f"({rows_text(blank)}): those nominees count 0",
            fix=f"fill in their {column}, or write 0 where 0 is meant",
            file=source,
            row=blank[0],
            column=column,
        )
    ]


def _number(value: object) -> Decimal | str:
    try:
        return Decimal(str(value).strip() or "0")
    except InvalidOperation:
        return str(value)


def _shown(value: Decimal | str) -> str:
    return f"{value.normalize():f}" if isinstance(value, Decimal) else f"'{value}'"


def objective_warning(pool: Pool, needs: Needs) -> Problem | None:
    """A warning when the objective column holds one value for every nominee."""
    column = needs.objective
    if not column or column not in pool.table.columns or len(pool) < 2:
        return None
    values = {_number(v) for v in pool.table[column]}
    if len(values) != 1:
        return None
    (value,) = values
    held = (
        "absent from the file (every nominee counts 0)"
        if column in pool.defaulted
        else f"{_shown(value)} for every nominee"
    )
    return Problem(
        f"the objective column '{column}' is {held}: it tells no nominee apart, so the "
        "tie-break alone decides which of the rosters that keep the rules is returned",
        fix=f"fill in the {column} column, map the file's heading for it "
        f'([columns.{column}] heading = "..."), or maximise another column in [objective]',
        file=pool.source,
        column=column,
    )


def with_needs(pool: Pool, needs: Needs | None) -> Pool:
    """``pool`` checked against ``needs``; with an objective warning, a copy that carries it."""
    if needs is None:
        return pool
    if duplicates.COLUMN in needs.columns and duplicates.COLUMN not in pool.table.columns:
        duplicates.find_duplicates(pool.table, pool.row_of, pool.source, True, pool.headings)
    problems = _missing(pool, needs)
    if problems:
        raise ScenarioError(
            f"{pool.source}: the scenario names {len(problems)} column(s) the nominations "
            "do not have",
            problems,
        )
    warning = objective_warning(pool, needs)
    if warning is None or warning in pool.warnings:
        return pool
    return dataclasses.replace(pool, warnings=[*pool.warnings, warning])
