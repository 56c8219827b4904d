"""Role holders drawn with the roster: who holds each role in each roster of a lottery.

Each roster of the distribution (canonical order) is given its holders in *turns*: one per
candidate of the named role with the most candidates in that roster (at most ``MAX_TURNS``),
the roster's units shared among them as evenly as whole units allow.  Each turn gives every
role, in the scenario's order, to the candidates who have held it least (in units) in this
roster's turns so far, then least over the rosters before it, then in id order: among the
holder sets of least soft shortfall, the first that keeps every role rule with the
candidates listed that way.  Every candidate listed first is in the set when any valid set
can hold them, so a role's seats go round the members (and, for a role held outside the
selection, the nominees) who can hold it, roster after roster, and the result depends only
on the rosters, their units and the ids.

Every turn is re-checked by the independent checker on its holders (never CP-SAT).  The
ticket that draws the roster also draws its turn (``drawn_turn``): the first turn whose
running total of units, within the roster, exceeds the ticket less the units before it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from composer.analysis.lottery_draw import UNITS
from composer.engine.check import CheckReport, check, member_rows
from composer.errors import CheckFailedError, Problem
from composer.rules.ex_officio import uncounted
from composer.rules.role_search import eligible, holder_sets, penalty
from composer.rules.roles import RoleRule, named_roles

if TYPE_CHECKING:
    from composer.inputs.nominations import Pool
    from composer.rules.scenario import Scenario

#: The most turns one roster is shared into.
MAX_TURNS = 12

Row = Mapping[str, Any]
Holders = dict[str, list[str]]
Uses = dict[str, dict[str, int]]  # role -> id -> units held so far


@dataclass(frozen=True)
class Turn:
    """One holder assignment of a roster: the holders of every role (those the body fills
    later too), the units of the lottery it takes, and the checker's report on it."""

    holders: Holders
    units: int
    report: CheckReport

    def named(self, roles: Sequence[RoleRule]) -> Holders:
        """The holders of the roles whose holders are named (not those filled later)."""
        return {r.name: self.holders[r.name] for r in named_roles(roles) if r.name in self.holders}


def _candidates(
    role: RoleRule, members: Sequence[Row], others: Sequence[Row], uses: tuple[Uses, Uses]
) -> list[Row]:
    """Who may hold ``role``: those who have held it least in this roster's turns first,
    then least in the lottery so far, then id order."""
    rows = members if role.counted else others
    here, before = (u.get(role.name, {}) for u in uses)
    free = [row for row in rows if eligible(row, role)]
    if role.filled_later:  # holders filled later are not named: plain id order
        return sorted(free, key=lambda r: str(r["id"]))
    return sorted(free, key=lambda r: (here.get(i := str(r["id"]), 0), before.get(i, 0), i))


def least_used(
    roles: Sequence[RoleRule],
    members: Sequence[Row],
    others: Sequence[Row],
    uses: tuple[Uses, Uses],
) -> Holders | None:
    """The holders of every role of least soft shortfall, the first when each role's
    candidates are listed least used first (``uses``: in this roster's turns, in the
    lottery so far); None when the roles cannot be filled."""
    lists = [_candidates(role, members, others, uses) for role in roles]
    best: list[tuple[Holders, int]] = []

    def search(k: int, taken: set[str], chosen: Holders, cost: int) -> None:
        if k == len(roles):
            best[:] = [(dict(chosen), cost)]
            return
        for holders in holder_sets(lists[k], roles[k], taken):
            more = cost + penalty(holders, roles[k])
            if best and more >= best[0][1]:
                continue
            ids = sorted(str(m["id"]) for m in holders)
            chosen[roles[k].name] = ids
            search(k + 1, taken | set(ids), chosen, more)
            del chosen[roles[k].name]
            if best and best[0][1] == 0:
                return

    search(0, set(), {}, 0)
    return best[0][0] if best else None


def turn_count(
    roles: Sequence[RoleRule], members: Sequence[Row], others: Sequence[Row], units: int
) -> int:
    """Turns for one roster: one per candidate of its named role with the most candidates
    (so that each can hold it once), at most ``MAX_TURNS`` and ``units``."""
    need = 1
    for role in named_roles(roles):
        rows = members if role.counted else others
        need = max(need, sum(1 for row in rows if eligible(row, role)))
    return max(1, min(need, MAX_TURNS, units))


def _shares(units: int, turns: int) -> list[int]:
    """``units`` shared among ``turns`` as evenly as whole units allow (earlier turns first)."""
    each, spare = divmod(units, turns)
    return [each + (1 if t < spare else 0) for t in range(turns)]


def _verify(
    pool: Pool,
    scenario: Scenario,
    roster: tuple[str, ...],
    holders: Holders,
    rows: Mapping[str, dict[str, Any]],
    least: int,
) -> CheckReport:
    """The checker's report on a roster with the holders given; an error if they break a
    rule or miss a soft role quota by more than the roster must."""
    inside = {r.name: holders[r.name] for r in scenario.role if r.counted}
    outside = {r.name: holders[r.name] for r in scenario.role if not r.counted}
    report = check(pool, scenario, list(roster), outside=outside, rows=rows, inside=inside)
    problems = [
        Problem(f"{rule.name}: achieved {rule.achieved}, bound {rule.bound}")
        for rule in report.failures
    ]
    if report.soft_shortfall > least:
        problems.append(Problem(f"soft shortfall {report.soft_shortfall} > {least}"))
    if problems:
        raise CheckFailedError(
            "the role holders of a roster of the lottery break its rules (a bug in composer; "
            "please report it with the input files)",
            problems,
        )
    return report


def spread_holders(
    pool: Pool,
    scenario: Scenario,
    distribution: Sequence[tuple[tuple[str, ...], int]],
    reports: Sequence[CheckReport],
    rows: Mapping[str, dict[str, Any]] | None = None,
) -> list[list[Turn]]:
    """The turns of holders of every roster of ``distribution`` (module docstring), each
    verified by the checker; empty lists when the scenario has no roles.  ``rows`` (the
    checker's rows of every nominee) saves reading the table again."""
    roles = list(scenario.role)
    if not roles:
        return [[] for _ in distribution]
    rows = member_rows(pool) if rows is None else rows
    by_id = sorted(rows)
    away = uncounted(scenario)
    uses: Uses = {role.name: {} for role in roles}
    out: list[list[Turn]] = []
    for (roster, units), report in zip(distribution, reports, strict=True):
        seated = set(roster) | away
        members = [rows[i] for i in roster]
        others = [rows[i] for i in by_id if i not in seated]
        found: list[tuple[Holders, int]] = []
        here: Uses = {role.name: {} for role in roles}
        for share in _shares(units, turn_count(roles, members, others, units)):
            holders = least_used(roles, members, others, (here, uses))
            if holders is None:
                raise CheckFailedError(
                    "a roster of the lottery has no role holders (a bug in composer; please "
                    "report it with the input files)",
                    [Problem(f"roster {list(roster)}: the roles cannot be filled")],
                )
            for role in named_roles(roles):
                for ident in holders.get(role.name, []):
                    for held in (here[role.name], uses[role.name]):
                        held[ident] = held.get(ident, 0) + share
            found.append((holders, share))
        out.append(_merged(pool, scenario, roster, found, rows, report.soft_shortfall))
    return out


def _merged(
    pool: Pool,
    scenario: Scenario,
    roster: tuple[str, ...],
    found: Sequence[tuple[Holders, int]],
    rows: Mapping[str, dict[str, Any]],
    least: int,
) -> list[Turn]:
    """The turns of one roster, those naming the same holders merged (the first kept),
    each checked."""
    named = [r.name for r in named_roles(scenario.role)]
    merged: dict[tuple[tuple[str, ...], ...], tuple[Holders, int]] = {}
    for holders, units in found:
        key = tuple(tuple(holders.get(name, [])) for name in named)
        first, total = merged.get(key, (holders, 0))
        merged[key] = (first, total + units)
    return [
        Turn(holders, units, _verify(pool, scenario, roster, holders, rows, least))
        for holders, units in merged.values()
    ]


def role_probabilities(
    scenario: Scenario, turns: Sequence[Sequence[Turn]], ids: Sequence[str]
) -> dict[str, dict[str, Fraction]]:
    """Each nominee's chance of holding each named role, exactly: units of the turns in
    which they hold it."""
    out: dict[str, dict[str, Fraction]] = {}
    for role in named_roles(scenario.role):
        units = dict.fromkeys(ids, 0)
        for roster in turns:
            for turn in roster:
                for ident in turn.holders.get(role.name, []):
                    units[ident] = units.get(ident, 0) + turn.units
        out[role.name] = {i: Fraction(u, UNITS) for i, u in units.items()}
    return out


def drawn_turn(
    distribution: Sequence[tuple[tuple[str, ...], int]],
    turns: Sequence[Sequence[Turn]],
    drawn: int,
    ticket: int,
) -> int | None:
    """The turn of the drawn roster the ticket falls on; None when there are no roles."""
    if not turns or not turns[drawn]:
        return None
    offset = ticket - sum(units for _, units in distribution[:drawn])
    running = 0
    for index, turn in enumerate(turns[drawn]):
        running += turn.units
        if offset < running:
            return index
    raise ArithmeticError("the turns' units do not add up to the roster's units")
