"""Quota rules: seats (or shares of the counted members) for one value of a column.

A share is exact in integers: ``count(value) >= p/q * count(counted)`` is written
``q * count(value) >= p * count(counted)``, where the counted members are the whole roster or
those matching ``where``.  A soft quota adds a shortfall variable ``s`` (seats missed) to the
left-hand side and costs ``weight * s``.
"""

from __future__ import annotations

from fractions import Fraction

from composer.model.variables import ModelContext
from composer.scenario import Bound


def add_quota_constraints(ctx: ModelContext, bounds: list[Bound]) -> None:
    """One linear constraint per quota bound."""
    for bound in bounds:
        column = str(bound.column)
        counted = ctx.ids_where(column, None, bound.where)
        holders = ctx.ids_where(column, bound.value, bound.where)
        have = ctx.count(holders)
        lower = bound.is_lower
        if bound.soft:
            slack = ctx.shortfall(bound, max(len(counted), int(bound.amount)))
            have = have + slack if lower else have - slack
        if bound.is_share:
            share = Fraction(bound.amount)
            left = share.denominator * have
            right = share.numerator * ctx.count(counted)
        else:
            left, right = have, int(bound.amount)
        ctx.add(bound, ctx.model.add(left >= right) if lower else ctx.model.add(left <= right))
