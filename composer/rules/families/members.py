"""``[members]`` include / exclude as rows: ``x[id] >= 1`` or ``x[id] <= 0``."""

from __future__ import annotations

from composer.rules.bounds import Bound
from composer.rules.rows import Row, RowSpace, RuleRows


def member_rows(bound: Bound, space: RowSpace) -> RuleRows:
    """One row on the named nominee (none when the nominee cannot be selected anyway)."""
    position = space.position(str(bound.value))
    if position is None:  # not selectable: only 'exclude' can name such a nominee
        return RuleRows(bound, (), 1)
    include = bound.kind == "include"
    return RuleRows(bound, (Row(((1, space.at([position])),), include, int(include)),), 1)
