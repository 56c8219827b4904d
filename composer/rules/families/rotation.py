"""``[rotation]`` as rows: renewal shares ``q * new - p * size >= 0`` (or ``<=``), and nobody
past the term limit (``count(served >= limit) <= 0``)."""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from composer.rules.bounds import Bound
from composer.rules.rotation import new_members, terms_served
from composer.rules.rows import Row, RowSpace, RuleRows, Term


def rotation_rows(bound: Bound, space: RowSpace) -> RuleRows:
    """The renewal share or the term limit of ``[rotation]``."""
    column = str(bound.column)
    if bound.kind == "max_terms":
        out = np.flatnonzero(space.eligible & (terms_served(space.pool, column) >= bound.amount))
        rows = (Row(((1, space.at(out)),), False, 0),) if len(out) else ()
        return RuleRows(bound, rows, len(out))
    fresh = np.flatnonzero(space.eligible & new_members(space.pool, column))
    new = Term(fresh, f"new members ({column} = no)")
    p, q = Fraction(bound.amount).as_integer_ratio()
    row = Row(((q, new), (-p, space.count())), bound.kind == "min_share", 0, unit=q)
    return RuleRows(bound, (row,), space.selectable)
