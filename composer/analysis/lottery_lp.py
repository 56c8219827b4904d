"""Column generation for fair lotteries: maximin, leximin and Nash over eligible rosters.

The master problem is a linear programme over the rosters found so far (GLOP, OR-Tools' own
LP solver): a weight ``q_S >= 0`` per roster, summing to 1, so nominee ``i`` is selected with
probability ``p_i = sum(q_S for S holding i)``.  Maximin maximises ``z`` with ``p_i >= z`` for
every reachable nominee.  Its dual gives a weight ``y_i >= 0`` per nominee (summing to 1),
and for *any* such weights no distribution can give everyone more than
``max_S y(S)``, the heaviest eligible roster; CP-SAT finds that roster (pricing).  A heavier
roster than the LP's own value joins the master; otherwise the bound proves the LP optimal
over every eligible roster.  Leximin repeats this level by level: nominees whose dual weight
is positive at the optimum cannot get more than ``z`` in any maximin distribution, so they
are fixed at ``z`` and the rest maximised again.  Nash maximises ``sum(log p_i)`` by
Frank-Wolfe steps: price the gradient ``1/p_i``, then re-weight the rosters found.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from ortools.linear_solver import pywraplp

from composer.analysis.lottery_classes import chunks, class_counts, interchangeable, unroll
from composer.analysis.lottery_space import Space
from composer.analysis.lottery_swap import Swaps, improve, read

#: Dual weights above this (after normalising to sum 1) fix a nominee at the level's value.
FIX_TOLERANCE = 1e-7
#: A level is solved when the proven bound is within this of the LP's value...
LEVEL_TOLERANCE = 1e-7
#: ... or within this fraction of it (the least chance proven to 0.001% of the best).
RELATIVE_GAP = 1e-5
#: Deterministic-time cap of the quick pricing search tried before a full proof.
QUICK_EFFORT = 0.05
#: Weight of the best-bound dual point in the smoothed pricing weights (0: no smoothing).
SMOOTHING = 0.7
#: Rosters of the current lottery the local search starts from each round (the heaviest).
LOCAL_STARTS = 8
#: GLOP's parameters for the master: no presolve, so a re-solve starts from the last basis;
#: no scaling (the coefficients are shares of at most 1 already), which keeps that basis
#: useful as columns arrive (maximin at 2,000 / 200: LP 70 s -> 12 s, whole lottery 107 s -> 43 s)
GLOP_PARAMETERS = "use_preprocessing:false,use_scaling:false"
#: Fixed nominees are held at their level's value minus this (floating point slack).
HOLD_SLACK = 1e-9


@dataclass
class Progress:
    """What the column generation found and proved."""

    columns: list[tuple[str, ...]] = field(default_factory=list)
    weights: list[float] = field(default_factory=list)  # q_S, one per column
    unreachable: list[str] = field(default_factory=list)
    undecided: list[str] = field(default_factory=list)  # reachability unknown (time limit)
    bound: float = math.inf  # no distribution's smallest probability exceeds this (maximin)
    levels: list[dict[str, float | int]] = field(default_factory=list)
    nash_gap: float | None = None
    complete: bool = True
    pricing_rounds: int = 0
    local_rounds: int = 0  # rounds whose new rosters all came from the local search
    local_columns: int = 0
    rejected: int = 0  # rosters of the local search the independent checker refused
    classes: int = 0  # rows of the master: classes of interchangeable nominees
    walked: bool = False  # leximin reached by the walk from the LP relaxation


def cover(space: Space, deadline: float, progress: Progress) -> list[str]:
    """Rosters that between them hold every reachable nominee; returns the reachable ids.

    Each solve maximises the number of nominees not yet held; once the best roster holds
    none of them (proven), those left are unreachable: no eligible roster holds them.
    """
    left = list(space.ids)
    seen: set[tuple[str, ...]] = set()
    while left:
        if time.monotonic() >= deadline:
            progress.undecided = left
            progress.complete = False
            break
        priced = space.price(dict.fromkeys(left, 1.0), deadline)
        if priced.roster is None:
            progress.undecided = left
            progress.complete = False
            break
        if priced.roster not in seen and priced.value >= 1:
            seen.add(priced.roster)
            progress.columns.append(priced.roster)
        if priced.bound < 1:
            progress.unreachable = left
            break
        if priced.value < 1:  # not proven either way, and no progress: stop here
            progress.undecided = left
            progress.complete = False
            break
        held = set(priced.roster)
        left = [i for i in left if i not in held]
    unsure = set(progress.unreachable) | set(progress.undecided)
    return [i for i in space.ids if i not in unsure]


class Master:
    """The master LP: maximise ``z`` with ``p_c >= z`` (open) or ``p_c >= f_c`` (fixed).

    One row per class of interchangeable nominees (``classes``; each nominee its own class
    when none are given): ``p_c`` is the chance of each member of class ``c`` when the
    members take turns, ``sum(q_S * k_S(c)) / n_c`` for a roster ``S`` holding ``k_S(c)``
    of its ``n_c`` members.  Rosters with the same counts per class are one column.  Seen
    from outside everything is per nominee: :attr:`open`, :attr:`fixed`, :meth:`fix` and the
    duals of :meth:`solve` (a class's dual shared equally among its members).
    """

    def __init__(
        self,
        agents: list[str],
        swaps: Swaps | None = None,
        classes: Sequence[Sequence[str]] | None = None,
    ) -> None:
        self.agents = agents
        self.swaps = swaps  # the local search, when the model allows one
        wanted = set(agents)
        groups = [tuple(i for i in c if i in wanted) for c in classes or []]
        groups = [g for g in groups if g]
        held = {i for g in groups for i in g}
        self.groups: list[tuple[str, ...]] = groups + [(i,) for i in agents if i not in held]
        self.group_of = {i: k for k, g in enumerate(self.groups) for i in g}
        self.fixed: dict[str, float] = {}
        self.rosters: list[tuple[str, ...]] = []
        self.known: set[tuple[tuple[int, int], ...]] = set()
        self._build()

    @property
    def aggregated(self) -> bool:
        """Whether some class has more than one member (rows are then fewer than nominees)."""
        return len(self.groups) < len(self.agents)

    def _build(self) -> None:
        """(Re)create the LP from the classes, the fixed levels and the columns."""
        solver = pywraplp.Solver.CreateSolver("GLOP")
        assert solver is not None, "OR-Tools ships GLOP"
        # without presolve GLOP keeps its basis when columns are added, so each round's
        # solve starts from the last optimum (about ten times faster on large pools)
        solver.SetSolverSpecificParametersAsString(GLOP_PARAMETERS)
        self.solver = solver
        self.z = solver.NumVar(0.0, 1.0, "z")
        self.total = solver.Constraint(1.0, 1.0, "sum q")
        self.rows: list[pywraplp.Constraint] = []
        for k, group in enumerate(self.groups):
            row = solver.Constraint(0.0, solver.infinity(), f"p[{k}]")
            if group[0] in self.fixed:
                row.SetLb(max(0.0, self.fixed[group[0]] - HOLD_SLACK))
            else:
                row.SetCoefficient(self.z, -1.0)
            self.rows.append(row)
        self.q: list[pywraplp.Variable] = []
        for roster in self.rosters:
            self._column(self.pattern(roster))
        objective = solver.Objective()
        objective.SetCoefficient(self.z, 1.0)
        objective.SetMaximization()

    def pattern(self, roster: tuple[str, ...]) -> tuple[tuple[int, int], ...]:
        """A roster's count per class (classes it holds none of left out)."""
        return tuple(sorted(class_counts(roster, self.group_of).items()))

    def _column(self, pattern: tuple[tuple[int, int], ...]) -> None:
        var = self.solver.NumVar(0.0, self.solver.infinity(), f"q{len(self.q)}")
        self.total.SetCoefficient(var, 1.0)
        for group, count in pattern:
            self.rows[group].SetCoefficient(var, count / len(self.groups[group]))
        self.q.append(var)

    def has(self, roster: tuple[str, ...]) -> bool:
        """Whether a roster with the same counts per class is a column already."""
        return self.pattern(roster) in self.known

    def add(self, roster: tuple[str, ...]) -> bool:
        """Add a roster as a column (False if one with its counts is already there)."""
        pattern = self.pattern(roster)
        if pattern in self.known:
            return False
        self.known.add(pattern)
        self.rosters.append(roster)
        self._column(pattern)
        return True

    def fix(self, ident: str, value: float) -> None:
        """Hold nominee ``ident`` (and its class) at probability ``value`` or more from now on."""
        group = self.group_of[ident]
        row = self.rows[group]
        row.SetCoefficient(self.z, 0.0)
        row.SetLb(max(0.0, value - HOLD_SLACK))
        for member in self.groups[group]:
            self.fixed[member] = value

    @property
    def open(self) -> list[str]:
        """Nominees not fixed yet."""
        return [i for g in self.groups for i in g if i not in self.fixed]

    def size(self, ident: str) -> int:
        """How many nominees share ``ident``'s class."""
        return len(self.groups[self.group_of[ident]])

    def solve(self) -> tuple[float, dict[str, float], list[float]]:
        """The LP's value ``z``, the dual weight per nominee (>= 0) and the column weights."""
        code = self.solver.Solve()
        if code != pywraplp.Solver.OPTIMAL:  # numerical trouble: solve again from scratch
            self._build()
            code = self.solver.Solve()
        if code != pywraplp.Solver.OPTIMAL:
            raise ArithmeticError(f"the master LP ended with status {code}")
        duals: dict[str, float] = {}
        for group, row in zip(self.groups, self.rows, strict=True):
            share = max(0.0, -row.dual_value()) / len(group)
            duals.update(dict.fromkeys(group, share))
        return self.z.solution_value(), duals, [max(0.0, v.solution_value()) for v in self.q]


def _weight(roster: tuple[str, ...], y: dict[str, float]) -> float:
    return math.fsum(y.get(i, 0.0) for i in roster)


def _improving(rosters: list[tuple[str, ...]], y: dict[str, float], above: float) -> bool:
    """Whether some roster weighs more than ``above`` (plus the tolerance)."""
    limit = above + LEVEL_TOLERANCE / 10
    return any(_weight(r, y) > limit for r in rosters)


def _mix(center: dict[str, float], y: dict[str, float], alpha: float) -> dict[str, float]:
    """The smoothed dual point ``alpha * center + (1 - alpha) * y`` (still sums to 1)."""
    return {i: alpha * center.get(i, 0.0) + (1 - alpha) * w for i, w in y.items()}


def _level(space: Space, master: Master, deadline: float, progress: Progress) -> dict[str, float]:
    """Maximise the least probability of the open nominees; return the final duals.

    Pricing uses dual smoothing (Wentges): the weights priced are a mix of the LP's duals
    and the *centre*, the dual point with the best bound so far.  Any weights that sum to 1
    over the open nominees give a valid bound, so the bound stays proven; smoothing only
    damps the duals' oscillation, which cuts the number of rounds several times over.  When
    the smoothed weights find no roster that improves the LP (a mispricing), the next round
    prices the LP's own duals, so the loop ends only on a proof or the time limit.
    """
    # uniform weights over the open nominees already prove a bound: no roster holds more
    # than size_max of them, so no distribution gives each more than size_max / open
    opened = len(master.open)
    best_bound = min(1.0, space.size_max / opened) if opened else math.inf
    # ... so they are the first centre: smoothing works from the first round, even on pools
    # so large that no quick search proves a better bound for a long time
    center: dict[str, float] | None = dict.fromkeys(master.open, 1.0 / opened) if opened else None
    alpha = SMOOTHING
    while True:
        z, duals, weights = master.solve()
        open_ids = master.open
        total = math.fsum(duals[i] for i in open_ids)
        if total <= 0:  # z is at its upper bound 1: every open nominee is in every roster
            best_bound = z
            break
        tolerance = max(LEVEL_TOLERANCE, RELATIVE_GAP * z)
        if best_bound - z <= tolerance:
            break
        y = {i: d / total for i, d in duals.items()}
        if time.monotonic() >= deadline:
            progress.complete = False
            break
        point = y if center is None or alpha <= 0 else _mix(center, y, alpha)
        held = math.fsum(y[i] * f for i, f in master.fixed.items())
        local = master.swaps is not None and _local(
            space, master, point, y, weights, held + z, progress
        )
        priced = space.price(point, deadline, QUICK_EFFORT)
        if not local and not _improving(priced.found, y, held + z) and not priced.proven:
            # nothing better found quickly: search on, until proven within the tolerance
            priced = space.price(point, deadline, gap=tolerance / 2)
        progress.pricing_rounds += 1
        if priced.roster is None:
            progress.complete = False
            break
        point_held = math.fsum(point[i] * f for i, f in master.fixed.items())
        if priced.bound - point_held < best_bound:
            best_bound, center = priced.bound - point_held, point
        added = 0
        for roster in priced.found:  # the optimum last; each roster that beats z is a column
            if _weight(roster, y) - held > z + LEVEL_TOLERANCE / 10 and master.add(roster):
                progress.columns.append(roster)
                added += 1
        if added or local:
            alpha = SMOOTHING
            continue
        if point is not y:  # mispricing: price the LP's own duals next
            alpha = 0.0
            continue
        if best_bound - z > tolerance:
            progress.complete = False
        break
    z, duals, weights = master.solve()
    progress.levels.append(
        {"value": z, "bound": max(z, best_bound), "open": len(master.open), "columns": len(weights)}
    )
    progress.weights = weights
    total = math.fsum(duals[i] for i in master.open)
    return {i: duals[i] / total for i in master.open} if total > 0 else {}


def _local(
    space: Space,
    master: Master,
    point: dict[str, float],
    y: dict[str, float],
    weights: list[float],
    above: float,
    progress: Progress,
) -> bool:
    """Add the rosters the local search climbs to from the lottery's heaviest rosters.

    Each roster must weigh more than ``above`` for the duals ``y`` (so it improves the LP)
    and pass the independent checker.  Returns whether any was added.
    """
    assert master.swaps is not None
    used = [k for k, w in enumerate(weights) if w > 0]
    used.sort(key=lambda k: (-_weight(master.rosters[k], point), k))
    starts = [master.rosters[k] for k in used[:LOCAL_STARTS]]
    added = 0
    for roster in improve(master.swaps, starts, point, -1.0):
        if _weight(roster, y) <= above + LEVEL_TOLERANCE / 10 or master.has(roster):
            continue
        if not space.verify(roster).ok:
            progress.rejected += 1
            continue
        master.add(roster)
        progress.columns.append(roster)
        added += 1
    if added:
        progress.local_rounds += 1
        progress.local_columns += added
    return added > 0


def _open_master(space: Space, agents: list[str], progress: Progress) -> Master:
    """The master over the classes of interchangeable nominees, holding the columns so far."""
    classes = chunks(interchangeable(space.built.model, space.built.x, space.ids))
    master = Master(agents, read(space.built.model, space.built.x, space.ids), classes)
    for roster in progress.columns:
        master.add(roster)
    progress.columns = list(master.rosters)  # one per count pattern, as the LP's columns
    progress.classes = len(master.groups)
    return master


def _named(master: Master, progress: Progress) -> None:
    """Turn the master's lottery over count patterns into one over named rosters."""
    if master.aggregated:
        progress.columns, progress.weights = unroll(master.rosters, progress.weights, master.groups)


def _least(space: Space, agents: list[str], deadline: float, progress: Progress) -> Master:
    """The master after its first level: the least probability as large as possible."""
    master = _open_master(space, agents, progress)
    _level(space, master, deadline, progress)
    progress.bound = float(progress.levels[-1]["bound"])
    return master


def maximin(space: Space, agents: list[str], deadline: float, progress: Progress) -> Master:
    """The distribution over rosters that maximises the least probability of ``agents``."""
    master = _least(space, agents, deadline, progress)
    _named(master, progress)
    return master


def leximin(space: Space, agents: list[str], deadline: float, progress: Progress) -> Master:
    """Maximin, then the next least probability, level by level, until every nominee is fixed."""
    master = _least(space, agents, deadline, progress)
    duals = _final_duals(master)
    while master.open and progress.complete:
        z = float(progress.levels[-1]["value"])
        tight = [i for i in master.open if duals.get(i, 0.0) * master.size(i) > FIX_TOLERANCE]
        if not tight or z >= 1 - HOLD_SLACK:  # nobody can rise above z any more
            tight = master.open
        for ident in tight:
            master.fix(ident, z)
        if not master.open:
            break
        duals = _level(space, master, deadline, progress)
    _named(master, progress)
    return master


def _final_duals(master: Master) -> dict[str, float]:
    _, duals, _ = master.solve()
    total = math.fsum(duals[i] for i in master.open)
    return {i: duals[i] / total for i in master.open} if total > 0 else {}


def _log_welfare(p: np.ndarray) -> float:
    return float(np.sum(np.log(np.maximum(p, 1e-300))))


def _reweight(matrix: np.ndarray, q: np.ndarray, rounds: int) -> np.ndarray:
    """Multiplicative (EM) updates of the roster weights towards the most Nash welfare."""
    agents = matrix.shape[0]
    for _ in range(rounds):
        p = matrix @ q
        q = q * (matrix.T @ (1.0 / p)) / agents
        q = q / q.sum()
    return q


def nash(
    space: Space, agents: list[str], deadline: float, progress: Progress, tolerance: float = 1e-4
) -> None:
    """Most Nash welfare (product of probabilities), starting from the maximin distribution.

    The Frank-Wolfe gap ``max_S sum(1/p_i, i in S) - n`` bounds how far ``sum(log p_i)`` is
    from its optimum; the loop stops when it is below ``tolerance``.
    """
    master = maximin(space, agents, deadline, progress)
    del master
    index = {a: k for k, a in enumerate(agents)}
    columns = list(progress.columns)
    q = np.asarray(progress.weights + [0.0] * (len(columns) - len(progress.weights)))
    keep = q > 0
    columns = [c for c, k in zip(columns, keep, strict=True) if k]
    q = q[keep] / q[keep].sum()

    def column(roster: tuple[str, ...]) -> np.ndarray:
        vector = np.zeros(len(agents))
        for ident in roster:
            if ident in index:
                vector[index[ident]] = 1.0
        return vector

    matrix = np.column_stack([column(c) for c in columns]) if columns else np.zeros((0, 0))
    gap = math.inf
    known = set(columns)
    while time.monotonic() < deadline and agents:
        q = _reweight(matrix, q, 200)
        p = matrix @ q
        gradient = 1.0 / p
        priced = space.price(dict(zip(agents, gradient.tolist(), strict=True)), deadline)
        progress.pricing_rounds += 1
        if priced.roster is None:
            break
        gap = priced.bound - float(gradient @ p)
        if gap <= tolerance or priced.roster in known:
            break
        known.add(priced.roster)
        columns.append(priced.roster)
        new = column(priced.roster)
        step = _line_search(p, new)
        matrix = np.column_stack([matrix, new])
        q = np.append(q * (1 - step), step)
    progress.nash_gap = gap
    progress.complete = progress.complete and gap <= tolerance
    progress.columns = columns
    progress.weights = q.tolist()
    progress.levels.append({"log_welfare": _log_welfare(matrix @ q), "gap": gap})


def _line_search(p: np.ndarray, a: np.ndarray) -> float:
    """The step ``t`` in [0, 1) maximising ``sum(log((1 - t) p + t a))`` (golden section)."""
    low, high = 0.0, 0.999
    ratio = (math.sqrt(5) - 1) / 2
    for _ in range(60):
        left, right = high - ratio * (high - low), low + ratio * (high - low)
        if _log_welfare((1 - left) * p + left * a) < _log_welfare((1 - right) * p + right * a):
            low = left
        else:
            high = right
    return (low + high) / 2
