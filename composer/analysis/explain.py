"""Justify a roster: why each member is in, why a nominee is out, what each rule costs; and,
for an infeasible scenario, the rules that cannot hold together and the smallest fix.

``explain(result)`` (or ``result.explain()``) returns an :class:`Explanation` of DataFrames.
Every number in it comes from an exact re-solve of the scenario with one thing changed, and
every roster behind it is re-checked by the independent checker.
"""

from __future__ import annotations

import html
import math
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from composer.analysis.price import BalancePrice, price_of_balance, rule_prices
from composer.analysis.reasons import MEMBER_COLUMNS, NOMINEE_COLUMNS, Baseline, Reasons
from composer.engine.elastic import Change, ElasticModel, Outcome
from composer.engine.relax import Infeasibility, explain_infeasible
from composer.engine.result import Result, Status
from composer.errors import ComposerError, Problem, suggest

RELAX_COLUMNS = ["rule", "label", "seats", "before", "after", "advice", "alone"]


@dataclass
class Explanation:
    """The justification of one result, as tables (see docs/explain.md for every column)."""

    scenario: str
    status: str
    score: float | None = None
    members: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=MEMBER_COLUMNS))
    nominees: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=NOMINEE_COLUMNS))
    prices: pd.DataFrame = field(default_factory=pd.DataFrame)
    balance: BalancePrice | None = None
    conflict: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["rule", "words"]))
    conflict_text: str = ""
    conflict_irreducible: bool = False
    relaxation: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=RELAX_COLUMNS))
    advice: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)

    def not_selected_reasons(self) -> pd.DataFrame:
        """``id``, ``Reason``: for the Not selected sheet of the shortlist workbook."""
        frame = self.nominees[["id", "reason"]].rename(columns={"reason": "Reason"})
        return frame.reset_index(drop=True)

    def needed_for(self) -> pd.DataFrame:
        """``id``, ``Needed for``: for the Shortlist sheet of the shortlist workbook."""
        frame = self.members[["id", "needed_for"]].rename(columns={"needed_for": "Needed for"})
        return frame.reset_index(drop=True)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready record of every table."""
        return {
            "scenario": self.scenario,
            "status": self.status,
            "score": self.score,
            "members": _records(self.members),
            "nominees": _records(self.nominees),
            "prices": _records(self.prices),
            "price_of_balance": None
            if self.balance is None
            else {
                "score": self.balance.score,
                "score_without_balance": self.balance.score_without_balance,
                "price": self.balance.price,
                "percent": round(self.balance.percent, 2),
            },
            "conflict": {
                "rules": _records(self.conflict),
                "words": self.conflict_text,
                "irreducible": self.conflict_irreducible,
            },
            "relaxation": _records(self.relaxation),
            "advice": self.advice,
            "notes": self.notes,
            "stats": self.stats,
        }

    def to_json(self, path: str | Path | None = None, *, force: bool = False) -> str:
        """The explanation as JSON; written atomically to ``path`` when given."""
        from composer.files import json_text

        return json_text(self.to_dict(), Path(path) if path is not None else None, force=force)

    def summary(self) -> str:
        """A few lines of plain text."""
        lines = [f"{self.scenario}: {self.status}"]
        if self.conflict_text:
            lines.append(self.conflict_text)
        lines += self.advice
        if len(self.members):
            lines.append(f"{len(self.members)} members explained, {len(self.nominees)} nominees")
        if len(self.prices):
            top = self.prices.iloc[0]
            lines.append(f"costliest rule: {top['label']} (+{top['gain_if_dropped']:g} if dropped)")
        return "\n".join(lines + self.notes)

    def _repr_html_(self) -> str:
        parts = [f"<h4>Why this roster: {html.escape(self.scenario)}</h4>"]
        if self.conflict_text:
            parts.append(f"<p>{html.escape(self.conflict_text)}</p>")
            parts += [f"<p>{html.escape(a)}</p>" for a in self.advice]
        for title, frame in (
            ("Why each member is in", self.members),
            ("Why these nominees are out", self.nominees),
            ("The price of each rule", self.prices),
        ):
            if len(frame):
                parts.append(f"<h5>{title}</h5>{frame.to_html(index=False)}")
        parts += [f"<p><i>{html.escape(n)}</i></p>" for n in self.notes]
        return "".join(parts)

    def __repr__(self) -> str:
        return (
            f"Explanation({self.scenario!r}, {self.status}, members={len(self.members)}, "
            f"nominees={len(self.nominees)}, prices={len(self.prices)})"
        )


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    rows = frame.astype(object).to_dict("records")
    return [
        {str(k): None if isinstance(v, float) and math.isnan(v) else v for k, v in row.items()}
        for row in rows
    ]


def _unknown(ids: list[str], known: list[str], what: str) -> ComposerError:
    problems = []
    for ident in ids:
        near = suggest(ident, known)
        problems.append(
            Problem(
                f"no nomination has id '{ident}'",
                fix=f"did you mean '{near}'?" if near else "check the id in the nominations",
                key=what,
            )
        )
    return ComposerError(f"{len(ids)} unknown id(s) to explain", problems, code="unknown_id")


def _check_ids(result: Result, members: list[str], nominees: list[str]) -> None:
    known = [str(i) for i in result.pool.ids]
    unknown = [i for i in [*members, *nominees] if i not in set(known)]
    if unknown:
        raise _unknown(unknown, known, "member/nominee")
    chosen = set(result.selected)
    problems = [
        Problem(f"{i} is not in the roster", fix=f"ask why they are out: --nominee {i}")
        for i in members
        if i not in chosen
    ] + [
        Problem(f"{i} is in the roster", fix=f"ask why they are in: --member {i}")
        for i in nominees
        if i in chosen
    ]
    if problems:
        raise ComposerError(
            "some ids are on the other side of the roster", problems, code="wrong_side"
        )


def top_nominees(result: Result, k: int) -> list[str]:
    """The ``k`` non-selected nominees with the highest score (ties by id)."""
    chosen = set(result.selected) | set(result.seated_outside)  # they sit by office or role
    column = result.scenario.objective.maximise
    rest = [str(i) for i in result.pool.ids if str(i) not in chosen]
    if column:
        scores = result.pool.table[column].astype(float)
        rest.sort(key=lambda i: (-float(scores[i]), i))
    else:
        rest.sort()
    return rest[: max(0, k)]


def _baseline(model: ElasticModel, result: Result) -> Baseline:
    """The result's own roster as the point every re-solve is compared with."""
    selected = tuple(sorted(result.selected))
    report = model.verify(Outcome(Change(), result.status, selected))
    merit = sum(model.built.terms.merit[i] for i in selected)
    penalty = sum(r.shortfall * r.weight for r in report.rules if r.soft)
    return Baseline(Outcome(Change(), result.status, selected, merit, penalty), report)


def explain(
    result: Result,
    *,
    members: Iterable[str] | None = None,
    nominees: Iterable[str] | None = None,
    top: int = 10,
    prices: bool = True,
    workers: int = 1,
    time_limit: float = 60.0,
) -> Explanation:
    """Why this roster: members in, nominees out, the price of each rule (or, when infeasible,
    the conflict and the smallest relaxation).

    ``members`` defaults to every member; ``nominees`` to the ``top`` non-selected by score.
    ``workers`` threads solve the re-solves (one CP-SAT worker each); ``time_limit`` bounds
    each re-solve.
    """
    started = time.perf_counter()
    if result.status == Status.INFEASIBLE:
        return _explain_infeasible(result, time_limit, started)
    if not result.ok:
        raise ComposerError(
            f"'{result.scenario.name}' has no roster to explain (status {result.status.value})",
            [
                Problem(
                    "the time limit came before any roster was found",
                    fix="solve again with a longer time limit, then explain",
                )
            ],
            code="nothing_to_explain",
        )
    wanted = list(members) if members is not None else list(result.selected)
    asked = list(nominees) if nominees is not None else top_nominees(result, top)
    _check_ids(result, wanted, asked)
    model = ElasticModel(result.pool, result.scenario)
    base = _baseline(model, result)
    reasons = Reasons(model, base)
    explanation = Explanation(result.scenario.name, result.status.value, result.objective["score"])
    stats = explanation.stats
    stats["build_seconds"] = round(time.perf_counter() - started, 4)
    tick = time.perf_counter()
    explanation.members = reasons.members(wanted, workers=workers, time_limit=time_limit)
    stats["members_seconds"] = round(time.perf_counter() - tick, 4)
    tick = time.perf_counter()
    explanation.nominees = reasons.nominees(asked, workers=workers, time_limit=time_limit)
    stats["nominees_seconds"] = round(time.perf_counter() - tick, 4)
    if prices and model.hard:
        tick = time.perf_counter()
        explanation.prices = rule_prices(model, base, workers=workers, time_limit=time_limit)
        explanation.balance = price_of_balance(model, base, time_limit=time_limit)
        stats["prices_seconds"] = round(time.perf_counter() - tick, 4)
    elif prices:
        explanation.notes.append("The scenario has no hard rules, so no rule has a price.")
    if result.status == Status.FEASIBLE:
        explanation.notes.append(
            "The roster was not proven optimal (time limit): a re-solve may score higher."
        )
    stats["seconds"] = round(time.perf_counter() - started, 4)
    return explanation


def _explain_infeasible(result: Result, time_limit: float, started: float) -> Explanation:
    found: Infeasibility = explain_infeasible(result.pool, result.scenario, time_limit)
    explanation = Explanation(result.scenario.name, result.status.value)
    explanation.conflict = pd.DataFrame(
        [{"rule": r, "words": found.phrases.get(r, r)} for r in found.conflict.rules],
        columns=["rule", "words"],
    )
    explanation.conflict_text = found.words
    explanation.conflict_irreducible = found.conflict.minimal
    relaxation = found.relaxation
    if relaxation is not None:
        rows = [{**s.__dict__, "alone": False} for s in relaxation.steps]
        rows += [{**s.__dict__, "alone": True} for s in relaxation.alternatives]
        explanation.relaxation = pd.DataFrame(rows, columns=RELAX_COLUMNS)
    explanation.advice = found.advice()
    if not found.conflict.minimal:
        explanation.notes.append(
            "The time limit stopped the proof that no rule of the conflict can be spared."
        )
    explanation.stats["seconds"] = round(time.perf_counter() - started, 4)
    return explanation
