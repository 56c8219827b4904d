"""A role moved by one seat, for the smallest-change advice: its seats lowered by one (or
``min_seats`` lowered, ``max_seats`` raised), or one minimum of a hard role quota lowered.

The elastic model gives each step a 0/1 slack (``engine/elastic_rows.py``); the checker's
holder search verifies the role as moved (:func:`moved_role`) on the witness roster.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from composer.rules.roles import RoleRule


@dataclass(frozen=True)
class RoleStep:
    """One step of a role: ``key`` names it ('seats', 'min_seats', 'max_seats', 'quota 1
    no'); the role goes from ``before`` to ``after``, said as ``advice``."""

    key: str
    before: int
    after: int
    advice: str


def role_steps(role: RoleRule) -> list[RoleStep]:
    """The steps that loosen ``role`` by one seat each, in the order the advice prefers."""
    name = role.name
    steps = []
    if role.seats is not None and role.seats > 1:
        steps.append(RoleStep("seats", role.seats, role.seats - 1,
                              f"lower the seats of the role '{name}' from {role.seats} to "
                              f"{role.seats - 1}"))  # fmt: skip
    if role.seats is None and role.min_seats:
        steps.append(RoleStep("min_seats", role.min_seats, role.min_seats - 1,
                              f"lower the min_seats of the role '{name}' from {role.min_seats} "
                              f"to {role.min_seats - 1}"))  # fmt: skip
    if role.seats is None and role.max_seats is not None:
        steps.append(RoleStep("max_seats", role.max_seats, role.max_seats + 1,
                              f"raise the max_seats of the role '{name}' from {role.max_seats} "
                              f"to {role.max_seats + 1}"))  # fmt: skip
    for index, quota in enumerate(role.quota):
        if quota.soft:
            continue
        for value, amount in quota.min.items():
            if amount >= 1:
                advice = (
                    f"lower the {quota.column} {value} minimum of the role '{name}' from "
                    f"{amount} to {amount - 1}"
                )
                steps.append(RoleStep(f"quota {index + 1} {value}", amount, amount - 1, advice))
    return steps


def moved_role(role: RoleRule, keys: Iterable[str]) -> RoleRule:
    """``role`` with the steps ``keys`` taken."""
    update: dict[str, object] = {}
    quotas = list(role.quota)
    for step in role_steps(role):
        if step.key not in keys:
            continue
        if step.key in ("seats", "min_seats", "max_seats"):
            update[step.key] = step.after
            continue
        _, number, value = step.key.split(" ", 2)
        quota = quotas[int(number) - 1]
        quotas[int(number) - 1] = quota.model_copy(update={"min": {**quota.min, value: step.after}})
    return role.model_copy(update={**update, "quota": quotas})
