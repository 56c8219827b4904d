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

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Literal

import numpy as np
import pandas as pd

from composer.analysis.swap_screen import SwapScreen
from composer.engine.check import check
from composer.engine.objective import tie_priorities
from composer.engine.result import Result
from composer.errors import ComposerError, Problem
from composer.numbers import scaled_all

#: How replacements are ranked: score lost first, or the scenario's order (soft rules first).
RankBy = Literal["score", "scenario"]
SHOWN = ("name", "country", "region", "stakeholder_group", "gender")


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
    screen = SwapScreen(result)
    position = {ident: k for k, ident in enumerate(screen.ids)}
    chosen = set(result.selected) | set(result.seated_outside)  # never swapped
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
