"""``[[coverage]]`` as rows: at least ``min_each`` members holding each area."""

from __future__ import annotations

from composer.rules.bounds import Bound
from composer.rules.rows import Row, RowSpace, RuleRows


def coverage_rows(bound: Bound, space: RowSpace) -> RuleRows:
    """``count(holders of the area) >= min_each`` (an area listed twice counts once)."""
    holders = space.at(space.holders(str(bound.column), str(bound.value)))
    amount = int(bound.amount)
    return RuleRows(bound, (Row(((1, holders),), True, amount),), amount)
