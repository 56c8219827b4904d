"""Roles inside the roster: named posts held by members, with rules among their holders.

``[[role]] name = "co-chair"``, ``seats = 2``, ``where = {...}`` (who may hold it) and
``[[role.quota]]`` tables (seats by value among the holders only).  Holders are members,
counted like any member; a member holds at most one role.  See docs/roles.md.

A soft rule among the holders (``soft = true`` on a quota, cap, distinct or coverage table) is
a rule of its own, missed at a price (``rules/role_terms.py``).  The
holders are not part of the answer the solver is trusted with: ``rules/role_search.py`` finds
them again from the roster, by plain search.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, model_validator

from composer.rules.bounds import Bound
from composer.rules.role_terms import soft_phrase, soft_terms
from composer.rules.rule_tables import Weight
from composer.rules.shares import format_share, parse_share
from composer.rules.where import check_where, where_items
from composer.rules.wording import column_words, plural

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
    #: the quota may be missed, at ``weight`` per holder short (as ``[[quota]]``)
    soft: StrictBool = False
    weight: Weight = 1
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
    #: the cap may be passed, at ``weight`` per holder beyond it (summed over the values)
    soft: StrictBool = False
    weight: Weight = 1
    name: str | None = None


class RoleDistinct(BaseModel):
    """At least ``min`` different values of ``column`` among the holders (co-chairs from two
    regions)."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    column: str
    min: Annotated[int, BeforeValidator(_no_bool), Field(ge=1, le=1_000)]
    #: the minimum may be missed, at ``weight`` per value short (as ``[[distinct]]``)
    soft: StrictBool = False
    weight: Weight = 1
    name: str | None = None


class RoleCoverage(BaseModel):
    """Each area of a ``;``-separated column held by at least ``min_each`` holders."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    column: str = "expertise"
    areas: list[str] = Field(min_length=1)
    min_each: Annotated[int, BeforeValidator(_no_bool), Field(ge=1, le=1_000)] = 1
    #: an area may be short, at ``weight`` per holder short (as ``[[coverage]]``)
    soft: StrictBool = False
    weight: Weight = 1
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
    distinct: list[RoleDistinct] = []
    coverage: list[RoleCoverage] = []
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
        needs = [
            (f"the role quota on '{q.column}'", sum(q.min.values())) for q in hard_quotas(self)
        ]
        needs += [(f"the role distinct on '{d.column}'", d.min) for d in hard_distinct(self)]
        needs += [(f"the role coverage on '{c.column}'", c.min_each) for c in hard_coverage(self)]
        for what, need in needs:
            if most is not None and need > most:
                raise ValueError(
                    f"{what} needs {need} holders, but the role '{self.name}' has "
                    f"{self.seats_words()}"
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


def hard_quotas(role: RoleRule) -> list[RoleQuota]:
    """The role's quotas that must hold (the soft ones are rules of their own)."""
    return [quota for quota in role.quota if not quota.soft]


def hard_caps(role: RoleRule) -> list[RoleCap]:
    """The role's caps that must hold."""
    return [cap for cap in role.cap if not cap.soft]


def hard_distinct(role: RoleRule) -> list[RoleDistinct]:
    """The role's distinct rules that must hold."""
    return [rule for rule in role.distinct if not rule.soft]


def hard_coverage(role: RoleRule) -> list[RoleCoverage]:
    """The role's coverage rules that must hold."""
    return [cover for cover in role.coverage if not cover.soft]


def quota_text(role: RoleRule) -> str:
    """The role's hard rules as written: 'developing yes >= 1, region <= 1 each'."""
    parts = []
    for quota in hard_quotas(role):
        for table, op in ((quota.min, ">="), (quota.max, "<=")):
            parts += [f"{quota.column} {value} {op} {n}" for value, n in table.items()]
        for shares, op in ((quota.min_share, ">="), (quota.max_share, "<=")):
            parts += [
                f"{quota.column} {value} {op} {format_share(s)}" for value, s in shares.items()
            ]
    parts += [f"{cap.column} <= {cap.max_each} each" for cap in hard_caps(role)]
    parts += [
        f"at least {d.min} different {plural(column_words(d.column))}" for d in hard_distinct(role)
    ]
    parts += [f"{c.column} {a} >= {c.min_each}" for c in hard_coverage(role) for a in c.areas]
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
        for term in soft_terms(role):  # a soft rule: its own rules, missed at a price
            bounds.append(
                Bound(term.name, "role", index, term.kind, term.column, term.value,
                      term.amount, where, True, term.weight, ids=ids)
            )  # fmt: skip
    return bounds


def is_role_atom(bound: Bound) -> bool:
    """Whether ``bound`` is a role itself (its seats, where and hard rules), not one of its
    soft rules."""
    return bound.family == "role" and bound.kind == "role"


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


def role_phrase(bound: Bound, among: str) -> str:
    """A role in plain words; ``among`` names who may hold it ('government members')."""
    name, count, held = bound.ids
    if bound.kind != "role":  # a soft rule among the holders
        return soft_phrase(bound)
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
