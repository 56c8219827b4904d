"""``[[cap]]`` as rows: at most ``max_each`` members per value, one row per value that could
break it (a value with no more nominees than the cap needs none)."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

import numpy as np

from composer.rules.bounds import Bound, where_suffix
from composer.rules.families.spec import (
    Blocked,
    FamilySpec,
    Move,
    Witness,
    value_partition,
    with_among,
)
from composer.rules.rows import Row, RowSpace, RuleRows
from composer.rules.rule_tables import (
    Count,
    StrictTable,
    WhereTable,
)
from composer.rules.where import matches, where_items
from composer.rules.wording import column_words, join_words, seats, value_words, where_words

if TYPE_CHECKING:
    from composer.rules.scenario import Scenario


class CapRule(StrictTable):
    """At most ``max_each`` members share any one value of ``column`` (e.g. one per country)."""

    column: str
    max_each: Count
    where: WhereTable = {}
    name: str | None = None


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


def cap_phrase(bound: Bound, among: str) -> str:
    """'at most 2 members per country'."""
    base = f"at most {seats(int(bound.amount))} per {column_words(str(bound.column))}"
    return with_among(base, among)


def cap_label(bound: Bound, among: str) -> str:
    """The cap's own name when it has one, else its phrase."""
    if bound.name and not bound.name.startswith("cap "):
        return bound.name
    return cap_phrase(bound, among)


def cap_move(bound: Bound, seats: int, witness: Witness, label: str) -> Move:
    """'allow 3 members per country instead of 2'."""
    amount = bound.amount
    allowed = int(amount) + seats
    per = column_words(str(bound.column))
    named = "" if label == cap_phrase(bound, where_words(bound.where)) else f" ('{label}')"
    advice = f"allow {allowed} members per {per} instead of {amount}{named}"
    return Move(seats, str(amount), str(allowed), advice)


def cap_loosened(bound: Bound, unit: float) -> str:
    """'3 per country instead of 2'."""
    per = column_words(str(bound.column))
    return f"{int(bound.amount) + 1} per {per} instead of {bound.amount}"


def cap_blocks(bound: Bound, nominee: str, roster: Blocked) -> tuple[str, list[str]]:
    """'would exceed 'one per country' for Kenya, held by N-3 (score 9)'."""
    column, table = str(bound.column), roster.table
    value = str(table.at[nominee, column])
    held = [
        i for i in roster.selected
        if str(table.at[i, column]) == value
        and all(matches(c, table.at[i, c.column]) for c in bound.where)
    ]  # fmt: skip
    who = join_words(roster.who(i) for i in held)
    return f"would exceed '{roster.label}' for {value_words(column, value)}, held by {who}", held


CAP = FamilySpec(
    "cap",
    "Cap",
    cap_phrase,
    cap_label,
    cap_move,
    cap_loosened,
    cap_rows,
    True,
    partition=value_partition,
    blocks=cap_blocks,
)


def cap_atoms(scenario: Scenario) -> list[Bound]:
    """One atom per ``[[cap]]``."""
    bounds = []
    for index, cap in enumerate(scenario.cap):
        where = where_items(cap.where)
        name = cap.name or f"cap {cap.column}{where_suffix(where)}: at most {cap.max_each} each"
        bounds.append(Bound(name, "cap", index, "max_each", cap.column, None, cap.max_each, where))
    return bounds
