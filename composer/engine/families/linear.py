"""Rule families written as rows (:mod:`composer.rules.families`) added to the CP-SAT model.

A soft rule's rows share one shortfall variable (``+ unit * s`` on a ``>=`` row, ``- unit *
s`` on a ``<=`` row) that costs its weight per unit; a hard rule's rows hold exactly.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from composer.engine.variables import ModelContext
from composer.rules.rows import RuleRows


def add_rule_rows(ctx: ModelContext, rows: RuleRows) -> None:
    """Every row of one atom, named after its rule (switchable in conflict analysis)."""
    bound = rows.bound
    slack = ctx.shortfall(bound, rows.limit) if bound.soft else None
    for row in rows.rows:
        expr: cp_model.LinearExpr = ctx.row(row)
        if slack is not None:
            expr = expr + row.unit * slack if row.lower else expr - row.unit * slack
        constraint = ctx.model.add(expr >= row.rhs) if row.lower else ctx.model.add(expr <= row.rhs)
        ctx.add(bound, constraint, row.part)
