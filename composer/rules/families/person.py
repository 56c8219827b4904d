"""``[person]`` as rows: at most one row of each person with several rows."""

from __future__ import annotations

from composer.rules.bounds import Bound
from composer.rules.persons import persons
from composer.rules.rows import Row, RowSpace, RuleRows


def person_rows(bound: Bound, space: RowSpace) -> RuleRows:
    """``count(person's rows) <= 1`` per person; one slack for every person, like a cap."""
    rows: list[Row] = []
    largest = 1
    for person, ids in sorted(persons(space.pool, str(bound.column)).items()):
        present = [p for p in (space.position(i) for i in ids) if p is not None]
        largest = max(largest, len(present))
        if len(present) > 1:
            rows.append(Row(((1, space.at(present)),), False, 1, f" [{person}]"))
    return RuleRows(bound, tuple(rows), largest - 1)
