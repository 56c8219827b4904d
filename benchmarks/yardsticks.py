"""The composer model written for HiGHS (highspy) and CBC (PuLP), built from ``bounds()``.

Both yardsticks solve the model composer solves, from the same bound scenario:

* one binary ``x[i]`` per nominee (no dominance reduction: that is composer's own work);
* the rule families with the semantics of :mod:`composer.engine.check`: size, quota counts, exact
  integer shares ``q*count(value) - p*count(counted) >= 0`` (or ``<= 0``), caps per value,
  coverage per area, budget, members fixed in or out;
* one integer shortfall variable per soft bound (seats missed), as in composer;
* the lexicographic objective: stage 1 minimises the weighted shortfall, stage 2 fixes it at
  its optimum and maximises the merit column.  Composer's tie-break term is left out, so
  rosters may differ when several have the best score; the score itself must agree.

Times include building the rows from ``bounds()``, building the solver's model and both
solves; they exclude imports, loading nominations and binding the scenario.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from fractions import Fraction

import highspy
import numpy as np
import numpy.typing as npt
import pandas as pd
import pulp  # type: ignore[import-untyped]

from composer import Pool, Scenario
from composer.rules.scenario import Bound
from composer.rules.where import Where, condition_mask

INF = math.inf
FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Row:
    """One linear constraint ``lower <= sum(coef * col) <= upper`` (one side may be infinite)."""

    name: str
    cols: IntArray
    coefs: FloatArray
    lower: float = -INF
    upper: float = INF


@dataclass
class LinearModel:
    """The composer model as plain arrays: selection columns first, then shortfalls."""

    ids: list[str]
    lower: list[float]
    upper: list[float]
    names: list[str]
    penalty: list[float]  # stage-1 cost (weight of each shortfall column)
    merit: list[float]  # stage-2 gain (merit of each selection column)
    rows: list[Row] = field(default_factory=list)

    @property
    def n_cols(self) -> int:
        """Number of columns (selection plus shortfall)."""
        return len(self.lower)

    @property
    def has_soft(self) -> bool:
        """Whether there is a stage 1 (some soft rule)."""
        return any(self.penalty)

    def add_shortfall(self, bound: Bound, upper: int) -> int:
        """A new integer shortfall column for a soft bound; returns its index."""
        self.lower.append(0.0)
        self.upper.append(float(upper))
        self.names.append(f"s{len(self.names)}")
        self.penalty.append(float(bound.weight))
        self.merit.append(0.0)
        return self.n_cols - 1


@dataclass
class YardstickRun:
    """One timed yardstick solve."""

    solver: str
    seconds: float
    status: str
    selected: list[str]
    stage_seconds: list[float]


def _text(table: pd.DataFrame, column: str) -> npt.NDArray[np.str_]:
    return np.asarray(table[column].astype(str).to_numpy(), dtype=str)


def _where_mask(table: pd.DataFrame, where: Where) -> npt.NDArray[np.bool_]:
    mask = np.ones(len(table), dtype=bool)
    for test in where:
        mask &= condition_mask(test, _text(table, test.column))
    return mask


def _row(model: LinearModel, bound: Bound, cols: IntArray, coefs: FloatArray,
         lower: float = -INF, upper: float = INF, part: str = "") -> None:
    keep = coefs != 0
    model.rows.append(Row(f"{bound.name}{part}", cols[keep], coefs[keep], lower, upper))


def _quota(model: LinearModel, bound: Bound, table: pd.DataFrame) -> None:
    counted = _where_mask(table, bound.where)
    holders = counted & (_text(table, str(bound.column)) == bound.value)
    lower = bound.is_lower
    if bound.is_share:
        share = Fraction(bound.amount)
        p, q = share.numerator, share.denominator
        cols = np.flatnonzero(counted)
        coefs = (q * holders[cols] - p).astype(float)
        slack_coef, rhs = float(q), 0.0
    else:
        cols = np.flatnonzero(holders)
        coefs = np.ones(len(cols))
        slack_coef, rhs = 1.0, float(bound.amount)
    if bound.soft:
        slack = model.add_shortfall(bound, max(int(counted.sum()), int(bound.amount)))
        cols = np.append(cols, slack)
        coefs = np.append(coefs, slack_coef if lower else -slack_coef)
    if lower:
        _row(model, bound, cols, coefs, lower=rhs)
    else:
        _row(model, bound, cols, coefs, upper=rhs)


def _cap(model: LinearModel, bound: Bound, table: pd.DataFrame) -> None:
    counted = np.flatnonzero(_where_mask(table, bound.where))
    values = _text(table, str(bound.column))[counted]
    order = np.argsort(values, kind="stable")
    uniques, starts, counts = np.unique(values[order], return_index=True, return_counts=True)
    for value, start, count in zip(uniques, starts, counts, strict=True):
        if count > bound.amount:
            cols = counted[order[start:start + count]]
            _row(model, bound, cols, np.ones(len(cols)), upper=float(bound.amount),
                 part=f" [{value}]")


def _coverage(model: LinearModel, bound: Bound, pool: Pool, ids: list[str]) -> None:
    areas = pool.areas(str(bound.column))
    cols = np.asarray([k for k, i in enumerate(ids) if bound.value in areas[i]], dtype=np.int64)
    coefs = np.ones(len(cols))
    if bound.soft:
        slack = model.add_shortfall(bound, int(bound.amount))
        cols, coefs = np.append(cols, slack), np.append(coefs, 1.0)
    _row(model, bound, cols, coefs, lower=float(bound.amount))


def linear_model(pool: Pool, scenario: Scenario) -> LinearModel:
    """The model of ``scenario`` (already bound to ``pool``) as linear rows."""
    table = pool.table
    ids = [str(i) for i in table.index]
    n = len(ids)
    column = scenario.objective.maximise
    merit = (pd.to_numeric(table[column]).to_numpy(dtype=float) if column
             else np.zeros(n))
    model = LinearModel(ids, [0.0] * n, [1.0] * n, [f"x{k}" for k in range(n)], [0.0] * n,
                        [float(m) for m in merit])
    everyone = np.arange(n, dtype=np.int64)
    position = {ident: k for k, ident in enumerate(ids)}
    for bound in scenario.bounds():
        if bound.family == "size":
            if bound.kind == "min":
                _row(model, bound, everyone, np.ones(n), lower=float(bound.amount))
            else:
                _row(model, bound, everyone, np.ones(n), upper=float(bound.amount))
        elif bound.family == "quota":
            _quota(model, bound, table)
        elif bound.family == "cap":
            _cap(model, bound, table)
        elif bound.family == "coverage":
            _coverage(model, bound, pool, ids)
        elif bound.family == "budget":
            costs = pd.to_numeric(table[str(bound.column)]).to_numpy(dtype=float)
            _row(model, bound, everyone, costs, upper=float(bound.amount))
        elif bound.family == "members":
            k = position[str(bound.value)]
            if bound.kind == "include":
                model.lower[k] = 1.0
            else:
                model.upper[k] = 0.0
        else:
            raise ValueError(f"unknown rule family {bound.family!r}")
    return model


def _roster(model: LinearModel, values: npt.ArrayLike) -> list[str]:
    x = np.asarray(values, dtype=float)[: len(model.ids)]
    return sorted(model.ids[k] for k in np.flatnonzero(x > 0.5))


# ---------------------------------------------------------------------------- HiGHS


def _highs_lp(model: LinearModel, cost: list[float], sense: highspy.ObjSense) -> highspy.HighsLp:
    lp = highspy.HighsLp()
    lp.num_col_ = model.n_cols
    lp.num_row_ = len(model.rows)
    lp.sense_ = sense
    lp.col_cost_ = np.asarray(cost, dtype=float)
    lp.col_lower_ = np.asarray(model.lower, dtype=float)
    lp.col_upper_ = np.asarray(model.upper, dtype=float)
    inf = highspy.kHighsInf
    lp.row_lower_ = np.asarray([max(r.lower, -inf) for r in model.rows], dtype=float)
    lp.row_upper_ = np.asarray([min(r.upper, inf) for r in model.rows], dtype=float)
    starts = np.cumsum([0] + [len(r.cols) for r in model.rows])
    matrix = lp.a_matrix_
    matrix.format_ = highspy.MatrixFormat.kRowwise
    matrix.num_col_ = model.n_cols
    matrix.num_row_ = len(model.rows)
    matrix.start_ = starts.astype(np.int32)
    matrix.index_ = np.concatenate([r.cols for r in model.rows]).astype(np.int32)
    matrix.value_ = np.concatenate([r.coefs for r in model.rows]).astype(float)
    lp.integrality_ = [highspy.HighsVarType.kInteger] * model.n_cols
    return lp


def _highs_status(h: highspy.Highs) -> str:
    status = h.getModelStatus()
    if status == highspy.HighsModelStatus.kOptimal:
        return "optimal"
    if status == highspy.HighsModelStatus.kInfeasible:
        return "infeasible"
    solved = h.getInfo().primal_solution_status == highspy.SolutionStatus.kSolutionStatusFeasible
    return "feasible" if solved else h.modelStatusToString(status).lower()


def solve_highs(pool: Pool, scenario: Scenario, time_limit: float = 600.0) -> YardstickRun:
    """Build and solve with HiGHS, single-threaded, ``mip_rel_gap = 0``."""
    started = time.perf_counter()
    model = linear_model(pool, scenario)
    h = highspy.Highs()  # type: ignore[no-untyped-call]
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("random_seed", 0)
    stages: list[float] = []
    n = model.n_cols
    every = np.arange(n, dtype=np.int32)
    if model.has_soft:
        h.setOptionValue("time_limit", max(0.01, time_limit - (time.perf_counter() - started)))
        h.passModel(_highs_lp(model, model.penalty, highspy.ObjSense.kMinimize))
        tick = time.perf_counter()
        h.run()
        stages.append(time.perf_counter() - tick)
        status = _highs_status(h)
        if status not in ("optimal", "feasible"):
            return YardstickRun("HiGHS", time.perf_counter() - started, status, [], stages)
        best = round(h.getInfo().objective_function_value)
        cols = np.flatnonzero(model.penalty).astype(np.int32)
        h.addRow(-highspy.kHighsInf, float(best), len(cols), cols,
                 np.asarray(model.penalty, dtype=float)[cols])
        start = h.getSolution()
        h.changeColsCost(n, every, np.asarray(model.merit, dtype=float))
        h.changeObjectiveSense(highspy.ObjSense.kMaximize)
        h.setSolution(start)  # the stage-1 roster is feasible for stage 2 (composer hints it)
    else:
        h.passModel(_highs_lp(model, model.merit, highspy.ObjSense.kMaximize))
    h.setOptionValue("time_limit", max(0.01, time_limit - (time.perf_counter() - started)))
    tick = time.perf_counter()
    h.run()
    stages.append(time.perf_counter() - tick)
    status = _highs_status(h)
    selected = (_roster(model, h.getSolution().col_value)
                if status in ("optimal", "feasible") else [])
    return YardstickRun("HiGHS", time.perf_counter() - started, status, selected, stages)


# ---------------------------------------------------------------------------- CBC


def _pulp_status(problem: pulp.LpProblem) -> str:
    if problem.status == pulp.LpStatusOptimal and problem.sol_status == pulp.LpSolutionOptimal:
        return "optimal"
    if problem.sol_status in (pulp.LpSolutionIntegerFeasible, pulp.LpSolutionOptimal):
        return "feasible"
    if problem.status == pulp.LpStatusInfeasible:
        return "infeasible"
    return str(pulp.LpStatus[problem.status]).lower()


def _cbc(time_limit: float, warm: bool) -> pulp.PULP_CBC_CMD:
    return pulp.PULP_CBC_CMD(msg=False, threads=1, gapRel=0, timeLimit=max(1, time_limit),
                             warmStart=warm)


def solve_cbc(pool: Pool, scenario: Scenario, time_limit: float = 600.0) -> YardstickRun:
    """Build and solve with CBC through PuLP, single-threaded, ``gapRel = 0``."""
    started = time.perf_counter()
    model = linear_model(pool, scenario)
    n_x = len(model.ids)
    variables = [
        pulp.LpVariable(name, lowBound=low, upBound=high,
                        cat=pulp.LpBinary if k < n_x and low == 0 and high == 1
                        else pulp.LpInteger)
        for k, (name, low, high) in enumerate(zip(model.names, model.lower, model.upper,
                                                   strict=True))
    ]
    problem = pulp.LpProblem("composer_yardstick", pulp.LpMinimize)
    for k, row in enumerate(model.rows):
        expr = pulp.LpAffineExpression(
            [(variables[c], float(a)) for c, a in zip(row.cols, row.coefs, strict=True)])
        if row.lower > -INF:
            problem += (expr >= row.lower, f"r{k}_lo")
        if row.upper < INF:
            problem += (expr <= row.upper, f"r{k}_up")
    merit = pulp.LpAffineExpression(
        [(v, m) for v, m in zip(variables, model.merit, strict=True) if m])
    stages: list[float] = []
    warm = False
    if model.has_soft:
        penalty = pulp.LpAffineExpression(
            [(v, p) for v, p in zip(variables, model.penalty, strict=True) if p])
        problem.setObjective(penalty)
        tick = time.perf_counter()
        problem.solve(_cbc(time_limit - (tick - started), warm))
        stages.append(time.perf_counter() - tick)
        status = _pulp_status(problem)
        if status not in ("optimal", "feasible"):
            return YardstickRun("CBC", time.perf_counter() - started, status, [], stages)
        best = round(pulp.value(problem.objective) or 0)
        problem += (penalty <= best, "soft_shortfall_at_best")
        warm = True  # the stage-1 roster is feasible for stage 2 (composer hints it)
    problem.sense = pulp.LpMaximize
    problem.setObjective(merit)
    tick = time.perf_counter()
    problem.solve(_cbc(time_limit - (tick - started), warm))
    stages.append(time.perf_counter() - tick)
    status = _pulp_status(problem)
    values = [v.varValue or 0.0 for v in variables]
    selected = _roster(model, values) if status in ("optimal", "feasible") else []
    return YardstickRun("CBC", time.perf_counter() - started, status, selected, stages)
