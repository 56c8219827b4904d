"""``[rotation]`` as rows: renewal shares ``q * new - p * size >= 0`` (or ``<=``), and nobody
past the term limit (``count(served >= limit) <= 0``)."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np
from pydantic import model_validator

from composer.rules.bounds import Bound, where_suffix
from composer.rules.families.spec import (
    FamilySpec,
    Move,
    Witness,
    share_loosened,
    share_move,
    with_among,
)
from composer.rules.rotation import new_members, terms_served
from composer.rules.rows import Row, RowSpace, RuleRows, Term, count_label
from composer.rules.rule_tables import (
    Share,
    StrictTable,
    Weight,
    WhereTable,
)
from composer.rules.shares import format_share, parse_share
from composer.rules.where import where_items

if TYPE_CHECKING:
    from composer.rules.scenario import Scenario


class RotationRule(StrictTable):
    """Renewal of a standing body: the share of seats for new members, and term limits.

    A nominee is new when the ``incumbent`` column reads no (or is empty); ``terms_column``
    holds the consecutive terms served up to now.  Members who have served
    ``max_consecutive_terms`` consecutive terms are not eligible.  With ``where``, both count
    only the nominees it selects (a term limit for some posts only; new members among them).
    """

    incumbent: str = "incumbent"
    renew_min_share: Share | None = None
    renew_max_share: Share | None = None
    terms_column: str = "terms"
    max_consecutive_terms: Weight | None = None
    where: WhereTable = {}
    name: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> RotationRule:
        low, high = self.renew_min_share, self.renew_max_share
        if low is None and high is None and self.max_consecutive_terms is None:
            raise ValueError(
                "a rotation rule needs renew_min_share, renew_max_share or max_consecutive_terms"
            )
        if low is not None and high is not None and parse_share(low) > parse_share(high):
            raise ValueError(f"renew_min_share {low} is above renew_max_share {high}")
        return self


def rotation_rows(bound: Bound, space: RowSpace) -> RuleRows:
    """The renewal share or the term limit of ``[rotation]``."""
    column = str(bound.column)
    counted = space.mask(None, None, bound.where)  # everyone, or those ``where`` selects
    if bound.kind == "max_terms":
        out = np.flatnonzero(counted & (terms_served(space.pool, column) >= bound.amount))
        rows = (Row(((1, space.at(out)),), False, 0),) if len(out) else ()
        return RuleRows(bound, rows, len(out))
    fresh = np.flatnonzero(counted & new_members(space.pool, column))
    label = count_label(None, None, bound.where)
    new = Term(fresh, f"new members ({column} = no)" + ("" if label == "size" else f", {label}"))
    p, q = Fraction(bound.amount).as_integer_ratio()
    row = Row(
        ((q, new), (-p, space.count(None, None, bound.where))), bound.kind == "min_share", 0, unit=q
    )
    return RuleRows(bound, (row,), int(counted.sum()))


def rotation_phrase(bound: Bound, among: str) -> str:
    """'at least 1/3 new members (not sitting members)', the term limit."""
    if bound.kind == "max_terms":
        text = f"nobody who has served {bound.amount} or more consecutive terms"
        return f"{text}, among {among}" if among else text
    side = "at least" if bound.kind == "min_share" else "at most"
    text = f"{side} {format_share(Fraction(bound.amount))} new members (not sitting members)"
    return f"among {among}, {text}" if among else text


def rotation_label(bound: Bound, among: str) -> str:
    """'new members share minimum', 'term limit'."""
    text = {
        "min_share": "new members share minimum",
        "max_share": "new members share maximum",
    }.get(bound.kind, "term limit")
    return with_among(text, among)


def rotation_move(bound: Bound, seats: int, witness: Witness, label: str) -> Move:
    """Members past the term limit let stay, or the renewal share moved."""
    if bound.kind != "max_terms":
        return share_move(bound, seats, witness, label)
    advice = f"let {seats} member(s) who have served {bound.amount} or more consecutive terms stay"
    return Move(seats, "0", str(seats), advice)


def rotation_loosened(bound: Bound, unit: float) -> str:
    """One member past the term limit, or one seat past the renewal share."""
    if bound.kind == "max_terms":
        return "1 member past the term limit allowed"
    return share_loosened(bound, unit)


ROTATION = FamilySpec(
    "rotation",
    "Rotation",
    rotation_phrase,
    rotation_label,
    rotation_move,
    rotation_loosened,
    rotation_rows,
)


def rotation_atoms(scenario: Scenario) -> list[Bound]:
    """``new members >= share`` / ``<= share`` (new: incumbent column is no) and the term
    limit."""
    rotation = scenario.rotation
    if rotation is None:
        return []
    atoms: list[tuple[str, str | None, str | None, Any, str]] = []
    for kind, share, op in (
        ("min_share", rotation.renew_min_share, ">="),
        ("max_share", rotation.renew_max_share, "<="),
    ):
        if share is not None:
            amount = parse_share(share)
            text = f"new members {op} {format_share(amount)}"
            atoms.append((kind, rotation.incumbent, "no", amount, text))
    if rotation.max_consecutive_terms is not None:
        limit = rotation.max_consecutive_terms
        text = f"not eligible after {limit} consecutive terms"
        atoms.append(("max_terms", rotation.terms_column, None, limit, text))
    where = where_items(rotation.where)
    bounds = []
    for kind, column, value, amount, text in atoms:
        if rotation.name:
            name = rotation.name if len(atoms) == 1 else f"{rotation.name} ({text})"
        else:
            name = f"rotation{where_suffix(where)}: {text}"
        bounds.append(Bound(name, "rotation", 0, kind, column, value, amount, where))
    return bounds
