"""``[[together]]`` and ``[[apart]]`` as rows.

Together: ``x[a] - x[b] <= 0`` both ways for each neighbouring pair (all of the group or none);
when one of the group cannot be selected, the others are held out.  Apart: at most one of
the group.
"""

from __future__ import annotations

from itertools import pairwise

from composer.rules.bounds import Bound
from composer.rules.rows import Row, RowSpace, RuleRows


def together_rows(bound: Bound, space: RowSpace) -> RuleRows:
    """All of the group or none of it; one unit of slack drops the rule."""
    found = {i: space.position(i) for i in bound.ids}
    present = {i: p for i, p in found.items() if p is not None}
    if len(present) < len(found):  # someone cannot be selected: nobody can
        rows = tuple(
            Row(((1, space.at([p])),), False, 0, f" [{i} out]") for i, p in present.items()
        )
        return RuleRows(bound, rows, 1)
    pairs: list[Row] = []
    for (a, pa), (b, pb) in pairwise(present.items()):
        one, other = space.at([pa]), space.at([pb])
        pairs.append(Row(((1, one), (-1, other)), False, 0, f" [{a}={b}]"))
        pairs.append(Row(((1, other), (-1, one)), False, 0, f" [{b}={a}]"))
    return RuleRows(bound, tuple(pairs), 1)


def apart_rows(bound: Bound, space: RowSpace) -> RuleRows:
    """``count(group) <= 1``; slack lets one more of the group in per unit."""
    present = [p for p in (space.position(i) for i in bound.ids) if p is not None]
    rows = (Row(((1, space.at(present)),), False, 1),) if len(present) > 1 else ()
    return RuleRows(bound, rows, max(0, len(present) - 1))
