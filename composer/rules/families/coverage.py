"""``[[coverage]]`` as rows: at least ``min_each`` members holding each area."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from composer.rules.bounds import Bound
from composer.rules.families.spec import FamilySpec, count_loosened, count_move
from composer.rules.rows import Row, RowSpace, RuleRows
from composer.rules.rule_tables import (
    Count,
    StrictTable,
    Weight,
)
from composer.rules.wording import column_words, seats

if TYPE_CHECKING:
    from composer.rules.scenario import Scenario


class CoverageRule(StrictTable):
    """Each area of a multi-valued column is held by at least ``min_each`` members."""

    column: str = "expertise"
    areas: list[str] = Field(min_length=1)
    min_each: Count = 1
    soft: bool = False
    weight: Weight = 1
    name: str | None = None


def coverage_rows(bound: Bound, space: RowSpace) -> RuleRows:
    """``count(holders of the area) >= min_each`` (an area listed twice counts once)."""
    holders = space.at(space.holders(str(bound.column), str(bound.value)))
    amount = int(bound.amount)
    return RuleRows(bound, (Row(((1, holders),), True, amount),), amount)


def coverage_phrase(bound: Bound, among: str) -> str:
    """'at least 2 members with expertise in spam'."""
    what = (
        f"expertise in {bound.value}"
        if bound.column == "expertise"
        else f"{column_words(str(bound.column))} '{bound.value}'"
    )
    return f"at least {seats(int(bound.amount))} with {what}"


def coverage_label(bound: Bound, among: str) -> str:
    """'spam coverage'."""
    return f"{bound.value} coverage"


COVERAGE = FamilySpec(
    "coverage",
    "Coverage",
    coverage_phrase,
    coverage_label,
    count_move,
    count_loosened,
    coverage_rows,
    True,
    compared=True,
)


def coverage_atoms(scenario: Scenario) -> list[Bound]:
    """One atom per area of every ``[[coverage]]``."""
    bounds = []
    for index, cov in enumerate(scenario.coverage):
        for area in cov.areas:
            text = f"{area} >= {cov.min_each}"
            if cov.name:
                name = cov.name if len(cov.areas) == 1 else f"{cov.name} ({text})"
            else:
                name = f"coverage {cov.column}: {text}"
            bounds.append(
                Bound(
                    name,
                    "coverage",
                    index,
                    "min_each",
                    cov.column,
                    area,
                    cov.min_each,
                    (),
                    cov.soft,
                    cov.weight,
                )
            )
    return bounds
