"""Scenario rules split into atoms: one bound on one count, share, cap, area or id each.

Every atom carries the name reports use (``quota region: African >= 6``); the model, the
checker and the explanations all speak of rules by these names.  Each family splits its own
rules into atoms (``rules/families/NAME.py``); :func:`composer.rules.families.expand` gathers
them in a fixed order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from composer.rules.where import Where, where_text

Family = Literal[
    "size",
    "quota",
    "cap",
    "coverage",
    "budget",
    "members",
    "rotation",
    "distinct",
    "equal",
    "together",
    "apart",
    "person",
    "role",
]


@dataclass(frozen=True)
class Bound:
    """One atomic rule: a single bound on a single count, share, cap, area or id."""

    name: str
    family: Family
    rule: int  # index of the rule within its family's list
    kind: str  # min, max, min_share, max_share, max_each, min_each, budget, include, exclude,
    # max_terms (rotation: nobody who has served ``amount`` consecutive terms)
    column: str | None = None
    value: str | None = None
    amount: Any = None  # int seats, Fraction share, float budget
    where: Where = ()
    soft: bool = False
    weight: int = 1
    #: a quota over a union of values (``min = { "academia|technical" = 3 }``): the values
    #: counted; ``value`` is then their names joined with ``|``
    any_of: tuple[str, ...] = ()
    ids: tuple[str, ...] = ()  # together / apart: the nominees of the group; role: its name

    @property
    def values(self) -> tuple[str, ...]:
        """The values a quota counts: its one value, or every value of its union."""
        return self.any_of or ((self.value,) if self.value is not None else ())

    @property
    def is_share(self) -> bool:
        """Whether the bound is a share of the counted members."""
        return self.kind in ("min_share", "max_share")

    @property
    def is_lower(self) -> bool:
        """Whether the bound asks for at least something (a shortfall is possible)."""
        return self.kind in ("min", "min_share", "min_each", "include")


#: Joins the values of a quota over a union: ``"academia|technical"``.
UNION = "|"


def union_values(key: str) -> tuple[str, ...]:
    """The values of a quota key: ``"a|b"`` -> ``("a", "b")``; a plain value alone."""
    parts = [p.strip() for p in str(key).split(UNION)]
    return tuple(dict.fromkeys(p for p in parts if p)) or (str(key),)


def where_suffix(where: Where) -> str:
    """' where stakeholder_group=government' for a rule's name ('' for the whole roster)."""
    return f" where {where_text(where)}" if where else ""
