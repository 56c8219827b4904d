"""Leximin through the LP relaxation: the best chances fractional rosters allow, then rosters
that mix to those chances.

When the rules are linear rows over the nominees (``lottery_swap.read``), every lottery's
chances ``p`` lie in the polytope ``P``: ``0 <= p_i <= 1`` and each row's sum of ``p``
within its bounds.  The leximin point of ``P`` (:func:`relaxed_leximin`, a few LPs, no
search) is lexicographically at least as good as any lottery's chances, so a lottery that
reaches it is leximin-optimal, proven by that LP alone.

:func:`walk` then looks for rosters that mix to it (Carathéodory's theorem made a loop): for
the current point ``x`` of ``P`` it asks CP-SAT for a roster in the smallest face of ``P``
holding ``x`` (nominees at 0 or 1 kept there, each tight row kept tight), the most likely
nominees preferred; it takes as much weight ``mu`` of that roster as keeps the rest
``(x - mu * roster) / (1 - mu)`` in ``P``, which tightens one more bound, and goes on with the
rest.  Each step lowers the face's dimension, so the walk ends in at most as many steps as
there are nominees (on the 2,000 / 200 benchmark pool: 66 rosters).  When ``P`` has a face
with no roster in it (its vertex is fractional) the walk stops and the caller falls back to
column generation, keeping the rosters found.  Every roster is checked by the caller.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

from composer.analysis.lottery_lp import Progress
from composer.analysis.lottery_space import Space
from composer.analysis.lottery_swap import Swaps, read

#: Dual weights above this fix a nominee at the level's value in the relaxation.
FIX_TOLERANCE = 1e-9
#: A chance or a row this close to its bound counts as at it (the face's bounds).
TIGHT = 1e-7
#: The walk is done when less than this weight is left to place.
MASS_LEFT = 1e-9
#: CP-SAT's deterministic-time cap for one face search (the same answer on every run).
FACE_EFFORT = 0.5
#: Integer weights of the face search: the rest's chances scaled to this.
OBJECTIVE_SCALE = 1_000_000
#: Target chances this close are one level of the leximin.
LEVEL_GAP = 1e-9
#: Row bounds at or beyond this are no bound.
UNBOUNDED = 2**62


@dataclass
class Rows:
    """The linear rows over nominee positions, as lists of (position, coefficient)."""

    terms: list[list[tuple[int, int]]]
    low: list[float | None]
    high: list[float | None]

    @classmethod
    def of(cls, swaps: Swaps) -> Rows:
        """The rows of ``swaps``, with 'no bound' as None."""
        terms: list[list[tuple[int, int]]] = [[] for _ in swaps.low]
        for pos, column in enumerate(swaps.columns):
            for row, coef in column:
                terms[row].append((pos, coef))
        low = [float(v) if abs(v) < UNBOUNDED else None for v in swaps.low]
        high = [float(v) if abs(v) < UNBOUNDED else None for v in swaps.high]
        return cls(terms, low, high)

    def activity(self, x: list[float]) -> list[float]:
        """Each row's sum for the point ``x``."""
        return [math.fsum(c * x[pos] for pos, c in row) for row in self.terms]


def relaxed_leximin(
    swaps: Swaps, agents: set[int], deadline: float = math.inf
) -> list[float] | None:
    """The leximin chances over ``P`` for the positions in ``agents`` (others held at 0).

    Level by level: maximise the least chance of the open positions; those whose dual
    weight is positive cannot rise above it in any optimum, so they are fixed at it.  None
    when GLOP does not prove a level optimal or the time runs out.
    """
    rows = Rows.of(swaps)
    n = len(swaps.ids)
    solver = pywraplp.Solver.CreateSolver("GLOP")
    assert solver is not None, "OR-Tools ships GLOP"
    inf = solver.infinity()
    p = [solver.NumVar(0.0, 1.0, f"p{k}") for k in range(n)]
    for k in range(n):
        if k in swaps.fixed_in:
            p[k].SetLb(1.0)
        if k in swaps.fixed_out or k not in agents:
            p[k].SetUb(0.0)
    for row, lo, hi in zip(rows.terms, rows.low, rows.high, strict=True):
        constraint = solver.Constraint(-inf if lo is None else lo, inf if hi is None else hi)
        for pos, coef in row:
            constraint.SetCoefficient(p[pos], float(coef))
    z = solver.NumVar(0.0, 1.0, "z")
    floor: dict[int, pywraplp.Constraint] = {}
    for k in sorted(agents):
        floor[k] = solver.Constraint(0.0, inf)
        floor[k].SetCoefficient(p[k], 1.0)
        floor[k].SetCoefficient(z, -1.0)
    solver.Objective().SetCoefficient(z, 1.0)
    solver.Objective().SetMaximization()
    level: dict[int, float] = {}
    open_ = sorted(agents)
    while open_:
        if time.monotonic() >= deadline or solver.Solve() != pywraplp.Solver.OPTIMAL:
            return None
        value = z.solution_value()
        tight = [k for k in open_ if -floor[k].dual_value() > FIX_TOLERANCE] or open_
        for k in tight:
            floor[k].SetCoefficient(z, 0.0)
            floor[k].SetLb(value)
            level[k] = value
        held = set(tight)
        open_ = [k for k in open_ if k not in held]
    if solver.Solve() != pywraplp.Solver.OPTIMAL:
        return None
    chances = [max(0.0, min(1.0, p[k].solution_value())) for k in range(n)]
    for k, value in level.items():  # the levels as proven (no drift below them)
        chances[k] = max(chances[k], value)
    return chances


def walk(
    swaps: Swaps, target: list[float], deadline: float
) -> tuple[list[tuple[tuple[int, ...], float]], bool]:
    """Rosters (positions) and weights that mix to ``target``, and whether they do: False
    when a face holds no roster or the time runs out (the rosters are then those found).

    The rest is recomputed from ``target`` and the weights taken so far at each step, so
    rounding does not pile up.
    """
    rows = Rows.of(swaps)
    n = len(target)
    model = cp_model.CpModel()
    b = [model.new_bool_var(f"b{k}") for k in range(n)]
    kept: set[tuple[str, int]] = set()  # bounds added to the model: ('in'|'out', pos), rows
    for k in swaps.fixed_in:
        model.add(b[k] == 1)
    for k in swaps.fixed_out:
        model.add(b[k] == 0)
    for r, row in enumerate(rows.terms):
        expr = sum(c * b[pos] for pos, c in row)
        if r in swaps.holes:
            domain = cp_model.Domain.FromFlatIntervals(swaps.holes[r])
            model.add_linear_expression_in_domain(expr, domain)
        else:
            model.add_linear_constraint(
                expr, int(swaps.low[r]), int(swaps.high[r])
            )  # fmt: skip
    taken: list[tuple[tuple[int, ...], float]] = []
    placed = [0.0] * n
    mass = 1.0
    while mass > MASS_LEFT:
        if time.monotonic() >= deadline or len(taken) > n + len(rows.terms):
            return taken, False
        x = [min(1.0, max(0.0, (target[k] - placed[k]) / mass)) for k in range(n)]
        activity = rows.activity(x)
        for k in range(n):  # the face: nominees at a bound stay there
            if x[k] <= TIGHT and ("out", k) not in kept:
                kept.add(("out", k))
                model.add(b[k] == 0)
            elif x[k] >= 1 - TIGHT and ("in", k) not in kept:
                kept.add(("in", k))
                model.add(b[k] == 1)
        for r, row in enumerate(rows.terms):  # ... and tight rows stay tight
            lo, hi = rows.low[r], rows.high[r]
            for side, bound in (("low", lo), ("high", hi)):
                if bound is None or abs(activity[r] - bound) > TIGHT or (side, r) in kept:
                    continue
                kept.add((side, r))
                model.add(sum(c * b[pos] for pos, c in row) == int(bound))
        model.maximize(sum(round(OBJECTIVE_SCALE * x[k]) * b[k] for k in range(n) if x[k] > 0))
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.random_seed = 0
        solver.parameters.max_deterministic_time = FACE_EFFORT
        solver.parameters.max_time_in_seconds = max(0.01, deadline - time.monotonic())
        if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return taken, False
        roster = tuple(k for k in range(n) if solver.boolean_value(b[k]))
        mu = _step(rows, x, activity, set(roster))
        if mu <= 0:
            return taken, False
        weight = mass * mu
        taken.append((roster, weight))
        for k in roster:
            placed[k] += weight
        mass = 1.0 - math.fsum(w for _, w in taken)
    return taken, True


def _step(rows: Rows, x: list[float], activity: list[float], roster: set[int]) -> float:
    """The most weight of ``roster`` that keeps the rest of ``x`` in the polytope."""
    mu = 1.0
    for k, value in enumerate(x):
        mu = min(mu, value if k in roster else 1.0 - value)
    counts = rows.activity([1.0 if k in roster else 0.0 for k in range(len(x))])
    for r, (lo, hi) in enumerate(zip(rows.low, rows.high, strict=True)):
        if lo is not None and counts[r] > lo and activity[r] - lo > TIGHT:
            mu = min(mu, (activity[r] - lo) / (counts[r] - lo))
        if hi is not None and counts[r] < hi and hi - activity[r] > TIGHT:
            mu = min(mu, (hi - activity[r]) / (hi - counts[r]))
    return max(0.0, mu)


def fit(rosters: list[tuple[int, ...]], target: list[float], agents: set[int]) -> list[float]:
    """Weights on ``rosters`` (summing to 1) whose chances fall least below ``target``."""
    solver = pywraplp.Solver.CreateSolver("GLOP")
    assert solver is not None, "OR-Tools ships GLOP"
    q = [solver.NumVar(0.0, 1.0, f"q{s}") for s in range(len(rosters))]
    short = solver.NumVar(0.0, 1.0, "short")
    total = solver.Constraint(1.0, 1.0)
    rows: dict[int, pywraplp.Constraint] = {}
    for k in sorted(agents):
        rows[k] = solver.Constraint(target[k], solver.infinity())
        rows[k].SetCoefficient(short, 1.0)
    for s, roster in enumerate(rosters):
        total.SetCoefficient(q[s], 1.0)
        for k in roster:
            if k in rows:
                rows[k].SetCoefficient(q[s], 1.0)
    solver.Objective().SetCoefficient(short, 1.0)
    solver.Objective().SetMinimization()
    if solver.Solve() != pywraplp.Solver.OPTIMAL:
        raise ArithmeticError("the fit of the walked rosters has no optimum")
    weights = [max(0.0, v.solution_value()) for v in q]
    scale = math.fsum(weights)
    return [w / scale for w in weights]


def walk_leximin(space: Space, agents: list[str], deadline: float, progress: Progress) -> bool:
    """Leximin by the walk, into ``progress``; False (``progress`` keeping any rosters found
    as columns) when the rules are not linear rows, a face holds no roster, a roster fails the
    independent checker or the time runs out."""
    swaps = read(space.built.model, space.built.x, space.ids)
    if swaps is None:
        return False
    position = {ident: k for k, ident in enumerate(space.ids)}
    chosen = {position[i] for i in agents}
    target = relaxed_leximin(swaps, chosen, deadline)
    if target is None:
        return False
    # half the time left at most, so that column generation still has the rest
    taken, done = walk(swaps, target, (time.monotonic() + deadline) / 2)
    rosters = [tuple(space.ids[k] for k in roster) for roster, _ in taken]
    checked = [roster for roster in rosters if space.verify(roster).ok]
    if not done or len(checked) < len(rosters):
        progress.columns += [r for r in checked if r not in progress.columns]
        return False
    weights = fit([roster for roster, _ in taken], target, chosen)
    progress.columns, progress.weights = rosters, weights
    chances = [0.0] * len(space.ids)
    for (roster, _), weight in zip(taken, weights, strict=True):
        for k in roster:
            chances[k] += weight
    progress.levels = _levels(target, chances, sorted(chosen), len(rosters))
    progress.bound = float(progress.levels[0]["bound"]) if progress.levels else math.inf
    progress.walked = True
    return True


def _levels(
    target: list[float], chances: list[float], agents: list[int], columns: int
) -> list[dict[str, float | int]]:
    """One record per distinct level of ``target``: the least chance reached among its
    nominees, the level as the relaxation proves it, and how many nominees were still open."""
    levels: list[dict[str, float | int]] = []
    order = sorted(agents, key=lambda k: (target[k], k))
    start = 0
    while start < len(order):
        value = target[order[start]]
        end = start
        while end < len(order) and target[order[end]] - value <= LEVEL_GAP:
            end += 1
        reached = min(chances[k] for k in order[start:end])
        levels.append(
            {"value": min(reached, value), "bound": value, "open": len(order) - start,
             "columns": columns}
        )  # fmt: skip
        start = end
    return levels
