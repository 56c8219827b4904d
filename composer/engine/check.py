"""The independent checker: recompute every rule on a roster with plain Python.

It reads only the pool, the (bound) scenario and the list of selected ids; it never touches
CP-SAT or the model code, so it is the specification the solver's answer is held to.
``compose`` refuses to return a roster whose hard rules fail here.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

import pandas as pd

from composer.inputs import vocabulary
from composer.inputs.nominations import Pool
from composer.rules.ex_officio import uncounted
from composer.rules.role_search import assign, eligible, fills
from composer.rules.role_terms import soft_term_of
from composer.rules.roles import RoleRule, holding, is_role_atom
from composer.rules.scenario import Bound, Scenario, format_share
from composer.rules.where import Where, where_text


@dataclass(frozen=True)
class RuleCheck:
    """How one atomic rule fares on a roster."""

    name: str
    family: str
    kind: str
    bound: str  # the bound as people read it: ">= 6", "<= 40%", "at most 1 each"
    achieved: float  # seats (or members sharing the most common value, or money)
    met: bool
    soft: bool = False
    weight: int = 1
    shortfall: int = 0  # seats missing (soft rules) or over; 0 when met
    counted: int | None = None  # members the share is of (share rules only)
    column: str | None = None
    value: str | None = None
    where: str = ""  # the members counted, e.g. "stakeholder_group=government"

    @property
    def share(self) -> float | None:
        """The achieved share, for share rules."""
        if self.counted is None:
            return None
        return self.achieved / self.counted if self.counted else 0.0

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready record."""
        record = asdict(self)
        if self.counted is not None:
            record["share"] = self.share
        return record


@dataclass
class CheckReport:
    """Every rule checked on one roster."""

    rules: list[RuleCheck] = field(default_factory=list)

    @property
    def failures(self) -> list[RuleCheck]:
        """Hard rules that do not hold."""
        return [r for r in self.rules if not r.met and not r.soft]

    @property
    def ok(self) -> bool:
        """Whether every hard rule holds."""
        return not self.failures

    @property
    def soft_shortfall(self) -> int:
        """Total weighted shortfall of the soft rules."""
        return sum(r.shortfall * r.weight for r in self.rules if r.soft)

    def frame(self) -> pd.DataFrame:
        """The report as a table, one row per rule."""
        return pd.DataFrame([r.as_dict() for r in self.rules])


def _exact(value: Any) -> Fraction:
    text = str(value).strip()
    return Fraction(Decimal(text)) if text else Fraction(0)  # an empty cell counts as 0


def _passes(cell: Any, op: str, values: tuple[str, ...]) -> bool:
    """One ``where`` test on one cell, evaluated here on its own (exact decimals)."""
    text = str(cell)
    if op == "in":
        return text in values
    if op == "not":
        return text not in values
    try:
        have = Fraction(Decimal(text.strip().replace(" ", "")))  # "1 000" reads 1000
    except (InvalidOperation, ValueError, OverflowError):
        return False  # a comparison never matches text (bind refuses such columns)
    limit = Fraction(Decimal(values[0]))
    return {
        "lt": have < limit,
        "le": have <= limit,
        "gt": have > limit,
        "ge": have >= limit,
    }[op]


def _matches(row: dict[str, Any], where: Where) -> bool:
    return all(_passes(row.get(c.column), c.op, c.values) for c in where)


def _counted(members: list[dict[str, Any]], where: Where) -> list[dict[str, Any]]:
    """The members a rule's ``where`` counts (all of them without one)."""
    if not where:
        return members
    return [m for m in members if _matches(m, where)]


def _ceil(value: Fraction) -> int:
    return max(0, math.ceil(value))


def _check(
    bound: Bound,
    members: list[dict[str, Any]],
    pool: Pool,
    areas: dict[str, dict[str, tuple[str, ...]]],
) -> RuleCheck:
    family, kind, amount = bound.family, bound.kind, bound.amount
    base: dict[str, Any] = {
        "name": bound.name,
        "family": family,
        "kind": kind,
        "soft": bound.soft,
        "weight": bound.weight,
        "column": bound.column,
        "value": bound.value,
        "where": where_text(bound.where),
    }
    if family == "size":
        n = len(members)
        over = n - amount if kind == "max" else amount - n
        return RuleCheck(
            bound=f"{'<=' if kind == 'max' else '>='} {amount}",
            achieved=n,
            met=over <= 0,
            shortfall=max(0, over),
            **base,
        )
    if family == "quota":
        counted = _counted(members, bound.where)
        wanted = set(bound.values)  # one value, or any value of a union
        n = sum(1 for m in counted if str(m[str(bound.column)]) in wanted)
        if kind in ("min", "max"):
            over = n - amount if kind == "max" else amount - n
            text = f"{'<=' if kind == 'max' else '>='} {amount}"
            return RuleCheck(
                bound=text,
                achieved=n,
                met=over <= 0,
                shortfall=max(0, over),
                counted=len(counted) if bound.where else None,
                **base,
            )
        target = Fraction(amount) * len(counted)
        gap = target - n if kind == "min_share" else n - target
        text = f"{'>=' if kind == 'min_share' else '<='} {format_share(Fraction(amount))}"
        return RuleCheck(
            bound=text, achieved=n, met=gap <= 0, shortfall=_ceil(gap), counted=len(counted), **base
        )
    if family == "cap":
        counted = _counted(members, bound.where)
        counts = Counter(str(m[str(bound.column)]) for m in counted)
        worst = max(counts.values(), default=0)
        over = sum(max(0, c - amount) for c in counts.values())
        return RuleCheck(
            bound=f"at most {amount} each", achieved=worst, met=over == 0, shortfall=over, **base
        )
    if family == "coverage":
        column = str(bound.column)
        if column not in areas:
            areas[column] = pool.areas(column)
        n = sum(1 for m in members if bound.value in areas[column][m["id"]])
        return RuleCheck(
            bound=f">= {amount}", achieved=n, met=n >= amount, shortfall=max(0, amount - n), **base
        )
    if family == "budget":
        total = sum((_exact(m[str(bound.column)]) for m in members), Fraction(0))
        limit = _exact(amount)
        return RuleCheck(bound=f"<= {amount:g}", achieved=float(total), met=total <= limit, **base)
    if family == "members":
        present = any(m["id"] == bound.value for m in members)
        met = present if kind == "include" else not present
        return RuleCheck(
            bound="in" if kind == "include" else "out",
            achieved=int(present),
            met=met,
            shortfall=int(not met),
            **base,
        )
    if family == "rotation":
        return _check_rotation(bound, members, base)
    if family == "equal":
        counted = _counted(members, bound.where)
        counts = Counter(str(m[str(bound.column)]) for m in counted)
        have = [counts.get(v, 0) for v in bound.values]
        spread = max(have) - min(have)
        return RuleCheck(
            bound=f"counts within {amount}",
            achieved=spread,
            met=spread <= amount,
            shortfall=max(0, spread - amount),
            **base,
        )
    if family == "distinct":
        seen = {str(m[str(bound.column)]) for m in _counted(members, bound.where)}
        return RuleCheck(
            bound=f">= {amount} distinct",
            achieved=len(seen),
            met=len(seen) >= amount,
            shortfall=max(0, amount - len(seen)),
            **base,
        )
    if family in ("together", "apart"):
        return _check_group(bound, members, base)
    if family == "person":
        return _check_person(bound, members, base)
    raise ValueError(f"unknown rule family {family!r}")


def _check_rotation(bound: Bound, members: list[dict[str, Any]], base: dict[str, Any]) -> RuleCheck:
    """New members (incumbent column not yes) against a share; nobody at the term limit."""
    column, amount = str(bound.column), bound.amount
    members = _counted(members, bound.where)  # ``where``: those it counts
    if bound.kind == "max_terms":
        served = [m for m in members if int(str(m[column]).strip() or 0) >= amount]
        return RuleCheck(
            bound=f"none with {amount} or more consecutive terms",
            achieved=len(served),
            met=not served,
            shortfall=len(served),
            **base,
        )
    new = sum(1 for m in members if vocabulary.canonical("yes_no", str(m[column])) != "yes")
    target = Fraction(amount) * len(members)
    gap = target - new if bound.kind == "min_share" else new - target
    text = f"{'>=' if bound.kind == 'min_share' else '<='} {format_share(Fraction(amount))}"
    return RuleCheck(
        bound=text, achieved=new, met=gap <= 0, shortfall=_ceil(gap), counted=len(members), **base
    )


def _check_group(bound: Bound, members: list[dict[str, Any]], base: dict[str, Any]) -> RuleCheck:
    """Together: all of the group or none (shortfall: the fewer of those in and those out);
    apart: at most one of the group (shortfall: the members beyond one)."""
    chosen = {m["id"] for m in members}
    n = sum(1 for i in bound.ids if i in chosen)
    if bound.kind == "together":
        off = min(n, len(bound.ids) - n)
        return RuleCheck(bound="all or none", achieved=n, met=off == 0, shortfall=off, **base)
    return RuleCheck(bound="at most 1", achieved=n, met=n <= 1, shortfall=max(0, n - 1), **base)


def _check_person(bound: Bound, members: list[dict[str, Any]], base: dict[str, Any]) -> RuleCheck:
    """At most one row per person (an empty person cell is a person of its own); achieved:
    the most rows of one person; shortfall: the rows beyond one, over every person."""
    counts = Counter(p for m in members if (p := str(m[str(bound.column)]).strip()))
    worst = max(counts.values(), default=0)
    over = sum(c - 1 for c in counts.values())
    return RuleCheck(
        bound="at most 1 row per person", achieved=worst, met=over == 0, shortfall=over, **base
    )


Rows = list[dict[str, Any]]


def _verdicts(
    bounds: list[Bound], rows: Rows, roles: list[RoleRule], found: dict[str, list[str]] | None
) -> dict[str, tuple[bool, int]]:
    """Met and achieved for each role of ``bounds`` among ``rows``, from an assignment
    ``found`` of every role at once (None when there is none).

    When there is one, each role is met with its holders.  Otherwise a role that cannot be
    filled even alone fails; when each can be filled alone but not all together (a nominee
    holds one role at most), every role fails.
    """
    alone = {r.name: found is not None or assign(rows, [r]) is not None for r in roles}
    together = found is not None or not all(alone.values())
    verdicts = {}
    for bound in bounds:
        role = next(r for r in roles if r.name == bound.ids[0])
        met = found is not None or (together and alone[role.name])
        if found is not None:
            achieved = len(found.get(role.name, []))
        else:
            achieved = sum(1 for m in rows if eligible(m, role))
        verdicts[bound.name] = (met, achieved)
    return verdicts


def _given_holders(
    bounds: list[Bound],
    roles: list[RoleRule],
    pool: Pool,
    seated: set[str],
    outside: dict[str, list[str]],
    inside: bool = False,
) -> dict[str, tuple[bool, int]]:
    """Each role on the holders given: known nominees, outside the body (``inside``: members
    of the roster ``seated``), none holding two roles, and the role filled by them."""
    named = [i for r in roles for i in outside.get(r.name, [])]
    clash = len(set(named)) != len(named)
    verdicts = {}
    for bound in bounds:
        role = next(r for r in roles if r.name == bound.ids[0])
        ids = outside.get(role.name, [])
        known = all(i in pool.table.index and (i in seated) == inside for i in ids)
        rows = [_row(pool, i) for i in ids] if known else []
        verdicts[bound.name] = (known and not clash and fills(role, rows), len(ids))
    return verdicts


def _row(pool: Pool, ident: str) -> dict[str, Any]:
    return {"id": ident, **{str(k): v for k, v in pool.table.loc[ident].items()}}


def check_roles(
    bounds: list[Bound],
    members: Rows,
    scenario: Scenario,
    pool: Pool,
    seated: set[str],
    outside: dict[str, list[str]] | None,
    inside: dict[str, list[str]] | None = None,
) -> dict[str, RuleCheck]:
    """Every role, with no solver: the roles held by members on the holders ``inside``
    names, or, without them, from a search among ``members``; the roles held outside the
    selection on the holders ``outside`` names, or, without them, from a search among the
    nominees not ``seated`` (not in the body).  A soft rule among the holders is measured on
    the holders given, or on those the search finds (the least soft shortfall)."""
    if not bounds:
        return {}
    inner = [r for r in scenario.role if r.counted]
    outer = [r for r in scenario.role if not r.counted]
    hard = [b for b in bounds if is_role_atom(b)]
    inner_bounds = [b for b in hard if b.ids[2] != "outside"]
    outer_bounds = [b for b in hard if b.ids[2] == "outside"]
    if inner and inside is not None:
        ids = {str(m["id"]) for m in members}
        verdicts = _given_holders(inner_bounds, inner, pool, ids, inside, inside=True)
        found: dict[str, list[str]] | None = {r.name: inside.get(r.name, []) for r in inner}
    else:
        found = assign(members, inner) if inner else {}
        verdicts = _verdicts(inner_bounds, members, inner, found)
    by_id = {str(m["id"]): m for m in members}
    holders = {n: [by_id[i] for i in ids if i in by_id] for n, ids in (found or {}).items()}
    if outer and outside is not None:
        verdicts.update(_given_holders(outer_bounds, outer, pool, seated, outside))
        known = {str(i) for i in pool.table.index}
        holders.update(
            {r.name: [_row(pool, i) for i in outside.get(r.name, []) if i in known] for r in outer}
        )
    elif outer:
        others = [_row(pool, str(i)) for i in pool.table.index if str(i) not in seated]
        candidates = [m for m in others if any(eligible(m, r) for r in outer)]
        held = assign(candidates, outer)
        verdicts.update(_verdicts(outer_bounds, candidates, outer, held))
        by_id = {str(m["id"]): m for m in candidates}
        holders.update({name: [by_id[i] for i in ids] for name, ids in (held or {}).items()})
    result = {}
    for bound in hard:
        role = scenario.role[bound.rule]
        met, achieved = verdicts[bound.name]
        where = {"later": ", filled later", "outside": ", outside the selection"}
        result[bound.name] = RuleCheck(
            name=bound.name,
            family="role",
            kind=bound.kind,
            bound=f"{role.count_words()} holders"
            + where.get(holding(role), "")
            + (f" ({bound.value})" if bound.value else ""),
            achieved=achieved,
            met=met,
            shortfall=int(not met),
            value=bound.value,
            where=where_text(bound.where),
        )
    for bound in bounds:
        if not is_role_atom(bound):
            role = scenario.role[bound.rule]
            result[bound.name] = _soft_role_rule(bound, role, holders.get(role.name))
    return result


def _soft_role_rule(bound: Bound, role: RoleRule, holders: Rows | None) -> RuleCheck:
    """A soft rule (quota, cap, distinct, coverage) on the role's holders; unmeasured (met, no
    shortfall) when the role cannot be filled, which the role's own rule reports."""
    term = soft_term_of(bound, role)
    text = term.bound_text()
    values = [str(h.get(term.column)) for h in holders or []]
    short = term.shortfall(values) if holders is not None else 0
    return RuleCheck(
        name=bound.name,
        family="role",
        kind=bound.kind,
        bound=text + ("" if holders is not None else " (the role is not filled)"),
        achieved=term.achieved(values),
        met=short == 0,
        soft=True,
        weight=bound.weight,
        shortfall=short,
        counted=len(values) if bound.is_share else None,
        column=bound.column,
        value=bound.value,
        where=where_text(bound.where),
    )


def member_rows(pool: Pool, ids: Iterable[str] | None = None) -> dict[str, dict[str, Any]]:
    """Each nominee's row as the checker reads it (``id`` and every column), by id.

    :func:`check` builds these for the roster it checks; a caller checking many rosters of
    one pool builds them once and passes them in (``rows=``).
    """
    table = pool.table if ids is None else pool.table.loc[list(ids)]
    return {
        str(i): {"id": str(i), **{str(k): v for k, v in row.items()}}
        for i, row in zip(table.index, table.to_dict("records"), strict=True)
    }


def check(
    pool: Pool,
    scenario: Scenario,
    selected: Iterable[str],
    outside: dict[str, list[str]] | None = None,
    rows: Mapping[str, dict[str, Any]] | None = None,
    inside: dict[str, list[str]] | None = None,
) -> CheckReport:
    """Recompute every rule of ``scenario`` on the roster ``selected`` (ids of ``pool``).

    ``outside`` names the holders of the roles held outside the selection (``counted =
    false``), as a solve chose them; without it, they are searched for among the nominees
    not selected.  ``inside`` names the holders of the roles held by members (every such
    role, those filled later too); without it, they are searched for among the members.
    ``rows`` (from :func:`member_rows`) saves reading the table again.
    """
    chosen = list(selected)
    unknown = [i for i in chosen if i not in pool.table.index]
    if unknown or len(set(chosen)) != len(chosen):
        raise ValueError(f"roster has unknown or repeated ids: {unknown or chosen}")
    held_out = uncounted(scenario)
    officio = [i for i in chosen if i in held_out]
    if officio:  # they sit by office: no rule counts them, so no roster holds them
        raise ValueError(f"roster holds ex-officio members outside the selection: {officio}")
    if rows is None:
        rows = member_rows(pool, chosen)
    members = [rows[str(i)] for i in chosen]
    areas: dict[str, dict[str, tuple[str, ...]]] = {}
    bounds = scenario.bounds()
    role_bounds = [b for b in bounds if b.family == "role"]
    seated = set(chosen) | held_out
    roles = check_roles(role_bounds, members, scenario, pool, seated, outside, inside)
    return CheckReport(
        [roles[b.name] if b.family == "role" else _check(b, members, pool, areas) for b in bounds]
    )
