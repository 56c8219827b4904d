"""Assemble the CP-SAT model: variables, every rule family, and the dominance reduction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import get_args

from ortools.sat.python import cp_model

from composer.engine.families.distinct import add_distinct_constraints
from composer.engine.families.linear import add_rule_rows
from composer.engine.families.roles import add_role_constraints
from composer.engine.objective import (
    MeritTerms,
    merit_expression,
    merit_terms,
    penalty_expression,
    size_objective,
)
from composer.engine.reduce import Reduction, reduce_pool
from composer.engine.stages import Ceilings, Level, add_level
from composer.engine.variables import ModelContext, create_variables
from composer.inputs.nominations import Pool
from composer.numbers import check_magnitude, scaled_all
from composer.rules.ex_officio import uncounted
from composer.rules.families import rule_rows
from composer.rules.scenario import Bound, Family, Scenario

RuleBuilder = Callable[[ModelContext, list[Bound]], None]

#: The families with variables of their own (``rules.families.OWN_VARIABLES``); every other
#: family is written from its rows (``rules.families.ROW_FAMILIES``).
OWN_BUILDERS: dict[str, RuleBuilder] = {
    "distinct": add_distinct_constraints,
    "role": add_role_constraints,
}


@dataclass
class BuiltModel:
    """A built model with what is needed to read its solutions."""

    ctx: ModelContext
    terms: MeritTerms
    reduction: Reduction | None
    #: Objectives maximised one after another BEFORE the scenario's own order (least soft
    #: shortfall, most merit, ties); an analysis (a Pareto front, a re-solve that keeps as many
    #: current members as possible) puts its criterion here.
    lead_objectives: list[tuple[str, cp_model.LinearExpr]] = field(default_factory=list)

    @property
    def model(self) -> cp_model.CpModel:
        """The CP-SAT model."""
        return self.ctx.model

    @property
    def x(self) -> dict[str, cp_model.IntVar]:
        """Selection variables by nomination id."""
        return self.ctx.x

    def levels(self) -> list[Level]:
        """The objectives in order: the lead objectives, least soft shortfall, most merit.

        Each is a level variable of :mod:`composer.engine.stages`, made once per call: call
        this after every lead objective is in place.
        """
        levels = [
            add_level(self.model, name, expr, combinable=False)
            for name, expr in self.lead_objectives
        ]
        if self.ctx.penalties:
            levels.append(
                add_level(
                    self.model,
                    "soft shortfall",
                    -penalty_expression(self.ctx),
                    what="the soft rules' weights",
                    fix="lower the weights of the soft rules",
                )
            )
        size = size_objective(self.ctx)
        if size is not None:
            levels.append(add_level(self.model, *size, what="the number of members"))
        column = self.ctx.scenario.objective.maximise
        levels.append(
            add_level(
                self.model,
                "merit",
                merit_expression(self.ctx, self.terms),
                what=f"the column '{column}' (scaled to whole numbers: x{self.terms.scale})",
                fix=f"round '{column}' to fewer decimals or use smaller numbers "
                "(for example in thousands)",
            )
        )
        return levels

    def level_ceilings(self) -> Ceilings | None:
        """Values no roster can beat for each level, when they are likely to be reached.

        With no lead objective, size objective or role held outside, no roster has less than
        zero soft shortfall, and none has more merit than ``size.max`` times the greatest
        merit.  When at least ``size.max`` nominees share that greatest merit (ties at the top,
        or every score equal), rosters at both values are likely: the staged solver then tries
        the tie-break at these values first and skips the merit solve when it succeeds.
        None when any condition fails.
        """
        if self.lead_objectives or self.ctx.outside or size_objective(self.ctx) is not None:
            return None
        caps = [
            int(b.amount)
            for b in self.ctx.scenario.bounds()
            if b.family == "size" and b.kind == "max" and not b.soft
        ]
        if not caps or not self.x:
            return None
        seats = min(caps)
        merit = {i: self.terms.merit[i] - self.terms.seat_cost for i in self.x}
        top = max(merit.values())
        if top <= 0 or seats <= 0 or sum(1 for m in merit.values() if m == top) < seats:
            return None
        values = {"merit": seats * top}
        if self.ctx.penalties:
            values["soft shortfall"] = 0
        # at merit's ceiling every seat is filled at the top merit: the others are out
        return Ceilings(values, [var for i, var in self.x.items() if merit[i] < top])

    def outside_order(self) -> list[cp_model.IntVar]:
        """The holders' variables of the roles outside the selection, in tie-break order
        (role by role): the tie-break decides them after the roster."""
        order = self.terms.order
        return [held[i] for held in self.ctx.outside.values() for i in order if i in held]


def build_model(
    pool: Pool, scenario: Scenario, *, reduce: bool = True, conflicts: bool = False
) -> BuiltModel:
    """Build the model of ``scenario`` (bound to ``pool``).

    ``reduce`` drops nominees that no optimal roster can hold (see ``model.reduce``);
    ``conflicts`` makes every hard rule switchable by an enforcement literal, for conflict
    analysis (no reduction then: it relies on the rules it would switch off).
    """
    terms = merit_terms(pool, scenario)
    _check_numbers(pool, scenario, terms)
    reduction = None
    # a role held outside the selection may take a nominee the dominance would keep in
    held_outside = any(not role.counted for role in scenario.role)
    if reduce and not conflicts and not held_outside:
        reduction = reduce_pool(pool, scenario, terms.merit, terms.tie)
        eligible = reduction.eligible
    else:
        outside = uncounted(scenario)  # ex officio: in the body, outside the selection
        eligible = [str(i) for i in pool.table.index if str(i) not in outside]
    model = cp_model.CpModel()
    model.name = scenario.name
    ctx = create_variables(model, pool, scenario, eligible, conflicts)
    bounds = scenario.bounds()
    for family in get_args(Family):  # the families in a fixed order
        chosen = [b for b in bounds if b.family == family]
        if family in OWN_BUILDERS:
            OWN_BUILDERS[family](ctx, chosen)
            continue
        for bound in chosen:
            rows = rule_rows(bound, ctx.space)
            if rows is not None:
                add_rule_rows(ctx, rows)
    if reduction is not None:
        for lower, higher in reduction.orders:
            model.add_implication(ctx.x[lower], ctx.x[higher]).with_name(
                f"dominance {lower} <= {higher}"
            )
    return BuiltModel(ctx, terms, reduction)


def _check_numbers(pool: Pool, scenario: Scenario, terms: MeritTerms) -> None:
    """Refuse objective and cost columns the solver could not hold exactly (exit 2)."""
    column = scenario.objective.maximise
    if column:
        check_magnitude(terms.merit.values(), column, terms.scale, "the objective column")
    for bound in scenario.bounds():
        if bound.family == "budget":
            numbers, scale = scaled_all([*pool.table[str(bound.column)].tolist(), bound.amount])
            check_magnitude(numbers, str(bound.column), scale, "the budget column")
