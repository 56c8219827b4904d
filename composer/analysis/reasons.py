"""Why each member is in, and why a nominee is out, each answer backed by a re-solve.

*In*: the member is left out and the scenario solved again.  The table says what the roster
loses (score, soft shortfall, balance), who would take the seat, and which rules the seat is
needed for: the rules the independent checker finds broken on the roster with that seat left
empty.

*Out*: the nominee is fixed in and the scenario solved again.  The table says what the roster
loses, who would leave, and which rules keep the nominee out: the rules the checker finds
broken if the nominee were simply added to the roster (with the members holding the place,
e.g. the one seat a per-country cap allows).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from composer.engine.check import CheckReport, RuleCheck, check
from composer.engine.elastic import Change, ElasticModel, Outcome
from composer.engine.result import Status
from composer.rules.ex_officio import uncounted
from composer.rules.families import spec_of
from composer.rules.families.spec import Blocked, blocked_words
from composer.rules.scenario import Bound
from composer.rules.wording import column_words, join_words
from composer.rules.words import rule_label

MEMBER_COLUMNS = [
    "id", "name", "score", "needed_for", "score_change", "shortfall_change", "replaced_by",
    "also_leaving", "balance_change", "status", "reason",
]  # fmt: skip
NOMINEE_COLUMNS = [
    "id", "name", "score", "kept_out_by", "held_by", "score_change", "shortfall_change",
    "displaces", "also_joining", "balance_change", "status", "reason",
]  # fmt: skip


@dataclass
class Baseline:
    """The optimal roster the reasons are measured against, and its check."""

    outcome: Outcome
    report: CheckReport

    @property
    def selected(self) -> tuple[str, ...]:
        """The roster."""
        return self.outcome.selected


class Reasons:
    """Re-solves around one optimal roster: members left out, nominees fixed in."""

    def __init__(self, model: ElasticModel, baseline: Baseline) -> None:
        self.model = model
        self.base = baseline
        self.pool = model.pool
        self.column = model.scenario.objective.maximise
        # every hard rule, roles included (the elastic model keeps roles out of its moves)
        self.hard = {b.name: b for b in model.scenario.bounds() if not b.soft}
        self.soft = {b.name: b for b in model.scenario.bounds() if b.soft}
        columns = {b.column for b in model.scenario.bounds() if b.family == "quota"}
        columns |= {"region", "stakeholder_group", "gender"}
        self.balance_columns = sorted(c for c in columns if c and c in self.pool.table.columns)

    # ------------------------------------------------------------------ helpers

    def score_of(self, ident: str) -> float | None:
        """A nominee's score (None when the scenario maximises nothing)."""
        if not self.column:
            return None
        return float(self.pool.table[self.column].astype(float)[ident])

    def _who(self, ident: str) -> str:
        score = self.score_of(ident)
        return ident if score is None else f"{ident} (score {score:g})"

    def _change(self, outcome: Outcome) -> float:
        return self.model.score(outcome.merit - self.base.outcome.merit)

    def balance(self, leaving: Sequence[str], joining: Sequence[str]) -> str:
        """How the roster's make-up moves, e.g. 'region: African -1, Asia-Pacific +1'."""
        parts = []
        for column in self.balance_columns:
            values = self.pool.table[column].astype(str)
            delta: Counter[str] = Counter(values[list(joining)])
            delta.subtract(Counter(values[list(leaving)]))
            moves = [f"{v} {n:+d}" for v, n in sorted(delta.items()) if n]
            if moves:
                parts.append(f"{column_words(column)}: {', '.join(moves)}")
        return "; ".join(parts)

    def _broken(self, roster: Sequence[str]) -> list[RuleCheck]:
        """Hard rules broken on ``roster``, and soft rules whose shortfall grows."""
        report = check(self.pool, self.model.scenario, roster)
        before = {r.name: r.shortfall for r in self.base.report.rules}
        return [
            r
            for r in report.rules
            if (not r.soft and not r.met) or (r.soft and r.shortfall > before.get(r.name, 0))
        ]

    def _label(self, rule: RuleCheck) -> str:
        bound = self.hard.get(rule.name) or self.soft[rule.name]
        return rule_label(bound) + (" (soft)" if rule.soft else "")

    # ------------------------------------------------------------------ members

    def members(
        self, members: Sequence[str], *, workers: int = 1, time_limit: float = 30.0
    ) -> pd.DataFrame:
        """One row per member: what leaving them out costs, and what their seat is needed for."""
        changes = [Change(out=(m,)) for m in members]
        outcomes = self.model.solve_many(changes, workers=workers, time_limit=time_limit)
        rows = [self._member_row(m, o) for m, o in zip(members, outcomes, strict=True)]
        return pd.DataFrame(rows, columns=MEMBER_COLUMNS)

    def _member_row(self, member: str, outcome: Outcome) -> dict[str, object]:
        rest = [i for i in self.base.selected if i != member]
        needed = [self._label(r) for r in self._broken(rest)]
        row: dict[str, object] = {
            "id": member,
            "name": str(self.pool.table.at[member, "name"]),
            "score": self.score_of(member),
            "needed_for": "; ".join(needed),
            "status": outcome.status.value,
        }
        head = f"needed for: {', '.join(needed)}" if needed else "needed for no rule"
        if not outcome.ok:
            settled = outcome.status == Status.INFEASIBLE
            row["reason"] = (
                f"{head}; irreplaceable: no roster keeps every rule without them"
                if settled
                else f"{head}; no replacement found within the time limit"
            )
            return row
        self.model.verify(outcome)
        joining = sorted(set(outcome.selected) - set(self.base.selected))
        leaving = sorted(set(self.base.selected) - set(outcome.selected) - {member})
        change = self._change(outcome)
        row.update(
            score_change=change,
            shortfall_change=outcome.shortfall - self.base.outcome.shortfall,
            replaced_by="; ".join(joining),
            also_leaving="; ".join(leaving),
            balance_change=self.balance([member, *leaving], joining),
        )
        if joining:
            swap = f"replaceable by {join_words(joining)}"
            if leaving:
                swap += f" (with {join_words(leaving)} also leaving)"
        else:
            swap = "the seat would stay empty"
        cost = f"at {change:+g} score" if change else "at no loss of score (tie-break order)"
        extra = f", {row['shortfall_change']:+d} soft shortfall" if row["shortfall_change"] else ""
        row["reason"] = f"{head}; {swap} {cost}{extra}"
        return row

    # ------------------------------------------------------------------ nominees

    def nominees(
        self, nominees: Sequence[str], *, workers: int = 1, time_limit: float = 30.0
    ) -> pd.DataFrame:
        """One row per nominee: what keeps them out, and what fixing them in would cost."""
        excluded = set(self.model.scenario.members.exclude)
        nominees = [n for n in nominees if n not in uncounted(self.model.scenario)]
        solvable = [n for n in nominees if n not in excluded]
        changes = [Change(into=(n,)) for n in solvable]
        outcomes = dict(
            zip(
                solvable,
                self.model.solve_many(changes, workers=workers, time_limit=time_limit),
                strict=True,
            )
        )
        rows = [self._nominee_row(n, outcomes.get(n)) for n in nominees]
        return pd.DataFrame(rows, columns=NOMINEE_COLUMNS)

    def _blocking(self, nominee: str) -> tuple[list[str], list[str], list[str]]:
        """Rules broken if ``nominee`` were added: labels, sentences, members holding the place."""
        labels, sentences, holders = [], [], []
        broken = self._broken([*self.base.selected, nominee])
        # a share minimum breaks on adding only because the roster grows: name it only when
        # nothing else (a full roster, a cap, a maximum) stands in the way
        direct = [r for r in broken if r.kind != "min_share"]
        for rule in direct or broken:
            labels.append(self._label(rule))
            bound = self.hard.get(rule.name) or self.soft[rule.name]
            text, held = self._block_sentence(bound, rule, nominee)
            sentences.append(text)
            holders += [h for h in held if h not in holders]
        return labels, sentences, holders

    def _block_sentence(self, bound: Bound, rule: RuleCheck, nominee: str) -> tuple[str, list[str]]:
        """Why ``bound`` keeps ``nominee`` out, in its family's words, and who is in the way."""
        roster = Blocked(self.pool.table, self.base.selected, self._who, rule_label(bound))
        words = spec_of(bound).blocks or blocked_words
        return words(bound, nominee, roster)

    def _nominee_row(self, nominee: str, outcome: Outcome | None) -> dict[str, object]:
        row: dict[str, object] = {
            "id": nominee,
            "name": str(self.pool.table.at[nominee, "name"]),
            "score": self.score_of(nominee),
        }
        if outcome is None:
            row.update(
                status="excluded",
                kept_out_by="excluded by the scenario",
                reason="excluded by the scenario (members.exclude)",
            )
            return row
        labels, sentences, holders = self._blocking(nominee)
        row.update(
            kept_out_by="; ".join(labels),
            held_by="; ".join(holders),
            status=outcome.status.value,
        )
        head = "; ".join(sentences) if sentences else "adding them breaks no rule"
        if not outcome.ok:
            row["reason"] = (
                f"{head}; no roster that keeps every rule can include them"
                if outcome.status == Status.INFEASIBLE
                else f"{head}; no roster with them was found within the time limit"
            )
            return row
        self.model.verify(outcome)
        leaving = sorted(set(self.base.selected) - set(outcome.selected))
        joining = sorted(set(outcome.selected) - set(self.base.selected) - {nominee})
        change = self._change(outcome)
        row.update(
            score_change=change,
            shortfall_change=outcome.shortfall - self.base.outcome.shortfall,
            displaces="; ".join(leaving),
            also_joining="; ".join(joining),
            balance_change=self.balance(leaving, [nominee, *joining]),
        )
        cost = f"scores {-change:g} less" if change < 0 else "scores the same (tie-break order)"
        if change > 0:
            cost = f"scores {change:g} more but misses soft rules"
        who = f", displacing {join_words(self._who(i) for i in leaving)}" if leaving else ""
        row["reason"] = f"{head}; the best roster with them {cost}{who}"
        return row


def baseline(model: ElasticModel, time_limit: float = 30.0) -> Baseline | None:
    """The optimum of the scenario as it is, checked (None when there is none)."""
    outcome = model.solve(Change(), time_limit=time_limit)
    if not outcome.ok:
        return None
    return Baseline(outcome, model.verify(outcome))
