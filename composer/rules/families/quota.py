"""``[[quota]]`` as rows: seats, or shares of the counted members, for one value (or a union).

A share is exact in integers: ``count(value) >= p/q * count(counted)`` is the row
``q * count(value) - p * count(counted) >= 0``, where the counted members are the whole roster
or those matching ``where``; one unit of slack is one seat (``q`` on the row).
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Any

from pydantic import model_validator

from composer.rules.bounds import Bound, union_values, where_suffix
from composer.rules.families.spec import (
    Blocked,
    FamilySpec,
    Move,
    Witness,
    blocked_words,
    count_loosened,
    count_move,
    share_loosened,
    share_move,
    with_among,
)
from composer.rules.rows import Row, RowSpace, RuleRows
from composer.rules.rule_tables import (
    Count,
    Share,
    StrictTable,
    Weight,
    WhereTable,
)
from composer.rules.shares import format_share, parse_share
from composer.rules.where import where_items
from composer.rules.wording import label_any, members_with_any

if TYPE_CHECKING:
    from composer.rules.scenario import Scenario


class QuotaRule(StrictTable):
    """Seats by value of a column: counts (``min``, ``max``) and shares (``min_share``, ...)."""

    column: str
    min: dict[str, Count] = {}
    max: dict[str, Count] = {}
    min_share: dict[str, Share] = {}
    max_share: dict[str, Share] = {}
    where: WhereTable = {}
    soft: bool = False
    weight: Weight = 1
    name: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> QuotaRule:
        if not (self.min or self.max or self.min_share or self.max_share):
            raise ValueError("a quota needs at least one of min, max, min_share, max_share")
        for value, low in self.min.items():
            high = self.max.get(value)
            if high is not None and low > high:
                raise ValueError(f"min {low} for '{value}' is above max {high}")
        for value, low_share in self.min_share.items():
            high_share = self.max_share.get(value)
            if high_share is not None and parse_share(low_share) > parse_share(high_share):
                raise ValueError(
                    f"min_share {low_share} for '{value}' is above max_share {high_share}"
                )
        return self


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


def quota_phrase(bound: Bound, among: str) -> str:
    """'at least 4 African members', 'among government members, at least 50% women'."""
    kind, amount = bound.kind, bound.amount
    who = members_with_any(str(bound.column), bound.values)
    if bound.is_share:
        share = format_share(Fraction(amount))
        side = "at least" if kind == "min_share" else "at most"
        if among:  # "among government members, at least 50% from developing countries"
            return f"among {among}, {side} {share} {who.removeprefix('members ')}"
        return f"{side} {share} {who}"
    if kind == "max" and amount == 0:
        base = f"no {who}"
    else:
        base = f"{'at least' if kind == 'min' else 'at most'} {amount} {who}"
    return with_among(base, among)


_NOUNS = {
    "min": "minimum",
    "max": "maximum",
    "min_share": "share minimum",
    "max_share": "share maximum",
}


def quota_label(bound: Bound, among: str) -> str:
    """'African minimum', 'women share minimum among government members'."""
    who = label_any(str(bound.column), bound.values)
    return with_among(f"{who} {_NOUNS[bound.kind]}", among)


def quota_move(bound: Bound, seats: int, witness: Witness, label: str) -> Move:
    """A quota lowered (or raised) by seats, or its share to what the witness reaches."""
    return (share_move if bound.is_share else count_move)(bound, seats, witness, label)


def quota_loosened(bound: Bound, unit: float) -> str:
    """One seat more or less, or one seat past the share."""
    return (share_loosened if bound.is_share else count_loosened)(bound, unit)


def quota_blocks(bound: Bound, nominee: str, roster: Blocked) -> tuple[str, list[str]]:
    """'would exceed the African maximum of 6', a share moved past its bound, or a miss."""
    if bound.kind == "max":
        return f"would exceed the {roster.label} of {bound.amount}", []
    if bound.is_share:
        return blocked_words(bound, nominee, roster)
    return f"would miss '{roster.label}'", []


QUOTA = FamilySpec(
    "quota",
    "Quota",
    quota_phrase,
    quota_label,
    quota_move,
    quota_loosened,
    quota_rows,
    True,
    blocks=quota_blocks,
)


def quota_atoms(scenario: Scenario) -> list[Bound]:
    """One atom per value (or union of values) and bound of every ``[[quota]]``."""
    bounds = []
    for index, quota in enumerate(scenario.quota):
        where = where_items(quota.where)
        prefix = f"quota {quota.column}{where_suffix(where)}"
        atoms: list[tuple[str, str, Any, str]] = []
        for kind, table, op in (("min", quota.min, ">="), ("max", quota.max, "<=")):
            atoms += [(kind, v, n, f"{v} {op} {n}") for v, n in table.items()]
        for kind, shares, op in (
            ("min_share", quota.min_share, ">="),
            ("max_share", quota.max_share, "<="),
        ):
            for v, s in shares.items():
                share = parse_share(s)
                atoms.append((kind, v, share, f"{v} {op} {format_share(share)}"))
        for kind, value, amount, text in atoms:
            if quota.name:
                name = quota.name if len(atoms) == 1 else f"{quota.name} ({text})"
            else:
                name = f"{prefix}: {text}"
            parts = union_values(value)
            bounds.append(
                Bound(
                    name,
                    "quota",
                    index,
                    kind,
                    quota.column,
                    "|".join(parts),
                    amount,
                    where,
                    quota.soft,
                    quota.weight,
                    parts if len(parts) > 1 else (),
                )
            )
    return bounds
