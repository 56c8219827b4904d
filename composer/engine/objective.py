"""The objective, in lexicographic order: least soft shortfall, then most merit, then ties.

Merit is the ``objective.maximise`` column scaled to exact integers.  Ties between rosters of
equal merit are broken explicitly by a fixed priority per nominee (derived from a SHA-256 of
its id), added below one unit of merit: ``merit * T + priority`` with ``T`` larger than any
roster's total priority.  So the optimum does not depend on the order of the file, the worker
count or the search, only on the nominations and the rules.
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
    """Distinct tie-break priorities 1..n: nominees ranked by the SHA-256 of their id."""
    ranked = sorted(ids, key=lambda i: (hashlib.sha256(i.encode("utf-8")).digest(), i))
    return {ident: rank for rank, ident in enumerate(ranked, start=1)}


@dataclass(frozen=True)
class MeritTerms:
    """Integer merit per nominee and the factors that turn model values back into merit."""

    merit: dict[str, int]
    scale: int  # merit units per unit of the score column
    tie: dict[str, int]
    tie_factor: int  # T: merit is multiplied by this before adding the tie priorities

    def value(self, selected: list[str]) -> int:
        """The combined objective value of a roster."""
        return sum(self.merit[i] * self.tie_factor + self.tie[i] for i in selected)


def merit_terms(pool: Pool, scenario: Scenario, max_members: int) -> MeritTerms:
    """Merit and tie-break terms for every nominee of the pool."""
    column = scenario.objective.maximise
    ids = [str(i) for i in pool.table.index]
    if column:
        numbers, scale = scaled_all(pool.table[column].tolist())
        merit = dict(zip(ids, numbers, strict=True))
    else:
        merit, scale = dict.fromkeys(ids, 0), 1
    tie = tie_priorities(ids)
    factor = len(tie) * max(1, max_members) + 1
    return MeritTerms(merit, scale, tie, factor)


def penalty_expression(ctx: ModelContext) -> cp_model.LinearExpr:
    """Total weighted soft shortfall."""
    return cp_model.LinearExpr.weighted_sum(
        [p.shortfall for p in ctx.penalties], [p.weight for p in ctx.penalties]
    )


def merit_expression(ctx: ModelContext, terms: MeritTerms) -> cp_model.LinearExpr:
    """``sum((merit * T + priority) * x)``: merit first, the priority only breaks ties."""
    ids = list(ctx.x)
    return cp_model.LinearExpr.weighted_sum(
        [ctx.x[i] for i in ids], [terms.merit[i] * terms.tie_factor + terms.tie[i] for i in ids]
    )
