"""``[[distinct]]``: at least N different values (countries, say) among the members.

Which values are present needs variables of its own, so the engine writes the model
(``engine/families/distinct.py``); this module says the rule in words.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from composer.rules.bounds import Bound, where_suffix
from composer.rules.families.spec import (
    FamilySpec,
    count_loosened,
    count_move,
    value_partition,
    with_among,
)
from composer.rules.rule_tables import (
    Count,
    StrictTable,
    Weight,
    WhereTable,
)
from composer.rules.where import where_items
from composer.rules.wording import column_words, plural

if TYPE_CHECKING:
    from composer.rules.scenario import Scenario


class DistinctRule(StrictTable):
    """At least ``min`` different values of ``column`` among the members (e.g. 20 countries)."""

    column: str
    min: Count
    where: WhereTable = {}
    soft: bool = False
    weight: Weight = 1
    name: str | None = None


def distinct_phrase(bound: Bound, among: str) -> str:
    """'at least 12 different countries'."""
    kinds = plural(column_words(str(bound.column)))
    return with_among(f"at least {bound.amount} different {kinds}", among)


def distinct_label(bound: Bound, among: str) -> str:
    """'distinct countries minimum'."""
    return with_among(f"distinct {plural(column_words(str(bound.column)))} minimum", among)


DISTINCT = FamilySpec(
    "distinct",
    "Distinct values",
    distinct_phrase,
    distinct_label,
    count_move,
    count_loosened,
    balance=True,
    partition=value_partition,
)


def distinct_atoms(scenario: Scenario) -> list[Bound]:
    """``distinct country: at least 20``: one atom per ``[[distinct]]`` rule."""
    bounds = []
    for index, rule in enumerate(scenario.distinct):
        where = where_items(rule.where)
        text = f"distinct {rule.column}{where_suffix(where)}: at least {rule.min}"
        bounds.append(
            Bound(
                rule.name or text,
                "distinct",
                index,
                "min",
                rule.column,
                None,
                rule.min,
                where,
                rule.soft,
                rule.weight,
            )
        )
    return bounds
