"""``[[quota]]`` as rows: seats, or shares of the counted members, for one value (or a union).

A share is exact in integers: ``count(value) >= p/q * count(counted)`` is the row
``q * count(value) - p * count(counted) >= 0``, where the counted members are the whole roster
or those matching ``where``; one unit of slack is one seat (``q`` on the row).
"""

from __future__ import annotations

from fractions import Fraction

from composer.rules.bounds import Bound
from composer.rules.rows import Row, RowSpace, RuleRows


def quota_rows(bound: Bound, space: RowSpace) -> RuleRows:
    """One row per quota atom, over shared counts (quotas on one value share them)."""
    have = space.count(str(bound.column), bound.values, bound.where)
    if bound.is_share:
        p, q = Fraction(bound.amount).as_integer_ratio()
        counted = space.count(None, None, bound.where)
        row = Row(((q, have), (-p, counted)), bound.is_lower, 0, unit=q)
        return RuleRows(bound, (row,), len(counted.positions))
    amount = int(bound.amount)
    limit = amount if bound.is_lower else len(have.positions) - amount
    return RuleRows(bound, (Row(((1, have),), bound.is_lower, amount),), max(0, limit))
