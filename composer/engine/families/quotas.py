"""Quota rules: seats (or shares of the counted members) for one value of a column.

A share is exact in integers: ``count(value) >= p/q * count(counted)`` is written
``q * count(value) >= p * count(counted)``, where the counted members are the whole roster or
those matching ``where``.  A soft quota adds a shortfall variable ``s`` (seats missed) to the
left-hand side and costs ``weight * s``.
"""

from __future__ import annotations

from fractions import Fraction

from ortools.sat.python import cp_model

from composer.engine.variables import ModelContext
from composer.rules.scenario import Bound


def add_quota_constraints(ctx: ModelContext, bounds: list[Bound]) -> None:
    """One linear constraint per quota bound."""
    for bound in bounds:
        column = str(bound.column)
        have = ctx.group_counter(column, bound.values, bound.where)
        lower = bound.is_lower
        slack: cp_model.LinearExpr | int = 0
        if bound.soft:
            # seats missed never exceed the members counted, who never exceed the roster
            # (unless the size rule itself may be switched off, in conflict analysis)
            most = int(ctx.mask(None, None, bound.where).sum())
            size_max = ctx.scenario.size.max
            if size_max is not None and ctx.enforce is None:
                most = min(most, size_max)
            slack = ctx.shortfall(bound, max(most, int(bound.amount)))
        sign = 1 if lower else -1
        if bound.is_share:
            # q * (have + s) >= p * counted: a short row over count variables
            p, q = Fraction(bound.amount).as_integer_ratio()
            counted = ctx.group_counter(None, None, bound.where)
            left: cp_model.LinearExpr = q * have + sign * q * slack
            right: cp_model.LinearExpr | int = p * counted
        else:
            left, right = have + sign * slack, int(bound.amount)
        ctx.add(bound, ctx.model.add(left >= right) if lower else ctx.model.add(left <= right))
