"""Roles: ``y[r, i]`` (nominee ``i`` holds role ``r``), with ``y <= x`` (``y + x <= 1`` for a
role held outside the selection, ``counted = false``), the role's seats (a number or a range)
over its ``y``, at most one role per nominee, and each role quota and cap as a row over its
``y``.  Shares of the holders are exact: ``den * count >= num * holders``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd
from ortools.sat.python import cp_model

from composer.engine.variables import ModelContext
from composer.rules.roles import RoleRule
from composer.rules.scenario import Bound
from composer.rules.where import where_items


@dataclass(frozen=True)
class RoleRow:
    """One linear row over a role's holders: ``sum coef[i] * y[i] >= rhs`` (``lower``) or
    ``<= rhs``; ``part`` names it ('[seats min]', '[gender female min_share]')."""

    part: str
    coefs: dict[str, int]
    lower: bool
    rhs: int

    def expression(self, holders: Mapping[str, cp_model.IntVar]) -> cp_model.LinearExpr:
        """The row's left-hand side over the holders' variables."""
        ids = [i for i, c in self.coefs.items() if c]
        return cp_model.LinearExpr.weighted_sum(
            [holders[i] for i in ids], [self.coefs[i] for i in ids]
        )

    def loosening(self) -> int:
        """How far the left-hand side can stray past ``rhs``: the slack that frees the row."""
        if self.lower:
            return max(0, self.rhs - sum(c for c in self.coefs.values() if c < 0))
        return max(0, sum(c for c in self.coefs.values() if c > 0) - self.rhs)


def role_rows(role: RoleRule, ids: list[str], table: pd.DataFrame) -> list[RoleRow]:
    """The rows of one role over its eligible nominees ``ids``: seats, quotas, caps."""
    ones = dict.fromkeys(ids, 1)
    rows = [RoleRow(" [seats min]", ones, True, role.fewest)] if role.fewest else []
    if role.most is not None and role.most < len(ids):
        rows.append(RoleRow(" [seats max]", ones, False, role.most))
    for quota in role.quota:
        values = {i: str(table.at[i, quota.column]) for i in ids}
        for kind, counts in (("min", quota.min), ("max", quota.max)):
            for value, amount in counts.items():
                coefs = {i: int(v == value) for i, v in values.items()}
                rows.append(RoleRow(f" [{quota.column} {value} {kind}]", coefs, kind == "min",
                                    amount))  # fmt: skip
        for kind, shares in (("min_share", quota.min_share), ("max_share", quota.max_share)):
            for value, share in shares.items():
                num, den = share.numerator, share.denominator
                coefs = {i: den * int(v == value) - num for i, v in values.items()}
                rows.append(RoleRow(f" [{quota.column} {value} {kind}]", coefs,
                                    kind == "min_share", 0))  # fmt: skip
    for cap in role.cap:
        values = {i: str(table.at[i, cap.column]) for i in ids}
        for value in sorted(set(values.values())):
            coefs = {i: int(v == value) for i, v in values.items()}
            if sum(coefs.values()) > cap.max_each:
                rows.append(RoleRow(f" [{cap.column} {value} cap]", coefs, False,
                                    cap.max_each))  # fmt: skip
    return rows


def add_role_constraints(ctx: ModelContext, bounds: list[Bound]) -> None:
    """Every role's seats, quotas and caps; the holders' variables are made here."""
    roles = ctx.scenario.role
    if not bounds:
        return
    y: dict[int, dict[str, cp_model.IntVar]] = {}
    held: dict[str, list[cp_model.IntVar]] = {}
    for index, role in enumerate(roles):
        y[index] = {}
        for ident in ctx.ids_where("id", None, where_items(role.where)):
            var = ctx.model.new_bool_var(f"role {role.name}[{ident}]")
            if role.counted:  # a holder is a member
                ctx.model.add_implication(var, ctx.x[ident])
            else:  # a holder sits outside the selection
                ctx.model.add_implication(var, ctx.x[ident].Not())
                ctx.outside.setdefault(role.name, {})[ident] = var
            y[index][ident] = var
            held.setdefault(ident, []).append(var)
    for ident, variables in held.items():
        if len(variables) > 1:
            ctx.model.add(cp_model.LinearExpr.sum(variables) <= 1).with_name(f"one role [{ident}]")
    for bound in bounds:  # one atom per role: seats, quotas and caps switch together
        role, holders = roles[bound.rule], y[bound.rule]
        for row in role_rows(role, list(holders), ctx.pool.table):
            expr = row.expression(holders)
            ctx.add(bound, ctx.model.add(expr >= row.rhs if row.lower else expr <= row.rhs),
                    row.part)  # fmt: skip
