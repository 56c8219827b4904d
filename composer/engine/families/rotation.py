"""Rotation rules: the share of seats for new members, and the limit on consecutive terms.

A nominee is *new* when the incumbent column does not read yes (empty cells read no).  The
renewal shares are exact in integers, like quota shares: ``q * new >= p * size``.  Nominees
whose terms column has reached ``max_consecutive_terms`` are held out of the roster.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from composer.engine.variables import ModelContext
from composer.inputs import vocabulary
from composer.inputs.nominations import Pool
from composer.rules.scenario import Bound, Scenario


def new_members(pool: Pool, column: str) -> np.ndarray:
    """Per nominee (pool order): True when the incumbent ``column`` does not read yes."""
    return np.fromiter(
        (vocabulary.canonical("yes_no", text) != "yes" for text in pool.text(column)),
        dtype=bool,
        count=len(pool),
    )


def terms_served(pool: Pool, column: str) -> np.ndarray:
    """Per nominee (pool order): consecutive terms served, empty cells as 0."""
    return np.asarray([int(text.strip() or 0) for text in pool.text(column)], dtype=np.int64)


def held_out_by_terms(pool: Pool, scenario: Scenario) -> set[str]:
    """Ids the term limit keeps out of every roster.

    Fixed members (``members.include``) are left in: the fixing and the term limit then
    conflict, and the solver names both instead of dropping one silently.
    """
    rotation = scenario.rotation
    if rotation is None or rotation.max_consecutive_terms is None:
        return set()
    served = terms_served(pool, rotation.terms_column)
    out = pool.text("id")[served >= rotation.max_consecutive_terms]
    return {str(i) for i in out} - set(scenario.members.include)


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
