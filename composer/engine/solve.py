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
from functools import cache
from typing import Any

from ortools.sat.python import cp_model

from composer.engine.build import BuiltModel, build_model
from composer.engine.check import check
from composer.engine.diagnosis import diagnose as diagnose_result
from composer.engine.result import Result, Status
from composer.engine.stages import LevelOutcome, make_solver, solve_levels
from composer.errors import CheckFailedError, Problem
from composer.inputs.nominations import NominationsLike, Pool, load_nominations
from composer.numbers import exact_decimal
from composer.rules.bind import bind
from composer.rules.conflict import Conflict
from composer.rules.needs import needs_of
from composer.rules.prechecks import precheck
from composer.rules.scenario import Scenario, ScenarioLike, load_scenario


@dataclass(frozen=True)
class SolveOptions:
    """How to solve: time limit (seconds, whole solve), CP-SAT workers and seed."""

    time_limit: float = 60.0
    workers: int = 1
    seed: int = 0
    reduce: bool = True  # drop nominees no optimal roster can hold (exact)
    log: bool = False


def options_solver(options: SolveOptions, seconds: float) -> cp_model.CpSolver:
    """A CP-SAT solver with composer's parameters, ``options`` and a time limit in seconds."""
    return make_solver(options.workers, options.seed, seconds, options.log)


@cache
def _versions() -> dict[str, str]:
    """The versions a run record names (read once per process: installed packages do not
    change under a running solve)."""
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
    outcome = _solve_stages(built, options, deadline, result.stats)
    status = outcome.status
    if status == Status.INFEASIBLE:  # naming the rules is diagnosis: see engine.diagnosis
        result.status = Status.INFEASIBLE
        result.conflict_reason = "no roster keeps every rule"
        result.stats["diagnosed"] = False
        result.stats["seconds"] = round(time.perf_counter() - started, 4)
        return result
    result.status = status
    if status in (Status.OPTIMAL, Status.FEASIBLE):
        result.outside_holders = outside_holders(outcome.values_of, bound_scenario)
        _read_roster(result, outcome.selected)
    result.stats["seconds"] = round(time.perf_counter() - started, 4)
    return result


def _solve_stages(
    built: BuiltModel, options: SolveOptions, deadline: float, stats: dict[str, Any]
) -> LevelOutcome:
    """The lead objectives, least soft shortfall, most merit, then the tie-break order."""
    outcome = solve_levels(
        built.model,
        built.levels(),
        built.x,
        built.terms.order,
        workers=options.workers,
        seed=options.seed,
        deadline=deadline,
        log=options.log,
        read=_holder_names(built),
        tie_also=built.outside_order(),
        ceilings=built.level_ceilings(),
    )
    stats.update(outcome.stats)
    stats["tie_break"] = outcome.tie_break
    scale = built.terms.scale
    if "merit" in outcome.values:
        stats["merit_found"] = outcome.values["merit"] / scale
    if "merit" in outcome.bounds:
        stats["merit_bound"] = outcome.bounds["merit"] / scale
    elif outcome.status == Status.OPTIMAL and "merit" in outcome.values:
        stats["merit_bound"] = outcome.values["merit"] / scale
    return outcome


def _holder_names(built: BuiltModel) -> dict[str, cp_model.IntVar]:
    """The variables of the holders of roles outside the selection, by 'role<TAB>id'."""
    return {
        f"{role}\t{ident}": var
        for role, held in built.ctx.outside.items()
        for ident, var in held.items()
    }


def outside_holders(values: dict[str, int], scenario: Scenario) -> dict[str, list[str]]:
    """The holders of each role outside the selection, from the values read by name."""
    holders: dict[str, list[str]] = {r.name: [] for r in scenario.role if not r.counted}
    for name, value in values.items():
        role, _, ident = name.partition("\t")
        if value and role in holders:
            holders[role].append(ident)
    return {role: sorted(ids) for role, ids in holders.items()}


def _read_roster(result: Result, selected: list[str]) -> None:
    report = check(result.pool, result.scenario, selected, outside=result.outside_holders)
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
    total = sum((exact_decimal(v) for v in values), Decimal(0))
    score = float(total)
    result.objective = {"score": score, "soft_shortfall": report.soft_shortfall}
    price = result.scenario.objective.seat_price
    if price is not None:  # what the merit level maximised: the score less the seats' price
        score = float(total - exact_decimal(price) * len(selected))
        result.objective["net_score"] = score
    held = [i for ids in result.outside_holders.values() for i in ids]
    if held:  # holders outside the selection: their merit is maximised with the members'
        table = result.pool.table
        scores: list[float | int | str] = list(table.loc[held, column]) if column else []
        extra = sum((exact_decimal(v) for v in scores), Decimal(0))
        result.objective["outside_holders_score"] = float(extra)
        score += float(extra)
    bound = result.stats.get("merit_bound")
    if result.status == Status.FEASIBLE and bound is not None:
        result.gap = (bound - score) / max(abs(bound), 1e-9)
    elif result.status == Status.OPTIMAL:
        result.gap = 0.0


def _infeasible(result: Result, conflict: Conflict, started: float) -> Result:
    """A result the arithmetic pre-checks proved infeasible (the conflict is named already)."""
    result.status = Status.INFEASIBLE
    result.conflict = conflict.rules
    result.conflict_reason = conflict.reason
    result.advice = list(conflict.advice)
    result.stats["conflict_minimal"] = conflict.minimal
    result.stats["diagnosed"] = False  # the smallest relaxation is still to find
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
    base = loaded.source.parent if loaded.source is not None else None
    geography = loaded.geography.anchored(base)
    pool = load_nominations(
        nominations, columns=loaded.columns, geography=geography, needs=needs_of(loaded)
    )
    return pool, loaded


def load_pool(scenario: ScenarioLike, nominations: NominationsLike | None = None) -> Pool:
    """The nominations ``scenario`` names (or ``nominations``), read as the scenario says.

    Unlike ``load_nominations(scenario.nominations_path())``, this applies the scenario's
    ``[columns]`` values, aliases, headings and separators, its ``[geography]`` and the
    columns its rules name, exactly as ``compose()`` and every command do.
    """
    return load_inputs(nominations, scenario)[0]


def compose(
    nominations: NominationsLike | None = None,
    scenario: ScenarioLike = None,
    options: SolveOptions | None = None,
    *,
    diagnose: bool = True,
    **option_values: Any,
) -> Result:
    """Load nominations and scenario (paths, DataFrames, dicts or objects) and solve.

    ``compose("scenarios/wgig-2004.toml")`` uses the pool the scenario names.  Keyword
    arguments (``time_limit``, ``workers``, ``seed``) override ``options``.  When no roster
    keeps every rule, the rules that conflict and the smallest fix are found in what is left
    of the time limit (``diagnose=False`` skips that).
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
    started = time.monotonic()
    result = solve(pool, loaded, options)
    if diagnose:
        diagnose_result(result, options.time_limit - (time.monotonic() - started))
    return result


def _looks_like_scenario(value: Any) -> bool:
    return (
        isinstance(value, Scenario)
        or (isinstance(value, str) and value.strip().endswith(".toml"))
        or (hasattr(value, "suffix") and str(value).endswith(".toml"))
    )
