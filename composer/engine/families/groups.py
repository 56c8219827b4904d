"""Together and apart groups: all of a group or none of it; at most one of a group.

``together``: ``x[a] == x[b]`` for consecutive members of the group; a member who is not in
the model (excluded, or past a term limit) keeps the whole group out.  ``apart``:
``sum(x[i] for i in group) <= 1``.
"""

from __future__ import annotations

import itertools

from composer.engine.variables import ModelContext
from composer.rules.scenario import Bound


def add_together_constraints(ctx: ModelContext, bounds: list[Bound]) -> None:
    """All of the group or none of it."""
    for bound in bounds:
        present = [i for i in bound.ids if i in ctx.x]
        if len(present) < len(bound.ids):  # someone cannot be selected: nobody can
            for ident in present:
                ctx.add(bound, ctx.model.add(ctx.x[ident] == 0), f" [{ident} out]")
            continue
        for first, second in itertools.pairwise(present):
            ctx.add(bound, ctx.model.add(ctx.x[first] == ctx.x[second]), f" [{first}={second}]")


def add_apart_constraints(ctx: ModelContext, bounds: list[Bound]) -> None:
    """At most one of the group."""
    for bound in bounds:
        present = [i for i in bound.ids if i in ctx.x]
        if len(present) > 1:
            ctx.add(bound, ctx.model.add(ctx.count(present) <= 1))
