"""Reserve lists: who can replace each member without breaking a hard rule.

For each selected member, :func:`reserves` ranks the nominees who could take that seat: the
roster with the member swapped for the nominee keeps every hard rule.  Replacements are ranked
by the score lost (least first), then by the soft shortfall of the new roster, then by the
tie-break priority of the scenario.  Every swap listed is re-checked by the independent
checker (:func:`composer.engine.check.check`); the checker's soft shortfall is the one shown.

Checking every possible swap with the checker would take seconds per hundred members, so the
swaps are first *screened* with exact integer arithmetic on the scenario's atomic rules (each
rule is a count over the members, so a swap changes it by the two nominees' contributions);
only the swaps that pass the screen are ranked and the ones listed are re-checked.  The test
suite compares the screen with the checker on every swap of small pools.

The global reserve list ranks the nominees who are not selected by how many members each can
replace, then by the least score lost over those swaps.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal

import numpy as np
import pandas as pd

from composer.engine.check import check
from composer.engine.objective import tie_priorities
from composer.engine.result import Result
from composer.errors import ComposerError, Problem
from composer.inputs import vocabulary
from composer.numbers import scaled_all
from composer.rules.roles import assign, eligible
from composer.rules.scenario import Bound
from composer.rules.where import Where, where_mask

#: How replacements are ranked: score lost first, or the scenario's order (soft rules first).
RankBy = Literal["score", "scenario"]
#: Rule families the screen understands; any other family makes every swap go to the checker.
SCREENED = (
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
)
SHOWN = ("name", "country", "region", "stakeholder_group", "gender")


@dataclass
class _Row:
    """One atomic rule as ``sum(coef[i] for members) (>= | <=) rhs``."""

    coef: np.ndarray  # per nominee, pool order
    lower: bool
    rhs: int
    soft: bool = False
    weight: int = 1
    divisor: int = 1  # shares: seats short are ceil(gap / divisor)


def _where(pool_text: Any, where: Where, n: int) -> np.ndarray:
    return where_mask(where, pool_text, n)


class _Screen:
    """Exact swap screening for one roster, built from the scenario's atomic rules."""

    def __init__(self, result: Result) -> None:
        pool, scenario = result.pool, result.scenario
        self.ids = list(pool.text("id"))
        n = len(self.ids)
        self.rows: list[_Row] = []
        self.caps: list[tuple[np.ndarray, np.ndarray, int]] = []  # (values, counted, max_each)
        self.distinct: list[tuple[np.ndarray, np.ndarray, Bound]] = []  # (values, counted, rule)
        self.together: list[np.ndarray] = []  # 0/1 per nominee: the group's members
        self.roles = list(scenario.role)  # screened by the holders' search (see _roles)
        self.table = pool.table
        self.complete = True
        text = pool.text
        for bound in scenario.bounds():
            if bound.family not in SCREENED:
                self.complete = False
                continue
            self._add(bound, pool, text, n)

    def _add(self, bound: Bound, pool: Any, text: Any, n: int) -> None:
        soft, weight = bound.soft, bound.weight
        one = np.ones(n, dtype=np.int64)
        if bound.family == "size":
            self.rows.append(_Row(one, bound.kind == "min", int(bound.amount)))
        elif bound.family == "cap":
            counted = _where(text, bound.where, n)
            self.caps.append((text(str(bound.column)), counted, int(bound.amount)))
        elif bound.family in ("distinct", "equal"):
            counted = _where(text, bound.where, n)
            self.distinct.append((text(str(bound.column)), counted, bound))
        elif bound.family == "coverage":
            areas = pool.areas(str(bound.column))
            has = np.asarray([bound.value in areas[i] for i in self.ids], dtype=np.int64)
            self.rows.append(_Row(has, True, int(bound.amount), soft, weight))
        elif bound.family == "budget":  # exact: whole numbers over a common denominator
            exact = [Fraction(Decimal(str(v))) for v in pool.table[str(bound.column)]]
            limit = Fraction(Decimal(str(bound.amount)))
            scale = math.lcm(limit.denominator, *(v.denominator for v in exact))
            coef = np.asarray([int(v * scale) for v in exact], dtype=object)
            self.rows.append(_Row(coef, False, int(limit * scale)))
        elif bound.family == "members":
            hit = (text("id") == bound.value).astype(np.int64)
            self.rows.append(_Row(hit, bound.kind == "include", int(bound.kind == "include")))
        elif bound.family == "role":
            pass  # all roles together, in swaps()
        elif bound.family in ("together", "apart"):
            hit = np.isin(text("id"), list(bound.ids)).astype(np.int64)
            if bound.family == "apart":
                self.rows.append(_Row(hit, False, 1))
            else:
                self.together.append(hit)
        elif bound.family == "person":  # a cap of 1 per person, empty cells not counted
            person = np.asarray([t.strip() for t in text(str(bound.column))], dtype=object)
            self.caps.append((person, person != "", 1))
        elif bound.family == "rotation" and bound.kind == "max_terms":
            served = np.asarray([int(t.strip() or 0) for t in text(str(bound.column))])
            self.rows.append(_Row((served >= bound.amount).astype(np.int64), False, 0))
        elif bound.family == "rotation":
            new = [vocabulary.canonical("yes_no", t) != "yes" for t in text(str(bound.column))]
            self._share(bound, np.asarray(new, dtype=bool), one.astype(bool))
        elif bound.is_share:
            counted = _where(text, bound.where, n)
            holders = counted & np.isin(text(str(bound.column)).astype(str), bound.values)
            self._share(bound, holders, counted)
        else:
            counted = _where(text, bound.where, n)
            holders = counted & np.isin(text(str(bound.column)).astype(str), bound.values)
            self.rows.append(
                _Row(holders.astype(np.int64), bound.is_lower, int(bound.amount), soft, weight)
            )

    def _share(self, bound: Bound, holders: np.ndarray, counted: np.ndarray) -> None:
        """``q * holders - p * counted`` against 0: exact, like the model and the checker."""
        p, q = Fraction(bound.amount).as_integer_ratio()
        coef = q * holders.astype(np.int64) - p * counted.astype(np.int64)
        self.rows.append(_Row(coef, bound.is_lower, 0, bound.soft, bound.weight, q))

    def swaps(self, members: list[int], others: list[int]) -> tuple[np.ndarray, np.ndarray]:
        """``ok[m, c]`` (swap member m for nominee c keeps every hard rule) and the shortfall."""
        ok = np.ones((len(members), len(others)), dtype=bool)
        shortfall = np.zeros((len(members), len(others)), dtype=np.int64)
        m, c = np.asarray(members), np.asarray(others)
        for row in self.rows:
            value = row.coef[m].sum() - row.coef[m][:, None] + row.coef[c][None, :]
            gap = (row.rhs - value) if row.lower else (value - row.rhs)
            if row.soft:
                short = np.maximum(0, gap)
                seats = (short + row.divisor - 1) // row.divisor
                shortfall += (seats * row.weight).astype(np.int64)
            else:
                ok &= np.asarray(gap <= 0, dtype=bool)
        for group in self.together:  # all of the group or none, after the swap
            after = group[m].sum() - group[m][:, None] + group[c][None, :]
            ok &= (after == 0) | (after == group.sum())
        for values, counted, limit in self.caps:
            held: dict[str, int] = {}
            for i in m[counted[m]]:
                held[values[i]] = held.get(values[i], 0) + 1
            now = np.asarray([held.get(values[j], 0) for j in c])
            same = values[m][:, None] == values[c][None, :]
            after = now[None, :] + 1 - (counted[m][:, None] & same)
            ok &= ~counted[c][None, :] | (after <= limit)
        for values, counted, bound in self.distinct:
            if bound.family == "equal":
                gap = _spread_after(values, counted, bound.values, m, c) - int(bound.amount)
            else:
                gap = int(bound.amount) - _distinct_after(values, counted, m, c)
            if bound.soft:
                shortfall += (np.maximum(0, gap) * bound.weight).astype(np.int64)
            else:
                ok &= gap <= 0
        if self.roles:
            ok &= self._roles(members, others)
        return ok, shortfall

    def _row(self, position: int) -> dict[str, Any]:
        ident = self.ids[position]
        return {"id": ident, **{str(k): v for k, v in self.table.loc[ident].items()}}

    def _roles(self, members: list[int], others: list[int]) -> np.ndarray:
        """``ok[m, c]`` for the roles: exact and quick.  A swap that keeps every holder keeps
        the roles; for a holder leaving, the roles are searched again once per kind of
        newcomer (what makes a nominee eligible and what the role quotas count)."""
        ok = np.ones((len(members), len(others)), dtype=bool)
        rows = [self._row(p) for p in members]
        found = assign(rows, self.roles)
        holders = {i for ids in (found or {}).values() for i in ids}
        columns = sorted({q.column for r in self.roles for q in r.quota})
        newcomers = [self._row(p) for p in others]
        kinds = [
            (tuple(eligible(row, r) for r in self.roles), tuple(str(row[c]) for c in columns))
            for row in newcomers
        ]
        for a, row in enumerate(rows):
            if found is not None and row["id"] not in holders:
                continue
            rest = rows[:a] + rows[a + 1 :]
            seen: dict[tuple[Any, ...], bool] = {}
            for b, kind in enumerate(kinds):
                if kind not in seen:
                    seen[kind] = assign([*rest, newcomers[b]], self.roles) is not None
                ok[a, b] = seen[kind]
        return ok


def _distinct_after(
    values: np.ndarray, counted: np.ndarray, m: np.ndarray, c: np.ndarray
) -> np.ndarray:
    """``after[a, b]``: distinct values among the counted members once ``m[a]`` leaves for
    ``c[b]``."""
    held: dict[str, int] = {}
    for i in m[counted[m]]:
        held[values[i]] = held.get(values[i], 0) + 1
    lost = counted[m] & np.asarray([held.get(values[i], 0) == 1 for i in m], dtype=bool)
    same = values[m][:, None] == values[c][None, :]
    # the candidate brings a new value when it is counted and nobody left holds that value
    left = np.asarray([held.get(values[j], 0) for j in c])[None, :] - (counted[m][:, None] & same)
    gained = counted[c][None, :] & (left == 0)
    after: np.ndarray = len(held) - lost[:, None].astype(np.int64) + gained.astype(np.int64)
    return after


def _spread_after(
    values: np.ndarray,
    counted: np.ndarray,
    listed: tuple[str, ...],
    m: np.ndarray,
    c: np.ndarray,
) -> np.ndarray:
    """``spread[a, b]``: largest minus smallest count of the listed values once ``m[a]``
    leaves for ``c[b]``."""
    counts = []
    for value in listed:
        has = counted & (values == value)
        held = int(has[m].sum())
        counts.append(held - has[m].astype(np.int64)[:, None] + has[c].astype(np.int64)[None, :])
    stacked = np.stack(counts)
    spread: np.ndarray = stacked.max(axis=0) - stacked.min(axis=0)
    return spread


@dataclass
class Reserves:
    """Ranked replacements for each member, and the global reserve list."""

    result: Result
    per_member: int
    swaps: pd.DataFrame  # the listed swaps, each re-checked
    ranking: pd.DataFrame  # the global reserve list
    valid_swaps: int = 0
    rejected: list[tuple[str, str]] = field(default_factory=list)  # screen passed, check failed
    stats: dict[str, Any] = field(default_factory=dict)

    def frame(self) -> pd.DataFrame:
        """One row per (member, rank): the replacement, score change and soft shortfall."""
        return self.swaps.copy()

    def for_member(self, ident: str) -> list[str]:
        """The ranked replacements for member ``ident``."""
        rows = self.swaps[self.swaps["member"] == ident]
        return [str(v) for v in rows["replacement"].dropna()]

    def to_sheet(self) -> pd.DataFrame:
        """The per-member reserve list with headings for a workbook's "Reserves" sheet."""
        sheet = self.swaps.rename(
            columns={
                "member": "Member",
                "member_name": "Member name",
                "rank": "Reserve rank",
                "replacement": "Reserve",
                "replacement_name": "Reserve name",
                "score_change": "Score change",
                "soft_shortfall": "Soft-rule shortfall after the swap",
            }
        )
        return sheet[[c for c in sheet.columns if c[0].isupper()]]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: the listed swaps by member and the global reserve list."""
        by_member: dict[str, list[dict[str, Any]]] = {}
        for row in self.swaps.to_dict("records"):
            entries = by_member.setdefault(str(row["member"]), [])
            if isinstance(row["replacement"], str):
                entries.append(
                    {
                        "replacement": row["replacement"],
                        "score_change": float(row["score_change"]),
                        "soft_shortfall": int(row["soft_shortfall"]),
                    }
                )
        return {
            "per_member": self.per_member,
            "by_member": by_member,
            "reserve_list": self.ranking.to_dict("records"),
            "valid_swaps": self.valid_swaps,
        }

    def summary(self) -> str:
        """A few lines for people."""
        stuck = [m for m in self.result.selected if not self.for_member(m)]
        text = (
            f"{self.valid_swaps} one-for-one swaps keep every hard rule; "
            f"{len(self.ranking)} nominees can replace at least one member"
        )
        if stuck:
            table = self.result.pool.table
            names = (
                {str(i): str(n) for i, n in zip(table.index, table["name"], strict=True)}
                if ("name" in table)
                else {}
            )
            named = [f"{names[m]} ({m})" if names.get(m) else m for m in stuck]
            text += (
                f"; no single nominee can take the seat of {len(stuck)} member(s) with every "
                f"other member staying: {', '.join(named)} (`composer replace` may still "
                "re-arrange other seats to replace them)"
            )
        return text


def _key(rank_by: RankBy, loss: int, shortfall: int, tie: int) -> tuple[int, int, int]:
    """Sort key of a replacement: less lost first, then the higher tie-break priority."""
    return (loss, shortfall, -tie) if rank_by == "score" else (shortfall, loss, -tie)


def _no_roster(result: Result) -> ComposerError:
    return ComposerError(
        "reserves: the result has no roster that keeps every hard rule",
        [
            Problem(
                f"the solve ended {result.status.value}",
                fix="solve the scenario first (resolve any conflict it reports)",
            )
        ],
        code="no_roster",
    )


def reserves(result: Result, per_member: int = 3, rank_by: RankBy = "score") -> Reserves:
    """Ranked replacements for every member of ``result`` and the global reserve list.

    ``rank_by="score"`` ranks each member's replacements by the score lost, then by the soft
    shortfall after the swap; ``rank_by="scenario"`` follows the scenario's own order instead:
    the soft shortfall first, then the score lost.  Ties go to the scenario's tie-break.

    Raises :class:`~composer.errors.ComposerError` (exit 2) when ``per_member < 1`` or the
    result has no roster that keeps every hard rule.
    """
    import time

    started = time.perf_counter()
    if isinstance(per_member, bool) or not isinstance(per_member, int) or per_member < 1:
        raise ComposerError(
            f"reserves: per_member must be at least 1, not {per_member!r}",
            [Problem("per_member below 1", fix="ask for 1 or more", key="per_member")],
            code="bad_option",
        )
    if not result.ok or result.report is None or not result.report.ok:
        raise _no_roster(result)
    pool, scenario = result.pool, result.scenario
    screen = _Screen(result)
    position = {ident: k for k, ident in enumerate(screen.ids)}
    chosen = set(result.selected) | set(result.ex_officio)  # ex officio: never swapped
    members = [position[i] for i in result.selected]
    others = [k for k, ident in enumerate(screen.ids) if ident not in chosen]
    column = scenario.objective.maximise
    merit, scale = scaled_all(pool.table[column].tolist()) if column else ([0] * len(screen.ids), 1)
    ids = screen.ids
    tie = tie_priorities(ids)
    # exact for the families it knows; with one it does not (roles), the swaps it lets through
    # go to the checker one by one, in rank order, until a member has enough
    ok, shortfall = screen.swaps(members, others)
    merits = np.asarray(merit, dtype=np.int64)
    loss = merits[members][:, None] - merits[others][None, :]
    checked = np.zeros(ok.shape, dtype=bool)
    found = Reserves(result, per_member, pd.DataFrame(), pd.DataFrame())
    records: list[dict[str, Any]] = []
    names = pool.table["name"]
    for row, member in enumerate(result.selected):
        order = sorted(
            np.flatnonzero(ok[row]),
            key=lambda c: _key(rank_by, loss[row, c], shortfall[row, c], tie[ids[others[c]]]),
        )
        listed = 0
        for c in order:
            if listed == per_member:
                break
            other = screen.ids[others[c]]
            report = check(pool, scenario, [other if i == member else i for i in result.selected])
            if not report.ok or (screen.complete and report.soft_shortfall != shortfall[row, c]):
                found.rejected.append((member, other))
                ok[row, c] = False
                continue
            checked[row, c] = True
            shortfall[row, c] = report.soft_shortfall
            listed += 1
            records.append(
                {
                    "member": member,
                    "member_name": names[member],
                    "rank": listed,
                    "replacement": other,
                    "replacement_name": names[other],
                    "score_change": -float(Fraction(int(loss[row, c]), scale)),
                    "soft_shortfall": report.soft_shortfall,
                }
            )
        if listed == 0:
            records.append({"member": member, "member_name": names[member], "rank": None})
    columns = ["member", "member_name", "rank", "replacement", "replacement_name"]
    found.swaps = pd.DataFrame(records, columns=[*columns, "score_change", "soft_shortfall"])
    found.swaps = found.swaps.astype({"rank": "Int64", "soft_shortfall": "Int64"})
    usable = ok if screen.complete else checked
    found.valid_swaps = int(usable.sum())
    found.ranking = _ranking(result, ids, others, usable, loss, shortfall, scale, tie, rank_by)
    found.stats = {
        "seconds": round(time.perf_counter() - started, 4),
        "swaps_screened": int(ok.size),
        "swaps_checked": int(checked.sum()) + len(found.rejected),
        "screen_complete": screen.complete,
    }
    return found


def _ranking(
    result: Result,
    ids: list[str],
    others: list[int],
    ok: np.ndarray,
    loss: np.ndarray,
    shortfall: np.ndarray,
    scale: int,
    tie: dict[str, int],
    rank_by: RankBy,
) -> pd.DataFrame:
    """Nominees ranked by members they can replace, then by their best swap, then ties."""
    table = result.pool.table
    shown = [c for c in SHOWN if c in table.columns]
    ranked: list[tuple[tuple[int, ...], dict[str, Any]]] = []
    for c in np.flatnonzero(ok.any(axis=0)):
        rows_ok = np.flatnonzero(ok[:, c])
        ident = ids[others[c]]
        keys = {r: _key(rank_by, loss[r, c], shortfall[r, c], 0) for r in rows_ok}
        best = min(rows_ok, key=lambda r: (keys[r], result.selected[r]))
        order = (-len(rows_ok), *_key(rank_by, loss[best, c], shortfall[best, c], tie[ident]))
        record = {
            "id": ident,
            **{col: table.at[ident, col] for col in shown},
            "can_replace": len(rows_ok),
            "best_for": result.selected[best],
            "score_change": -float(Fraction(int(loss[best, c]), scale)),
            "soft_shortfall": int(shortfall[best, c]),
        }
        ranked.append((order, record))
    ranked.sort(key=lambda item: item[0])
    columns = ["id", *shown, "can_replace", "best_for", "score_change", "soft_shortfall"]
    frame = pd.DataFrame([record for _, record in ranked], columns=columns)
    frame.insert(0, "rank", range(1, len(frame) + 1))
    return frame
