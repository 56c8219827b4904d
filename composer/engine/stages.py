"""One staged solver: objectives maximised one after another, then a lexicographic tie-break.

Every solve in composer (the pipeline, the elastic model behind explanations and advice, the
fronts and re-solves of the analyses) goes through :func:`solve_levels`:

1. **Levels.** Each objective (an analysis's lead criteria, then the least weighted soft
   shortfall, then the most merit) is an integer variable equal to its expression.  A level
   is held at its best by narrowing that variable's domain to ``[best, top]``: exact integers,
   never a float objective value, and undone afterwards so one model serves many solves.
   When the product of the levels' ranges stays below ``2**53`` they are combined into one
   objective of mixed-radix weights (one solve, still exactly lexicographic).
2. **Tie-break.** With every level held, the roster is the *lexicographically first* one in a
   fixed priority order of nominees (SHA-256 of the id): a depth-first search over the
   selection variables in that order, trying "selected" first, stops at its first solution.
   Every value the search does not choose is implied by the model and the choices before it,
   so no roster that keeps every level held can come first in that order: the roster is
   unique, whatever the row order, the worker count or the search.  The search needs no
   optimality proof, so ties cost little even when thousands of rosters share the best merit.

The magnitudes of every level are checked before solving: a level CP-SAT could not hold in
64-bit integers is a :class:`~composer.errors.ModelTooLargeError` that says what to change.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model
from ortools.sat.python import cp_model_helper as helper

from composer import interrupts
from composer.engine.result import Status
from composer.errors import ModelTooLargeError, Problem

#: CP-SAT parameters, measured on the benchmark instances (docs/benchmarks.md).  Loading every
#: linear row into the LP at once (instead of lazily) lets the LP relaxation, which is tight on
#: these selection models, prove optimality at the root; CP-SAT's presolve then costs more than
#: it saves.  Probing (trying each Boolean at the root) costs more than it finds on these
#: models, in the merit solve and above all in the tie-break search, which it re-runs at
#: every restart: without it, the WGIG rules at 20,000 / 200 solve in 1.7 s against 3.4 s
#: (merit 0.51 s against 1.49 s, tie-break 0.53 s against 1.29 s; same roster), with a
#: binding budget 2.7 s against 5.4 s, with 30 coverage areas 2.8 s against 5.0 s, and 2,600
#: nominees with scores 5-8 0.45 s against 0.67 s.  Clause inprocessing (simplifying the
#: learnt clauses between restarts) slows the tie-break search the same way: without it,
#: 2,000 / 40 solves in 0.28 s against 0.54 s, 2,600 nominees with tied scores in 0.41 s
#: against 0.80 s, 30 coverage areas at 20,000 / 200 in 2.9 s against 5.4 s (same rosters;
#: no instance slower beyond noise).
SOLVER_PARAMETERS: dict[str, int | bool] = {
    "add_lp_constraints_lazily": False,
    "cp_model_presolve": False,
    "cp_model_probing_level": 0,
    "use_sat_inprocessing": False,
}

#: A combined objective stays below this, so CP-SAT's floating-point objective is exact.
SAFE_OBJECTIVE = 2**53
#: The largest magnitude a level may reach (CP-SAT works in signed 64-bit integers).
SAFE_LEVEL = 2**62

#: The tie-break search gets at least this many seconds, or this many times the time the
#: levels took, whichever is more; past it the levels' roster is returned ("not finished").
TIE_BREAK_SECONDS = 2.0
TIE_BREAK_FACTOR = 20
#: The tie-break tried with every level at its ceiling gets at least TIE_BREAK_SECONDS, or
#: this share of the time left, whichever is more.  Unreachable ceilings are usually refused
#: at the first LP; when they are reached, this search is the roster's whole cost, where the
#: level solves would pay a merit solve before a tie-break as long (every score equal at
#: 100,000 / 500: 71 s here against 89 s for merit alone), so it gets the larger share.
CEILING_SHARE = 0.75

_STATUS = {
    cp_model.OPTIMAL: Status.OPTIMAL,
    cp_model.FEASIBLE: Status.FEASIBLE,
    cp_model.INFEASIBLE: Status.INFEASIBLE,
    cp_model.UNKNOWN: Status.UNKNOWN,
}


def solver_status(code: cp_model.CpSolverStatus) -> Status:
    """The :class:`Status` of a CP-SAT status code (MODEL_INVALID is raised, never returned)."""
    return _STATUS.get(code, Status.UNKNOWN)


def make_solver(workers: int, seed: int, seconds: float, log: bool = False) -> cp_model.CpSolver:
    """A CP-SAT solver with composer's parameters and a time limit in seconds."""
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.num_workers = workers
    params.random_seed = seed
    params.max_time_in_seconds = max(0.01, seconds)
    params.log_search_progress = log
    for key, value in SOLVER_PARAMETERS.items():
        setattr(params, key, value)
    return interrupts.track(solver)  # Ctrl-C stops it at once


def expression_bounds(expr: cp_model.LinearExpr | int) -> tuple[int, int, int]:
    """The least and greatest value of a linear expression over its variables' domains, and
    the sum of ``|coefficient * bound|`` over its terms (what CP-SAT checks for overflow)."""
    if isinstance(expr, int):
        return expr, expr, abs(expr)
    flat = helper.FlatIntExpr(expr)
    low = high = int(flat.offset)
    total = abs(low)
    for var, coef in zip(flat.vars, flat.coeffs, strict=True):
        domain = var.proto.domain  # the proto field takes no negative index
        a, b = coef * int(domain[0]), coef * int(domain[len(domain) - 1])
        low += min(a, b)
        high += max(a, b)
        total += max(abs(a), abs(b))
    return low, high, total


@dataclass(frozen=True)
class Level:
    """One objective to maximise, as an integer variable equal to its expression."""

    name: str
    var: cp_model.IntVar
    low: int
    high: int
    #: may share one combined objective with the next levels (an analysis's lead criterion is
    #: solved alone: combined with merit it made fronts several times slower)
    combinable: bool = True


def add_level(
    model: cp_model.CpModel,
    name: str,
    expr: cp_model.LinearExpr | int,
    *,
    what: str = "",
    fix: str = "",
    combinable: bool = True,
) -> Level:
    """A level variable ``v == expr`` (to maximise), after checking its magnitude.

    ``what`` and ``fix`` word the error when the expression is too large for CP-SAT.
    """
    low, high, magnitude = expression_bounds(expr)
    if magnitude >= SAFE_LEVEL:
        raise ModelTooLargeError(
            f"the numbers behind '{name}' are too large to solve exactly",
            [
                Problem(
                    f"{what or name}: the sum of the largest possible values is about "
                    f"{float(magnitude):.3g}, above the solver's exact range "
                    f"({float(SAFE_LEVEL):.3g})",
                    fix=fix or "use smaller numbers (for example in thousands) or fewer decimals",
                )
            ],
        )
    var = model.new_int_var(low, high, f"level {name}")
    model.add(var == expr).with_name(f"level {name}")
    return Level(name, var, low, high, combinable)


@dataclass(frozen=True)
class Ceilings:
    """A value per level that no roster beats, and the variables that are 0 in every roster
    reaching all of them (for instance nominees below the top score when merit's ceiling is
    every seat at the top score)."""

    values: Mapping[str, int]
    zeros: Sequence[cp_model.IntVar] = ()


@dataclass
class LevelOutcome:
    """How a staged solve ended: status, the value held at each level, the roster found."""

    status: Status
    values: dict[str, int] = field(default_factory=dict)
    bounds: dict[str, int] = field(default_factory=dict)
    selected: list[str] = field(default_factory=list)
    values_of: dict[str, int] = field(default_factory=dict)  # other variables read, by name
    tie_break: str = "none"  # lexicographic | not finished | none
    stats: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """Whether a roster was found."""
        return self.status in (Status.OPTIMAL, Status.FEASIBLE)


def _set_domain(var: cp_model.IntVar, low: int, high: int) -> None:
    domain = var.proto.domain  # a level's domain is always one interval [low, high]
    domain[0] = low
    domain[1] = high


def _weights(levels: Sequence[Level]) -> list[int] | None:
    """Mixed-radix weights that make one objective lexicographic, or None if not exact."""
    weights = [0] * len(levels)
    weight = 1
    for k in range(len(levels) - 1, -1, -1):
        weights[k] = weight
        weight *= levels[k].high - levels[k].low + 1
    return weights if weight < SAFE_OBJECTIVE else None


def _groups(levels: Sequence[Level]) -> tuple[list[list[int]], list[int]]:
    """Levels solved together (each lead level alone; the rest as one if exact) and weights."""
    groups: list[list[int]] = []
    weights = [1] * len(levels)
    alone = [k for k, level in enumerate(levels) if not level.combinable]
    groups += [[k] for k in alone]
    rest = [k for k, level in enumerate(levels) if level.combinable]
    if not rest:
        return groups, weights
    combined = _weights([levels[k] for k in rest])
    if combined is None:
        groups += [[k] for k in rest]
    else:
        groups.append(rest)
        for k, weight in zip(rest, combined, strict=True):
            weights[k] = weight
    return groups, weights


def _hint(model: cp_model.CpModel, x: Mapping[str, cp_model.IntVar], solver: Any) -> None:
    model.clear_hints()  # type: ignore[no-untyped-call]
    for var in x.values():
        model.add_hint(var, solver.boolean_value(var))


def _solve(
    model: cp_model.CpModel, solver: cp_model.CpSolver, what: str
) -> cp_model.CpSolverStatus:
    code = solver.solve(model)
    if code == cp_model.MODEL_INVALID:
        reason = model.validate() or "the model is invalid"
        raise ModelTooLargeError(
            "the solver rejected the model",
            [
                Problem(
                    f"{what}: {reason}",
                    fix="check for very large numbers in the scenario or the score and cost "
                    "columns, and make them smaller",
                )
            ],
        )
    return code


def solve_levels(
    model: cp_model.CpModel,
    levels: Sequence[Level],
    x: Mapping[str, cp_model.IntVar],
    tie_order: Sequence[str] | None,
    *,
    workers: int = 1,
    seed: int = 0,
    deadline: float,
    log: bool = False,
    read: Mapping[str, cp_model.IntVar] | None = None,
    tie_also: Sequence[cp_model.IntVar] = (),
    ceilings: Ceilings | None = None,
) -> LevelOutcome:
    """Maximise ``levels`` in order, then take the first roster in ``tie_order``.

    ``x`` are the selection variables by id; ``read`` names further variables whose values
    the caller wants from the final solution; ``tie_also`` are decided by the tie-break after
    ``x`` (holders of roles outside the selection).  ``ceilings`` (a value per level that no
    roster can beat) are tried first: when the tie-break finds a roster with every level at
    its ceiling, those values are the optimum and the roster is the one the levels would lead
    to, so the level solves are skipped.  The model is left as it was given (domains
    restored, no objective, no hints, no search strategy).
    """
    saved = [(level, list(level.var.proto.domain)) for level in levels]
    outcome = LevelOutcome(Status.OPTIMAL)
    solver: cp_model.CpSolver | None = None
    try:
        if ceilings is not None and tie_order is not None and levels:
            at_top = _tie_at_ceilings(
                model, levels, x, tie_order, ceilings, deadline, log, seed, tie_also, outcome
            )
            if at_top is not None:
                return _read(outcome, at_top, x, levels, read)
        groups, weights = _groups(levels)
        for group in groups:
            objective = cp_model.LinearExpr.weighted_sum(
                [levels[k].var for k in group], [weights[k] for k in group]
            )
            model.maximize(objective)
            solver = make_solver(workers, seed, deadline - time.monotonic(), log)
            name = " + ".join(levels[k].name for k in group)
            code = _solve(model, solver, name)
            status = solver_status(code)
            outcome.stats[f"{name} seconds"] = round(solver.wall_time, 4)
            outcome.stats.setdefault("branches", 0)
            outcome.stats["branches"] += solver.num_branches
            if status not in (Status.OPTIMAL, Status.FEASIBLE):
                outcome.status = status
                return outcome
            if status == Status.FEASIBLE:
                outcome.status = Status.FEASIBLE
            for k in group:
                level = levels[k]
                value = int(solver.value(level.var))
                outcome.values[level.name] = value
                if len(group) == 1:
                    outcome.bounds[level.name] = int(solver.best_objective_bound + 0.5)
                _set_domain(level.var, value, level.high)
            _hint(model, x, solver)
        outcome.stats["stages"] = len(groups)
        model.clear_objective()  # type: ignore[no-untyped-call]
        chosen = solver
        if tie_order is not None and (outcome.status == Status.OPTIMAL or not levels):
            spent = sum(v for k, v in outcome.stats.items() if k.endswith(" seconds"))
            budget = max(TIE_BREAK_SECONDS, TIE_BREAK_FACTOR * spent)
            tie_deadline = min(deadline, time.monotonic() + budget)
            tie_solver, tie_status = _tie_break(
                model, x, tie_order, tie_deadline, log, seed, tie_also
            )
            outcome.stats["tie-break seconds"] = round(tie_solver.wall_time, 4)
            if tie_status in (Status.OPTIMAL, Status.FEASIBLE):
                chosen, outcome.tie_break = tie_solver, "lexicographic"
            elif not levels:
                outcome.status = tie_status
                return outcome
            else:
                outcome.tie_break = "not finished"
        elif tie_order is not None:
            outcome.tie_break = "not finished"
        if chosen is None:
            outcome.status = Status.UNKNOWN
            return outcome
        return _read(outcome, chosen, x, levels, read)
    finally:
        for level, domain in saved:
            _set_domain(level.var, domain[0], domain[-1])
        _clear_search(model)


def _clear_search(model: cp_model.CpModel) -> None:
    """Leave the model with no objective, no hints and no search strategy."""
    model.clear_objective()  # type: ignore[no-untyped-call]
    model.clear_hints()  # type: ignore[no-untyped-call]
    model.proto.search_strategy.clear()


def _read(
    outcome: LevelOutcome,
    chosen: cp_model.CpSolver,
    x: Mapping[str, cp_model.IntVar],
    levels: Sequence[Level],
    read: Mapping[str, cp_model.IntVar] | None,
) -> LevelOutcome:
    """The roster, the levels' values and the variables asked for, from ``chosen``."""
    outcome.selected = sorted(i for i, var in x.items() if chosen.boolean_value(var))
    for level in levels:  # the values of the roster returned (equal to those held)
        outcome.values[level.name] = int(chosen.value(level.var))
    for name, var in (read or {}).items():
        outcome.values_of[name] = int(chosen.value(var))
    return outcome


def _tie_at_ceilings(
    model: cp_model.CpModel,
    levels: Sequence[Level],
    x: Mapping[str, cp_model.IntVar],
    tie_order: Sequence[str],
    ceilings: Ceilings,
    deadline: float,
    log: bool,
    seed: int,
    also: Sequence[cp_model.IntVar],
    outcome: LevelOutcome,
) -> cp_model.CpSolver | None:
    """The tie-break with every level held at its ceiling, or None when it finds no roster.

    A ceiling is a value no roster beats, so a roster that reaches them all has the optimal
    value at every level, and the first one in the tie-break order among such rosters is the
    roster the level solves and the tie-break would choose.  When no roster reaches them
    (or the search does not finish in its share of the time), the domains are restored and
    the levels are solved as usual.
    """
    values = ceilings.values
    if any(
        not level.low <= values.get(level.name, level.low - 1) <= level.high for level in levels
    ):
        return None
    budget = max(TIE_BREAK_SECONDS, CEILING_SHARE * (deadline - time.monotonic()))
    held = [(level.var, values[level.name], level.high) for level in levels]
    held += [(var, 0, 0) for var in ceilings.zeros]
    domains = [list(var.proto.domain) for var, _, _ in held]
    for var, low, high in held:
        _set_domain(var, low, high)
    try:
        solver, status = _tie_break(
            model, x, tie_order, min(deadline, time.monotonic() + budget), log, seed, also
        )
    finally:
        for (var, _, _), domain in zip(held, domains, strict=True):
            _set_domain(var, domain[0], domain[-1])
        _clear_search(model)
    outcome.stats["tie-break at ceilings seconds"] = round(solver.wall_time, 4)
    if status not in (Status.OPTIMAL, Status.FEASIBLE):
        return None
    outcome.stats["stages"] = 0
    outcome.stats["tie-break seconds"] = round(solver.wall_time, 4)
    outcome.tie_break = "lexicographic"
    return solver


def _tie_break(
    model: cp_model.CpModel,
    x: Mapping[str, cp_model.IntVar],
    tie_order: Sequence[str],
    deadline: float,
    log: bool,
    seed: int,
    also: Sequence[cp_model.IntVar] = (),
) -> tuple[cp_model.CpSolver, Status]:
    """The first roster in ``tie_order`` (selected before not): a fixed depth-first search;
    then ``also`` in their order, true before false."""
    _clear_search(model)
    members = [x[i] for i in tie_order if i in x]
    order = members + list(also)
    model.add_decision_strategy(order, cp_model.CHOOSE_FIRST, cp_model.SELECT_MAX_VALUE)
    # A guide for the LP, not a goal: the search stops at its first solution, which the fixed
    # order alone decides.  Without an objective every column of the LP ties in the dual
    # ratio test; these weights break the ties toward the order (docs/benchmarks-families.md).
    model.maximize(cp_model.LinearExpr.weighted_sum(members, guide_weights(len(members))))
    solver = make_solver(1, seed, deadline - time.monotonic(), log)
    solver.parameters.search_branching = cp_model.FIXED_SEARCH
    solver.parameters.stop_after_first_solution = True
    # The depth-first search meets its conflicts on long rows over shared counts; CP-SAT's
    # newer conflict resolution explains them far more cheaply: every score equal at 20,000 /
    # 200, tie-break 6.3 s -> 2.5 s; the other benchmark families unchanged beyond noise;
    # the same rosters (docs/benchmarks-families.md).
    solver.parameters.use_new_integer_conflict_resolution = True
    code = _solve(model, solver, "tie-break")
    return solver, solver_status(code)


def guide_weights(count: int) -> list[int]:
    """Decreasing integer weights for ``count`` nominees in tie-break order: about
    ``1000 * ln((count + 1) / (k + 1)) + 1`` for the k-th, so the first ones weigh most."""
    top = 1000 * math.log(count + 1)
    return [int(top - 1000 * math.log(k + 1)) + 1 for k in range(count)]
