"""``[[equal]]`` as rows: ``count(u) - count(v) <= spread`` for every ordered pair of the
listed values (counts shared with the quotas on the same values)."""

from __future__ import annotations

from itertools import permutations
from typing import TYPE_CHECKING

from pydantic import Field, model_validator

from composer.rules.bounds import UNION, Bound, where_suffix
from composer.rules.families.spec import Blocked, FamilySpec, Move, Witness, with_among
from composer.rules.rows import Row, RowSpace, RuleRows
from composer.rules.rule_tables import (
    Count,
    StrictTable,
    Weight,
    WhereTable,
)
from composer.rules.where import where_items
from composer.rules.wording import PLAIN_COLUMNS, column_words, join_words, label_any, value_words

if TYPE_CHECKING:
    from composer.rules.scenario import Scenario


class EqualRule(StrictTable):
    """The counts of the listed values of ``column`` differ by at most ``spread`` (shared
    equally: "the remaining seats shared equally across civil society, business and the
    technical community")."""

    column: str
    values: list[str] = Field(min_length=2)
    spread: Count = 1
    where: WhereTable = {}
    soft: bool = False
    weight: Weight = 1
    name: str | None = None

    @model_validator(mode="after")
    def _distinct_values(self) -> EqualRule:
        twice = sorted({v for v in self.values if self.values.count(v) > 1})
        if twice:
            raise ValueError(f"values lists '{twice[0]}' twice; list each value once")
        return self


def equal_rows(bound: Bound, space: RowSpace) -> RuleRows:
    """One row per ordered pair; one unit of slack widens the spread by one seat."""
    column, spread = str(bound.column), int(bound.amount)
    counts = {v: space.count(column, v, bound.where) for v in bound.values}
    rows = tuple(
        Row(((1, counts[u]), (-1, counts[v])), False, spread, f" [{u} - {v}]")
        for u, v in permutations(counts, 2)
    )
    most = len(space.count(None, None, bound.where).positions)
    return RuleRows(bound, rows, max(0, most - spread))


def equal_phrase(bound: Bound, among: str) -> str:
    """'equal numbers of women and men (differing by at most 1)'."""
    column, amount = str(bound.column), bound.amount
    who = join_words((label_any(column, (v,)) for v in bound.values), "and")
    base = (
        f"equal numbers of {who} members" if column in PLAIN_COLUMNS else f"equal numbers of {who}"
    )
    if amount:
        base += f" (differing by at most {amount})"
    return with_among(base, among)


def equal_label(bound: Bound, among: str) -> str:
    """'equal gender counts'."""
    return with_among(f"equal {column_words(str(bound.column))} counts", among)


def equal_move(bound: Bound, seats: int, witness: Witness, label: str) -> Move:
    """'let the equal gender counts differ by 2 instead of 1'."""
    allowed = int(bound.amount) + seats
    advice = f"let the {label} differ by {allowed} instead of {bound.amount}"
    return Move(seats, str(bound.amount), str(allowed), advice)


def equal_loosened(bound: Bound, unit: float) -> str:
    """'counts may differ by 2 instead of 1'."""
    return f"counts may differ by {int(bound.amount) + 1} instead of {bound.amount}"


def equal_blocks(bound: Bound, nominee: str, roster: Blocked) -> tuple[str, list[str]]:
    """'would take the counts of women and men more than 1 apart'."""
    values = join_words(value_words(str(bound.column), v) for v in bound.values)
    return f"would take the counts of {values} more than {bound.amount} apart", []


EQUAL = FamilySpec(
    "equal",
    "Equal counts",
    equal_phrase,
    equal_label,
    equal_move,
    equal_loosened,
    equal_rows,
    True,
    blocks=equal_blocks,
)


def equal_atoms(scenario: Scenario) -> list[Bound]:
    """``equal stakeholder_group: a|b|c within 1``: one atom per ``[[equal]]`` rule."""
    bounds = []
    for index, rule in enumerate(scenario.equal):
        where = where_items(rule.where)
        values = tuple(rule.values)
        joined = UNION.join(values)
        text = f"equal {rule.column}{where_suffix(where)}: {joined} within {rule.spread}"
        bounds.append(
            Bound(
                rule.name or text,
                "equal",
                index,
                "spread",
                rule.column,
                joined,
                rule.spread,
                where,
                rule.soft,
                rule.weight,
                values,
            )
        )
    return bounds
