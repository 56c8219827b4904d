"""Roles inside the roster: named posts held by members, with rules among their holders.

``[[role]] name = "co-chair"``, ``seats = 2``, ``where = {...}`` (who may hold it) and
``[[role.quota]]`` tables (seats by value among the holders only).  Holders are members,
counted like any member; a member holds at most one role.  See docs/roles.md.

The holders are not part of the answer the solver is trusted with: :func:`assign` finds them
again from the roster, by plain search, the first assignment in id order that keeps every
role rule.  The checker uses it, so a roster is accepted only when its roles can be filled.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, model_validator

from composer.rules.bounds import Bound
from composer.rules.shares import format_share, parse_share
from composer.rules.where import check_where, matches, where_items

if TYPE_CHECKING:
    from composer.rules.scenario import Scenario


def _no_bool(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError(f"{str(value).lower()} is not a number; write a number such as 2")
    return value


def _share(value: Any) -> Fraction:
    return parse_share(value)


Seats = Annotated[int, BeforeValidator(_no_bool), Field(ge=0, le=1_000)]
Share = Annotated[Fraction, BeforeValidator(_share)]
Row = Mapping[str, Any]


class RoleQuota(BaseModel):
    """Holders by value of a column, among the role's holders only: counts (``min`` /
    ``max``) or shares of the holders (``min_share`` / ``max_share``)."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    column: str
    min: dict[str, Seats] = {}
    max: dict[str, Seats] = {}
    min_share: dict[str, Share] = {}
    max_share: dict[str, Share] = {}
    name: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> RoleQuota:
        if not (self.min or self.max or self.min_share or self.max_share):
            raise ValueError("a role quota needs min, max, min_share or max_share")
        for value, low in self.min.items():
            if value in self.max and low > self.max[value]:
                raise ValueError(f"min {low} for '{value}' is above max {self.max[value]}")
        for value, share in self.min_share.items():
            if value in self.max_share and share > self.max_share[value]:
                raise ValueError(
                    f"min_share {format_share(share)} for '{value}' is above max_share "
                    f"{format_share(self.max_share[value])}"
                )
        if sum(self.min_share.values(), Fraction(0)) > 1:
            raise ValueError("the min_share values add up to more than 1 (100%)")
        return self

    def limits(self, holders: int) -> tuple[dict[str, int], dict[str, int]]:
        """The fewest and most holders of each value when the role has ``holders`` holders:
        counts as written, shares rounded inwards (at least 1/2 of 3 is 2, at most 1/2 is 1)."""
        low = dict(self.min)
        high = dict(self.max)
        for value, share in self.min_share.items():
            low[value] = max(low.get(value, 0), math.ceil(share * holders))
        for value, share in self.max_share.items():
            most = math.floor(share * holders)
            high[value] = min(high.get(value, most), most)
        return low, high


class RoleCap(BaseModel):
    """At most ``max_each`` holders share one value of ``column`` (one co-chair per region)."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    column: str
    max_each: Annotated[int, BeforeValidator(_no_bool), Field(ge=1, le=1_000)]
    name: str | None = None


class RoleRule(BaseModel):
    """A role: ``seats`` members (or ``min_seats`` to ``max_seats``) who may hold it
    (``where``), with quotas and caps among them; ``filled_later`` when the body fills it."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    name: str = Field(min_length=1)
    seats: Annotated[int, BeforeValidator(_no_bool), Field(ge=1, le=1_000)] | None = None
    min_seats: Annotated[int, BeforeValidator(_no_bool), Field(ge=0, le=1_000)] | None = None
    max_seats: Annotated[int, BeforeValidator(_no_bool), Field(ge=1, le=1_000)] | None = None
    #: who may hold it, written like any rule's where (values, not, comparisons)
    where: Annotated[
        dict[str, str | list[str] | dict[str, str | list[str] | int | float]],
        BeforeValidator(check_where),
    ] = {}
    quota: list[RoleQuota] = []
    cap: list[RoleCap] = []
    #: the body fills the role itself (elects its co-chairs): the roster must be able to
    #: fill it, but no holder is named
    filled_later: StrictBool = False
    #: false: the holders are chosen from the pool but sit outside the selection ("a chair
    #: not counted among the 40"); no rule of the body counts them, only the role's own
    counted: StrictBool = True

    @model_validator(mode="after")
    def _fits(self) -> RoleRule:
        if not self.counted and self.filled_later:
            raise ValueError(
                f"the role '{self.name}' is filled later by the body, so its holders are "
                "members: remove counted = false, or filled_later = true"
            )
        ranged = self.min_seats is not None or self.max_seats is not None
        if self.seats is not None and ranged:
            raise ValueError(
                f"the role '{self.name}' gives both seats and min_seats / max_seats: "
                "give seats for an exact number, or min_seats / max_seats for a range"
            )
        if self.seats is None and not ranged:
            raise ValueError(
                f"the role '{self.name}' has no seats: give seats = 2, or a range "
                "(min_seats = 1, max_seats = 3)"
            )
        most = self.most
        if most is not None and self.fewest > most:
            raise ValueError(
                f"the role '{self.name}' has min_seats {self.fewest} above max_seats {most}"
            )
        for quota in self.quota:
            need = sum(quota.min.values())
            if most is not None and need > most:
                raise ValueError(
                    f"the role quota on '{quota.column}' needs {need} holders, but the role "
                    f"'{self.name}' has {self.seats_words()}"
                )
        return self

    @property
    def fewest(self) -> int:
        """The fewest holders the role takes."""
        return self.seats if self.seats is not None else (self.min_seats or 0)

    @property
    def most(self) -> int | None:
        """The most holders the role takes; None for no limit (the roster's size)."""
        return self.seats if self.seats is not None else self.max_seats

    def count_words(self) -> str:
        """The number of holders: '2', '1 to 3', 'at least 2', 'at most 3'."""
        if self.seats is not None:
            return str(self.seats)
        if self.max_seats is None:
            return f"at least {self.fewest}"
        if not self.min_seats:
            return f"at most {self.max_seats}"
        return f"{self.min_seats} to {self.max_seats}"

    def seats_words(self) -> str:
        """'2 seat(s)', '1 to 3 seat(s)', 'at least 2 seat(s)'."""
        return f"{self.count_words()} seat(s)"


def quota_text(role: RoleRule) -> str:
    """The role's quotas and caps as written: 'developing yes >= 1, region <= 1 each'."""
    parts = []
    for quota in role.quota:
        for table, op in ((quota.min, ">="), (quota.max, "<=")):
            parts += [f"{quota.column} {value} {op} {n}" for value, n in table.items()]
        for shares, op in ((quota.min_share, ">="), (quota.max_share, "<=")):
            parts += [
                f"{quota.column} {value} {op} {format_share(s)}" for value, s in shares.items()
            ]
    parts += [f"{cap.column} <= {cap.max_each} each" for cap in role.cap]
    return ", ".join(parts)


def role_bounds(scenario: Scenario) -> list[Bound]:
    """One atom per role: its seats, who may hold it, its quotas and caps, together."""
    bounds = []
    for index, role in enumerate(scenario.role):
        where = where_items(role.where)
        text = quota_text(role) or None
        ids = (role.name, role.count_words(), holding(role))
        bounds.append(
            Bound(f"role {role.name}", "role", index, "role", None, text, role.fewest, where,
                  ids=ids)
        )  # fmt: skip
    return bounds


def holding(role: RoleRule) -> str:
    """Who holds the role: 'members', 'later' (members, the body names them) or 'outside'."""
    if not role.counted:
        return "outside"
    return "later" if role.filled_later else "members"


def named_roles(roles: Sequence[RoleRule]) -> list[RoleRule]:
    """The roles whose holders composer names (not those the body fills later)."""
    return [role for role in roles if not role.filled_later]


def member_roles(roles: Sequence[RoleRule]) -> list[RoleRule]:
    """The roles held by members (``counted``, the default)."""
    return [role for role in roles if role.counted]


def outside_roles(roles: Sequence[RoleRule]) -> list[RoleRule]:
    """The roles held outside the selection (``counted = false``)."""
    return [role for role in roles if not role.counted]


def eligible(row: Row, role: RoleRule) -> bool:
    """Whether a member may hold ``role`` (passes every test of its ``where``)."""
    return all(matches(test, row.get(test.column)) for test in where_items(role.where))


Limit = tuple[str, dict[str, int], dict[str, int], int]  # column, fewest, most, most else


def _limits(role: RoleRule, holders: int) -> list[Limit]:
    """What the role's quotas and caps ask of ``holders`` holders: per column counted, the
    fewest and most of each value, and the most of any value not named."""
    limits: list[Limit] = []
    for quota in role.quota:
        low, high = quota.limits(holders)
        limits.append((quota.column, low, high, holders))
    limits += [(cap.column, {}, {}, cap.max_each) for cap in role.cap]
    return limits


def _keeps(holders: Sequence[Row], role: RoleRule) -> bool:
    """Whether ``holders`` keep every quota and cap of ``role`` (not its seats)."""
    for column, low, high, other in _limits(role, len(holders)):
        counts: dict[str, int] = {}
        for row in holders:
            value = str(row.get(column))
            counts[value] = counts.get(value, 0) + 1
        if any(counts.get(v, 0) < n for v, n in low.items()):
            return False
        if any(n > high.get(v, other) for v, n in counts.items()):
            return False
    return True


def fills(role: RoleRule, holders: Sequence[Row]) -> bool:
    """Whether ``holders`` fill ``role``: as many as its seats, each eligible, its quotas and
    caps kept."""
    most = len(holders) if role.most is None else role.most
    if not role.fewest <= len(holders) <= most:
        return False
    return all(eligible(h, role) for h in holders) and _keeps(holders, role)


def _fillings(members: Sequence[Row], role: RoleRule, taken: set[str]) -> Iterator[list[Row]]:
    """Every set of holders for ``role`` among ``members`` (not ``taken``): the fewest
    holders first, each size in the order of ``itertools.combinations``."""
    free = [m for m in members if str(m["id"]) not in taken and eligible(m, role)]
    most = len(free) if role.most is None else min(role.most, len(free))
    for seats in range(role.fewest, most + 1):
        yield from _fillings_of(free, role, seats)


def _fillings_of(free: Sequence[Row], role: RoleRule, seats: int) -> Iterator[list[Row]]:
    """Every set of exactly ``seats`` holders among ``free`` that keeps the role's quotas and
    caps; branches that must break one are cut early."""
    limits = _limits(role, seats)
    values = [[str(m.get(column)) for column, *_ in limits] for m in free]
    counts: list[dict[str, int]] = [{} for _ in limits]
    chosen: list[int] = []

    def hopeless(slots: int) -> bool:
        for q, (_, low, _high, _other) in enumerate(limits):
            short = sum(max(0, n - counts[q].get(v, 0)) for v, n in low.items())
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
                counts[q].get(values[k][q], 0) + 1 > high.get(values[k][q], other)
                for q, (_, _low, high, other) in enumerate(limits)
            )
            if over:
                continue
            chosen.append(k)
            for q in range(len(limits)):
                counts[q][values[k][q]] = counts[q].get(values[k][q], 0) + 1
            yield from grow(k + 1)
            for q in range(len(limits)):
                counts[q][values[k][q]] -= 1
            chosen.pop()

    yield from grow(0)


def assign(members: Sequence[Row], roles: Sequence[RoleRule]) -> dict[str, list[str]] | None:
    """The first assignment (members in id order) of holders to every role, or None.

    Each member holds at most one role; each role gets its seats (the fewest that work, within
    its range), all eligible, and its quotas and caps hold among them.
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
    name, count, held = bound.ids
    if held == "outside":  # its holders are nominees not selected, not members
        text = f"{count} nominee(s) in the role '{name}', outside the roster"
        among = among.replace("members", "nominees").replace("member", "nominee")
    elif held == "later":
        text = f"{count} member(s) able to take the role '{name}' when the body fills it"
    else:
        text = f"{count} member(s) in the role '{name}'"
    if among:
        text += f", from {among}"
    return text + (f", with {bound.value} among them" if bound.value else "")
