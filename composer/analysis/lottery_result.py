"""The :class:`Lottery`: a distribution over rosters, every nominee's chance, and the draw."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from composer.analysis.lottery_draw import UNITS
from composer.analysis.lottery_roles import Turn
from composer.engine.check import CheckReport
from composer.engine.result import Result, Status, warning_dict
from composer.inputs.nominations import Pool
from composer.rules.scenario import Scenario

Method = Literal["maximin", "leximin", "nash"]
METHODS: tuple[str, ...] = ("maximin", "leximin", "nash")


@dataclass
class Lottery:
    """A fair lottery over eligible rosters and the roster its seed draws.

    ``distribution`` lists each roster (sorted ids, canonical order) with its probability in
    units of 1 / 10**9; ``probabilities`` gives each nominee's chance exactly (a Fraction).
    ``bound`` is a proven upper bound on the least chance any distribution can give the
    reachable nominees; ``gap`` is ``bound - min_probability``.
    """

    status: Status
    method: str
    band: str
    seed: str
    pool: Pool
    scenario: Scenario
    distribution: list[tuple[tuple[str, ...], int]] = field(default_factory=list)
    probabilities: dict[str, Fraction] = field(default_factory=dict)
    checks: list[CheckReport] = field(default_factory=list)
    scores: list[float | None] = field(default_factory=list)
    unreachable: list[str] = field(default_factory=list)
    undecided: list[str] = field(default_factory=list)
    bound: float | None = None
    levels: list[dict[str, Any]] = field(default_factory=list)
    nash_gap: float | None = None
    #: per roster of ``distribution``, its role holders in turns (empty without roles)
    turns: list[list[Turn]] = field(default_factory=list)
    #: per named role, each nominee's chance of holding it (a Fraction)
    role_probabilities: dict[str, dict[str, Fraction]] = field(default_factory=dict)
    drawn: int | None = None
    drawn_turn: int | None = None  # the turn of holders the ticket falls on
    ticket: int | None = None
    result: Result | None = None  # the drawn roster, checked, as an ordinary result
    best_score: float | None = None
    score_floor: float | None = None
    soft_shortfall: int = 0
    notes: list[str] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)
    run: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """Whether there is a distribution (and so a drawn roster)."""
        return self.status in (Status.OPTIMAL, Status.FEASIBLE)

    @property
    def selected(self) -> list[str]:
        """The drawn roster's ids, sorted (empty without a distribution)."""
        return list(self.distribution[self.drawn][0]) if self.drawn is not None else []

    @property
    def roles(self) -> dict[str, list[str]]:
        """The drawn holders of each named role (empty without roles or a draw)."""
        if self.drawn is None or self.drawn_turn is None:
            return {}
        return self.turns[self.drawn][self.drawn_turn].named(self.scenario.role)

    def _holders(self, index: int) -> list[dict[str, Any]]:
        """The turns of holders of roster ``index``, as the JSON lists them."""
        if not self.turns or not self.turns[index]:
            return []
        return [
            {"roles": turn.named(self.scenario.role), "units": turn.units}
            for turn in self.turns[index]
        ]

    @property
    def reachable(self) -> list[str]:
        """Nominees some eligible roster holds."""
        out = set(self.unreachable) | set(self.undecided)
        return [i for i in self.probabilities if i not in out]

    @property
    def min_probability(self) -> float | None:
        """The least chance of a reachable nominee in the published distribution."""
        chances = [self.probabilities[i] for i in self.reachable]
        return float(min(chances)) if chances else None

    @property
    def gap(self) -> float | None:
        """How much more the least chance could be, at most (maximin guarantee)."""
        low = self.min_probability
        if self.bound is None or low is None:
            return None
        return max(0.0, self.bound - low)

    @property
    def time_limit_reached(self) -> bool:
        """Whether the time limit stopped the search before the lottery was proven fair."""
        return self.status in (Status.FEASIBLE, Status.UNKNOWN)

    @property
    def expected_size(self) -> Fraction:
        """The sum of every nominee's chance: the roster size, on average."""
        return sum(self.probabilities.values(), Fraction(0))

    def frame(self) -> pd.DataFrame:
        """One row per nominee: probability, and whether any eligible roster holds them."""
        rows = [
            {
                "id": i,
                "probability": float(p),
                "reachable": i not in self.unreachable and i not in self.undecided,
                "drawn": i in set(self.selected),
            }
            for i, p in self.probabilities.items()
        ]
        return pd.DataFrame(rows, columns=["id", "probability", "reachable", "drawn"])

    def by_group(self, column: str) -> pd.DataFrame:
        """Nominees, expected members and least / mean / largest chance per value of a column."""
        table = self.pool.table
        chances = pd.Series({i: float(p) for i, p in self.probabilities.items()})
        values = table[column].astype(str)
        rows = []
        for value in sorted(set(values)):
            ids = list(values.index[values == value])
            group = chances.loc[ids]
            rows.append(
                {
                    column: value,
                    "nominees": len(ids),
                    "expected_members": float(group.sum()),
                    "least": float(group.min()),
                    "mean": float(group.mean()),
                    "largest": float(group.max()),
                }
            )
        columns = [column, "nominees", "expected_members", "least", "mean", "largest"]
        return pd.DataFrame(rows, columns=columns)

    def to_dict(self) -> dict[str, Any]:
        """The lottery as JSON-ready data (docs/lottery.md describes every field)."""
        record = self._record()
        if self.role_probabilities:  # only with named roles: older records unchanged
            for index, entry in enumerate(record["distribution"]):
                entry["holders"] = self._holders(index)
            record["roles"] = self.roles
            record["drawn_turn"] = self.drawn_turn
            record["role_probabilities"] = {
                role: {i: float(p) for i, p in chances.items()}
                for role, chances in self.role_probabilities.items()
            }
        return record

    def _record(self) -> dict[str, Any]:
        return {
            "status": self.status.value,
            "scenario": self.scenario.name,
            "method": self.method,
            "band": self.band,
            "seed": self.seed,
            "seed_sha256_ticket": self.ticket,
            "units": UNITS,
            "selected": self.selected,
            "drawn_roster": self.drawn,
            "proven": self.status == Status.OPTIMAL,
            "time_limit_reached": self.time_limit_reached,
            "min_probability": self.min_probability,
            "bound": self.bound,
            "gap": self.gap,
            "expected_size": float(self.expected_size),
            "best_score": self.best_score,
            "score_floor": self.score_floor,
            "soft_shortfall": self.soft_shortfall,
            "distribution": [
                {
                    "roster": list(roster),
                    "units": units,
                    "probability": units / UNITS,
                    "score": score,
                    "checked": report.ok,
                    "soft_shortfall": report.soft_shortfall,
                    "failures": [r.name for r in report.failures],
                }
                for (roster, units), report, score in zip(
                    self.distribution, self.checks, self.scores, strict=True
                )
            ],
            "probabilities": {i: float(p) for i, p in self.probabilities.items()},
            "unreachable": self.unreachable,
            "undecided": self.undecided,
            "levels": self.levels,
            "nash_gap": self.nash_gap,
            "conflict": self.result.conflict if self.result is not None else [],
            "conflict_reason": self.result.conflict_reason if self.result is not None else "",
            "advice": self.result.advice if self.result is not None else [],
            "notes": self.notes,
            "warnings": [warning_dict(w) for w in self.pool.warnings],
            "stats": self.stats,
            "run": self.run,
        }

    def to_json(self, path: str | Path | None = None, *, force: bool = False) -> str:
        """The lottery as JSON text; written to ``path`` (atomically) when one is given."""
        from composer.files import json_text

        return json_text(self.to_dict(), Path(path) if path is not None else None, force=force)

    def to_excel(self, path: str | Path, *, force: bool = False) -> Path:
        """The shortlist workbook of the drawn roster, with a Probabilities sheet."""
        from composer.export.probabilities import write_lottery_workbook

        return write_lottery_workbook(self, Path(path), force=force)

    def summary(self) -> str:
        """A few lines: method, band, least chance and its guarantee, the draw."""
        if not self.ok:
            return f"{self.scenario.name}: no lottery ({self.status.value})"
        low, bound = self.min_probability, self.bound
        lines = [
            f"{self.scenario.name}: {self.method} lottery over {len(self.distribution)} rosters"
            + (f", merit band {self.band}" if self.scenario.objective.maximise else ""),
            f"least chance {low:.6f}"
            + (f" (no distribution can beat {bound:.6f})" if bound else ""),
            f"expected size {float(self.expected_size):g}; "
            + (
                f"seed {self.seed!r} drew roster {self.drawn} of {len(self.distribution)}"
                if self.drawn is not None
                else "no draw (no seed given)"
            ),
        ]
        if self.time_limit_reached:
            among = (
                f" among the {len(self.reachable)} nominees found in some roster"
                if self.undecided
                else ""
            )
            beat = "; proven: no lottery can give everyone more than"
            proven = f"{beat} {bound:.6f}" if bound else ""
            gap = f" (gap {self.gap:.6f})" if self.gap is not None else ""
            lines.append(
                f"TIME LIMIT: best lottery found, not proven fair: least chance {low:.6f}{among}"
                f"{proven}{gap}"
            )
        if self.unreachable:
            lines.append(f"{len(self.unreachable)} nominee(s) no eligible roster can hold")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        text = "<br>".join(html.escape(line) for line in self.summary().splitlines())
        notes = "".join(f"<p><i>{html.escape(n)}</i></p>" for n in self.notes)
        return f"<p><b>Lottery</b> {text}</p>{notes}"

    def __repr__(self) -> str:
        return (
            f"Lottery({self.method}, {self.status.value}, rosters={len(self.distribution)}, "
            f"min_probability={self.min_probability})"
        )
