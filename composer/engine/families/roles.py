"""Roles: ``y[r, i]`` (nominee ``i`` holds role ``r``), with ``y <= x`` (``y + x <= 1`` for a
role held outside the selection, ``counted = false``), the role's seats (a number or a range)
over its ``y``, at most one role per nominee, and each role quota and cap as a row over its
``y`` (a soft rule with a shortfall variable, as ``[[quota]]``).  Shares of the holders
are exact: ``den * count >= num * holders``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

import pandas as pd
from ortools.sat.python import cp_model

from composer.engine.variables import ModelContext
from composer.inputs.vocabulary import split_multi
from composer.rules.role_terms import SoftTerm, soft_term_of
from composer.rules.roles import RoleRule, hard_caps, hard_coverage, hard_distinct, is_role_atom
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
    unit: int = 1  # the coefficient of one holder of shortfall (a share row: its denominator)
    #: the elastic model's steps of the role (``rules/role_steps.py``) on this row: (key,
    #: coefficient of the step's 0/1 slack on the left-hand side)
    steps: tuple[tuple[str, int], ...] = ()

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


def role_rows(
    role: RoleRule, ids: list[str], table: pd.DataFrame, stepped: bool = False
) -> list[RoleRow]:
    """The rows of one role over its eligible nominees ``ids``: seats, quotas, caps;
    ``stepped``: with the steps that move it by one seat (for the elastic model)."""
    ones = dict.fromkeys(ids, 1)
    exact = stepped and role.seats is not None and role.seats > 1
    ranged = stepped and role.seats is None
    low = (("seats", 1),) if exact else (("min_seats", 1),) if ranged and role.fewest else ()
    rows = [RoleRow(" [seats min]", ones, True, role.fewest, steps=low)] if role.fewest else []
    if role.most is not None and (role.most < len(ids) or exact):
        high = (("seats", 1),) if exact else (("max_seats", -1),) if ranged else ()
        rows.append(RoleRow(" [seats max]", ones, False, role.most, steps=high))
    for number, quota in enumerate(role.quota, start=1):
        if quota.soft:
            continue
        values = {i: str(table.at[i, quota.column]) for i in ids}
        for kind, counts in (("min", quota.min), ("max", quota.max)):
            for value, amount in counts.items():
                coefs = {i: int(v == value) for i, v in values.items()}
                step = ((f"quota {number} {value}", 1),) if stepped and kind == "min" else ()
                rows.append(RoleRow(f" [{quota.column} {value} {kind}]", coefs, kind == "min",
                                    amount, steps=step))  # fmt: skip
        for kind, shares in (("min_share", quota.min_share), ("max_share", quota.max_share)):
            for value, share in shares.items():
                num, den = share.numerator, share.denominator
                coefs = {i: den * int(v == value) - num for i, v in values.items()}
                rows.append(RoleRow(f" [{quota.column} {value} {kind}]", coefs,
                                    kind == "min_share", 0))  # fmt: skip
    for cap in hard_caps(role):
        values = {i: str(table.at[i, cap.column]) for i in ids}
        for value in sorted(set(values.values())):
            coefs = {i: int(v == value) for i, v in values.items()}
            if sum(coefs.values()) > cap.max_each:
                rows.append(RoleRow(f" [{cap.column} {value} cap]", coefs, False,
                                    cap.max_each))  # fmt: skip
    for cover in hard_coverage(role):
        held = {i: split_multi(str(table.at[i, cover.column])) for i in ids}
        for area in cover.areas:
            coefs = {i: int(area in areas) for i, areas in held.items()}
            rows.append(RoleRow(f" [{cover.column} {area} coverage]", coefs, True,
                                cover.min_each))  # fmt: skip
    return rows


def role_distinct(
    model: cp_model.CpModel,
    role: RoleRule,
    holders: Mapping[str, cp_model.IntVar],
    table: pd.DataFrame,
) -> list[tuple[cp_model.LinearExpr, int, str]]:
    """Per hard ``[[role.distinct]]``: the number of values present among the holders, its
    minimum and its part name."""
    return [
        (values_present(model, role, rule.column, holders, table), rule.min,
         f" [{rule.column} distinct]")
        for rule in hard_distinct(role)
    ]  # fmt: skip


def values_present(
    model: cp_model.CpModel,
    role: RoleRule,
    column: str,
    holders: Mapping[str, cp_model.IntVar],
    table: pd.DataFrame,
) -> cp_model.LinearExpr:
    """The number of values of ``column`` among the holders: one Boolean per value, the most
    of its holders' variables (so exactly 1 when some holder has it)."""
    groups: dict[str, list[cp_model.IntVar]] = {}
    for ident, var in holders.items():
        groups.setdefault(str(table.at[ident, column]), []).append(var)
    present = []
    for value in sorted(groups):
        has = model.new_bool_var(f"role {role.name} has {column} {value}")
        model.add_max_equality(has, groups[value])
        present.append(has)
    return cp_model.LinearExpr.sum(present)


def soft_role_row(term: SoftTerm, ids: list[str], table: pd.DataFrame) -> tuple[RoleRow, int]:
    """A soft role quota's row over the role's eligible nominees, and the most shortfall
    it can have (in holders)."""
    values = {i: int(str(table.at[i, term.column]) == term.value) for i in ids}
    part = f" [{term.column} {term.value} {term.kind}]"
    if term.kind in ("min", "max"):
        amount = int(term.amount)
        most = amount if term.kind == "min" else max(0, sum(values.values()) - amount)
        return RoleRow(part, values, term.kind == "min", amount), most
    num, den = Fraction(term.amount).numerator, Fraction(term.amount).denominator
    coefs = {i: den * v - num for i, v in values.items()}
    return RoleRow(part, coefs, term.kind == "min_share", 0, den), len(ids)


def add_soft_role_rule(
    ctx: ModelContext, bound: Bound, role: RoleRule, holders: Mapping[str, cp_model.IntVar]
) -> None:
    """A soft rule among a role's holders with a shortfall variable, at its weight per unit:
    a quota's row; a cap's excess per value, summed; the values a distinct rule misses; the
    holders an area misses."""
    term, table, model = soft_term_of(bound, role), ctx.pool.table, ctx.model
    if term.kind == "max_each":
        _add_soft_cap(ctx, bound, term, holders)
        return
    if term.kind == "distinct":
        short = ctx.shortfall(bound, int(term.amount))
        have = values_present(model, role, term.column, holders, table)
        ctx.add(bound, model.add(have + short >= int(term.amount)), f" [{term.column} distinct]")
        return
    if term.kind == "min_each":
        short = ctx.shortfall(bound, int(term.amount))
        coefs = {i: int(str(term.value) in split_multi(str(table.at[i, term.column])))
                 for i in holders}  # fmt: skip
        expr = RoleRow("", coefs, True, int(term.amount)).expression(holders)
        ctx.add(bound, model.add(expr + short >= int(term.amount)),
                f" [{term.column} {term.value} coverage]")  # fmt: skip
        return
    row, most = soft_role_row(term, list(holders), table)
    short = ctx.shortfall(bound, most)
    expr = row.expression(holders)
    if row.lower:
        ctx.add(bound, ctx.model.add(expr + row.unit * short >= row.rhs), row.part)
    else:
        ctx.add(bound, ctx.model.add(expr - row.unit * short <= row.rhs), row.part)


def _add_soft_cap(
    ctx: ModelContext, bound: Bound, term: SoftTerm, holders: Mapping[str, cp_model.IntVar]
) -> None:
    """A soft cap among the holders: per value, the holders beyond ``max_each``; the
    shortfall is their sum."""
    cap, model = int(term.amount), ctx.model
    groups: dict[str, list[str]] = {}
    for ident in holders:
        groups.setdefault(str(ctx.pool.table.at[ident, term.column]), []).append(ident)
    over = {v: ids for v, ids in sorted(groups.items()) if len(ids) > cap}
    short = ctx.shortfall(bound, sum(len(ids) - cap for ids in over.values()))
    excess = []
    for value, ids in over.items():
        beyond = model.new_int_var(0, len(ids) - cap, f"beyond {bound.name} [{value}]")
        count = cp_model.LinearExpr.sum([holders[i] for i in ids])
        ctx.add(bound, model.add(count - beyond <= cap), f" [{term.column} {value} cap]")
        excess.append(beyond)
    ctx.add(bound, model.add(short == cp_model.LinearExpr.sum(excess)), " [excess]")


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
        if not is_role_atom(bound):
            add_soft_role_rule(ctx, bound, roles[bound.rule], y[bound.rule])
            continue
        role, holders = roles[bound.rule], y[bound.rule]
        for row in role_rows(role, list(holders), ctx.pool.table):
            expr = row.expression(holders)
            ctx.add(bound, ctx.model.add(expr >= row.rhs if row.lower else expr <= row.rhs),
                    row.part)  # fmt: skip
        for count, least, part in role_distinct(ctx.model, role, holders, ctx.pool.table):
            ctx.add(bound, ctx.model.add(count >= least), part)
