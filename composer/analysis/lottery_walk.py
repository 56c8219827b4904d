"""Leximin through the LP relaxation: the best chances fractional rosters allow, then rosters
that mix to those chances.

When the scenario's model is linear (every constraint a linear row, an at-most-one, an
exactly-one or a clause, none of them conditional: quotas, caps, size, households, soft
shortfalls, the merit band), its LP relaxation is a polytope ``P`` over all its variables,
the nominees' and the auxiliary ones (counts, shortfalls).  Every lottery's chances, with the
expected value of each auxiliary variable, lie in ``P``.  The leximin point of ``P`` over the
nominees (:func:`relaxed_leximin`, a few LPs, no search) is therefore lexicographically at
least as good as any lottery's chances, and a lottery that reaches it is leximin-optimal,
proven by that LP alone.

:func:`walk` then looks for rosters that mix to it (Carathéodory's theorem made a loop): for
the current point ``y`` of ``P`` it asks CP-SAT for a solution of the model in the smallest face
of ``P`` holding ``y`` (each variable at a bound kept there, each tight row kept tight), the most
likely nominees preferred; it takes as much weight ``mu`` of that solution as keeps the rest
``(y - mu * solution) / (1 - mu)`` in ``P``, which tightens one more bound, and goes on with the
rest.  Each step lowers the face's dimension, so the walk ends in at most as many steps as
there are variables (on the 2,000 / 200 benchmark pool: 74 rosters).  When a face holds no
solution (a fractional corner, which a merit band often makes) the walk stops; the caller falls
back to column generation, keeping the rosters found.  Every roster is checked by the caller.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

from composer.analysis.lottery_lp import Progress
from composer.analysis.lottery_space import Space

#: Dual weights above this fix a nominee at the level's value in the relaxation.
FIX_TOLERANCE = 1e-9
#: A variable or a row this close to its bound (per unit of its largest coefficient) is at it.
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
class Lifted:
    """The model as linear rows over all its variables (proto indices).

    ``terms`` per row: (variable, coefficient); a negated literal ``not v`` is ``1 - v``, its
    constant moved into the row's bounds (None: no bound).  ``nominees``: the variable of each
    nominee position.
    """

    low: list[int]
    high: list[int]
    terms: list[list[tuple[int, int]]]
    row_low: list[float | None]
    row_high: list[float | None]
    nominees: list[int]

    @classmethod
    def of(cls, model: cp_model.CpModel, nominees: list[int]) -> Lifted | None:
        """The rows of ``model``; None when a constraint is not of that form."""
        proto = model.proto
        domains = [list(v.domain) for v in proto.variables]
        out = cls([d[0] for d in domains], [d[-1] for d in domains], [], [], [], nominees)
        for ct in proto.constraints:
            if len(ct.enforcement_literal):
                return None
            if ct.has_linear():
                pairs = list(zip(ct.linear.vars, ct.linear.coeffs, strict=True))
                domain = list(ct.linear.domain)
                out._row(pairs, domain[0], domain[-1])
            elif ct.has_at_most_one() or ct.has_exactly_one() or ct.has_bool_or():
                which = "at_most_one" if ct.has_at_most_one() else (
                    "exactly_one" if ct.has_exactly_one() else "bool_or"
                )  # fmt: skip
                lits = list(getattr(ct, which).literals)
                top = UNBOUNDED if which == "bool_or" else 1
                out._row([(lit, 1) for lit in lits], 0 if which == "at_most_one" else 1, top)
            else:
                return None
        return out

    def _row(self, pairs: list[tuple[int, int]], low: int, high: int) -> None:
        constant, terms = 0, []
        for ref, coef in pairs:
            if ref < 0:  # not v = 1 - v
                constant += coef
                terms.append((-ref - 1, -coef))
            else:
                terms.append((ref, coef))
        self.terms.append(terms)
        self.row_low.append(float(low - constant) if abs(low) < UNBOUNDED else None)
        self.row_high.append(float(high - constant) if abs(high) < UNBOUNDED else None)

    def activity(self, point: list[float]) -> list[float]:
        """Each row's sum at ``point`` (one value per variable)."""
        return [math.fsum(c * point[v] for v, c in row) for row in self.terms]


def relaxed_leximin(
    lifted: Lifted, agents: set[int], deadline: float = math.inf
) -> list[float] | None:
    """The leximin point of ``P`` over the nominee positions in ``agents`` (the other
    nominees held at 0): one value per variable.

    Level by level: maximise the least chance of the open positions; those whose dual
    weight is positive cannot rise above it in any optimum, so they are fixed at it.  None
    when GLOP does not prove a level optimal or the time runs out.
    """
    solver = pywraplp.Solver.CreateSolver("GLOP")
    assert solver is not None, "OR-Tools ships GLOP"
    inf = solver.infinity()
    v = [solver.NumVar(float(lo), float(hi), f"v{j}") for j, (lo, hi) in
         enumerate(zip(lifted.low, lifted.high, strict=True))]  # fmt: skip
    for pos, var in enumerate(lifted.nominees):
        if pos not in agents:
            v[var].SetUb(min(v[var].ub(), 0.0))
    for row, lo, hi in zip(lifted.terms, lifted.row_low, lifted.row_high, strict=True):
        constraint = solver.Constraint(-inf if lo is None else lo, inf if hi is None else hi)
        for var, coef in row:
            constraint.SetCoefficient(v[var], constraint.GetCoefficient(v[var]) + coef)
    z = solver.NumVar(0.0, 1.0, "z")
    floor: dict[int, pywraplp.Constraint] = {}
    for pos in sorted(agents):
        floor[pos] = solver.Constraint(0.0, inf)
        floor[pos].SetCoefficient(v[lifted.nominees[pos]], 1.0)
        floor[pos].SetCoefficient(z, -1.0)
    solver.Objective().SetCoefficient(z, 1.0)
    solver.Objective().SetMaximization()
    open_ = sorted(agents)
    while open_:
        if time.monotonic() >= deadline or solver.Solve() != pywraplp.Solver.OPTIMAL:
            return None
        value = z.solution_value()
        tight = [k for k in open_ if -floor[k].dual_value() > FIX_TOLERANCE] or open_
        for k in tight:
            floor[k].SetCoefficient(z, 0.0)
            floor[k].SetLb(value)
        held = set(tight)
        open_ = [k for k in open_ if k not in held]
    if solver.Solve() != pywraplp.Solver.OPTIMAL:
        return None
    return [min(lifted.high[j], max(lifted.low[j], var.solution_value())) for j, var in
            enumerate(v)]  # fmt: skip


class _Face:
    """The model, narrowed step by step to the face of ``P`` the walk is in."""

    def __init__(self, model: cp_model.CpModel, lifted: Lifted) -> None:
        self.model = model.clone()
        self.model.clear_objective()  # type: ignore[no-untyped-call]
        self.lifted = lifted
        self.vars = [self.model.get_int_var_from_proto_index(j) for j in range(len(lifted.low))]
        self.kept: set[tuple[str, int]] = set()
        self.scale = [max((abs(c) for _, c in row), default=1) for row in lifted.terms]

    def narrow(self, point: list[float], activity: list[float]) -> None:
        """Keep each variable and row at a bound at ``point`` there from now on."""
        lifted = self.lifted
        for j, value in enumerate(point):
            for side, bound in (("low", lifted.low[j]), ("high", lifted.high[j])):
                if abs(value - bound) <= TIGHT and (side, j) not in self.kept:
                    self.kept.add((side, j))
                    self.model.add(self.vars[j] == bound)
        for r, row in enumerate(lifted.terms):
            for side, edge in (("row low", lifted.row_low[r]), ("row high", lifted.row_high[r])):
                if edge is None or (side, r) in self.kept:
                    continue
                if abs(activity[r] - edge) <= TIGHT * self.scale[r]:
                    self.kept.add((side, r))
                    self.model.add(sum(c * self.vars[v] for v, c in row) == round(edge))

    def solution(self, point: list[float], deadline: float) -> list[int] | None:
        """A solution of the model in the face, the likeliest nominees preferred."""
        nominees = self.lifted.nominees
        weights = [(self.vars[v], round(OBJECTIVE_SCALE * point[v])) for v in nominees]
        self.model.maximize(sum(w * var for var, w in weights if w > 0))
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.random_seed = 0
        solver.parameters.max_deterministic_time = FACE_EFFORT
        solver.parameters.max_time_in_seconds = max(0.01, deadline - time.monotonic())
        if solver.solve(self.model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        return [solver.value(var) for var in self.vars]


def walk(
    model: cp_model.CpModel, lifted: Lifted, target: list[float], deadline: float
) -> tuple[list[tuple[tuple[int, ...], float]], bool]:
    """Rosters (nominee positions) and weights that mix to ``target``, and whether they do:
    False when a face holds no roster or the time runs out (the rosters are then those found).

    The rest is recomputed from ``target`` and the weights taken so far at each step, so
    rounding does not pile up.
    """
    face = _Face(model, lifted)
    size = len(target)
    taken: list[tuple[tuple[int, ...], float]] = []
    placed = [0.0] * size
    mass = 1.0
    while mass > MASS_LEFT:
        if time.monotonic() >= deadline or len(taken) > size + len(lifted.terms):
            return taken, False
        point = [(target[j] - placed[j]) / mass for j in range(size)]
        activity = lifted.activity(point)
        face.narrow(point, activity)
        found = face.solution(point, deadline)
        if found is None:
            return taken, False
        mu = _step(lifted, point, activity, found)
        if mu <= 0:
            return taken, False
        weight = mass * mu
        taken.append((tuple(k for k, v in enumerate(lifted.nominees) if found[v]), weight))
        for j, value in enumerate(found):
            placed[j] += weight * value
        mass = 1.0 - math.fsum(w for _, w in taken)
    return taken, True


def _step(lifted: Lifted, point: list[float], activity: list[float], found: list[int]) -> float:
    """The most weight of ``found`` that keeps the rest of ``point`` in the polytope."""
    mu = 1.0

    def limit(room: float, move: float) -> None:  # room >= mu * move must hold
        nonlocal mu
        if move > 0 and room > TIGHT:
            mu = min(mu, room / move)

    for j, value in enumerate(found):
        limit(point[j] - lifted.low[j], value - lifted.low[j])
        limit(lifted.high[j] - point[j], lifted.high[j] - value)
    counts = lifted.activity([float(v) for v in found])
    for r, (lo, hi) in enumerate(zip(lifted.row_low, lifted.row_high, strict=True)):
        if lo is not None:
            limit(activity[r] - lo, counts[r] - lo)
        if hi is not None:
            limit(hi - activity[r], hi - counts[r])
    return max(0.0, mu)


def fit(rosters: list[tuple[int, ...]], target: list[float], agents: set[int]) -> list[float]:
    """Weights on ``rosters`` (summing to 1) whose chances fall least below ``target``
    (nominee positions)."""
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
    """Leximin by the walk, into ``progress``; False (``progress`` keeping the rosters found
    as columns) when the model is not linear, a face holds no roster, a roster fails the
    independent checker or the time runs out."""
    model, x = space.built.model, space.built.x
    lifted = Lifted.of(model, [x[i].index for i in space.ids])
    if lifted is None:
        return False
    position = {ident: k for k, ident in enumerate(space.ids)}
    chosen = {position[i] for i in agents}
    point = relaxed_leximin(lifted, chosen, deadline)
    if point is None:
        return False
    # half the time left at most, so that column generation still has the rest
    taken, done = walk(model, lifted, point, (time.monotonic() + deadline) / 2)
    rosters = [tuple(space.ids[k] for k in roster) for roster, _ in taken]
    checked = [roster for roster in rosters if space.verify(roster).ok]
    if not done or len(checked) < len(rosters):
        progress.columns += [r for r in checked if r not in progress.columns]
        return False
    target = [point[v] for v in lifted.nominees]
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
