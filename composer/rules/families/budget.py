"""``[[budget]]`` as rows: ``sum(cost * x) <= max``, costs and limit scaled to integers together.

The scale is the power of ten the decimals need (exact, never rounded).  One unit of slack
stands for the mean cost of a nominee (rounded up to a whole amount), so relaxation advice
speaks of money in steps a person can read.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import TYPE_CHECKING, Annotated, Any

import numpy as np
from pydantic import BeforeValidator, Discriminator, Field, Tag

from composer.numbers import SAFE_TOTAL, scaled_all
from composer.rules.bounds import Bound
from composer.rules.families.spec import Blocked, FamilySpec, Move, Witness
from composer.rules.rows import Row, RowSpace, RuleRows, Term
from composer.rules.rule_tables import (
    MAX_BUDGET,
    StrictTable,
    no_bool,
)
from composer.rules.wording import column_words

if TYPE_CHECKING:
    from composer.rules.scenario import Scenario


class BudgetRule(StrictTable):
    """The members' total of a cost column stays within ``max``."""

    column: str = "travel_cost"
    max: Annotated[float, BeforeValidator(no_bool), Field(ge=0, le=MAX_BUDGET)]
    name: str | None = None


def _budget_form(value: Any) -> str:
    return "[[budget]]" if isinstance(value, list) else "[budget]"


#: ``[budget]`` (one table) or ``[[budget]]`` (several); the tags name the form in errors.
Budgets = Annotated[
    Annotated[BudgetRule, Tag("[budget]")] | Annotated[list[BudgetRule], Tag("[[budget]]")],
    Discriminator(_budget_form),
]


def budget_rows(bound: Bound, space: RowSpace) -> RuleRows:
    """One weighted row over the eligible nominees' costs."""
    positions = np.flatnonzero(space.eligible)
    costs = space.pool.table[str(bound.column)].to_numpy()[positions].tolist()
    weights, scale = scaled_all([*costs, bound.amount])  # exact: an empty cell costs 0
    amount = weights.pop()
    big = sum(abs(w) for w in weights) >= SAFE_TOTAL
    term = Term(positions, None, np.asarray(weights, dtype=object if big else np.int64))
    total = Fraction(sum(weights), scale)
    unit = Fraction(max(1, math.ceil(total / max(1, len(weights)))))
    over = max(Fraction(0), total - Fraction(amount, scale))
    row = Row(((1, term),), False, amount, unit=int(unit) * scale)
    return RuleRows(bound, (row,), math.ceil(over / unit), money=unit)


def budget_phrase(bound: Bound, among: str) -> str:
    """'a total travel cost of at most 60,000'."""
    return f"a total {column_words(str(bound.column))} of at most {bound.amount:,g}"


def budget_label(bound: Bound, among: str) -> str:
    """'budget', or by its column when there are several ('honoraria budget')."""
    column = str(bound.column)
    return "budget" if column == "travel_cost" else f"{column_words(column)} budget"


def budget_move(bound: Bound, seats: int, witness: Witness, label: str) -> Move:
    """'raise the budget from 60,000 to 64,500' (what the witness roster costs)."""
    amount = bound.amount
    need = max(Fraction(str(witness.achieved)), Fraction(str(amount)))
    return Move(
        seats,
        f"{amount:,g}",
        f"{float(need):,g}",
        f"raise the {label} from {amount:,g} to {float(need):,g}",
    )


def budget_loosened(bound: Bound, unit: float) -> str:
    """'raised by 1,250 (the average cost of a nomination)'."""
    return f"raised by {unit:,g} (the average cost of a nomination)"


def budget_blocks(bound: Bound, nominee: str, roster: Blocked) -> tuple[str, list[str]]:
    """'would exceed the budget of 60,000'."""
    return f"would exceed the {roster.label} of {bound.amount:,g}", []


BUDGET = FamilySpec(
    "budget",
    "Budget",
    budget_phrase,
    budget_label,
    budget_move,
    budget_loosened,
    budget_rows,
    compared=True,
    blocks=budget_blocks,
)


def budget_atoms(scenario: Scenario) -> list[Bound]:
    """One atom per budget (``[budget]`` or each ``[[budget]]``)."""
    bounds = []
    for index, budget in enumerate(scenario.budgets):
        amount = int(budget.max) if float(budget.max).is_integer() else budget.max
        name = budget.name or f"budget {budget.column} <= {amount}"
        bounds.append(Bound(name, "budget", index, "budget", budget.column, None, budget.max))
    return bounds
