"""Roles that cannot be filled, found without a solver: too few nominees who may hold a
role, a role cap that leaves too few of them, roles that need more seats than the roster."""

from __future__ import annotations

import pandas as pd

from composer.inputs.vocabulary import split_multi
from composer.rules.bounds import Bound
from composer.rules.conflict import Conflict, _mask
from composer.rules.roles import (
    RoleRule,
    hard_caps,
    hard_coverage,
    hard_distinct,
    hard_quotas,
    is_role_atom,
)
from composer.rules.scenario import Scenario


def _cap_supply(eligible: pd.DataFrame, role: RoleRule) -> tuple[int, str] | None:
    """The most holders the role's tightest cap allows among ``eligible``, and its column."""
    worst: tuple[int, str] | None = None
    for cap in hard_caps(role):
        counts = eligible[cap.column].astype(str).value_counts()
        most = int(counts.clip(upper=cap.max_each).sum())
        if worst is None or most < worst[0]:
            worst = (most, cap.column)
    return worst


def _coverage_short(
    eligible: pd.DataFrame, role: RoleRule, name: str
) -> tuple[str, list[str]] | None:
    """The first distinct or coverage rule of the role its eligible nominees cannot meet."""
    for rule in hard_distinct(role):
        values = eligible[rule.column].astype(str).nunique()
        if values < rule.min:
            return (
                f"the nominees who may hold the role '{name}' have only {values} different "
                f"{rule.column}, but it needs at least {rule.min}",
                [f"lower its distinct minimum on {rule.column} to {values}, or widen who may "
                 "hold it (its where)"],
            )  # fmt: skip
    for cover in hard_coverage(role):
        held = [split_multi(str(v)) for v in eligible[cover.column]]
        for area in cover.areas:
            have = sum(1 for areas in held if area in areas)
            if have < cover.min_each:
                return (
                    f"only {have} nominees who may hold the role '{name}' have "
                    f"{cover.column} '{area}', but it needs {cover.min_each}",
                    [f"lower its min_each on {cover.column} to {have}, or widen who may hold "
                     "it (its where)"],
                )  # fmt: skip
    return None


def _limited(role: RoleRule) -> bool:
    """Whether the role has hard quotas or caps (it may then be unfillable even alone)."""
    return bool(hard_quotas(role) or hard_caps(role) or hard_distinct(role) or hard_coverage(role))


def roles_conflict(
    table: pd.DataFrame, scenario: Scenario, bounds: list[Bound], size_max: Bound | None
) -> Conflict | None:
    """The first role that cannot be filled from ``table``, or roles beyond the size."""
    roles = [b for b in bounds if is_role_atom(b)]  # not the soft quotas among the holders
    for bound in roles:
        role, name = scenario.role[bound.rule], bound.ids[0]
        eligible = table[_mask(table, bound.where)]
        supply = len(eligible)
        if supply < bound.amount:
            return Conflict(
                [bound.name],
                f"only {supply} nominees may hold the role '{name}', which has "
                f"{role.seats_words()}",
                [f"lower its seats to {supply}, or widen who may hold it (its where)"],
            )
        capped = _cap_supply(eligible, role)
        if capped is not None and capped[0] < bound.amount:
            cap = next(c for c in hard_caps(role) if c.column == capped[1])
            return Conflict(
                [bound.name],
                f"the role '{name}' has {role.seats_words()}, but with at most "
                f"{cap.max_each} holder(s) per {cap.column} its {supply} eligible nominees "
                f"can fill only {capped[0]}",
                [f"lower its seats to {capped[0]}, or raise its cap on {cap.column}"],
            )
        short = _coverage_short(eligible, role, name)
        if short is not None:
            return Conflict([bound.name], *short)
        if size_max is not None and role.counted and bound.amount > size_max.amount:
            return Conflict(
                [bound.name, size_max.name],
                f"the role '{name}' has {role.seats_words()}, more than the maximum "
                f"size {size_max.amount}",
                [f"raise the maximum size to {bound.amount}, or give the role fewer seats"],
                # with quotas or caps the role may not be fillable even alone
                minimal=not _limited(role),
            )
    inside = [b for b in roles if scenario.role[b.rule].counted]  # held by members
    need = sum(b.amount for b in inside)
    if len(inside) > 1 and size_max is not None and need > size_max.amount:
        return Conflict(
            [*(b.name for b in inside), size_max.name],
            f"the roles need {need} holders together (a member holds one role at most), "
            f"more than the maximum size {size_max.amount}",
            [f"raise the maximum size to {need}, or give the roles fewer seats"],
            minimal=not any(_limited(scenario.role[b.rule]) for b in inside),
        )
    return None
