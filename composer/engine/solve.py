"""Solve a scenario: bind, pre-check, build, solve in lexicographic stages, check, report.

``compose()`` is the one-call shortcut: load nominations and scenario, solve, and return a
:class:`~composer.engine.result.Result` whose roster the independent checker has accepted.
"""

from __future__ import annotations

import platform
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from ortools.sat.python import cp_model

from composer import interrupts
from composer.engine.build import BuiltModel, build_model
from composer.engine.check import check
from composer.engine.conflicts import find_conflict
from composer.engine.objective import merit_expression, penalty_expression
from composer.engine.result import Result, Status
from composer.errors import CheckFailedError, Problem
from composer.inputs.nominations import NominationsLike, Pool, load_nominations
from composer.numbers import exact_decimal
from composer.rules.bind import bind
from composer.rules.prechecks import Conflict, precheck
from composer.rules.scenario import Scenario, ScenarioLike, load_scenario


@dataclass(frozen=True)
class SolveOptions:
    """How to solve: time limit (seconds, whole solve), CP-SAT workers and seed."""

    time_limit: float = 60.0
    workers: int = 1
    seed: int = 0
    reduce: bool = True  # drop nominees no optimal roster can hold (exact)
    log: bool = False


#: CP-SAT parameters, measured on the benchmark instances (docs/benchmarks.md).  Loading every
#: linear row into the LP at once (instead of lazily) lets the LP relaxation, which is tight on
#: these selection models, prove optimality at the root; CP-SAT's presolve then costs more than
#: it saves.  At 20,000 nominations / 200 seats the solve took 0.27 s with these settings,
#: against 3.6 s with lazy rows and a light presolve and 24 s with the defaults.
SOLVER_PARAMETERS: dict[str, int | bool] = {
    "add_lp_constraints_lazily": False,
    "cp_model_presolve": False,
}

#: Objective coefficients stay below this, so the LP's floating point arithmetic is exact.
SAFE_OBJECTIVE = 2**52

_STATUS = {
    cp_model.OPTIMAL: Status.OPTIMAL,
    cp_model.FEASIBLE: Status.FEASIBLE,
    cp_model.INFEASIBLE: Status.INFEASIBLE,
    cp_model.UNKNOWN: Status.UNKNOWN,
}


def solver_status(code: cp_model.CpSolverStatus) -> Status:
    """The :class:`Status` of a CP-SAT status code (a model CP-SAT rejects counts as unknown)."""
    return _STATUS.get(code, Status.UNKNOWN)


def make_solver(options: SolveOptions, seconds: float) -> cp_model.CpSolver:
    """A CP-SAT solver with composer's parameters, ``options`` and a time limit in seconds."""
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.num_workers = options.workers
    params.random_seed = options.seed
    params.max_time_in_seconds = max(0.01, seconds)
    params.log_search_progress = options.log
    for key, value in SOLVER_PARAMETERS.items():
        setattr(params, key, value)
    return interrupts.track(solver)


def _versions() -> dict[str, str]:
    from importlib.metadata import version

    return {
        "composer": version("composer"),
        "ortools": version("ortools"),
        "pandas": version("pandas"),
        "python": platform.python_version(),
    }


#: A hook run between building and solving: add constraints or lead objectives to the model.
Extension = Callable[[BuiltModel], None]


def solve(
    pool: Pool,
    scenario: Scenario,
    options: SolveOptions | None = None,
    *,
    extend: Extension | None = None,
) -> Result:
    """Solve ``scenario`` on ``pool``: a checked roster, or the reason there is none.

    ``extend(built)`` may add constraints (e.g. "differ from this roster by 3 members") or
    ``built.lead_objectives`` before the solve; the independent checker still checks every
    rule of the scenario on the roster found.
    """
    options = options or SolveOptions()
    started = time.perf_counter()
    deadline = time.monotonic() + options.time_limit
    bound_scenario = bind(scenario, pool)
    run = {
        **_versions(),
        "nominations": pool.source,
        "nominations_sha256": pool.sha256,
        "scenario_sha256": scenario.sha256,
        "options": asdict(options),
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    result = Result(Status.UNKNOWN, pool, bound_scenario, run=run)
    conflict = precheck(pool, bound_scenario)
    if conflict is not None:
        return _infeasible(result, conflict, started)
    built = build_model(pool, bound_scenario, reduce=options.reduce and extend is None)
    if extend is not None:
        extend(built)
    result.stats["build_seconds"] = round(time.perf_counter() - started, 4)
    if built.reduction is not None:
        result.stats["nominees_in_model"] = len(built.x)
        result.stats["nominees_dropped"] = len(built.reduction.dropped)
    status, solver = _solve_stages(built, options, deadline, result.stats)
    if status == Status.INFEASIBLE:
        remaining = max(1.0, deadline - time.monotonic())
        found = find_conflict(pool, bound_scenario, remaining)
        return _infeasible(
            result,
            found
            or Conflict(
                [b.name for b in bound_scenario.bounds() if not b.soft],
                "the rules cannot all hold together",
                [],
                minimal=False,
            ),
            started,
        )
    result.status = status
    if status in (Status.OPTIMAL, Status.FEASIBLE):
        _read_roster(result, built, solver)
    result.stats["seconds"] = round(time.perf_counter() - started, 4)
    return result


def _penalty_factor(built: BuiltModel) -> int | None:
    """A weight that puts one unit of soft shortfall above any merit difference, if it is safe.

    With it, one solve gives the lexicographic optimum (least shortfall, then merit, then
    ties).  None when the combined coefficients could lose precision: solve in two stages then.
    """
    terms, ctx = built.terms, built.ctx
    size_max = built.ctx.scenario.size.max
    merits = sorted((max(0, v) for v in terms.merit.values()), reverse=True)
    top = sum(merits[: size_max if size_max is not None else len(merits)])
    factor = (top + 1) * terms.tie_factor + 1
    worst = factor * sum(p.weight * list(p.shortfall.proto.domain)[-1] for p in ctx.penalties)
    return factor if worst + factor < SAFE_OBJECTIVE else None


def _solve_stages(
    built: BuiltModel, options: SolveOptions, deadline: float, stats: dict[str, Any]
) -> tuple[Status, cp_model.CpSolver]:
    """Least weighted soft shortfall, then most merit, then the tie-break priorities.

    One solve with a combined objective when the numbers allow it (the usual case), otherwise
    two: the least shortfall first, then merit with the shortfall held at its best.
    """
    model, ctx, terms = built.model, built.ctx, built.terms
    lead = _solve_lead(built, options, deadline, stats)
    if lead not in (Status.OPTIMAL, Status.FEASIBLE):
        return lead, cp_model.CpSolver()
    merit = merit_expression(ctx, terms)
    factor = _penalty_factor(built) if ctx.penalties else 0
    stage1: Status = lead
    if factor is None:
        penalty = penalty_expression(ctx)
        model.minimize(penalty)
        solver = make_solver(options, deadline - time.monotonic())
        code = solver.solve(model)
        if solver_status(code) != Status.OPTIMAL:
            stage1 = solver_status(code)
        stats["stage1_seconds"] = round(solver.wall_time, 4)
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return stage1, solver
        model.add(penalty <= round(solver.objective_value)).with_name("soft shortfall at best")
        _hint(built, solver)
        model.maximize(merit)
    elif factor:
        model.maximize(merit - factor * penalty_expression(ctx))
    else:
        model.maximize(merit)
    solver = make_solver(options, deadline - time.monotonic())
    code = solver.solve(model)
    status = solver_status(code)
    stats.update(
        {
            "solve_seconds": round(solver.wall_time, 4),
            "stages": 2 if factor is None else 1,
            "branches": solver.num_branches,
            "conflicts": solver.num_conflicts,
        }
    )
    if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        shortfall = sum(p.weight * solver.value(p.shortfall) for p in ctx.penalties)
        value = solver.objective_value + (factor or 0) * shortfall
        stats["merit_found"] = (value // terms.tie_factor) / terms.scale
        if not shortfall or factor is None:
            bound = solver.best_objective_bound + (factor or 0) * shortfall
            stats["merit_bound"] = (bound // terms.tie_factor) / terms.scale
    if status == Status.OPTIMAL and stage1 != Status.OPTIMAL:
        return Status.FEASIBLE, solver
    return status, solver


def _solve_lead(
    built: BuiltModel, options: SolveOptions, deadline: float, stats: dict[str, Any]
) -> Status:
    """Maximise each lead objective in turn, holding every earlier one at its best."""
    model, overall = built.model, Status.OPTIMAL
    for name, expr in built.lead_objectives:
        model.maximize(expr)
        solver = make_solver(options, deadline - time.monotonic())
        code = solver.solve(model)
        status = solver_status(code)
        stats[f"lead {name} seconds"] = round(solver.wall_time, 4)
        if status not in (Status.OPTIMAL, Status.FEASIBLE):
            return status
        overall = overall if status == Status.OPTIMAL else Status.FEASIBLE
        model.add(expr >= round(solver.objective_value)).with_name(f"lead objective {name}")
        _hint(built, solver)
    return overall


def _hint(built: BuiltModel, solver: cp_model.CpSolver) -> None:
    """Start the next stage from the roster the last one found."""
    built.model.clear_hints()  # type: ignore[no-untyped-call]
    for var in built.x.values():
        built.model.add_hint(var, solver.boolean_value(var))


def _read_roster(result: Result, built: BuiltModel, solver: cp_model.CpSolver) -> None:
    selected = sorted(i for i, var in built.x.items() if solver.boolean_value(var))
    report = check(result.pool, result.scenario, selected)
    if not report.ok:
        raise CheckFailedError(
            "the solver returned a roster that breaks hard rules (a bug in composer; "
            "please report it with the input files)",
            [Problem(f"{r.name}: achieved {r.achieved}, bound {r.bound}") for r in report.failures],
        )
    result.selected = selected
    result.report = report
    column = result.scenario.objective.maximise
    # exact decimal sum: extra columns hold text ("5" + "3" must be 8, not "53"), and
    # 0.1 + 0.2 must be 0.3
    values: list[float | int | str] = (
        list(result.pool.table.loc[selected, column]) if column else []
    )
    score = float(sum((exact_decimal(v) for v in values), Decimal(0)))
    result.objective = {"score": score, "soft_shortfall": report.soft_shortfall}
    bound = result.stats.get("merit_bound")
    if result.status == Status.FEASIBLE and bound is not None:
        result.gap = (bound - score) / max(abs(bound), 1e-9)
    elif result.status == Status.OPTIMAL:
        result.gap = 0.0


def _infeasible(result: Result, conflict: Conflict, started: float) -> Result:
    result.status = Status.INFEASIBLE
    result.conflict = conflict.rules
    result.conflict_reason = conflict.reason
    from composer.analysis.relax import relaxation_advice  # the smallest fix, when found fast

    result.advice = [*relaxation_advice(result.pool, result.scenario, 2.0), *conflict.advice]
    result.stats["conflict_minimal"] = conflict.minimal
    result.stats["seconds"] = round(time.perf_counter() - started, 4)
    return result


def load_inputs(
    nominations: NominationsLike | None, scenario: ScenarioLike
) -> tuple[Pool, Scenario]:
    """The loaded scenario and its pool: ``nominations`` if given, else the file it names."""
    loaded = load_scenario(scenario)
    if nominations is None:
        nominations = loaded.nominations_path()
        if nominations is None:
            from composer.errors import ScenarioError

            raise ScenarioError(
                "no nominations given",
                [
                    Problem(
                        "the scenario names no nominations file and none was passed",
                        fix="pass the nominations (--nominations FILE), or add "
                        'nominations = "file.csv" to the scenario',
                        key="nominations",
                    )
                ],
            )
    return load_nominations(nominations, columns=loaded.columns), loaded


def compose(
    nominations: NominationsLike | None = None,
    scenario: ScenarioLike = None,
    options: SolveOptions | None = None,
    **option_values: Any,
) -> Result:
    """Load nominations and scenario (paths, DataFrames, dicts or objects) and solve.

    ``compose("scenarios/wgig-2004.toml")`` uses the pool the scenario names.  Keyword
    arguments (``time_limit``, ``workers``, ``seed``) override ``options``.
    """
    if scenario is None and nominations is not None and _looks_like_scenario(nominations):
        nominations, scenario = None, nominations
    if scenario is None:
        raise TypeError("compose() needs a scenario")
    pool, loaded = load_inputs(nominations, scenario)
    if options is None:
        options = SolveOptions(**option_values)
    elif option_values:
        options = SolveOptions(**{**asdict(options), **option_values})
    return solve(pool, loaded, options)


def _looks_like_scenario(value: Any) -> bool:
    return (
        isinstance(value, Scenario)
        or (isinstance(value, str) and value.strip().endswith(".toml"))
        or (hasattr(value, "suffix") and str(value).endswith(".toml"))
    )
