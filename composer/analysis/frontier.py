"""The exact Pareto front between two criteria, by the epsilon-constraint method on CP-SAT.

Every point is one ``solve()`` call with an ``extend`` hook.  The hook adds the
epsilon constraint on ``x`` ("at least as good as e"), maximises ``y`` itself (so the gap of
that stage is known), holds ``y`` at the value found and hands ``x`` to ``solve`` as a lead
objective; ``solve`` then optimises ``x`` with ``y`` held, breaks the remaining ties (least soft
shortfall, most merit, fixed priorities) and re-checks the roster with the independent checker.
So every proven point is non-dominated, and the same inputs give the same rosters.

The two ends come first: the best ``y`` (then the best ``x`` for it) and the best ``x`` (then
the best ``y`` for it).  Between them, ``points - 2`` epsilons are spread evenly over ``x`` and
solved from the loosest to the tightest; a proven point that already keeps the next bound
answers it without a solve.  With ``points=None`` the method
walks instead: each step asks for ``x`` strictly better than the last point's, which finds
every non-dominated point.
"""

from __future__ import annotations

import html
import time
from dataclasses import dataclass, field, replace
from fractions import Fraction
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from composer.analysis.criteria import Criterion, ModelTerm, Stage, dominates, parse_criterion
from composer.engine.build import BuiltModel
from composer.engine.objective import penalty_expression
from composer.engine.progress import Reporter, choose_processes, progress_bar, run_tasks
from composer.engine.result import Result, Status
from composer.engine.solve import SolveOptions, solve
from composer.errors import EXIT_BAD_INPUT, EXIT_TIMEOUT, FrontierError, Problem
from composer.inputs.nominations import NominationsLike, Pool, load_nominations
from composer.rules.bind import bind
from composer.rules.scenario import Scenario, ScenarioLike, load_scenario

#: The share of a point's time limit the first stage may use; the rest is for the other two.
FIRST_STAGE_SHARE = 0.8
#: Solve the epsilons from the loosest to the tightest (in one process), so a point that keeps
#: the next bound answers it without a solve; the other order starts each solve from a roster
#: that keeps its bound.  Chosen by measurement (docs/benchmarks-tradeoffs.md).
LOOSE_FIRST = True


@dataclass
class FrontierPoint:
    """One point of the front: both criteria, how sure it is, and the roster with its Result."""

    x: Fraction
    y: Fraction
    status: Status  # optimal: y proven best at this epsilon and x proven best for that y
    gap: float | None  # relative gap of y (the criterion optimised first); 0 when proven
    selected: list[str]
    result: Result
    epsilon: Fraction | None = None  # the bound on x that produced it (None at the two ends)
    seconds: float = 0.0


@dataclass(frozen=True)
class Skipped:
    """An epsilon that gave no roster (time limit, or no roster keeps the bound)."""

    epsilon: Fraction
    status: Status
    reason: str


@dataclass(frozen=True)
class _Task:
    first: Literal["x", "y"]  # the criterion optimised first
    epsilon: Fraction | None = None  # x at least as good as this
    strict: bool = False  # x strictly better than epsilon


@dataclass(frozen=True)
class _Setup:
    pool: Pool
    scenario: Scenario
    x: Criterion
    y: Criterion
    options: SolveOptions
    hints: bool
    soft_cap: int | None = None  # the soft-rule shortfall held on every point (keep_soft)


@dataclass
class _Answer:
    task: _Task
    status: Status
    point: FrontierPoint | None = None
    reason: str = ""
    result: Result | None = None
    reused: bool = False  # the previous answer, which keeps this bound too


@dataclass
class _NoRoster(Exception):
    """Raised inside the hook to stop a solve whose epsilon has no roster."""

    status: Status


def _reusable(setup: _Setup, task: _Task, previous: _Answer | None) -> bool:
    """Whether the previous (looser) epsilon's proven point keeps this bound too: it is then
    the answer here (best y over a larger set, inside this one; the same final stage)."""
    if previous is None or previous.point is None or previous.point.status != Status.OPTIMAL:
        return False
    now, before, x = task.epsilon, previous.task.epsilon, setup.x
    if now is None or task.strict or "x" in (task.first, previous.task.first):
        return False
    looser = before is None or x.at_least_as_good(now, before)
    return looser and x.at_least_as_good(previous.point.x, now)


def _solve_task(setup: _Setup, task: _Task, previous: _Answer | None) -> _Answer:
    """Solve one point: epsilon on x, the first criterion, then the other through ``solve``."""
    if _reusable(setup, task, previous):
        assert previous is not None
        return replace(previous, task=task, reused=True)
    started = time.perf_counter()
    deadline = time.monotonic() + setup.options.time_limit
    first, second = (setup.y, setup.x) if task.first == "y" else (setup.x, setup.y)
    hint = set(previous.point.selected) if setup.hints and previous and previous.point else None
    stage: dict[str, Stage] = {"first": Stage(Status.UNKNOWN)}

    def extend(built: BuiltModel) -> None:
        terms: dict[str, ModelTerm] = {c.key: c.build(built) for c in (setup.x, setup.y)}
        if setup.soft_cap is not None:
            built.model.add(penalty_expression(built.ctx) <= setup.soft_cap)
        if task.epsilon is not None:
            terms[setup.x.key].require(task.epsilon, strict=task.strict)
        if hint is not None:
            for ident, var in built.x.items():
                built.model.add_hint(var, ident in hint)
        # most of the time to this stage, the rest to the next two (which start from its roster)
        seconds = FIRST_STAGE_SHARE * (deadline - time.monotonic())
        stage["first"] = outcome = terms[first.key].optimise(setup.options, seconds, built.x)
        if outcome.status in (Status.OPTIMAL, Status.FEASIBLE):
            built.lead_objectives.append((second.key, terms[second.key].objective))
        elif task.epsilon is not None:  # an end point lets solve() explain infeasibility
            raise _NoRoster(outcome.status)

    try:
        result = solve(setup.pool, setup.scenario, setup.options, extend=extend)
    except _NoRoster as stop:
        timed_out = stop.status == Status.UNKNOWN
        reason = "no roster within the time limit" if timed_out else "no roster keeps this bound"
        return _Answer(task, stop.status, reason=reason)
    if not result.ok:
        return _Answer(task, result.status, reason=result.conflict_reason, result=result)
    outcome = stage["first"]
    proven = outcome.status == Status.OPTIMAL and result.status == Status.OPTIMAL
    status = Status.OPTIMAL if proven else Status.FEASIBLE
    gap = 0.0 if outcome.status == Status.OPTIMAL else outcome.gap
    result.status, result.gap = status, gap if not proven else result.gap
    result.stats["frontier"] = {
        "first": first.key,
        "first_status": outcome.status.value,
        "epsilon": None if task.epsilon is None else str(task.epsilon),
    }
    point = FrontierPoint(
        x=setup.x.evaluate(setup.pool, result.scenario, result.selected),
        y=setup.y.evaluate(setup.pool, result.scenario, result.selected),
        status=status,
        gap=gap,
        selected=list(result.selected),
        result=result,
        epsilon=task.epsilon,
        seconds=round(time.perf_counter() - started, 4),
    )
    return _Answer(task, status, point=point)


def _solve_task_in_process(setup: _Setup, task: _Task, previous: _Answer | None) -> _Answer:
    """A point solved in a worker process, sent back without its copy of the pool."""
    answer = _solve_task(setup, task, previous)
    if answer.point is not None:
        answer.point.result = replace(answer.point.result, pool=Pool(pd.DataFrame()))
    return answer


# ---------------------------------------------------------------------------- the front


@dataclass
class Frontier:
    """The Pareto front between ``x`` and ``y``: non-dominated points, sorted by ``x``."""

    x: Criterion
    y: Criterion
    points: list[FrontierPoint]
    scenario: Scenario
    pool: Pool
    dominated: list[FrontierPoint] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    complete: bool = False  # proven: no other non-dominated (x, y) exists
    notes: list[str] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.points)

    @property
    def directions(self) -> dict[str, str]:
        """Each criterion's direction: ``{"size": "min", "score": "max"}``."""
        return {self.x.key: self.x.direction, self.y.key: self.y.direction}

    def best(self) -> FrontierPoint:
        """The point with the best ``y`` (the scenario's usual choice when ``y`` is the score)."""
        if not self.points:
            raise FrontierError("the front has no points", [Problem("no roster was found")])
        return max(self.points, key=lambda p: (self.y.sign * p.y, self.x.sign * p.x))

    def _row(self, p: FrontierPoint) -> dict[str, Any]:
        return {
            self.x.key: self.x.display(p.x),
            self.y.key: self.y.display(p.y),
            "status": p.status.value,
            "gap": p.gap,
            "soft_shortfall": p.result.objective.get("soft_shortfall"),
            "selected": sorted(p.selected),
        }

    def frame(self) -> pd.DataFrame:
        """One row per point: both criteria (exact values as numbers), status, gap, roster."""
        columns = [self.x.key, self.y.key, "status", "gap", "members", "soft_shortfall"]
        rows = [{**self._row(p), "members": len(p.selected)} for p in self.points]
        return pd.DataFrame(rows, columns=[*columns, "selected"])

    def to_sheet(self) -> pd.DataFrame:
        """The front as a worksheet table, in words (shares in per cent, ids joined by '; ')."""
        best = self.best() if self.points else None
        rows = [
            {
                "Point": k,
                self.x.label: self.x.shown(p.x),
                self.y.label: self.y.shown(p.y),
                "Status": p.status.value,
                "Gap": p.gap,
                "Members": len(p.selected),
                "Soft-rule shortfall": p.result.objective.get("soft_shortfall"),
                "Chosen": "yes" if p is best else "",
                "Member ids": "; ".join(p.selected),
            }
            for k, p in enumerate(self.points, start=1)
        ]
        return pd.DataFrame(rows)

    def to_dict(self) -> dict[str, Any]:
        """The front in the JSON contract: both criteria per point, non-dominated points only."""
        skipped = [
            {"epsilon": float(s.epsilon), "status": s.status.value, "reason": s.reason}
            for s in self.skipped
        ]
        return {
            "x": self.x.key,
            "y": self.y.key,
            "directions": self.directions,
            "scenario": self.scenario.name,
            "complete": self.complete,
            "points": [self._row(p) for p in self.points],
            "skipped": skipped,
            "notes": self.notes,
            "stats": self.stats,
        }

    def to_json(self, path: str | Path | None = None, *, force: bool = False) -> str:
        """The front as JSON text; written to ``path`` (atomically) when one is given."""
        from composer.files import json_text

        return json_text(self.to_dict(), Path(path) if path is not None else None, force=force)

    def summary(self) -> str:
        """One line: how many points, between what, and whether the front is complete."""
        whole = "a selection of the front"
        if self.complete:
            whole = "complete (no other trade-off exists)"
        return (
            f"{len(self.points)} point(s) on the front of {self.x.key} ({self.x.goal}) "
            f"against {self.y.key} ({self.y.goal}), {whole}"
        )

    def _repr_html_(self) -> str:
        parts = [f"<h4>{html.escape(self.scenario.name)}: trade-offs</h4>"]
        parts.append(f"<p>{html.escape(self.summary())}</p>")
        parts += [f"<p><i>{html.escape(note)}</i></p>" for note in self.notes]
        frame = self.frame().drop(columns=["selected"])
        parts.append(frame.to_html(index=False))
        return "".join(parts)

    def __repr__(self) -> str:
        return f"Frontier({self.x.key!r} vs {self.y.key!r}, {len(self.points)} points)"


def frontier(
    pool: Pool | NominationsLike,
    scenario: ScenarioLike,
    x: str = "size",
    y: str = "score",
    points: int | None = 20,
    options: SolveOptions | None = None,
    progress: bool = True,
    *,
    processes: int | None = None,
    hints: bool = False,
    keep_soft: bool = True,
) -> Frontier:
    """The exact Pareto front between criteria ``x`` and ``y`` (see module docs for the method).

    ``points`` is the most points to compute (the two ends and evenly spread epsilons between);
    when ``x`` moves in whole steps and the range holds no more than ``points`` values, that is
    every value and the front is complete.  ``points=None`` finds every non-dominated point.
    ``options.time_limit`` applies to each point; a point cut short is ``feasible`` with its gap.
    ``processes`` (default: chosen from the time the two ends took) runs points in parallel;
    ``hints`` starts each point from the previous roster (measured: no faster, so off by
    default).  ``keep_soft`` holds the soft rules' shortfall at the scenario's least on every
    point (False: the criteria may trade it).  Ctrl-C returns the points so far.

    Example: ``composer.frontier(pool, "scenarios/wgig-2004.toml", x="size", y="score")``.
    """
    if points is not None and (isinstance(points, bool) or points < 2):
        raise FrontierError(
            f"a front needs at least 2 points, not {points}",
            [Problem("too few points asked for", fix="ask for 2 or more (20 is usual)")],
            exit_code=EXIT_BAD_INPUT,
            code="bad_points",
        )
    loaded_pool = pool if isinstance(pool, Pool) else load_nominations(pool)
    loaded = load_scenario(scenario)
    bound = bind(loaded, loaded_pool)
    xc = parse_criterion(x, loaded_pool, bound)
    yc = parse_criterion(y, loaded_pool, bound)
    if xc.key == yc.key:
        raise FrontierError(
            f"x and y are both '{xc.key}'",
            [Problem("a trade-off needs two different criteria", fix="change --x or --y")],
            exit_code=EXIT_BAD_INPUT,
            code="bad_criterion",
        )
    setup = _Setup(loaded_pool, loaded, xc, yc, options or SolveOptions(), hints)
    started, notes = time.perf_counter(), []
    if keep_soft and any(b.soft for b in bound.bounds()) and "shortfall" not in (xc.kind, yc.kind):
        plain = solve(loaded_pool, loaded, setup.options)  # the scenario's own roster
        if not plain.ok:
            raise _no_front(_Answer(_Task("y"), plain.status, result=plain))
        setup = replace(setup, soft_cap=int(plain.objective["soft_shortfall"]))
        notes.append(
            f"soft rules held at the scenario's least weighted shortfall ({setup.soft_cap}) "
            "on every point; keep_soft=False (--trade-soft) lets the criteria trade it"
        )
    bar = progress_bar(f"Front {xc.key} vs {yc.key}", points, progress)
    try:
        front = _compute(setup, bound, points, processes, bar)
    finally:
        bar.close()
    front.notes[:0] = notes
    front.stats["seconds"] = round(time.perf_counter() - started, 4)
    return front


def _compute(
    setup: _Setup, bound: Scenario, points: int | None, processes: int | None, bar: Reporter
) -> Frontier:
    front = Frontier(setup.x, setup.y, [], bound, setup.pool)
    ends = run_tasks(_solve_task, setup, [_Task("y"), _Task("x")], bar=bar)
    top, corner = ends.answers
    if ends.interrupted and (top is None or top.point is None):
        front.notes += ends.notes
        return front
    assert top is not None
    if top.point is None:
        raise _no_front(top)
    answers: list[_Answer] = [top]
    if corner is None or corner.point is None:
        front.notes += ends.notes or ["the best-x end found no roster within the time limit"]
        return _assemble(front, answers, [])
    answers.append(corner)
    if points is None:
        walked, notes = _walk(setup, top, corner, bar)
        front.notes += notes
        return _assemble(front, answers + walked, [])
    bounds = setup.x.epsilons(top.point.x, corner.point.x, points, setup.pool)
    tasks = [_Task("y", epsilon=e) for e in (reversed(bounds) if LOOSE_FIRST else bounds)]
    bar.resize(2 + len(tasks))
    seconds = (top.point.seconds + corner.point.seconds) / 2
    chosen = processes or choose_processes(len(tasks), setup.options.workers, seconds)
    worker = _solve_task if chosen == 1 else _solve_task_in_process
    run = run_tasks(worker, setup, tasks, processes=chosen, bar=bar)
    front.notes += run.notes
    solves = 2 + sum(a is not None and not a.reused for a in run.answers)
    front.stats.update({"processes": run.processes, "solves": solves})
    finished = [a for a in run.answers if a is not None]
    for answer in finished:
        if answer.point is not None:
            answer.point.result = replace(answer.point.result, pool=setup.pool)
    unfinished = [t for t, a in zip(tasks, run.answers, strict=True) if a is None]
    return _assemble(front, answers + finished, unfinished)


def _no_front(answer: _Answer) -> FrontierError:
    result = answer.result
    if answer.status == Status.UNKNOWN or result is None:
        return FrontierError(
            "the time limit came before any roster was found, so there is no front",
            [Problem("no roster within the time limit", fix="raise --time-limit (time_limit=)")],
            exit_code=EXIT_TIMEOUT,
        )
    problems = [Problem(f"rule: {n}", fix="relax one of these rules") for n in result.conflict]
    problems += [Problem(advice) for advice in result.advice]
    return FrontierError(
        "no roster keeps every hard rule of the scenario, so there is no front: "
        + (result.conflict_reason or "the rules cannot all hold together"),
        problems,
    )


def _walk(
    setup: _Setup, top: _Answer, corner: _Answer, bar: Reporter
) -> tuple[list[_Answer], list[str]]:
    """Every non-dominated point: x strictly better than the last point, until the x end."""
    assert top.point is not None and corner.point is not None
    xc, last = setup.x, top
    walked: list[_Answer] = []
    while last.point is not None and xc.better(corner.point.x, last.point.x):
        try:
            answer = _solve_task(setup, _Task("y", last.point.x, strict=True), last)
        except KeyboardInterrupt:
            return walked, [f"interrupted after {len(walked)} steps of the walk"]
        bar.advance()
        walked.append(answer)
        if answer.point is None or answer.point.x == corner.point.x:
            break
        last = answer
    return walked, []


def _assemble(front: Frontier, answers: list[_Answer], unfinished: list[_Task]) -> Frontier:
    found: dict[tuple[Fraction, Fraction], FrontierPoint] = {}
    for answer in answers:
        point = answer.point
        if point is None:
            epsilon = answer.task.epsilon if answer.task.epsilon is not None else Fraction(0)
            front.skipped.append(Skipped(epsilon, answer.status, answer.reason))
            continue
        key = (point.x, point.y)
        if key not in found or (
            found[key].status != Status.OPTIMAL and point.status == Status.OPTIMAL
        ):
            found[key] = point
    candidates = list(found.values())
    for point in candidates:
        if any(dominates(front.x, front.y, (o.x, o.y), (point.x, point.y)) for o in candidates):
            front.dominated.append(point)
        else:
            front.points.append(point)
    front.points.sort(key=lambda p: (p.x, p.y))
    front.complete = _is_complete(front, answers, unfinished)
    if front.skipped:
        front.notes.append(
            f"{len(front.skipped)} epsilon(s) gave no roster (see skipped); "
            "raise the time limit to fill them"
        )
    return front


def _is_complete(front: Frontier, answers: list[_Answer], unfinished: list[_Task]) -> bool:
    """Whether the solved epsilons leave no room for another non-dominated point.

    A proven point found for ``x >= e`` rules out every other point with ``x`` between ``e``
    and its own ``x`` (it would be dominated); a strict step rules out the open interval too.
    The front is complete when what is left between the two ends can hold no value of ``x``.
    """
    if unfinished or front.skipped or front.dominated or len(answers) < 2:
        return False
    if any(a.point is None or a.point.status != Status.OPTIMAL for a in answers):
        return False
    xc, pool = front.x, front.pool
    top, corner = answers[0].point, answers[1].point
    assert top is not None and corner is not None
    covered: list[tuple[Fraction, Fraction, bool]] = []
    for answer in answers[2:]:
        assert answer.point is not None and answer.task.epsilon is not None
        start = xc.sign * answer.task.epsilon
        covered.append((start, xc.sign * answer.point.x, answer.task.strict))
    reach = xc.sign * top.x
    largest = front.scenario.size.max or len(pool)
    for start, stop, strict in sorted(covered):  # goodness: larger is better
        room = xc.room_between(xc.sign * reach, xc.sign * start, pool, largest)
        if start > reach and (strict or room):
            return False  # a strict step leaves its own start uncovered
        reach = max(reach, stop)
    return not xc.room_between(xc.sign * reach, corner.x, pool, largest)
