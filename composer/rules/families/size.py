"""``[size]`` as rows: ``size >= min`` and ``size <= max``."""

from __future__ import annotations

from composer.rules.bounds import Bound
from composer.rules.rows import Row, RowSpace, RuleRows


def size_rows(bound: Bound, space: RowSpace) -> RuleRows:
    """One row on the shared count of all members; the slack is seats short or over."""
    amount, size = int(bound.amount), space.count()
    if bound.kind == "min":
        return RuleRows(bound, (Row(((1, size),), True, amount),), amount)
    return RuleRows(bound, (Row(((1, size),), False, amount),), max(0, space.selectable - amount))
