"""Alternative rosters: distinct, near-optimal, each proven to keep every hard rule.

Appointments are negotiated, so a secretariat wants to know which members any good roster
holds (the *core*) and where there is room to choose.  :func:`alternatives` answers with up
to ``k`` rosters, chosen greedily in the scenario's own order:

1. roster 1 is the optimum of the scenario;
2. roster ``j + 1`` is the best roster (least soft shortfall, then most merit, then the
   tie-break) among those that

   - differ from each of rosters ``1..j`` by at least ``min_difference`` members,
   - score at least ``(1 - within)`` times the optimal score (exact integer arithmetic), and
   - miss the soft rules by no more than the optimum does;

3. the search stops after ``k`` rosters, or as soon as no roster meets these conditions.

**Differ by.** For rosters ``A`` and ``B``, ``differs_by(A, B) = min(|A - B|, |B - A|)``:
whichever roster you start from, at least that many of its members are not in the other.  For
rosters of equal size it is half the symmetric difference (the number of swaps); a roster that
only adds members to another (or drops some) differs from it by 0, so it never counts as an
alternative.  In the model, ``|A - B| >= d`` is ``sum(x[i] for i in A) <= |A| - d`` and
``|B - A| >= d`` is ``sum(x[i] for i not in A) >= d``.

Every roster comes from :func:`composer.engine.solve.solve`, so the independent checker has accepted
it.  The greedy order means roster 2 is the best roster that differs from roster 1, not part of
the set of ``k`` rosters with the best total.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import pandas as pd
from ortools.sat.python import cp_model

from composer.engine.build import BuiltModel
from composer.engine.objective import penalty_expression
from composer.engine.result import Result, Status
from composer.engine.solve import Extension, SolveOptions, load_inputs, solve
from composer.errors import ComposerError, Problem
from composer.inputs.nominations import NominationsLike, Pool
from composer.rules.scenario import ScenarioLike

#: Columns shown beside the ids in :meth:`Alternatives.core` and :meth:`Alternatives.varying`.
SHOWN = ("name", "country", "region", "stakeholder_group", "gender", "score")


def differs_by(first: Sequence[str], second: Sequence[str]) -> int:
    """``min(|A - B|, |B - A|)``: members each roster has that the other lacks (the lesser)."""
    a, b = set(first), set(second)
    return min(len(a - b), len(b - a))


def _bad(message: str, fix: str, key: str) -> ComposerError:
    return ComposerError(
        f"alternatives: {message}", [Problem(message, fix=fix, key=key)], code="bad_option"
    )


def _check_options(k: int, min_difference: int, within: float | str) -> Fraction:
    if not isinstance(k, int) or k < 1:
        raise _bad(f"k must be a whole number of at least 1, not {k!r}", "ask for k >= 1", "k")
    if not isinstance(min_difference, int) or min_difference < 1:
        raise _bad(
            f"min_difference must be at least 1, not {min_difference!r}",
            "rosters that differ by 0 members are the same roster: use 1 or more",
            "min_difference",
        )
    try:
        band = Fraction(str(within))
    except (ValueError, ZeroDivisionError):
        band = Fraction(-1)
    if not 0 <= band <= 1:
        raise _bad(
            f"within must be a fraction between 0 and 1, not {within!r}",
            "use 0.02 for 'within 2% of the best score'",
            "within",
        )
    return band


def _too_big(min_difference: int, size: int, where: str) -> ComposerError:
    return _bad(
        f"min_difference {min_difference} is larger than the roster ({size} members{where})",
        f"use a min_difference of at most {size}",
        "min_difference",
    )


@dataclass
class Alternatives:
    """Up to ``k`` distinct near-optimal rosters, the optimum first."""

    best: Result
    rosters: list[Result]
    min_difference: int
    within: Fraction
    requested: int
    stopped: str = ""  # why fewer than ``requested`` rosters were found ("" when all were)
    seconds: float = 0.0
    stats: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """Whether at least the optimum was found."""
        return bool(self.rosters)

    def score_floor(self) -> float:
        """The lowest score an alternative may have: ``(1 - within)`` times the best score."""
        return float((1 - self.within) * Fraction(str(self.best.objective.get("score", 0))))

    def differs(self) -> list[int]:
        """For each roster, ``differs_by`` from the nearest earlier roster (0 for the first)."""
        return [
            min((differs_by(r.selected, e.selected) for e in self.rosters[:j]), default=0)
            for j, r in enumerate(self.rosters)
        ]

    def frame(self) -> pd.DataFrame:
        """One row per roster: score, size, soft shortfall and how much it differs."""
        best = self.rosters[0].selected if self.rosters else []
        rows = [
            {
                "roster": j + 1,
                "score": r.objective.get("score"),
                "size": r.size,
                "soft_shortfall": r.objective.get("soft_shortfall"),
                "differs_by": d,
                "differs_from_best": differs_by(r.selected, best),
                "status": r.status.value,
            }
            for j, (r, d) in enumerate(zip(self.rosters, self.differs(), strict=True))
        ]
        columns = ["roster", "score", "size", "soft_shortfall", "differs_by"]
        return pd.DataFrame(rows, columns=[*columns, "differs_from_best", "status"])

    def _rows(self, ids: list[str]) -> pd.DataFrame:
        table = self.best.pool.table
        shown = [c for c in SHOWN if c in table.columns]
        frame = table.loc[ids, shown].copy()
        frame.insert(0, "id", frame.index)
        return frame.reset_index(drop=True)

    def core(self) -> pd.DataFrame:
        """The members every roster holds, sorted by id."""
        if not self.rosters:
            return self._rows([])
        common = set.intersection(*(set(r.selected) for r in self.rosters))
        return self._rows(sorted(common))

    def varying(self) -> pd.DataFrame:
        """Members in some rosters but not all: one column per roster ("yes" when in it)."""
        sets = [set(r.selected) for r in self.rosters]
        union = set().union(*sets) if sets else set()
        common = set.intersection(*sets) if sets else set()
        ids = sorted(union - common)
        frame = self._rows(ids)
        for j, members in enumerate(sets, start=1):
            frame[f"roster {j}"] = ["yes" if i in members else "" for i in ids]
        frame["in_rosters"] = [sum(i in s for s in sets) for i in ids]
        return frame

    def to_list(self) -> list[dict[str, Any]]:
        """The rosters as JSON records: ``selected``, ``objective`` and ``differs_by``."""
        return [
            {"selected": sorted(r.selected), "objective": r.objective, "differs_by": d}
            for r, d in zip(self.rosters, self.differs(), strict=True)
        ]

    def summary(self) -> str:
        """A few lines for people: how many rosters, how different, the core."""
        if not self.rosters:
            return f"No roster: {self.best.status.value}"
        best = f"{self.best.objective.get('score', 0):g}"
        if len(self.rosters) == 1:
            lines = [f"Only the best roster (score {best}) was found"]
        else:
            lines = [
                f"{len(self.rosters)} of {self.requested} rosters, each differing from every "
                f"other by at least {self.min_difference} members and scoring at least "
                f"{self.score_floor():g} (best {best})",
                f"{len(self.core())} members are in every roster; {len(self.varying())} vary",
            ]
        if self.stopped:
            lines.append(self.stopped)
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        import html

        return f"<pre>{html.escape(self.summary())}</pre>" + self.frame().to_html(index=False)


def _restrict(
    earlier: list[list[str]],
    min_difference: int,
    within: Fraction,
    best: Result,
) -> Extension:
    """The extension that keeps a new roster apart from ``earlier`` and inside the band."""

    def extend(built: BuiltModel) -> None:
        model, x, terms = built.model, built.x, built.terms
        everyone = set(x)
        for number, roster in enumerate(earlier, start=1):
            inside = [x[i] for i in roster if i in everyone]
            outside = [x[i] for i in sorted(everyone - set(roster))]
            model.add(sum(inside) <= len(roster) - min_difference).with_name(
                f"drops {min_difference} of roster {number}"
            )
            model.add(sum(outside) >= min_difference).with_name(
                f"brings {min_difference} new to roster {number}"
            )
        top = sum(terms.merit[i] for i in best.selected)
        low, high = within.as_integer_ratio()
        merit = cp_model.LinearExpr.weighted_sum(
            [x[i] for i in x], [terms.merit[i] * high for i in x]
        )
        floor = (high - low) * top
        model.add(merit >= floor).with_name("score within the band")
        if built.ctx.penalties:
            shortfall = int(best.objective.get("soft_shortfall", 0))
            model.add(penalty_expression(built.ctx) <= shortfall).with_name(
                "soft rules no worse than the best roster"
            )

    return extend


def alternatives(
    pool: Pool | NominationsLike,
    scenario: ScenarioLike,
    k: int = 5,
    min_difference: int = 3,
    within: float | str = 0.02,
    options: SolveOptions | None = None,
) -> Alternatives:
    """Up to ``k`` rosters, each differing from all others by at least ``min_difference``.

    ``pool`` is the nominations (a Pool, file or table; None for the file the scenario names).

    Each is within ``within`` (a fraction: 0.02 is 2%) of the optimal score, no worse on soft
    rules than the optimum, and proven to keep every hard rule; the optimum comes first, then
    the best remaining roster each time (see the module documentation for the exact rule).
    Raises :class:`~composer.errors.ComposerError` (exit 2) for ``k < 1``, a ``within``
    outside 0..1, or a ``min_difference`` larger than the roster.
    """
    import time

    started = time.perf_counter()
    band = _check_options(k, min_difference, within)
    pool, loaded = load_inputs(pool, scenario)
    if loaded.size.max is not None and min_difference > loaded.size.max:
        raise _too_big(min_difference, loaded.size.max, " at most")
    best = solve(pool, loaded, options)
    found = Alternatives(best, [], min_difference, band, k)
    if not best.ok:
        found.stopped = f"no roster: the scenario is {best.status.value}"
        return found
    if min_difference > best.size:
        raise _too_big(min_difference, best.size, "")
    found.rosters.append(best)
    while len(found.rosters) < k:
        extend = _restrict([r.selected for r in found.rosters], min_difference, band, best)
        result = solve(pool, loaded, options, extend=extend)
        if result.status == Status.INFEASIBLE:
            found.stopped = (
                f"no further roster keeps every rule, differs from each earlier one by at least "
                f"{min_difference} members and scores at least {found.score_floor():g}: "
                "lower min_difference or widen within for more"
            )
            break
        if not result.ok:
            found.stopped = "the time limit came before the next roster was found"
            break
        found.rosters.append(result)
    found.seconds = round(time.perf_counter() - started, 4)
    found.stats = {"solves": len(found.rosters) + (1 if found.stopped else 0)}
    return found
