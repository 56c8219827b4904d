"""Rotation rules: the share of seats for new members, and the limit on consecutive terms.

A nominee is *new* when the incumbent column does not read yes (empty cells read no).  The
renewal shares are exact in integers, like quota shares: ``q * new >= p * size``.  Nominees
whose terms column has reached ``max_consecutive_terms`` are held out of the roster.
"""

from __future__ import annotations

from fractions import Fraction

from composer.engine.variables import ModelContext
from composer.rules.rotation import new_members, terms_served
from composer.rules.scenario import Bound


def add_rotation_constraints(ctx: ModelContext, bounds: list[Bound]) -> None:
    """``q * new >= p * size`` (or ``<=``) per renewal share; ``x == 0`` past the term limit."""
    for bound in bounds:
        column = str(bound.column)
        if bound.kind == "max_terms":
            served = terms_served(ctx.pool, column)
            mask = ctx.mask() & (served >= int(bound.amount))
            if mask.any():
                ctx.add(bound, ctx.model.add(ctx.count_mask(mask) == 0))
            continue
        mask = ctx.mask() & new_members(ctx.pool, column)
        new = ctx.counter(f"new members ({column} = no)", mask)
        p, q = Fraction(bound.amount).as_integer_ratio()
        if bound.kind == "min_share":
            ctx.add(bound, ctx.model.add(q * new >= p * ctx.size))
        else:
            ctx.add(bound, ctx.model.add(q * new <= p * ctx.size))
