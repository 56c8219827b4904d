"""Find a small set of rules that cannot hold together, with CP-SAT assumptions.

Every hard rule gets an enforcement literal; the solver's sufficient assumptions give a first
core, and a deletion filter shrinks it until dropping any one rule makes the rest feasible
(irreducible), as far as the time budget allows.
"""

from __future__ import annotations

import time

from ortools.sat.python import cp_model

from composer import interrupts
from composer.engine.build import build_model
from composer.inputs.nominations import Pool
from composer.rules.conflict import Conflict
from composer.rules.scenario import Scenario
from composer.rules.words import describe_conflict


def _solver(seconds: float) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.linearization_level = 2
    solver.parameters.max_time_in_seconds = max(0.05, seconds)
    return interrupts.track(solver)


def find_conflict(pool: Pool, scenario: Scenario, time_limit: float = 30.0) -> Conflict | None:
    """An (ideally irreducible) conflict among the hard rules, or None if they can all hold."""
    deadline = time.monotonic() + time_limit
    built = build_model(pool, scenario, conflicts=True)
    model = built.model
    literals = built.ctx.enforce or {}
    names = {literal.index: name for name, literal in literals.items()}

    def infeasible(rules: list[str]) -> tuple[bool | None, list[str]]:
        model.clear_assumptions()
        model.add_assumptions([literals[r] for r in rules])
        solver = _solver(deadline - time.monotonic())
        status = solver.solve(model)
        if status == cp_model.INFEASIBLE:
            core = [names[i] for i in solver.sufficient_assumptions_for_infeasibility()]
            return True, [r for r in rules if r in core] or rules
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return False, []
        return None, []

    order = list(literals)
    state, core = infeasible(order)
    if not state:
        return None
    minimal = True
    for rule in list(core):
        if rule not in core:
            continue
        if time.monotonic() >= deadline:
            minimal = False
            break
        rest = [r for r in core if r != rule]
        state, smaller = infeasible(rest)
        if state:
            core = smaller
        elif state is None:
            minimal = False
    advice = _advice(core, infeasible, order, deadline) if minimal else []
    words = describe_conflict(pool, scenario, core)
    reason = (
        f"{words} Dropping any one of these rules lets the others hold."
        if minimal
        else f"{words} (The time limit stopped the search for a smaller set.)"
    )
    return Conflict(core, reason, advice, minimal)


def _advice(core: list[str], infeasible: object, order: list[str], deadline: float) -> list[str]:
    """Which single rule of the core, dropped, makes the whole scenario feasible."""
    test = infeasible  # callable returning (state, core)
    fixes = []
    for rule in core:
        if time.monotonic() >= deadline:
            break
        state, _ = test([r for r in order if r != rule])  # type: ignore[operator]
        if state is False:
            fixes.append(f"dropping or relaxing '{rule}' makes every other rule hold")
    if not fixes:
        fixes.append(
            "relaxing one of these rules resolves this conflict, but others remain: "
            "run again after changing it"
        )
    return fixes
