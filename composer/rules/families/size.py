"""``[size]`` as rows: ``size >= min`` and ``size <= max``."""

from __future__ import annotations

from composer.rules.bounds import Bound
from composer.rules.families.spec import FamilySpec, count_loosened, count_move
from composer.rules.rows import Row, RowSpace, RuleRows
from composer.rules.wording import seats


def size_rows(bound: Bound, space: RowSpace) -> RuleRows:
    """One row on the shared count of all members; the slack is seats short or over."""
    amount, size = int(bound.amount), space.count()
    if bound.kind == "min":
        return RuleRows(bound, (Row(((1, size),), True, amount),), amount)
    return RuleRows(bound, (Row(((1, size),), False, amount),), max(0, space.selectable - amount))


def size_phrase(bound: Bound, among: str) -> str:
    """'at least 20 members in all'."""
    side = "at least" if bound.kind == "min" else "at most"
    return f"{side} {seats(int(bound.amount))} in all"


def size_label(bound: Bound, among: str) -> str:
    """'minimum size' or 'maximum size'."""
    return "minimum size" if bound.kind == "min" else "maximum size"


SIZE = FamilySpec("size", "Size", size_phrase, size_label, count_move, count_loosened, size_rows)
