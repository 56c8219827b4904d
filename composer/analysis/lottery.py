"""Fair, verifiable selection by lot: :func:`lottery`.

Among the rosters that keep every hard rule (soft shortfall held at its least, score within
the merit band of the optimum), find a probability distribution that gives the nominees the
best chances it can (maximin, leximin or Nash), then draw one roster from it with a published
seed.  See docs/lottery.md for what the numbers mean and how anyone can redo the draw.

Determinism: the pool is sorted by id first, the pricing solves use one CP-SAT worker, the
LP is GLOP (deterministic), columns are added in the order they are found, and the
published probabilities are rounded to whole units of 10**-9 (``lottery_draw``).  The same
inputs and seed give the same distribution and draw whatever the file's row order.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

from composer.analysis.lottery_draw import check_seed, draw, probabilities, round_distribution
from composer.analysis.lottery_lp import Progress, cover, leximin, maximin, nash
from composer.analysis.lottery_result import METHODS, Lottery
from composer.analysis.lottery_roles import drawn_turn, role_probabilities, spread_holders
from composer.analysis.lottery_space import NoRoster, Space, build_space, parse_band, sorted_pool
from composer.analysis.lottery_walk import walk_leximin
from composer.engine.check import CheckReport
from composer.engine.result import Result, Status
from composer.engine.solve import SolveOptions, load_inputs, solve
from composer.errors import CheckFailedError, ComposerError, Problem, suggest
from composer.inputs.nominations import NominationsLike, Pool
from composer.rules.scenario import Scenario, ScenarioLike, load_scenario


def check_method(method: str) -> str:
    """The method, or a clear error naming the ones there are."""
    if method in METHODS:
        return method
    hint = suggest(str(method), METHODS)
    return _raise(
        f"lottery: unknown method '{method}'",
        f"use one of: {', '.join(METHODS)}" + (f" (did you mean '{hint}'?)" if hint else ""),
        "method",
        "bad_method",
    )


def _raise(summary: str, fix: str, key: str, code: str) -> str:
    raise ComposerError(
        summary, [Problem(summary.removeprefix("lottery: "), fix=fix, key=key)], code=code
    )


def _inputs(nominations: NominationsLike | None, scenario: ScenarioLike) -> tuple[Pool, Scenario]:
    if isinstance(nominations, Pool):
        return nominations, load_scenario(scenario)
    return load_inputs(nominations, scenario)


def _run_record(pool: Pool, scenario: Scenario, options: dict[str, Any]) -> dict[str, Any]:
    import platform
    from importlib.metadata import version

    return {
        "composer": version("composer"),
        "ortools": version("ortools"),
        "python": platform.python_version(),
        "nominations": pool.source,
        "nominations_sha256": pool.sha256,
        "scenario_sha256": scenario.sha256,
        "options": options,
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def lottery(
    nominations: NominationsLike | None = None,
    scenario: ScenarioLike = None,
    *,
    method: str = "maximin",
    band: float | str | None = None,
    seed: str | None = None,
    time_limit: float = 300.0,
) -> Lottery:
    """A fair lottery over the rosters that keep the rules, and the roster ``seed`` draws.

    ``method``: ``"maximin"`` (the least chance as large as possible), ``"leximin"`` (then the
    next least, and so on) or ``"nash"`` (the product of the chances).  ``band``: with a
    score column, rosters may score this much below the optimum: points (``3``) or percent
    of it (``"2%"``); default 0 (only rosters of the best score).  ``seed``: the published
    text the draw is made from (no draw without one).  ``time_limit``: seconds in all; when
    it runs out, the best distribution found so far is returned with its guarantee.

    Example::

        lot = composer.lottery("scenarios/wgig-2004.toml", method="leximin", band="2%",
                               seed="2026-12-03 national lottery 4 17 23 38 45")
        lot.min_probability, lot.selected, lot.to_json("lottery.json")
    """
    if scenario is None and nominations is not None and not isinstance(nominations, Pool):
        nominations, scenario = None, nominations
    check_method(method)
    parsed = parse_band(band)
    if seed is not None:
        check_seed(seed)
    started = time.perf_counter()
    deadline = time.monotonic() + time_limit
    pool, loaded = _inputs(nominations, scenario)
    pool = sorted_pool(pool)
    options = {"method": method, "band": parsed.text, "seed": seed, "time_limit": time_limit}
    run = _run_record(pool, loaded, options)
    base = Lottery(Status.UNKNOWN, method, parsed.text, seed or "", pool, loaded, run=run)
    try:
        space = build_space(pool, loaded, parsed, deadline)
    except NoRoster as stop:
        return _no_roster(base, stop.status, loaded, deadline, started)
    base.scenario = space.scenario
    progress = Progress()
    agents = cover(space, deadline, progress)
    lp_started = time.perf_counter()
    pricing_before = space.seconds
    if method == "nash":
        nash(space, agents, deadline, progress)
    elif walk_leximin(space, agents, deadline, progress):  # a leximin lottery is maximin too
        progress.levels = progress.levels[: 1 if method == "maximin" else None]
    elif method == "maximin":
        maximin(space, agents, deadline, progress)
    else:
        leximin(space, agents, deadline, progress)
    base.stats["column_generation_seconds"] = round(time.perf_counter() - lp_started, 4)
    base.stats["pricing_seconds_in_column_generation"] = round(space.seconds - pricing_before, 4)
    return _finish(base, space, progress, started)


def _no_roster(
    base: Lottery, status: Status, loaded: Scenario, deadline: float, started: float
) -> Lottery:
    """No eligible roster: the usual conflict and advice, or 'time limit' (no roster found)."""
    if status == Status.INFEASIBLE:
        remaining = max(5.0, deadline - time.monotonic())
        result = solve(base.pool, loaded, SolveOptions(time_limit=remaining))
        result.diagnose(max(0.5, deadline - time.monotonic()))  # the rules that clash
        base.result = result
        base.scenario = result.scenario
        base.status = result.status if result.status != Status.OPTIMAL else Status.INFEASIBLE
    else:
        base.status = Status.UNKNOWN
        base.notes.append("the time limit came before any roster was found")
    base.stats["seconds"] = round(time.perf_counter() - started, 4)
    return base


def _verify(space: Space, roster: tuple[str, ...]) -> tuple[CheckReport, float | None]:
    """The independent checker's report on a roster of the support, and its score."""
    verdict = space.verify(roster)
    if verdict.problems:
        raise CheckFailedError(
            "a roster of the lottery breaks its rules (a bug in composer; please report it "
            "with the input files)",
            verdict.problems,
        )
    return verdict.report, verdict.score


def _finish(base: Lottery, space: Space, progress: Progress, started: float) -> Lottery:
    base.distribution = round_distribution(progress.columns, progress.weights)
    base.probabilities = probabilities(base.distribution, space.ids)
    verified = [_verify(space, roster) for roster, _ in base.distribution]
    base.checks = [report for report, _ in verified]
    base.scores = [score for _, score in verified]
    base.turns = spread_holders(
        space.pool, space.scenario, base.distribution, base.checks, space.rows
    )
    base.role_probabilities = role_probabilities(space.scenario, base.turns, space.ids)
    base.unreachable = list(progress.unreachable)
    base.undecided = list(progress.undecided)
    base.levels = progress.levels
    base.nash_gap = progress.nash_gap
    first = progress.levels[0] if progress.levels else {}
    base.bound = float(first["bound"]) if "bound" in first else None
    base.soft_shortfall = space.soft_shortfall
    base.best_score = float(space.best_score) if space.best_score is not None else None
    base.score_floor = float(space.score_floor) if space.score_floor is not None else None
    base.notes += space.notes
    complete = progress.complete and not progress.undecided
    base.status = Status.OPTIMAL if complete else Status.FEASIBLE
    if not complete:
        base.notes.append(
            "the time limit came before the lottery was proven fair: this is the best "
            "distribution found, and 'bound' says how much higher the least chance could be"
        )
    if progress.undecided:
        base.notes.append(
            f"{len(progress.undecided)} nominee(s) were not yet found in any eligible roster "
            "when the time ran out; their chance is 0 here"
        )
    if base.unreachable:
        base.notes.append(
            f"{len(base.unreachable)} nominee(s) are in no roster that keeps the rules "
            "(within the band): their chance is 0"
        )
    if base.seed:
        base.drawn, base.ticket = draw(base.distribution, base.seed)
        roster = base.distribution[base.drawn][0]
        report = base.checks[base.drawn]
        score = base.scores[base.drawn]
        base.drawn_turn = drawn_turn(base.distribution, base.turns, base.drawn, base.ticket)
        base.result = Result(
            Status.FEASIBLE,
            space.pool,
            space.scenario,
            selected=list(roster),
            report=report,
            objective={"score": score or 0.0, "soft_shortfall": report.soft_shortfall},
            run=base.run,
        )
        if base.drawn_turn is not None:  # the holders drawn with the roster, checked
            turn = base.turns[base.drawn][base.drawn_turn]
            roles = space.scenario.role
            base.result.report = turn.report
            base.result.member_holders = {r.name: turn.holders[r.name] for r in roles if r.counted}
            base.result.outside_holders = {
                r.name: turn.holders[r.name] for r in roles if not r.counted
            }
    base.stats.update(
        {
            "seconds": round(time.perf_counter() - started, 4),
            "pricing_solves": space.solves,
            "pricing_seconds": round(space.seconds, 4),
            "pricing_rounds": progress.pricing_rounds,
            "local_search_rounds": progress.local_rounds,
            "local_search_columns": progress.local_columns,
            "local_search_rejected": progress.rejected,
            "columns": len(progress.columns),
            "support": len(base.distribution),
            "holder_turns": sum(len(turns) for turns in base.turns),
            "levels": len(progress.levels),
            "classes": progress.classes,
            "relaxation_walk": progress.walked,
            "reachable": len(space.ids) - len(base.unreachable) - len(base.undecided),
        }
    )
    return base
