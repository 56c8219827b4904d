"""Scenario rules split into atoms: one bound on one count, share, cap, area or id each.

Every atom carries the name reports use (``quota region: African >= 6``); the model, the
checker and the explanations all speak of rules by these names.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from composer.rules.ex_officio import ex_officio_bounds
from composer.rules.groups import group_bounds
from composer.rules.persons import person_bounds
from composer.rules.roles import role_bounds
from composer.rules.shares import format_share, parse_share
from composer.rules.where import Where, where_items, where_text

if TYPE_CHECKING:
    from composer.rules.rule_tables import RotationRule
    from composer.rules.scenario import Scenario

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


def _where_text(where: Where) -> str:
    return f" where {where_text(where)}" if where else ""


def expand(scenario: Scenario) -> list[Bound]:
    """Every atomic rule of ``scenario``, each with a unique report name."""
    bounds: list[Bound] = []
    size = scenario.size
    if size.min is not None:
        bounds.append(Bound(size.name or f"size >= {size.min}", "size", 0, "min", amount=size.min))
    if size.max is not None:
        bounds.append(Bound(size.name or f"size <= {size.max}", "size", 0, "max", amount=size.max))
    if size.name and size.min is not None and size.max is not None:
        bounds[-2:] = [
            Bound(f"{size.name} (size >= {size.min})", "size", 0, "min", amount=size.min),
            Bound(f"{size.name} (size <= {size.max})", "size", 0, "max", amount=size.max),
        ]
    for index, quota in enumerate(scenario.quota):
        where = where_items(quota.where)
        prefix = f"quota {quota.column}{_where_text(where)}"
        atoms: list[tuple[str, str, Any, str]] = []
        for kind, table, op in (("min", quota.min, ">="), ("max", quota.max, "<=")):
            atoms += [(kind, v, n, f"{v} {op} {n}") for v, n in table.items()]
        for kind, shares, op in (
            ("min_share", quota.min_share, ">="),
            ("max_share", quota.max_share, "<="),
        ):
            for v, s in shares.items():
                share = parse_share(s)
                atoms.append((kind, v, share, f"{v} {op} {format_share(share)}"))
        for kind, value, amount, text in atoms:
            if quota.name:
                name = quota.name if len(atoms) == 1 else f"{quota.name} ({text})"
            else:
                name = f"{prefix}: {text}"
            parts = union_values(value)
            bounds.append(
                Bound(
                    name,
                    "quota",
                    index,
                    kind,
                    quota.column,
                    "|".join(parts),
                    amount,
                    where,
                    quota.soft,
                    quota.weight,
                    parts if len(parts) > 1 else (),
                )
            )
    for index, cap in enumerate(scenario.cap):
        where = where_items(cap.where)
        name = cap.name or f"cap {cap.column}{_where_text(where)}: at most {cap.max_each} each"
        bounds.append(Bound(name, "cap", index, "max_each", cap.column, None, cap.max_each, where))
    for index, cov in enumerate(scenario.coverage):
        for area in cov.areas:
            text = f"{area} >= {cov.min_each}"
            if cov.name:
                name = cov.name if len(cov.areas) == 1 else f"{cov.name} ({text})"
            else:
                name = f"coverage {cov.column}: {text}"
            bounds.append(
                Bound(
                    name,
                    "coverage",
                    index,
                    "min_each",
                    cov.column,
                    area,
                    cov.min_each,
                    (),
                    cov.soft,
                    cov.weight,
                )
            )
    bounds += _distinct_bounds(scenario)
    bounds += _equal_bounds(scenario)
    for index, budget in enumerate(scenario.budgets):
        amount = int(budget.max) if float(budget.max).is_integer() else budget.max
        bounds.append(
            Bound(
                budget.name or f"budget {budget.column} <= {amount}",
                "budget",
                index,
                "budget",
                budget.column,
                None,
                budget.max,
            )
        )
    for kind in ("include", "exclude"):
        for ident in getattr(scenario.members, kind):
            bounds.append(Bound(f"{kind} {ident}", "members", 0, kind, "id", ident))
    if scenario.rotation is not None:
        bounds += _rotation_bounds(scenario.rotation)
    bounds += group_bounds(scenario)
    bounds += person_bounds(scenario)
    bounds += ex_officio_bounds(scenario)
    bounds += role_bounds(scenario)
    return _unique_names(bounds)


def _distinct_bounds(scenario: Scenario) -> list[Bound]:
    """``distinct country: at least 20``: one atom per ``[[distinct]]`` rule."""
    bounds = []
    for index, rule in enumerate(scenario.distinct):
        where = where_items(rule.where)
        text = f"distinct {rule.column}{_where_text(where)}: at least {rule.min}"
        bounds.append(
            Bound(
                rule.name or text,
                "distinct",
                index,
                "min",
                rule.column,
                None,
                rule.min,
                where,
                rule.soft,
                rule.weight,
            )
        )
    return bounds


def _equal_bounds(scenario: Scenario) -> list[Bound]:
    """``equal stakeholder_group: a|b|c within 1``: one atom per ``[[equal]]`` rule."""
    bounds = []
    for index, rule in enumerate(scenario.equal):
        where = where_items(rule.where)
        values = tuple(rule.values)
        joined = UNION.join(values)
        text = f"equal {rule.column}{_where_text(where)}: {joined} within {rule.spread}"
        bounds.append(
            Bound(
                rule.name or text,
                "equal",
                index,
                "spread",
                rule.column,
                joined,
                rule.spread,
                where,
                rule.soft,
                rule.weight,
                values,
            )
        )
    return bounds


def _rotation_bounds(rotation: RotationRule) -> list[Bound]:
    """``new members >= share`` / ``<= share`` (new: incumbent column is no) and the term limit."""
    atoms: list[tuple[str, str | None, str | None, Any, str]] = []
    for kind, share, op in (
        ("min_share", rotation.renew_min_share, ">="),
        ("max_share", rotation.renew_max_share, "<="),
    ):
        if share is not None:
            amount = parse_share(share)
            text = f"new members {op} {format_share(amount)}"
            atoms.append((kind, rotation.incumbent, "no", amount, text))
    if rotation.max_consecutive_terms is not None:
        limit = rotation.max_consecutive_terms
        text = f"not eligible after {limit} consecutive terms"
        atoms.append(("max_terms", rotation.terms_column, None, limit, text))
    bounds = []
    for kind, column, value, amount, text in atoms:
        if rotation.name:
            name = rotation.name if len(atoms) == 1 else f"{rotation.name} ({text})"
        else:
            name = f"rotation: {text}"
        bounds.append(Bound(name, "rotation", 0, kind, column, value, amount))
    return bounds


def _unique_names(bounds: list[Bound]) -> list[Bound]:
    seen: dict[str, int] = {}
    result = []
    for bound in bounds:
        count = seen.get(bound.name, 0) + 1
        seen[bound.name] = count
        if count > 1:
            bound = Bound(**{**bound.__dict__, "name": f"{bound.name} #{count}"})
        result.append(bound)
    return result
