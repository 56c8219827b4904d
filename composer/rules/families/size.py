"""``[size]`` as rows: ``size >= min`` and ``size <= max``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import model_validator

from composer.rules.bounds import Bound
from composer.rules.families.spec import Blocked, FamilySpec, count_loosened, count_move
from composer.rules.rows import Row, RowSpace, RuleRows
from composer.rules.rule_tables import (
    Count,
    StrictTable,
)
from composer.rules.wording import seats

if TYPE_CHECKING:
    from composer.rules.scenario import Scenario


class SizeRule(StrictTable):
    """The number of members: a range (``min``, ``max``) or an exact size (``min == max``)."""

    min: Count | None = None
    max: Count | None = None
    name: str | None = None

    @model_validator(mode="after")
    def _ordered(self) -> SizeRule:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"size min {self.min} is above size max {self.max}")
        return self


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


def size_blocks(bound: Bound, nominee: str, roster: Blocked) -> tuple[str, list[str]]:
    """'the roster is full (40 of 40 seats)'."""
    return f"the roster is full ({len(roster.selected)} of {bound.amount} seats)", []


SIZE = FamilySpec(
    "size",
    "Size",
    size_phrase,
    size_label,
    count_move,
    count_loosened,
    size_rows,
    blocks=size_blocks,
)


def size_atoms(scenario: Scenario) -> list[Bound]:
    """``size >= min`` and ``size <= max`` (named after the rule when it has a name)."""
    size, bounds = scenario.size, []
    if size.min is not None:
        bounds.append(Bound(size.name or f"size >= {size.min}", "size", 0, "min", amount=size.min))
    if size.max is not None:
        bounds.append(Bound(size.name or f"size <= {size.max}", "size", 0, "max", amount=size.max))
    if size.name and size.min is not None and size.max is not None:
        bounds[-2:] = [
            Bound(f"{size.name} (size >= {size.min})", "size", 0, "min", amount=size.min),
            Bound(f"{size.name} (size <= {size.max})", "size", 0, "max", amount=size.max),
        ]
    return bounds
