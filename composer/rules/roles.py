"""Roles inside the roster: named posts held by members, with rules among their holders.

``[[role]] name = "co-chair"``, ``seats = 2``, ``where = {...}`` (who may hold it) and
``[[role.quota]]`` tables (seats by value among the holders only).  Holders are members,
counted like any member; a member holds at most one role.  See docs/roles.md.

The holders are not part of the answer the solver is trusted with: :func:`assign` finds them
again from the roster, by plain search, the first assignment in id order that keeps every
role rule.  The checker uses it, so a roster is accepted only when its roles can be filled.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from composer.rules.bounds import Bound
from composer.rules.where import check_where, matches, where_items

if TYPE_CHECKING:
    from composer.rules.scenario import Scenario


def _no_bool(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError(f"{str(value).lower()} is not a number; write a number such as 2")
    return value


Seats = Annotated[int, BeforeValidator(_no_bool), Field(ge=0, le=1_000)]
Row = Mapping[str, Any]


class RoleQuota(BaseModel):
    """Seats by value of a column among the role's holders only."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    column: str
    min: dict[str, Seats] = {}
    max: dict[str, Seats] = {}
    name: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> RoleQuota:
        if not (self.min or self.max):
            raise ValueError("a role quota needs min or max")
        for value, low in self.min.items():
            if value in self.max and low > self.max[value]:
                raise ValueError(f"min {low} for '{value}' is above max {self.max[value]}")
        return self


class RoleRule(BaseModel):
    """A role: ``seats`` members who may hold it (``where``), with quotas among them."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    name: str = Field(min_length=1)
    seats: Annotated[int, BeforeValidator(_no_bool), Field(ge=1, le=1_000)]
    #: who may hold it, written like any rule's where (values, not, comparisons)
    where: Annotated[
        dict[str, str | list[str] | dict[str, str | list[str] | int | float]],
        BeforeValidator(check_where),
    ] = {}
    quota: list[RoleQuota] = []

    @model_validator(mode="after")
    def _fits(self) -> RoleRule:
        for quota in self.quota:
            need = sum(quota.min.values())
            if need > self.seats:
                raise ValueError(
                    f"the role quota on '{quota.column}' needs {need} holders, but the role "
                    f"'{self.name}' has {self.seats} seat(s)"
                )
        return self


def quota_text(role: RoleRule) -> str:
    """The role's quotas as written: 'developing yes >= 1, developing no >= 1'."""
    parts = []
    for quota in role.quota:
        for table, op in ((quota.min, ">="), (quota.max, "<=")):
            parts += [f"{quota.column} {value} {op} {n}" for value, n in table.items()]
    return ", ".join(parts)


def role_bounds(scenario: Scenario) -> list[Bound]:
    """One atom per role: its seats, who may hold it and its quotas, together."""
    bounds = []
    for index, role in enumerate(scenario.role):
        where = where_items(role.where)
        text = quota_text(role) or None
        bounds.append(
            Bound(f"role {role.name}", "role", index, "role", None, text, role.seats, where,
                  ids=(role.name,))
        )  # fmt: skip
    return bounds


def eligible(row: Row, role: RoleRule) -> bool:
    """Whether a member may hold ``role`` (passes every test of its ``where``)."""
    return all(matches(test, row.get(test.column)) for test in where_items(role.where))


def _keeps(holders: Sequence[Row], role: RoleRule) -> bool:
    for quota in role.quota:
        counts: dict[str, int] = {}
        for row in holders:
            value = str(row.get(quota.column))
            counts[value] = counts.get(value, 0) + 1
        if any(counts.get(v, 0) < n for v, n in quota.min.items()):
            return False
        if any(counts.get(v, 0) > n for v, n in quota.max.items()):
            return False
    return True


def _fillings(members: Sequence[Row], role: RoleRule, taken: set[str]) -> Iterator[list[Row]]:
    """Every set of holders for ``role`` among ``members`` (not ``taken``), in the order of
    ``itertools.combinations``; branches that must break a quota are cut early."""
    free = [m for m in members if str(m["id"]) not in taken and eligible(m, role)]
    seats = role.seats
    values = [[str(m.get(q.column)) for q in role.quota] for m in free]
    counts: list[dict[str, int]] = [{} for _ in role.quota]
    chosen: list[int] = []

    def hopeless(slots: int) -> bool:
        for q, quota in enumerate(role.quota):
            short = sum(max(0, n - counts[q].get(v, 0)) for v, n in quota.min.items())
            if short > slots:
                return True
        return False

    def grow(start: int) -> Iterator[list[Row]]:
        slots = seats - len(chosen)
        if slots == 0:
            holders = [free[k] for k in chosen]
            if _keeps(holders, role):
                yield holders
            return
        if hopeless(slots):
            return
        for k in range(start, len(free) - slots + 1):
            over = any(
                counts[q].get(values[k][q], 0) + 1 > quota.max.get(values[k][q], seats)
                for q, quota in enumerate(role.quota)
            )
            if over:
                continue
            chosen.append(k)
            for q in range(len(role.quota)):
                counts[q][values[k][q]] = counts[q].get(values[k][q], 0) + 1
            yield from grow(k + 1)
            for q in range(len(role.quota)):
                counts[q][values[k][q]] -= 1
            chosen.pop()

    yield from grow(0)


def assign(members: Sequence[Row], roles: Sequence[RoleRule]) -> dict[str, list[str]] | None:
    """The first assignment (members in id order) of holders to every role, or None.

    Each member holds at most one role; each role gets exactly its seats, all eligible, and
    its quotas hold among them.
    """
    ordered = sorted(members, key=lambda m: str(m["id"]))

    def search(k: int, taken: set[str]) -> dict[str, list[str]] | None:
        if k == len(roles):
            return {}
        for holders in _fillings(ordered, roles[k], taken):
            ids = [str(m["id"]) for m in holders]
            rest = search(k + 1, taken | set(ids))
            if rest is not None:
                return {roles[k].name: ids, **rest}
        return None

    return search(0, set())


def role_phrase(bound: Bound, among: str) -> str:
    """A role in plain words; ``among`` names who may hold it ('government members')."""
    text = f"{bound.amount} member(s) in the role '{bound.ids[0]}'"
    if among:
        text += f", from {among}"
    return text + (f", with {bound.value} among them" if bound.value else "")
