"""Remove nominees that cannot be in an optimal roster, and order the rest (exact, no loss).

Nominee ``j`` is *dominated* by ``i`` when ``i`` has the same value in every column a quota or
cap reads, every area ``j`` has in each coverage column, no higher cost, and a higher
(merit, tie priority); nominees named by a together or apart group, and rows that share
their person with another row, are never compared.
Swapping ``j`` for ``i`` keeps every rule and strictly improves the objective, so in every
optimal roster ``x[j] <= x[i]``.  When ``j`` has at least as many dominators as the seats its
class can ever hold (a cap, a quota maximum, the size maximum), ``j`` can never be selected
and is dropped.  Feasibility is kept as well: any roster holding ``j`` has a free dominator
to swap in.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from composer.inputs.nominations import Pool
from composer.numbers import scale_for, scaled
from composer.rules.ex_officio import fixed_in, uncounted
from composer.rules.groups import grouped_ids
from composer.rules.persons import shared_rows
from composer.rules.rotation import held_out_by_terms
from composer.rules.scenario import Scenario, parse_share
from composer.rules.where import matches, where_items


@dataclass
class Reduction:
    """Eligible ids, and pairs (j, i) meaning ``x[j] <= x[i]`` in some optimal roster."""

    eligible: list[str]
    dropped: list[str] = field(default_factory=list)
    orders: list[tuple[str, str]] = field(default_factory=list)


def _rule_columns(scenario: Scenario) -> list[str]:
    columns: set[str] = set()
    for quota in scenario.quota:
        columns |= {quota.column, *quota.where}
    for cap in scenario.cap:
        columns |= {cap.column, *cap.where}
    for rule in scenario.distinct:  # a swap within one value keeps the distinct count
        columns |= {rule.column, *rule.where}
    for equal in scenario.equal:  # ... and every count an equal rule compares
        columns |= {equal.column, *equal.where}
    if scenario.rotation is not None:  # new members and incumbents are never swapped
        columns.add(scenario.rotation.incumbent)
    for role in scenario.role:  # who may hold a role, and what its quotas count
        columns |= {*role.where, *(q.column for q in role.quota)}
    return sorted(columns)


def _seat_limit(row: dict[str, str], scenario: Scenario, size_max: int) -> int:
    """Most members a roster can have that share every rule value with ``row``."""
    limit = size_max
    for cap in scenario.cap:
        if all(matches(c, row[c.column]) for c in where_items(cap.where)):
            limit = min(limit, cap.max_each)
    for quota in scenario.quota:
        if quota.soft or quota.where:
            continue
        value = row[quota.column]
        if value in quota.max:
            limit = min(limit, quota.max[value])
        if value in quota.max_share:
            limit = min(limit, int(parse_share(quota.max_share[value]) * size_max))
    return limit


def reduce_pool(
    pool: Pool, scenario: Scenario, merit: dict[str, int], tie: dict[str, int]
) -> Reduction:
    """Dominance reduction of the pool for ``scenario`` (already bound to the pool)."""
    table = pool.table
    # a nominee the term limit holds out must not count as anyone's free dominator
    excluded = set(scenario.members.exclude) | held_out_by_terms(pool, scenario)
    excluded |= uncounted(scenario)  # ex officio: in the body, outside the selection
    included = fixed_in(scenario)
    ids = [str(i) for i in table.index if str(i) not in excluded]
    size_max = scenario.size.max if scenario.size.max is not None else len(ids)
    columns = _rule_columns(scenario)
    cover_cols = sorted({c.column for c in scenario.coverage})
    masks = {}
    for column in cover_cols:
        areas = pool.areas(column)
        universe = {a: k for k, a in enumerate(sorted({a for v in areas.values() for a in v}))}
        masks[column] = {i: sum(1 << universe[a] for a in areas[i]) for i in ids}
    # every budget column: a dominator costs no more in each of them
    cost_cols = sorted({b.column for b in scenario.budgets})
    cost_scales = {c: scale_for(table[c]) for c in cost_cols}

    keep = set(ids)
    all_ids = pool.text("id")
    keys = list(zip(*(pool.text(c) for c in columns), strict=True)) if columns else None
    classes: dict[tuple[str, ...], list[str]] = {}
    # a swap would break their group, or their person's one seat: never compared
    linked = grouped_ids(scenario) | shared_rows(pool, scenario)
    for position, ident in enumerate(all_ids):
        if ident in keep and ident not in linked:
            classes.setdefault(keys[position] if keys else (), []).append(ident)

    result = Reduction(eligible=[])
    dropped: set[str] = set()
    for key, members in classes.items():
        if len(members) < 2:
            continue
        members.sort(key=lambda i: (-merit[i], -tie[i]))
        n = len(members)
        rank = np.arange(n)
        dom = rank[:, None] < rank[None, :]  # dom[a, b]: a dominates b (a ranks higher)
        for column in cover_cols:
            dom &= _superset([masks[column][i] for i in members])
        for cost_col in cost_cols:
            costs = table[cost_col]
            c = np.array([scaled(costs[i], cost_scales[cost_col]) for i in members])
            dom &= c[:, None] <= c[None, :]
        row = dict(zip(columns, key, strict=True))
        limit = _seat_limit(row, scenario, size_max)
        counts = dom.sum(axis=0)
        for j, ident in enumerate(members):
            if ident in included or counts[j] == 0:
                continue
            if counts[j] >= limit:
                dropped.add(ident)
            else:
                nearest = int(np.nonzero(dom[:, j])[0].max())
                result.orders.append((ident, members[nearest]))
    result.eligible = [i for i in ids if i not in dropped]
    result.dropped = sorted(dropped)
    result.orders = [(j, i) for j, i in result.orders if i not in dropped]
    return result


def _superset(masks: list[int]) -> np.ndarray:
    """``out[a, b]``: the area set ``a`` contains the area set ``b``."""
    if max(masks, default=0) < 2**63:
        m = np.array(masks, dtype=np.int64)
        out: np.ndarray = (m[:, None] & m[None, :]) == m[None, :]
        return out
    return np.array([[(a & b) == b for b in masks] for a in masks], dtype=bool)
