"""Remove nominees that cannot be in an optimal roster, and order the rest (exact, no loss).

The reduction reads the rules as their rows (:mod:`composer.rules.families`).  Nominee ``j``
is *dominated* by ``i`` when putting ``i`` in ``j``'s seat keeps every row, hard or soft, at
least as well met, and ``i`` has a higher (merit, tie priority): the same coefficient in every
row, except the rows of families that compare (``FamilySpec.compared``: coverage, where
``i`` must hold every area ``j`` holds, and budgets, where ``i`` costs no more), and the same
labels where a family asks for them (``FamilySpec.partition``: the value a cap or a distinct
rule counts, so a swap never moves a seat between values; who may hold a role and what its
quotas count).  Swapping ``j`` for ``i`` keeps every rule and strictly improves the objective,
so in every optimal roster ``x[j] <= x[i]``.  Members of a together group are never compared
(their rows differ), and fixed members are never dropped.

When ``j`` and its dominators are more than a hard row can ever hold (a cap, a quota maximum,
a share maximum, the size maximum), ``j`` can never be selected and is dropped; feasibility is
kept as well, since any roster holding ``j`` has a free dominator to swap in.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from composer.inputs.nominations import Pool
from composer.rules.ex_officio import fixed_in, uncounted
from composer.rules.families import SPECS, rule_rows
from composer.rules.rotation import held_out_by_terms
from composer.rules.rows import Row, RowSpace, row_values
from composer.rules.scenario import Scenario


@dataclass
class Reduction:
    """Eligible ids, and pairs (j, i) meaning ``x[j] <= x[i]`` in some optimal roster."""

    eligible: list[str]
    dropped: list[str] = field(default_factory=list)
    orders: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class _Rows:
    """The scenario's rows over the pool, split by how the reduction reads them."""

    same: list[Row] = field(default_factory=list)  # equal coefficients needed
    compared: list[Row] = field(default_factory=list)  # a better coefficient is enough
    hard: list[bool] = field(default_factory=list)  # per 'same' row: of a hard rule

    @property
    def hard_upper(self) -> np.ndarray:
        """Per 'same' row: a hard upper bound (it limits how many of a class fit)."""
        return np.asarray(
            [h and not r.lower for h, r in zip(self.hard, self.same, strict=True)], dtype=bool
        )


def _rows(scenario: Scenario, space: RowSpace) -> _Rows:
    found = _Rows()
    for bound in scenario.bounds():
        rows = rule_rows(bound, space)
        if rows is None:
            continue
        if SPECS[bound.family].compared:
            found.compared.extend(rows.rows)
            continue
        found.same.extend(rows.rows)
        found.hard.extend([not bound.soft] * len(rows.rows))
    return found


def _coefficients(row: Row, n: int) -> np.ndarray:
    """The row's coefficient per position (the smallest exact integer type)."""
    coef = row_values(row, n)
    if coef.dtype != object and len(coef) and coef.min() > -128 and coef.max() < 128:
        return coef.astype(np.int8)  # coverage: 0 or 1 each, for many areas at once
    return coef


@dataclass
class _Same:
    """Each position's non-zero coefficients in the 'same' rows (sorted by row)."""

    rows: list[Row]
    row_ids: np.ndarray
    values: np.ndarray
    edges: np.ndarray  # position p's pairs are [edges[p], edges[p + 1])

    @classmethod
    def of(cls, rows: list[Row], n: int) -> _Same:
        empty = np.zeros(0, dtype=np.int64)
        if not rows:
            return cls(rows, empty, empty, np.zeros(n + 1, dtype=np.int64))
        which, where, what = [], [], []
        for index, row in enumerate(rows):
            for k, term in row.terms:
                which.append(np.full(len(term.positions), index, dtype=np.int64))
                where.append(np.asarray(term.positions, dtype=np.int64))
                what.append(k * np.asarray(term.values(), dtype=np.int64))
        code = np.concatenate(where) * len(rows) + np.concatenate(which)
        unique, inverse = np.unique(code, return_inverse=True)
        summed = np.zeros(len(unique), dtype=np.int64)
        np.add.at(summed, inverse, np.concatenate(what))  # a share row counts a holder twice
        kept = summed != 0
        unique, summed = unique[kept], summed[kept]
        positions = unique // len(rows)
        edges = np.searchsorted(positions, np.arange(n + 1))
        return cls(rows, unique % len(rows), summed, edges)

    def key(self, position: int) -> bytes:
        """The pairs of ``position`` as bytes (equal keys: equal coefficients everywhere)."""
        a, b = self.edges[position], self.edges[position + 1]
        return self.row_ids[a:b].tobytes() + b"|" + self.values[a:b].tobytes()

    def limit(self, position: int, hard_upper: np.ndarray, size_max: int) -> float:
        """The most nominees with ``position``'s coefficients a roster can hold: for each hard
        upper row they are in, ``c * k - m * (size_max - k) <= rhs`` where ``m`` is the most
        another member can take off the row."""
        limit: float = size_max
        a, b = self.edges[position], self.edges[position + 1]
        for index, c in zip(self.row_ids[a:b].tolist(), self.values[a:b].tolist(), strict=True):
            if c <= 0 or not hard_upper[index]:
                continue
            room = int(self.lowest[index])
            limit = min(limit, (self.rows[index].rhs + room * size_max) // (c + room))
        return limit

    @property
    def lowest(self) -> np.ndarray:
        """Per row: the most one member's negative coefficient takes off it (0 when none)."""
        if "_lowest" not in self.__dict__:
            low = np.zeros(len(self.rows), dtype=np.int64)
            np.minimum.at(low, self.row_ids, self.values)
            self.__dict__["_lowest"] = -low
        return self.__dict__["_lowest"]  # type: ignore[no-any-return]


def _keys(scenario: Scenario, space: RowSpace, same: _Same) -> list[tuple[object, ...]]:
    """Per nominee: its coefficients in the 'same' rows, and the labels each family's
    partition asks two compared nominees to share."""
    columns: list[np.ndarray] = []
    for bound in scenario.bounds():
        partition = SPECS[bound.family].partition
        if partition is not None:
            columns.extend(partition(bound, space, scenario))
    return [(same.key(p), *(str(c[p]) for c in columns)) for p in range(len(space.ids))]


def reduce_pool(
    pool: Pool, scenario: Scenario, merit: dict[str, int], tie: dict[str, int]
) -> Reduction:
    """Dominance reduction of the pool for ``scenario`` (already bound to the pool)."""
    # a nominee the term limit holds out must not count as anyone's free dominator
    excluded = set(scenario.members.exclude) | held_out_by_terms(pool, scenario)
    excluded |= uncounted(scenario)  # ex officio: in the body, outside the selection
    included = fixed_in(scenario)
    all_ids = [str(i) for i in pool.text("id")]
    ids = [i for i in all_ids if i not in excluded]
    n = len(all_ids)
    size_max = scenario.size.max if scenario.size.max is not None else len(ids)
    space = RowSpace.of(pool, ids)
    rows = _rows(scenario, space)
    same = _Same.of(rows.same, n)
    keys = _keys(scenario, space, same)
    compared = [(r.lower, _coefficients(r, n)) for r in rows.compared]
    hard_upper = rows.hard_upper

    classes: dict[tuple[object, ...], list[int]] = {}
    for position in np.flatnonzero(space.eligible).tolist():
        classes.setdefault(keys[position], []).append(position)

    result = Reduction(eligible=[])
    dropped: set[str] = set()
    for members in classes.values():
        if len(members) < 2:
            continue
        members.sort(key=lambda p: (-merit[all_ids[p]], -tie[all_ids[p]]))
        rank = np.arange(len(members))
        dom = rank[:, None] < rank[None, :]  # dom[a, b]: a dominates b (a ranks higher)
        at = np.asarray(members)
        for lower, coef in compared:
            c = coef[at]
            dom &= (c[:, None] >= c[None, :]) if lower else (c[:, None] <= c[None, :])
        limit = same.limit(members[0], hard_upper, size_max)
        counts = dom.sum(axis=0)
        for j, position in enumerate(members):
            ident = all_ids[position]
            if ident in included or counts[j] == 0:
                continue
            if counts[j] >= limit:
                dropped.add(ident)
            else:
                nearest = int(np.nonzero(dom[:, j])[0].max())
                result.orders.append((ident, all_ids[members[nearest]]))
    result.eligible = [i for i in ids if i not in dropped]
    result.dropped = sorted(dropped)
    result.orders = [(j, i) for j, i in result.orders if i not in dropped]
    return result
