"""Who can hold the roles: a plain search over the members, with no solver.

:func:`best_assignment` finds the holders again from a roster: every assignment that keeps
each role's seats, where, quotas and caps, the least soft shortfall first, then the first in
id order.  The checker, the result and the reserve lists use it, so a roster is accepted only
when its roles can be filled, and the holders it names are the same for the same roster.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from composer.inputs.vocabulary import split_multi
from composer.rules.role_terms import soft_terms
from composer.rules.roles import RoleRule, hard_caps, hard_coverage, hard_distinct, hard_quotas
from composer.rules.where import matches, where_items

Row = Mapping[str, Any]


def eligible(row: Row, role: RoleRule) -> bool:
    """Whether a member may hold ``role`` (passes every test of its ``where``)."""
    return all(matches(test, row.get(test.column)) for test in where_items(role.where))


Limit = tuple[str, dict[str, int], dict[str, int], int]  # column, fewest, most, most else


def _limits(role: RoleRule, holders: int) -> list[Limit]:
    """What the role's quotas and caps ask of ``holders`` holders: per column counted, the
    fewest and most of each value, and the most of any value not named."""
    limits: list[Limit] = []
    for quota in hard_quotas(role):
        low, high = quota.limits(holders)
        limits.append((quota.column, low, high, holders))
    limits += [(cap.column, {}, {}, cap.max_each) for cap in hard_caps(role)]
    return limits


def _covers(holders: Sequence[Row], role: RoleRule) -> bool:
    """Whether ``holders`` keep the role's hard distinct and coverage rules."""
    for rule in hard_distinct(role):
        if len({str(h.get(rule.column)) for h in holders}) < rule.min:
            return False
    for cover in hard_coverage(role):
        held = [split_multi(str(h.get(cover.column))) for h in holders]
        if any(sum(1 for areas in held if area in areas) < cover.min_each for area in cover.areas):
            return False
    return True


def _keeps(holders: Sequence[Row], role: RoleRule) -> bool:
    """Whether ``holders`` keep every hard quota, cap, distinct and coverage rule of ``role``
    (not its seats)."""
    if not _covers(holders, role):
        return False
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


def holder_sets(candidates: Sequence[Row], role: RoleRule, taken: set[str]) -> Iterator[list[Row]]:
    """Every set of holders for ``role`` among ``candidates`` (not ``taken``), the fewest
    holders first, each size in combination order of ``candidates`` as given (so the
    candidates first in it come first)."""
    return _fillings(candidates, role, taken)


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


def penalty(holders: Sequence[Row], role: RoleRule) -> int:
    """The weighted shortfall of the role's soft rules among ``holders``."""
    return sum(
        term.weight * term.shortfall([str(h.get(term.column)) for h in holders])
        for term in soft_terms(role)
    )


def best_assignment(
    members: Sequence[Row], roles: Sequence[RoleRule]
) -> tuple[dict[str, list[str]], int] | None:
    """The assignment of holders to every role with the least soft shortfall, and that
    shortfall; among equals, the first (members in id order).  None when there is none.

    Each member holds at most one role; each role gets its seats (the fewest that work, within
    its range), all eligible, and its hard quotas and caps hold among them.
    """
    ordered = sorted(members, key=lambda m: str(m["id"]))
    best: list[tuple[dict[str, list[str]], int]] = []

    def search(k: int, taken: set[str], chosen: dict[str, list[str]], cost: int) -> None:
        if k == len(roles):
            best[:] = [(dict(chosen), cost)]
            return
        for holders in _fillings(ordered, roles[k], taken):
            more = cost + penalty(holders, roles[k])
            if best and more >= best[0][1]:
                continue  # no better than the one found (shortfalls are never negative)
            ids = [str(m["id"]) for m in holders]
            chosen[roles[k].name] = ids
            search(k + 1, taken | set(ids), chosen, more)
            del chosen[roles[k].name]
            if best and best[0][1] == 0:
                return

    search(0, set(), {}, 0)
    return best[0] if best else None


def assign(members: Sequence[Row], roles: Sequence[RoleRule]) -> dict[str, list[str]] | None:
    """The holders of every role (:func:`best_assignment`), or None when none fill them."""
    found = best_assignment(members, roles)
    return None if found is None else found[0]
