"""The soft rules among a role's holders: ``soft = true`` on a ``[[role.quota]]``,
``[[role.cap]]``, ``[[role.distinct]]`` or ``[[role.coverage]]``.

Each bound of one is a rule of its own (a :class:`SoftTerm`), missed at ``weight`` per unit of
shortfall: per holder short of a quota's bound, per holder beyond a cap (summed over the
values), per value short of a distinct minimum, per holder short of an area.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from composer.inputs.vocabulary import split_multi
from composer.rules.bounds import Bound
from composer.rules.shares import format_share
from composer.rules.wording import column_words, plural

if TYPE_CHECKING:
    from composer.rules.roles import RoleRule

#: The kinds of a quota's bounds; a cap is ``max_each``, a distinct rule ``distinct``, an area
#: of a coverage rule ``min_each``.
QUOTA_KINDS = ("min", "max", "min_share", "max_share")


@dataclass(frozen=True)
class SoftTerm:
    """One soft bound among a role's holders: ``kind`` (a quota's min, max, min_share or
    max_share on ``value`` in ``column``; ``max_each`` holders per value of ``column``;
    ``distinct``: at least ``amount`` values of ``column``; ``min_each`` holders with the area
    ``value``), missed at ``weight`` per unit of shortfall."""

    name: str
    kind: str
    column: str
    value: str | None
    amount: int | Fraction
    weight: int
    text: str  # 'developing no >= 1'

    def shortfall(self, values: Sequence[str]) -> int:
        """How far holders with ``values`` (their cells in ``column``) miss the bound."""
        have, holders = self.achieved(values), len(values)
        if self.kind == "max_each":
            counts = Counter(values)
            return sum(max(0, n - int(self.amount)) for n in counts.values())
        if self.kind in ("min", "distinct", "min_each"):
            return max(0, int(self.amount) - have)
        if self.kind == "max":
            return max(0, have - int(self.amount))
        gap = self.amount * holders - have if self.kind == "min_share" else (
            have - self.amount * holders
        )  # fmt: skip
        return max(0, math.ceil(gap))

    def achieved(self, values: Sequence[str]) -> int:
        """What holders with ``values`` reach: holders with the value (or the area), the most
        holders sharing one value (a cap), or the number of different values (distinct)."""
        if self.kind == "max_each":
            return max(Counter(values).values(), default=0)
        if self.kind == "distinct":
            return len(set(values))
        if self.kind == "min_each":
            return sum(1 for v in values if str(self.value) in split_multi(v))
        return sum(1 for v in values if v == self.value)

    def bound_text(self) -> str:
        """The bound as the checker reports it: '>= 1 among the holders'."""
        if self.kind == "max_each":
            return f"<= {self.amount} each among the holders"
        if self.kind == "distinct":
            return f">= {self.amount} different among the holders"
        shown = format_share(Fraction(self.amount)) if "share" in self.kind else str(self.amount)
        return f"{'>=' if self.kind.startswith('min') else '<='} {shown} among the holders"


def _named(given: str | None, default: str, text: str, several: bool) -> str:
    """A term's name: the rule's own (with the bound when it has several), else ``default``."""
    if given:
        return f"{given} ({text})" if several else given
    return default


def _quota_terms(role: RoleRule) -> list[SoftTerm]:
    """Every bound of the role's soft quotas."""
    terms = []
    for quota in (q for q in role.quota if q.soft):
        found: list[tuple[str, str, int | Fraction, str]] = []
        for kind, table, op in (("min", quota.min, ">="), ("max", quota.max, "<=")):
            found += [(kind, v, n, f"{v} {op} {n}") for v, n in table.items()]
        for kind, shares, op in (
            ("min_share", quota.min_share, ">="),
            ("max_share", quota.max_share, "<="),
        ):
            found += [(kind, v, s, f"{v} {op} {format_share(s)}") for v, s in shares.items()]
        for kind, value, amount, text in found:
            name = _named(
                quota.name, f"role {role.name} quota {quota.column}: {text}", text, len(found) > 1
            )
            terms.append(SoftTerm(name, kind, quota.column, value, amount, quota.weight,
                                  f"{quota.column} {text}"))  # fmt: skip
    return terms


def soft_terms(role: RoleRule) -> list[SoftTerm]:
    """Every bound of the role's soft rules (quotas, caps, distinct, coverage), named as the
    report names them."""
    terms = _quota_terms(role)
    for cap in (c for c in role.cap if c.soft):
        text = f"<= {cap.max_each} each"
        name = _named(cap.name, f"role {role.name} cap {cap.column}: {text}", text, False)
        terms.append(SoftTerm(name, "max_each", cap.column, None, cap.max_each, cap.weight,
                              f"{cap.column} {text}"))  # fmt: skip
    for rule in (d for d in role.distinct if d.soft):
        text = f"at least {rule.min}"
        name = _named(rule.name, f"role {role.name} distinct {rule.column}: {text}", text, False)
        terms.append(SoftTerm(name, "distinct", rule.column, None, rule.min, rule.weight,
                              f"distinct {rule.column} {text}"))  # fmt: skip
    for cover in (c for c in role.coverage if c.soft):
        for area in cover.areas:
            text = f"{area} >= {cover.min_each}"
            name = _named(cover.name, f"role {role.name} coverage {cover.column}: {text}", text,
                          len(cover.areas) > 1)  # fmt: skip
            terms.append(SoftTerm(name, "min_each", cover.column, area, cover.min_each,
                                  cover.weight, f"{cover.column} {text}"))  # fmt: skip
    return terms


def soft_term_of(bound: Bound, role: RoleRule) -> SoftTerm:
    """The soft term a soft role atom stands for (by its name)."""
    return next(t for t in soft_terms(role) if t.name == bound.name)


def soft_phrase(bound: Bound) -> str:
    """A soft rule among a role's holders in plain words: 'among the holders of the role
    'co-chair', at least 1 with developing no'."""
    amount, column = bound.amount, str(bound.column)
    if bound.kind == "max_each":
        said = f"at most {amount} per {column_words(column)}"
    elif bound.kind == "distinct":
        said = f"at least {amount} different {plural(column_words(column))}"
    elif bound.kind == "min_each":
        area = f"expertise in {bound.value}" if column == "expertise" else (
            f"{column_words(column)} '{bound.value}'"
        )  # fmt: skip
        said = f"at least {amount} with {area}"
    else:
        side = "at least" if bound.kind.startswith("min") else "at most"
        shown = format_share(Fraction(amount)) if bound.kind.endswith("share") else amount
        said = f"{side} {shown} with {column} {bound.value}"
    return f"among the holders of the role '{bound.ids[0]}', {said}"


def soft_label(bound: Bound) -> str:
    """A short label: 'co-chair role developing no minimum', 'co-chair role region cap',
    'co-chair role distinct regions minimum', 'co-chair role spam coverage'."""
    role, column = bound.ids[0], str(bound.column)
    if bound.kind == "max_each":
        return f"{role} role {column} cap"
    if bound.kind == "distinct":
        return f"{role} role distinct {plural(column_words(column))} minimum"
    if bound.kind == "min_each":
        return f"{role} role {bound.value} coverage"
    noun = {"min": "minimum", "max": "maximum", "min_share": "share minimum"}
    return f"{role} role {column} {bound.value} {noun.get(bound.kind, 'share maximum')}"
