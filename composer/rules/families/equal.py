"""``[[equal]]`` as rows: ``count(u) - count(v) <= spread`` for every ordered pair of the
listed values (counts shared with the quotas on the same values)."""

from __future__ import annotations

from itertools import permutations

from composer.rules.bounds import Bound
from composer.rules.rows import Row, RowSpace, RuleRows


def equal_rows(bound: Bound, space: RowSpace) -> RuleRows:
    """One row per ordered pair; one unit of slack widens the spread by one seat."""
    column, spread = str(bound.column), int(bound.amount)
    counts = {v: space.count(column, v, bound.where) for v in bound.values}
    rows = tuple(
        Row(((1, counts[u]), (-1, counts[v])), False, spread, f" [{u} - {v}]")
        for u, v in permutations(counts, 2)
    )
    most = len(space.count(None, None, bound.where).positions)
    return RuleRows(bound, rows, max(0, most - spread))
