"""The objective, in lexicographic order: least soft shortfall, then most merit, then ties.

Merit is the ``objective.maximise`` column scaled to exact integers (see ``composer.numbers``).
Ties between rosters of equal merit are broken by a fixed priority order of nominees (the
SHA-256 of the id): the roster chosen is the first one in that order (see
:mod:`composer.engine.stages`).  So the optimum does not depend on the order of the file, the
worker count or the search, only on the nominations and the rules.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from ortools.sat.python import cp_model

from composer.engine.variables import ModelContext
from composer.inputs.nominations import Pool
from composer.numbers import scaled_all
from composer.rules.scenario import Scenario


def tie_priorities(ids: list[str]) -> dict[str, int]:
    """Distinct tie-break priorities 1..n: nominees ranked by the SHA-256 of their id.

    A higher priority comes first: among rosters of equal merit the one chosen holds the
    highest-priority nominee it can, then the next, and so on.
    """
    ranked = sorted(ids, key=lambda i: (hashlib.sha256(i.encode("utf-8")).digest(), i))
    return {ident: rank for rank, ident in enumerate(ranked, start=1)}


def tie_order(priorities: dict[str, int]) -> list[str]:
    """The ids in tie-break order: highest priority first."""
    return sorted(priorities, key=lambda i: -priorities[i])


@dataclass(frozen=True)
class MeritTerms:
    """Integer merit per nominee, its scale, and the tie-break priorities."""

    merit: dict[str, int]
    scale: int  # merit units per unit of the score column
    tie: dict[str, int]
    seat_cost: int = 0  # objective.seat_price in merit units: every seat costs this much

    @property
    def order(self) -> list[str]:
        """The ids in tie-break order (highest priority first)."""
        return tie_order(self.tie)


def merit_terms(pool: Pool, scenario: Scenario) -> MeritTerms:
    """Merit and tie-break priorities for every nominee of the pool."""
    column = scenario.objective.maximise
    price = scenario.objective.seat_price
    ids = [str(i) for i in pool.table.index]
    values = pool.table[column].tolist() if column else [0] * len(ids)
    numbers, scale = scaled_all([*values, price or 0])  # the price on the same exact scale
    merit = dict(zip(ids, numbers[:-1], strict=True))
    return MeritTerms(merit, scale, tie_priorities(ids), numbers[-1])


def penalty_expression(ctx: ModelContext) -> cp_model.LinearExpr:
    """Total weighted soft shortfall."""
    return cp_model.LinearExpr.weighted_sum(
        [p.shortfall for p in ctx.penalties], [p.weight for p in ctx.penalties]
    )


def merit_expression(
    ctx: ModelContext, terms: MeritTerms, *, holders_too: bool = True
) -> cp_model.LinearExpr:
    """``sum((merit - seat_cost) * x)`` over the nominees in the model, plus (``holders_too``)
    the merit of the holders of roles outside the selection (chosen on merit too; they take
    no seat)."""
    ids = list(ctx.x)
    held = ctx.outside.values() if holders_too else []
    holders = [(i, var) for role in held for i, var in role.items()]
    return cp_model.LinearExpr.weighted_sum(
        [ctx.x[i] for i in ids] + [var for _, var in holders],
        [terms.merit[i] - terms.seat_cost for i in ids] + [terms.merit[i] for i, _ in holders],
    )


def size_objective(ctx: ModelContext) -> tuple[str, cp_model.LinearExpr] | None:
    """The size level of ``objective.size`` (maximised): ``-size`` for the smallest roster,
    ``size`` for the largest; None when the size is left to merit."""
    goal = ctx.scenario.objective.size
    if goal is None:
        return None
    count = cp_model.LinearExpr.sum(list(ctx.x.values()))
    return (f"{goal} size", -count if goal == "smallest" else count)
