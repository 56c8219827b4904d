"""``[[cap]]`` as rows: at most ``max_each`` members per value, one row per value that could
break it (a value with no more nominees than the cap needs none)."""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from composer.rules.bounds import Bound
from composer.rules.rows import Row, RowSpace, RuleRows


def cap_rows(bound: Bound, space: RowSpace) -> RuleRows:
    """``count(value) <= max_each`` per value among those matching ``where``."""
    values = space.pool.text(str(bound.column))
    groups: dict[str, list[int]] = defaultdict(list)
    for position in np.flatnonzero(space.mask(None, None, bound.where)):
        groups[str(values[position])].append(int(position))
    amount = int(bound.amount)
    rows = tuple(
        Row(((1, space.at(groups[value])),), False, amount, f" [{value}]")
        for value in sorted(groups)
        if len(groups[value]) > amount
    )
    largest = max((len(g) for g in groups.values()), default=0)
    return RuleRows(bound, rows, max(0, largest - amount))
