"""Exact swap screening for reserve lists: which swaps keep every hard rule, at what shortfall.

A swap puts nominee ``c`` in member ``m``'s seat.  Every rule written as rows
(:mod:`composer.rules.families`) changes by the two nominees' coefficients, so the rows are
evaluated on every swap at once with exact integers; a row no single swap can break is
skipped.  ``distinct`` (values present) and ``role`` (who holds which role) are screened by
their own arithmetic and search.  The test suite compares the screen with the independent
checker on every swap of small pools.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from composer.engine.result import Result
from composer.rules.bounds import Bound
from composer.rules.ex_officio import uncounted
from composer.rules.families import OWN_VARIABLES, ROW_FAMILIES, rule_rows
from composer.rules.role_search import best_assignment, eligible
from composer.rules.role_terms import soft_terms
from composer.rules.roles import member_roles
from composer.rules.rows import Row, RowSpace, RuleRows
from composer.rules.where import where_mask

#: Rule families the screen understands; any other family makes every swap go to the checker.
SCREENED = (*ROW_FAMILIES, *OWN_VARIABLES)


class SwapScreen:
    """The scenario's rules on one roster, ready to screen every swap."""

    def __init__(self, result: Result) -> None:
        pool, scenario = result.pool, result.scenario
        self.ids = list(pool.text("id"))
        outside = uncounted(scenario)  # ex officio: in the body, never swapped
        space = RowSpace.of(pool, [i for i in self.ids if i not in outside])
        self.rules: list[RuleRows] = []
        self.distinct: list[tuple[np.ndarray, np.ndarray, Bound]] = []  # (values, counted, rule)
        # roles held by members, screened by the holders' search (see _roles); roles held
        # outside the selection keep their holders, whom reserves never swap in
        self.roles = member_roles(scenario.role)
        self.table = pool.table
        self.complete = True
        for bound in scenario.bounds():
            if bound.family == "distinct":
                counted = where_mask(bound.where, pool.text, len(self.ids))
                self.distinct.append((pool.text(str(bound.column)), counted, bound))
            elif bound.family != "role":
                rows = rule_rows(bound, space)
                if rows is None or bound.family not in SCREENED:
                    self.complete = False
                else:
                    self.rules.append(rows)

    def swaps(self, members: list[int], others: list[int]) -> tuple[np.ndarray, np.ndarray]:
        """``ok[m, c]`` (swap member m for nominee c keeps every hard rule) and the shortfall."""
        ok = np.ones((len(members), len(others)), dtype=bool)
        shortfall = np.zeros((len(members), len(others)), dtype=np.int64)
        m, c = np.asarray(members, dtype=np.int64), np.asarray(others, dtype=np.int64)
        n = len(self.ids)
        selected, candidate = np.zeros(n, dtype=bool), np.zeros(n, dtype=bool)
        selected[m], candidate[c] = True, True
        for rules in self.rules:
            need = _need(rules, selected, candidate, m, c)
            if need is None:
                continue
            if rules.bound.soft:
                shortfall += (need * rules.bound.weight).astype(np.int64)
            else:
                ok &= need == 0
        for values, counted, bound in self.distinct:
            gap = int(bound.amount) - _distinct_after(values, counted, m, c)
            if bound.soft:
                shortfall += (np.maximum(0, gap) * bound.weight).astype(np.int64)
            else:
                ok &= gap <= 0
        if self.roles:
            held, missed = self._roles(members, others)
            ok &= held
            shortfall += missed
        return ok, shortfall

    def _row(self, position: int) -> dict[str, Any]:
        ident = self.ids[position]
        return {"id": ident, **{str(k): v for k, v in self.table.loc[ident].items()}}

    def _roles(self, members: list[int], others: list[int]) -> tuple[np.ndarray, np.ndarray]:
        """``ok[m, c]`` for the roles, and the soft role quotas' shortfall: exact and quick.
        Without soft role quotas a swap that keeps every holder keeps the roles; for a holder
        leaving (for any member, with soft role quotas), the roles are searched again once
        per kind of newcomer (what makes a nominee eligible and what the role rules count)."""
        ok = np.ones((len(members), len(others)), dtype=bool)
        missed = np.zeros((len(members), len(others)), dtype=np.int64)
        rows = [self._row(p) for p in members]
        now = best_assignment(rows, self.roles)
        holders = {i for ids in (now[0] if now else {}).values() for i in ids}
        soft = any(soft_terms(r) for r in self.roles)
        counted = [*(q.column for r in self.roles for q in r.quota)]
        counted += [d.column for r in self.roles for d in r.distinct]
        counted += [c.column for r in self.roles for c in r.coverage]
        columns = sorted({*counted, *(c.column for r in self.roles for c in r.cap)})
        newcomers = [self._row(p) for p in others]
        kinds = [
            (tuple(eligible(row, r) for r in self.roles), tuple(str(row[c]) for c in columns))
            for row in newcomers
        ]
        for a, row in enumerate(rows):
            if now is not None and not soft and row["id"] not in holders:
                continue
            rest = rows[:a] + rows[a + 1 :]
            seen: dict[tuple[Any, ...], tuple[bool, int]] = {}
            for b, kind in enumerate(kinds):
                if kind not in seen:
                    found = best_assignment([*rest, newcomers[b]], self.roles)
                    seen[kind] = (found is not None, found[1] if found else 0)
                ok[a, b], missed[a, b] = seen[kind]
        return ok, missed


def _need(
    rules: RuleRows, selected: np.ndarray, candidate: np.ndarray, m: np.ndarray, c: np.ndarray
) -> np.ndarray | None:
    """``need[a, b]``: the slack the rule's rows need once ``m[a]`` leaves for ``c[b]`` (the
    seats short or over, for a soft rule); None when no swap can break any row."""
    need: np.ndarray | None = None
    for row in rules.rows:
        gap = _gap_after(row, selected, candidate, m, c)
        if gap is None:
            continue
        seats = -(-np.maximum(0, gap) // row.unit)
        need = seats if need is None else np.maximum(need, seats)
    return need


def _gap_after(
    row: Row, selected: np.ndarray, candidate: np.ndarray, m: np.ndarray, c: np.ndarray
) -> np.ndarray | None:
    """How far the row misses its bound after each swap (<= 0: it holds); None when no swap
    can make it miss (read from its few non-zero coefficients, without a full pass)."""
    positions = np.concatenate([t.positions for _, t in row.terms])
    values = np.concatenate([k * t.values() for k, t in row.terms])
    positions, inverse = np.unique(positions, return_inverse=True)
    coef = np.zeros(len(positions), dtype=values.dtype)
    np.add.at(coef, inverse, values)
    held, offered = coef[selected[positions]], coef[candidate[positions]]
    now = held.sum()
    # the extreme coefficients a member gives up and a candidate brings (0 for those absent)
    lowest_out = held.min() if len(held) else 0
    highest_out = held.max() if len(held) else 0
    if len(held) < len(m):
        lowest_out, highest_out = min(lowest_out, 0), max(highest_out, 0)
    lowest_in = offered.min() if len(offered) else 0
    highest_in = offered.max() if len(offered) else 0
    if len(offered) < len(c):
        lowest_in, highest_in = min(lowest_in, 0), max(highest_in, 0)
    if row.lower and now - highest_out + lowest_in >= row.rhs:
        return None
    if not row.lower and now - lowest_out + highest_in <= row.rhs:
        return None
    dense = np.zeros(len(selected), dtype=values.dtype)
    dense[positions] = coef
    after = now - dense[m][:, None] + dense[c][None, :]
    gap: np.ndarray = (row.rhs - after) if row.lower else (after - row.rhs)
    return gap


def _distinct_after(
    values: np.ndarray, counted: np.ndarray, m: np.ndarray, c: np.ndarray
) -> np.ndarray:
    """``after[a, b]``: distinct values among the counted members once ``m[a]`` leaves for
    ``c[b]``."""
    held: dict[str, int] = {}
    for i in m[counted[m]]:
        held[values[i]] = held.get(values[i], 0) + 1
    lost = counted[m] & np.asarray([held.get(values[i], 0) == 1 for i in m], dtype=bool)
    same = values[m][:, None] == values[c][None, :]
    # the candidate brings a new value when it is counted and nobody left holds that value
    left = np.asarray([held.get(values[j], 0) for j in c])[None, :] - (counted[m][:, None] & same)
    gained = counted[c][None, :] & (left == 0)
    after: np.ndarray = len(held) - lost[:, None].astype(np.int64) + gained.astype(np.int64)
    return after
