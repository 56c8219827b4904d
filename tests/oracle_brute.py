"""The brute force: every rule evaluated on all 2**n subsets at once (numpy), following the
rules of ``composer.engine.check``, its optimum, and composer held to it on one example."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from itertools import combinations
from math import lcm
from typing import Any

import numpy as np
from helpers import make_pool
from hypothesis import event

from composer import Pool, Result, SolveOptions, Status, load_scenario, solve
from composer.engine.check import check
from composer.engine.objective import tie_order, tie_priorities
from composer.rules.bind import bind
from composer.rules.ex_officio import uncounted
from composer.rules.scenario import Bound, Scenario
from composer.rules.where import Where


def _exact(value: Any) -> Fraction:
    return Fraction(Decimal(str(value)))


def _integers(values: list[Fraction]) -> tuple[np.ndarray, int]:
    """Exact fractions as integers over one common denominator."""
    den = lcm(1, *(v.denominator for v in values))
    return np.array([int(v * den) for v in values], dtype=np.int64), den


@dataclass
class Evaluation:
    """Every rule on every subset: met and shortfall per bound name (rows = subsets)."""

    subsets: np.ndarray
    met: dict[str, np.ndarray]
    shortfall: dict[str, np.ndarray]
    allowed: np.ndarray  # subsets free of ex-officio members outside the selection
    #: for a role held outside the selection: every set of holders that fills it
    fillings: dict[str, list[tuple[int, ...]]] = field(default_factory=dict)
    #: the weighted soft shortfall of each set of holders (roles with soft rules)
    costs: dict[tuple[int, ...], int] = field(default_factory=dict)

    def feasible(self, bounds: list[Bound]) -> np.ndarray:
        ok = self.allowed.copy()
        for b in bounds:
            if not b.soft:
                ok &= self.met[b.name]
        return ok


def evaluate(
    pool: Pool,
    bounds: list[Bound],
    outside: frozenset[str] = frozenset(),
    roles: tuple[Any, ...] = (),
) -> Evaluation:
    table = pool.table
    n = len(table)
    subsets = ((np.arange(2**n)[:, None] >> np.arange(n)[None, :]) & 1).astype(np.int64)
    met: dict[str, np.ndarray] = {}
    short: dict[str, np.ndarray] = {}
    fillings: dict[str, list[tuple[int, ...]]] = {}

    def text(column: str) -> np.ndarray:
        return np.array([str(v) for v in table[column]], dtype=object)

    def passes(cell: Any, op: str, values: tuple[str, ...]) -> bool:
        if op == "in":
            return str(cell) in values
        if op == "not":
            return str(cell) not in values
        have, limit = _exact(cell), _exact(values[0])
        return {"lt": have < limit, "le": have <= limit, "gt": have > limit, "ge": have >= limit}[
            op
        ]

    def where_mask(where: Where) -> np.ndarray:
        mask = np.ones(n, dtype=bool)
        for c in where:
            mask &= np.array([passes(v, c.op, c.values) for v in table[c.column]], dtype=bool)
        return mask

    zero = np.zeros(len(subsets), dtype=np.int64)
    combos: dict[int, list[tuple[int, ...]]] = {}  # by role: every set of holders that fills it
    holder_costs: dict[tuple[int, ...], int] = {}
    for b in bounds:
        if b.family == "size":
            k = subsets.sum(axis=1)
            over = k - b.amount if b.kind == "max" else b.amount - k
            met[b.name], short[b.name] = over <= 0, np.maximum(0, over)
        elif b.family == "quota":
            counted = where_mask(b.where)
            holders = counted & np.isin(text(str(b.column)).astype(str), list(b.values))
            have = subsets @ holders.astype(np.int64)
            if b.kind in ("min", "max"):
                over = have - b.amount if b.kind == "max" else b.amount - have
                met[b.name], short[b.name] = over <= 0, np.maximum(0, over)
            else:
                p, q = Fraction(b.amount).as_integer_ratio()
                total = subsets @ counted.astype(np.int64)
                gap = p * total - q * have if b.kind == "min_share" else q * have - p * total
                met[b.name], short[b.name] = gap <= 0, np.maximum(0, -(-gap // q))
        elif b.family == "cap":
            counted = where_mask(b.where)
            column = text(str(b.column))
            over = zero.copy()
            for value in set(column[counted]):
                have = subsets @ (counted & (column == value)).astype(np.int64)
                over += np.maximum(0, have - b.amount)
            met[b.name], short[b.name] = over == 0, over
        elif b.family == "coverage":
            areas = pool.areas(str(b.column))
            holders = np.array([b.value in areas[i] for i in pool.ids], dtype=np.int64)
            have = subsets @ holders
            met[b.name], short[b.name] = have >= b.amount, np.maximum(0, b.amount - have)
        elif b.family == "equal":
            counted = where_mask(b.where)
            column = text(str(b.column))
            counts = np.stack(
                [subsets @ (counted & (column == v)).astype(np.int64) for v in b.values]
            )
            over = counts.max(axis=0) - counts.min(axis=0) - b.amount
            met[b.name], short[b.name] = over <= 0, np.maximum(0, over)
        elif b.family == "distinct":
            counted = where_mask(b.where)
            column = text(str(b.column))
            have = zero.copy()
            for value in set(column[counted]):
                have += (subsets @ (counted & (column == value)).astype(np.int64)) > 0
            met[b.name], short[b.name] = have >= b.amount, np.maximum(0, b.amount - have)
        elif b.family == "budget":
            costs = [_exact(v) for v in table[str(b.column)]]
            ints, _ = _integers([*costs, _exact(b.amount)])
            met[b.name], short[b.name] = subsets @ ints[:-1] <= ints[-1], zero
        elif b.family in ("together", "apart"):
            have = subsets @ np.isin(np.array(pool.ids), list(b.ids)).astype(np.int64)
            if b.family == "together":
                off = np.minimum(have, len(b.ids) - have)
                met[b.name], short[b.name] = off == 0, off
            else:
                met[b.name], short[b.name] = have <= 1, np.maximum(0, have - 1)
        elif b.family == "role" and b.soft and b.name not in short:
            # every soft rule of the role on the same holders: the first set of least
            # weighted shortfall among those that fill it
            role = roles[b.rule]
            soft = [o for o in bounds if o.family == "role" and o.soft and o.rule == b.rule]
            least = np.full(len(subsets), -1, dtype=np.int64)
            chosen_miss = {o.name: zero.copy() for o in soft}
            for combo in combos.get(b.rule, []):
                misses = {o.name: _soft_miss(table, o, combo) for o in soft}
                cost = sum(misses[o.name] * o.weight for o in soft)
                holder_costs[combo] = cost
                chosen = subsets[:, list(combo)].sum(axis=1)
                fits = chosen == len(combo) if role.counted else chosen == 0
                better = fits & ((least < 0) | (cost < least))
                least = np.where(better, cost, least)
                for o in soft:
                    chosen_miss[o.name] = np.where(better, misses[o.name], chosen_miss[o.name])
            for o in soft:  # unmeasured (no shortfall) when the role is not filled
                short[o.name], met[o.name] = chosen_miss[o.name], chosen_miss[o.name] == 0
        elif b.family == "role" and b.soft:
            pass  # measured with the role's first soft rule
        elif b.family == "role":  # some set of holders within the subset keeps the role
            role = roles[b.rule]
            able = [k for k in range(n) if _may_hold(table.iloc[k], role)]
            if not role.counted:  # some holders outside the subset (and not ex officio)
                able = [k for k in able if pool.ids[k] not in outside]
            covered = np.zeros(len(subsets), dtype=bool)
            most = role.seats if role.seats is not None else role.max_seats
            fewest = role.seats if role.seats is not None else role.min_seats or 0
            for seats in range(fewest, min(most, len(able)) + 1):
                for combo in combinations(able, seats):
                    if not _quotas_hold([table.iloc[k] for k in combo], role):
                        continue
                    combos.setdefault(b.rule, []).append(combo)
                    if role.counted:
                        covered |= subsets[:, list(combo)].sum(axis=1) == seats
                    else:
                        covered |= subsets[:, list(combo)].sum(axis=1) == 0
                        fillings.setdefault(b.name, []).append(combo)
            met[b.name], short[b.name] = covered, (~covered).astype(np.int64)
        elif b.family == "rotation":
            counted = where_mask(b.where)
            if b.kind == "max_terms":
                served = np.array([int(str(v).strip() or 0) for v in table[str(b.column)]])
                have = subsets @ (counted & (served >= b.amount)).astype(np.int64)
                met[b.name], short[b.name] = have == 0, have
            else:
                new = counted & (text(str(b.column)) != "yes")
                have, total = subsets @ new.astype(np.int64), subsets @ counted.astype(np.int64)
                p, q = Fraction(b.amount).as_integer_ratio()
                gap = p * total - q * have if b.kind == "min_share" else q * have - p * total
                met[b.name], short[b.name] = gap <= 0, np.maximum(0, -(-gap // q))
        elif b.family == "person":
            column = np.array([v.strip() for v in text(str(b.column))], dtype=object)
            over = zero.copy()
            for person in set(column) - {""}:
                over += np.maximum(0, subsets @ (column == person).astype(np.int64) - 1)
            met[b.name], short[b.name] = over == 0, over
        else:
            chosen = subsets[:, pool.ids.index(str(b.value))] == 1
            met[b.name] = chosen if b.kind == "include" else ~chosen
            short[b.name] = (~met[b.name]).astype(np.int64)
    held = np.isin(np.array(pool.ids), list(outside)).astype(np.int64)
    return Evaluation(subsets, met, short, subsets @ held == 0, fillings, holder_costs)


def _soft_miss(table: Any, b: Bound, combo: tuple[int, ...]) -> int:
    """The shortfall of the soft role rule ``b`` on the holders ``combo``: holders short of a
    quota's bound, holders beyond a cap (summed over the values), values short of a distinct
    minimum, holders short of an area."""
    cells = [str(table.iloc[k][str(b.column)]) for k in combo]
    if b.kind == "max_each":
        return sum(max(0, cells.count(v) - int(b.amount)) for v in set(cells))
    if b.kind == "distinct":
        return max(0, int(b.amount) - len(set(cells)))
    if b.kind == "min_each":
        held = [{a.strip().casefold() for a in c.split(";")} for c in cells]
        return max(0, int(b.amount) - sum(str(b.value) in h for h in held))
    count, amount = cells.count(str(b.value)), Fraction(b.amount)
    gap = {
        "min": amount - count,
        "max": count - amount,
        "min_share": amount * len(combo) - count,
        "max_share": count - amount * len(combo),
    }[b.kind]
    return max(0, -(-gap.numerator // gap.denominator))


def _may_hold(row: Any, role: Any) -> bool:
    return all(
        str(row[c]) in ((v,) if isinstance(v, str) else tuple(v)) for c, v in role.where.items()
    )


def _quotas_hold(rows: list[Any], role: Any) -> bool:
    """Counts, shares of the holders (``count / holders``, exactly), caps, distinct values and
    areas covered (the hard ones only: a soft one is measured as a rule of its own)."""
    for quota in (q for q in role.quota if not q.soft):
        have = [str(r[quota.column]) for r in rows]
        if any(have.count(v) < k for v, k in quota.min.items()):
            return False
        if any(have.count(v) > k for v, k in quota.max.items()):
            return False
        if any(have.count(v) < k * len(rows) for v, k in quota.min_share.items()):
            return False
        if any(have.count(v) > k * len(rows) for v, k in quota.max_share.items()):
            return False
    for cap in (c for c in role.cap if not c.soft):
        have = [str(r[cap.column]) for r in rows]
        if any(have.count(v) > cap.max_each for v in set(have)):
            return False
    for rule in (d for d in role.distinct if not d.soft):
        if len({str(r[rule.column]) for r in rows}) < rule.min:
            return False
    for cover in (
        c for c in role.coverage if not c.soft
    ):  # areas as the pool splits them: ';', trimmed, case-folded
        held = [{a.strip().casefold() for a in str(r[cover.column]).split(";")} for r in rows]
        if any(sum(area in h for h in held) < cover.min_each for area in cover.areas):
            return False
    return True


def roster_of(pool: Pool, row: np.ndarray) -> list[str]:
    return sorted(i for i, x in zip(pool.ids, row, strict=True) if x)


def assert_matches_checker(pool: Pool, scenario: Scenario, ev: Evaluation, index: int) -> None:
    """The vectorised evaluation of subset ``index`` agrees with the checker rule by rule."""
    rep = check(pool, scenario, roster_of(pool, ev.subsets[index]))
    for r in rep.rules:
        assert bool(ev.met[r.name][index]) == r.met, (r, index)
        if r.family != "budget":
            assert int(ev.shortfall[r.name][index]) == r.shortfall, (r, index)


@dataclass
class Optimum:
    feasible: bool
    soft: int = 0
    merit: Fraction = Fraction(0)
    rosters: list[list[str]] | None = None  # every roster with the optimal (soft, merit)
    index: int = -1
    first: list[str] | None = None  # the first of them in the tie-break order
    holders: list[str] | None = None  # its holders of a role outside the selection


def brute_force(pool: Pool, scenario: Scenario, ev: Evaluation) -> Optimum:
    bounds = scenario.bounds()
    ok = ev.feasible(bounds)
    if not ok.any():
        return Optimum(False)
    soft = np.zeros(len(ev.subsets), dtype=np.int64)
    for b in bounds:
        if b.soft:
            soft += b.weight * ev.shortfall[b.name]
    column = scenario.objective.maximise
    values = [_exact(v) for v in pool.table[column]] if column else [Fraction(0)] * len(pool)
    price = scenario.objective.seat_price
    numbers, den = _integers([*values, _exact(price or 0)])
    merit, seat_cost = numbers[:-1], int(numbers[-1])
    merit_of = np.array(
        [sum(int(m) * int(x) for m, x in zip(merit, row, strict=True)) for row in ev.subsets]
    )
    size_of = ev.subsets.sum(axis=1)
    # a role outside the selection: the best holders' merit among those off the roster
    combos = next(iter(ev.fillings.values()), [])
    bonus = np.zeros(len(ev.subsets), dtype=np.int64)
    least = np.full(len(ev.subsets), 2**40, dtype=np.int64)  # a soft quota comes before merit
    for combo in combos:
        off = ev.subsets[:, list(combo)].sum(axis=1) == 0
        least = np.where(off, np.minimum(least, ev.costs.get(combo, 0)), least)
    for combo in combos:
        off = ev.subsets[:, list(combo)].sum(axis=1) == 0
        off &= ev.costs.get(combo, 0) == least
        bonus = np.where(off, np.maximum(bonus, sum(int(merit[k]) for k in combo)), bonus)
    best = ok & (soft == soft[ok].min())
    goal = scenario.objective.size  # the size level: after the soft shortfall, before merit
    if goal is not None:
        best &= size_of == (size_of[best].min() if goal == "smallest" else size_of[best].max())
    net = merit_of - seat_cost * size_of + bonus  # every seat costs its price
    best &= net == net[best].max()
    found = np.flatnonzero(best)
    # the tie-break: the first roster in the priority order (highest priority first), that is
    # the largest 0/1 vector read in that order
    order = [pool.ids.index(i) for i in tie_order(tie_priorities(pool.ids))]
    first = max(found, key=lambda k: tuple(int(ev.subsets[k][j]) for j in order))
    holders = None
    if ev.fillings:  # the best holders off the roster, then the first in the priority order
        free = [c for c in combos if not ev.subsets[first][list(c)].any()]
        cheapest = min(ev.costs.get(c, 0) for c in free)
        free = [c for c in free if ev.costs.get(c, 0) == cheapest]
        top = max(sum(int(merit[k]) for k in c) for c in free)
        free = [c for c in free if sum(int(merit[k]) for k in c) == top]
        pick = max(free, key=lambda c: tuple(int(j in c) for j in order))
        holders = sorted(pool.ids[k] for k in pick)
    return Optimum(
        True,
        int(soft[first]),
        Fraction(int(merit_of[first]), den),
        [roster_of(pool, ev.subsets[i]) for i in found],
        int(first),
        roster_of(pool, ev.subsets[first]),
        holders,
    )


# ---------------------------------------------------------------------------- the property


def assert_agrees(
    result: Result, pool: Pool, scenario: Scenario, ev: Evaluation, best: Optimum
) -> None:
    if not best.feasible:
        assert result.status == Status.INFEASIBLE, result.selected
        hard = {b.name for b in scenario.bounds() if not b.soft}
        assert result.conflict and set(result.conflict) <= hard, result.conflict
        by_name = {b.name: b for b in scenario.bounds()}
        core = [by_name[name] for name in result.conflict]
        assert not ev.feasible(core).any(), f"the rules {result.conflict} can hold together"
        if result.stats.get("conflict_minimal"):
            for drop in core:
                rest = [b for b in core if b is not drop]
                assert ev.feasible(rest).any(), f"{result.conflict} holds without {drop.name}"
        return
    assert result.status == Status.OPTIMAL, (result.status, result.conflict)
    assert result.report is not None and result.report.ok
    assert result.objective["soft_shortfall"] == best.soft
    assert Fraction(str(result.objective["score"])) == best.merit
    check_again = check(pool, scenario, result.selected)
    assert check_again.ok and check_again.soft_shortfall == best.soft
    assert best.rosters is not None
    assert result.stats["tie_break"] == "lexicographic"
    assert result.selected == best.first
    if best.holders is not None:
        assert list(result.outside_holders.values()) == [best.holders]


def agrees_with_brute_force(case: tuple[list[dict[str, Any]], dict[str, Any], int]) -> None:
    rows, data, seed = case
    pool = make_pool(rows)
    scenario = bind(load_scenario(data), pool)
    ev = evaluate(pool, scenario.bounds(), frozenset(uncounted(scenario)), tuple(scenario.role))
    best = brute_force(pool, scenario, ev)

    # the vectorised evaluation follows composer.engine.check on a few rosters of every example
    rnd = random.Random(seed)
    samples = {0, len(ev.subsets) - 1, *(rnd.randrange(len(ev.subsets)) for _ in range(4))}
    if best.feasible:
        samples.add(best.index)
    for index in sorted(samples):
        if ev.allowed[index]:  # the checker refuses rosters holding ex officio outsiders
            assert_matches_checker(pool, scenario, ev, index)

    results = []
    for reduce in (True, False):
        result = solve(pool, load_scenario(data), SolveOptions(reduce=reduce, time_limit=30))
        result.diagnose()
        assert_agrees(result, pool, scenario, ev, best)
        results.append(result)
    first, second = results
    event(f"status: {first.status.value}")
    event(f"pool size: {'<= 6' if len(pool) <= 6 else '7-12'}")
    event(f"groups: {'some' if data.get('together') or data.get('apart') else 'none'}")
    event(f"person rule: {'yes' if data.get('person') else 'no'}")
    event(f"role: {'yes' if data.get('role') else 'no'}")
    quotas = [q for r in data.get("role", []) for q in r.get("quota", [])]
    event(f"role quota: {'soft' if any(q.get('soft') for q in quotas) else len(quotas)}")
    spread = [k for r in data.get("role", []) for k in ("distinct", "coverage") if k in r]
    event(f"role distinct / coverage: {'+'.join(spread) or 'none'}")
    kinds = ("cap", "distinct", "coverage")
    soft = [
        k for r in data.get("role", []) for k in kinds if any(t.get("soft") for t in r.get(k, []))
    ]
    event(f"role soft cap / distinct / coverage: {'+'.join(soft) or 'none'}")
    rotation = data.get("rotation")
    event(f"rotation: {'none' if not rotation else ('where' if rotation.get('where') else 'all')}")
    goal = data["objective"].get("size") or ("price" if "seat_price" in data["objective"] else "-")
    event(f"size goal: {goal}")
    officio = data.get("members", {}).get("ex_officio")
    event(f"ex officio: {'none' if not officio else data['members']['ex_officio_counted']}")
    reached = first.stats.get("stages") == 0
    tried = "tie-break at ceilings seconds" in first.stats
    event(f"ceilings: {'none' if not tried else 'reached' if reached else 'missed'}")
    if best.feasible:
        event(f"soft shortfall: {'some' if best.soft else 'none'}")
        event(f"optimal rosters: {'one' if len(best.rosters or []) == 1 else 'several'}")
    else:
        event(f"conflict: {len(first.conflict)} rules")
    assert first.selected == second.selected
    assert first.conflict == second.conflict
