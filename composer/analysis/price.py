"""The price of each hard rule: the score the roster would gain without it, or with it moved by
one seat; and the price of balance: the score given up to every balance rule together.

Each price is a re-solve of the elastic model (:mod:`composer.engine.elastic`) with one rule
free to move, so it is an exact optimum, not an estimate from dual values.  Prices are in the
units of the score column; a rule whose price is 0 costs no merit on this pool.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from composer.analysis.reasons import Baseline
from composer.engine.elastic import Change, ElasticModel, Outcome
from composer.rules.families import SPECS, spec_of
from composer.rules.scenario import Bound
from composer.rules.words import rule_label

PRICE_COLUMNS = [
    "rule", "label", "family", "balance", "bound", "achieved", "gain_if_dropped",
    "gain_if_loosened", "loosened", "shortfall_change_if_dropped", "status",
]  # fmt: skip

#: Rule families that express balance (size, budget and fixed members do not).
BALANCE_FAMILIES = tuple(name for name, spec in SPECS.items() if spec.balance)


def loosened_text(bound: Bound, unit: float) -> str:
    """What moving a rule by one seat means, in words."""
    return spec_of(bound).loosened(bound, unit)


@dataclass(frozen=True)
class BalancePrice:
    """The score of the roster, and of the best roster without any hard balance rule."""

    score: float
    score_without_balance: float
    status: str

    @property
    def price(self) -> float:
        """Score given up to balance."""
        return self.score_without_balance - self.score

    @property
    def percent(self) -> float:
        """The price as a share of the unbalanced roster's score (0-100)."""
        if not self.score_without_balance:
            return 0.0
        return 100 * self.price / self.score_without_balance


def rule_prices(
    model: ElasticModel, base: Baseline, *, workers: int = 1, time_limit: float = 30.0
) -> pd.DataFrame:
    """One row per hard rule, the costliest first."""
    report = {r.name: r for r in base.report.rules}
    jobs: list[Change] = []
    for bound in model.hard:
        if model.limit[bound.name]:
            jobs.append(Change(loosen=((bound.name, None),)))
            if bound.family != "members":
                jobs.append(Change(loosen=((bound.name, 1),)))
    outcomes = model.solve_many(jobs, workers=workers, time_limit=time_limit)
    found: dict[tuple[str, int | None], Outcome] = {}
    for change, outcome in zip(jobs, outcomes, strict=True):
        if outcome.ok:
            model.verify(outcome)
        found[change.loosen[0]] = outcome
    rows = []
    for bound in model.hard:
        rule = report[bound.name]
        dropped = found.get((bound.name, None))
        one = found.get((bound.name, 1), dropped)
        row: dict[str, object] = {
            "rule": bound.name,
            "label": rule_label(bound),
            "family": bound.family,
            "balance": bound.family in BALANCE_FAMILIES,
            "bound": rule.bound,
            "achieved": rule.achieved,
            "loosened": loosened_text(bound, float(model.units.get(bound.name, 1))),
            "gain_if_dropped": 0.0,
            "gain_if_loosened": 0.0,
            "shortfall_change_if_dropped": 0,
            "status": "cannot move: already as loose as the pool allows",
        }
        if dropped is not None:
            statuses = {dropped.status.value, one.status.value if one else ""} - {""}
            row["status"] = " / ".join(sorted(statuses))
            if dropped.ok:
                row["gain_if_dropped"] = model.score(dropped.merit - base.outcome.merit)
                row["shortfall_change_if_dropped"] = dropped.shortfall - base.outcome.shortfall
            if one is not None and one.ok:
                row["gain_if_loosened"] = model.score(one.merit - base.outcome.merit)
        rows.append(row)
    frame = pd.DataFrame(rows, columns=PRICE_COLUMNS)
    frame = frame.sort_values(
        ["gain_if_dropped", "gain_if_loosened", "rule"], ascending=[False, False, True]
    )
    return frame.reset_index(drop=True)


def price_of_balance(model: ElasticModel, base: Baseline, time_limit: float = 30.0) -> BalancePrice:
    """The score the best roster would have with every hard balance rule dropped."""
    loosen = tuple((b.name, None) for b in model.hard if b.family in BALANCE_FAMILIES)
    outcome = model.solve(Change(loosen=loosen), time_limit=time_limit)
    score = model.score(base.outcome.merit)
    if not outcome.ok:
        return BalancePrice(score, score, outcome.status.value)
    model.verify(outcome)
    return BalancePrice(score, model.score(outcome.merit), outcome.status.value)
