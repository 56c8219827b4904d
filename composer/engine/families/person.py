"""The person rule: of the rows that name one person, at most one is selected."""

from __future__ import annotations

from composer.engine.variables import ModelContext
from composer.rules.persons import persons
from composer.rules.scenario import Bound


def add_person_constraints(ctx: ModelContext, bounds: list[Bound]) -> None:
    """``sum(x[row] for the person's rows) <= 1`` for every person with several rows."""
    for bound in bounds:
        for person, ids in sorted(persons(ctx.pool, str(bound.column)).items()):
            present = [i for i in ids if i in ctx.x]
            if len(present) > 1:
                ctx.add(bound, ctx.model.add(ctx.count(present) <= 1), f" [{person}]")
