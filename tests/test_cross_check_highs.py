"""Cross-check composer's optimum against an independent MIP solved by HiGHS.

The MIP is built here from the bound scenario's atomic rules (``Scenario.bounds()``), not from
composer's model code: one binary per nominee, one row per rule (per value for caps), an integer
shortfall per soft rule.  Soft rules are handled lexicographically as composer does: least
weighted shortfall first, then the most merit with the shortfall held at its best.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from functools import cache
from math import lcm
from pathlib import Path
from typing import Any

import highspy
import numpy as np
import pytest

from composer import Pool, Result, Scenario, SolveOptions, Status, load_nominations, solve
from composer.engine.check import check
from composer.inputs.examples import synthetic_pool
from composer.rules.bind import bind
from composer.rules.scenario import Bound, load_scenario
from composer.rules.where import matches

WGIG = Path(__file__).resolve().parent.parent / "scenarios" / "wgig-2004.toml"
INF = highspy.kHighsInf


def _exact(value: Any) -> Fraction:
    return Fraction(Decimal(str(value)))


def _scaled(values: list[Fraction]) -> list[int]:
    den = lcm(1, *(v.denominator for v in values))
    return [int(v * den) for v in values]


class Mip:
    """A HiGHS model of a bound scenario on a pool."""

    def __init__(self, pool: Pool, scenario: Scenario) -> None:
        self.pool, self.scenario = pool, scenario
        self.ids = [str(i) for i in pool.table.index]
        self.n = len(self.ids)
        self.h = highspy.Highs()
        self.h.setOptionValue("output_flag", False)
        self.h.setOptionValue("threads", 1)
        self.h.setOptionValue("mip_rel_gap", 0.0)
        self.h.setOptionValue("random_seed", 0)
        self.penalty: dict[int, int] = {}  # column of each soft shortfall -> weight
        self._add_columns(self.n, 0.0, 1.0)
        for bound in scenario.bounds():
            self._add(bound)

    def _add_columns(self, count: int, lower: float, upper: float) -> int:
        first = self.h.getNumCol()
        for _ in range(count):
            self.h.addCol(
                0.0, lower, upper, 0, np.array([], dtype=np.int32), np.array([], dtype=np.float64)
            )
        columns = np.arange(first, first + count, dtype=np.int32)
        self.h.changeColsIntegrality(count, columns, np.full(count, highspy.HighsVarType.kInteger))
        return first

    def _row(self, coef: dict[int, float], lower: float, upper: float) -> None:
        index = np.array(list(coef), dtype=np.int32)
        value = np.array(list(coef.values()), dtype=np.float64)
        self.h.addRow(lower, upper, len(index), index, value)

    def _mask(
        self,
        column: str | None = None,
        value: str | None = None,
        where: Any = (),
    ) -> np.ndarray:
        table = self.pool.table
        mask = np.ones(self.n, dtype=bool)
        for c in where:
            mask &= np.array([matches(c, v) for v in table[c.column]], dtype=bool)
        if column is not None:
            mask &= (table[column].astype(str) == value).to_numpy()
        return mask

    def _shortfall(self, bound: Bound) -> int:
        column = self._add_columns(1, 0.0, float(self.n + int(bound.amount or 0)))
        self.penalty[column] = bound.weight
        return column

    def _add(self, b: Bound) -> None:
        sign = 1 if b.is_lower else -1
        if b.family == "size":
            coef = dict.fromkeys(range(self.n), 1.0)
            self._bounded(coef, b.kind == "min", float(b.amount))
        elif b.family == "quota":
            holders = np.flatnonzero(self._mask(str(b.column), b.value, b.where))
            if b.is_share:
                p, q = Fraction(b.amount).as_integer_ratio()
                coef = {int(i): -float(p) for i in np.flatnonzero(self._mask(where=b.where))}
                for i in holders:
                    coef[int(i)] = coef.get(int(i), 0.0) + q
                scale, rhs = q, 0.0
            else:
                coef, scale, rhs = {int(i): 1.0 for i in holders}, 1, float(b.amount)
            if b.soft:
                coef[self._shortfall(b)] = float(sign * scale)
            self._bounded(coef, b.is_lower, rhs)
        elif b.family == "cap":
            values = self.pool.table[str(b.column)].astype(str).to_numpy()
            counted = self._mask(where=b.where)
            for value in sorted(set(values[counted])):
                members = np.flatnonzero(counted & (values == value))
                if len(members) > b.amount:
                    self._row({int(i): 1.0 for i in members}, -INF, float(b.amount))
        elif b.family == "coverage":
            areas = self.pool.areas(str(b.column))
            coef = {k: 1.0 for k, i in enumerate(self.ids) if b.value in areas[i]}
            if b.soft:
                coef[self._shortfall(b)] = 1.0
            self._row(coef, float(b.amount), INF)
        elif b.family == "budget":
            costs = [_exact(v) for v in self.pool.table[str(b.column)]]
            *scaled, limit = _scaled([*costs, _exact(b.amount)])
            self._row({k: float(c) for k, c in enumerate(scaled)}, -INF, float(limit))
        else:
            k = self.ids.index(str(b.value))
            fixed = 1.0 if b.kind == "include" else 0.0
            self.h.changeColBounds(k, fixed, fixed)

    def _bounded(self, coef: dict[int, float], lower: bool, rhs: float) -> None:
        self._row(coef, rhs, INF) if lower else self._row(coef, -INF, rhs)

    def _objective(self, costs: dict[int, float], sense: highspy.ObjSense) -> float:
        total = self.h.getNumCol()
        values = np.zeros(total)
        for k, c in costs.items():
            values[k] = c
        self.h.changeColsCost(total, np.arange(total, dtype=np.int32), values)
        self.h.changeObjectiveSense(sense)
        self.h.run()
        assert self.h.getModelStatus() == highspy.HighsModelStatus.kOptimal
        return float(self.h.getInfo().objective_function_value)

    def solve(self) -> tuple[int, float, list[str]]:
        """Least weighted shortfall, then the most merit: (shortfall, merit, roster)."""
        shortfall = 0
        if self.penalty:
            best = self._objective(
                {k: float(w) for k, w in self.penalty.items()}, highspy.ObjSense.kMinimize
            )
            shortfall = round(best)
            self._row({k: float(w) for k, w in self.penalty.items()}, -INF, float(shortfall))
        column = self.scenario.objective.maximise
        merit = [_exact(v) for v in self.pool.table[column]] if column else []
        scaled = _scaled(merit) if merit else [0] * self.n
        value = self._objective(
            {k: float(s) for k, s in enumerate(scaled)}, highspy.ObjSense.kMaximize
        )
        x = self.h.getSolution().col_value
        roster = sorted(i for k, i in enumerate(self.ids) if x[k] > 0.5)
        return shortfall, value, roster


@cache
def wgig() -> Scenario:
    return load_scenario(WGIG)


def with_budget(pool: Pool) -> Scenario:
    """The WGIG rules without the soft rule, with a travel budget that binds."""
    data = wgig().model_dump(mode="json")
    data["quota"] = [q for q in data["quota"] if not q["soft"]]
    costs = sorted(pool.numbers("travel_cost"))
    data["budget"] = {"max": float(sum(costs[:45]))}  # tight for 30-40 members
    data["nominations"] = None
    return load_scenario(data)


def cross_check(pool: Pool, scenario: Scenario) -> Result:
    result = solve(pool, scenario, SolveOptions(time_limit=60))
    assert result.status == Status.OPTIMAL
    shortfall, merit, roster = Mip(pool, bind(scenario, pool)).solve()
    assert result.objective["soft_shortfall"] == shortfall
    assert result.objective["score"] == pytest.approx(merit, abs=1e-6)
    # HiGHS's roster keeps every rule by composer's own checker, with the same score
    report = check(result.pool, result.scenario, roster)
    assert report.ok, [r.name for r in report.failures]
    assert report.soft_shortfall == shortfall
    assert float(pool.table.loc[roster, "score"].sum()) == result.objective["score"]
    return result


@pytest.mark.parametrize("n", [200, 500, 1000])
def test_wgig_optimum_matches_highs(n: int) -> None:
    pool = load_nominations(synthetic_pool(n, seed=n))
    cross_check(pool, wgig())


@pytest.mark.slow
def test_wgig_with_budget_matches_highs() -> None:
    pool = load_nominations(synthetic_pool(300, seed=3))
    scenario = with_budget(pool)
    assert scenario.budget is not None
    cross_check(pool, scenario)


def test_wgig_with_competing_soft_rules_matches_highs() -> None:
    # 60% women and 60% men cannot both hold: the weights decide the split, then merit
    data = wgig().model_dump(mode="json")
    data["quota"] = [q for q in data["quota"] if not q["soft"]]
    data["quota"] += [
        {"column": "gender", "min_share": {"female": "3/5"}, "soft": True, "weight": 3},
        {"column": "gender", "min_share": {"male": "3/5"}, "soft": True, "weight": 2},
        {"column": "region", "max": {"Asia-Pacific": 6}, "soft": True, "weight": 1},
    ]
    data["nominations"] = None
    pool = load_nominations(synthetic_pool(500, seed=5))
    result = cross_check(pool, load_scenario(data))
    assert result.objective["soft_shortfall"] > 0
