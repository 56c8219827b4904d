"""Equal-count rules: the counts of the listed values differ by at most ``spread``.

With ``c[v]`` the members (matching ``where``) who have value ``v``, every ordered pair of
listed values gives ``c[u] - c[v] <= spread`` (``- s`` for a soft rule, ``s`` the seats of
spread beyond it): exact, and no auxiliary variable but the counts.
"""

from __future__ import annotations

from itertools import permutations

from ortools.sat.python import cp_model

from composer.engine.variables import ModelContext
from composer.rules.scenario import Bound


def value_counts(ctx: ModelContext, bound: Bound) -> dict[str, cp_model.IntVar]:
    """``c[v]`` for each listed value (count variables shared with the quotas)."""
    return {v: ctx.group_counter(str(bound.column), v, bound.where) for v in bound.values}


def spread_rows(
    counts: dict[str, cp_model.IntVar], slack: cp_model.LinearExpr | int
) -> list[tuple[str, cp_model.LinearExpr]]:
    """``c[u] - c[v] - slack`` for every ordered pair (the caller bounds each by ``spread``)."""
    rows: list[tuple[str, cp_model.LinearExpr]] = []
    for u, v in permutations(counts, 2):
        rows.append((f"{u} - {v}", counts[u] - counts[v] - slack))
    return rows


def add_equal_constraints(ctx: ModelContext, bounds: list[Bound]) -> None:
    """``c[u] - c[v] (- s) <= spread`` for every ordered pair of listed values."""
    for bound in bounds:
        counts = value_counts(ctx, bound)
        slack: cp_model.LinearExpr | int = 0
        if bound.soft:
            most = max(int(ctx.mask(None, None, bound.where).sum()), int(bound.amount))
            slack = ctx.shortfall(bound, most)
        for part, difference in spread_rows(counts, slack):
            ctx.add(bound, ctx.model.add(difference <= int(bound.amount)), f" [{part}]")
