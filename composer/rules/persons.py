"""One person on several rows: a person column, so that a person fills at most one seat.

A nominee may appear on several rows: candidacies for several seats or by several nominating
bodies, a dual citizen nominated under each citizenship.  ``[person] column = "person_id"``
names the column that says who is who: rows with the same (non-empty) value are one person,
and at most one of them is selected.  A row with an empty value is a person of its own.

Some attributes may legitimately differ between a person's rows (the country of a dual
citizen, the nominating body); those listed in ``same`` (by default ``gender``) must not:
a person whose rows disagree on them is an error (exit 2) naming the rows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict

from composer.rules.bounds import Bound

if TYPE_CHECKING:
    from composer.inputs.nominations import Pool
    from composer.rules.scenario import Scenario

#: The columns a person's rows must agree on unless ``same`` says otherwise (when present).
DEFAULT_SAME = ("gender",)
#: How many persons an error lists before "and N more".
_LISTED = 5


class PersonRule(BaseModel):
    """Rows with the same value of ``column`` are one person: at most one of them is selected."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    column: str
    same: list[str] | None = None
    name: str | None = None


def same_columns(rule: PersonRule, pool: Pool) -> list[str]:
    """The columns a person's rows must agree on: ``same``, or the defaults the pool has."""
    if rule.same is not None:
        return list(rule.same)
    return [c for c in DEFAULT_SAME if pool.has_column(c)]


def person_of(text: str) -> str:
    """The person a cell names ('' when the row is a person of its own)."""
    return str(text).strip()


def persons(pool: Pool, column: str) -> dict[str, list[str]]:
    """Persons with two rows or more: person -> their ids, in the order of the file."""
    rows: dict[str, list[str]] = {}
    for ident, text in zip(pool.ids, pool.text(column), strict=True):
        person = person_of(text)
        if person:
            rows.setdefault(person, []).append(ident)
    return {p: ids for p, ids in rows.items() if len(ids) > 1}


def person_bounds(scenario: Scenario) -> list[Bound]:
    """The one atom of a ``[person]`` table."""
    rule = scenario.person
    if rule is None:
        return []
    name = rule.name or f"one row per {rule.column}"
    return [Bound(name, "person", 0, "one_row", rule.column, None, 1)]


def shared_rows(pool: Pool, scenario: Scenario) -> set[str]:
    """Ids of rows that share their person with another row (never swapped by dominance)."""
    if scenario.person is None or not pool.has_column(scenario.person.column):
        return set()
    return {i for ids in persons(pool, scenario.person.column).values() for i in ids}


def disagreements(pool: Pool, rule: PersonRule) -> list[tuple[str, str, str]]:
    """(key, message, fix) for every ``same`` column a person's rows disagree on."""
    found = []
    groups = persons(pool, rule.column)
    for column in same_columns(rule, pool):
        values = dict(zip(pool.ids, pool.text(column), strict=True))
        bad = []
        for person, ids in groups.items():
            if len({values[i] for i in ids}) > 1:
                cells = ", ".join(f"row {pool.row_of.get(i, '?')} '{values[i]}'" for i in ids)
                bad.append(f"{person} ({cells})")
        if bad:
            more = len(bad) - _LISTED
            shown = "; ".join(bad[:_LISTED]) + (f"; and {more} more" if more > 0 else "")
            found.append(
                (
                    "person.same",
                    f"{len(bad)} person(s) have rows that disagree on '{column}': {shown}",
                    f"correct those rows so each person has one {column}; if they are different "
                    f"people, give them different '{rule.column}' values; if '{column}' may "
                    f"differ between a person's rows, leave it out of person.same",
                )
            )
    return found
