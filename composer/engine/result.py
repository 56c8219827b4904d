"""The :class:`Result` of a solve: status, roster, rule-by-rule composition, run record."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from composer.engine.check import CheckReport
from composer.errors import Problem
from composer.inputs.nominations import Pool, warnings_html
from composer.rules.role_search import assign
from composer.rules.roles import member_roles, named_roles
from composer.rules.scenario import Scenario

if TYPE_CHECKING:
    from collections.abc import Sequence

    from composer.analysis.explain import Explanation
    from composer.analysis.replace import Replacement


def warning_dict(problem: Problem) -> dict[str, Any]:
    """One intake warning as the result JSON carries it (docs/results.md)."""
    return {
        "message": problem.message,
        "fix": problem.fix,
        "file": problem.file,
        "row": problem.row,
        "column": problem.column,
        "text": str(problem),
    }


class Status(StrEnum):
    """How the solve ended."""

    OPTIMAL = "optimal"  # a roster proven best
    FEASIBLE = "feasible"  # a roster that keeps every hard rule; the time limit cut the proof
    INFEASIBLE = "infeasible"  # no roster can keep every hard rule
    UNKNOWN = "unknown"  # the time limit came before any roster was found


@dataclass
class Result:
    """Everything a solve found, ready to show, check and export."""

    status: Status
    pool: Pool
    scenario: Scenario
    selected: list[str] = field(default_factory=list)
    report: CheckReport | None = None
    objective: dict[str, float] = field(default_factory=dict)
    gap: float | None = None
    conflict: list[str] = field(default_factory=list)
    conflict_reason: str = ""
    advice: list[str] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)
    run: dict[str, Any] = field(default_factory=dict)
    #: holders of the roles outside the selection (``counted = false``), as the solver chose
    #: them and the checker verified them
    outside_holders: dict[str, list[str]] = field(default_factory=dict)
    #: holders of the roles held by members when they were chosen, not searched again (a
    #: roster drawn by lot, its holders drawn with it and verified by the checker)
    member_holders: dict[str, list[str]] | None = None

    @property
    def ok(self) -> bool:
        """Whether a roster was found (optimal or feasible)."""
        return self.status in (Status.OPTIMAL, Status.FEASIBLE)

    @property
    def size(self) -> int:
        """Number of members selected."""
        return len(self.selected)

    @property
    def roster(self) -> pd.DataFrame:
        """The selected members with all their attributes, sorted by id."""
        frame = self.pool.table.loc[self.selected].copy()
        frame.insert(0, "id", frame.index)
        return frame.reset_index(drop=True)

    @property
    def composition(self) -> pd.DataFrame:
        """One row per rule: bound, achieved, met, shortfall (empty when there is no roster)."""
        if self.report is None:
            return pd.DataFrame(columns=["name", "bound", "achieved", "met"])
        frame = self.report.frame()
        keep = ["name", "family", "bound", "achieved", "counted", "met", "soft", "shortfall"]
        return frame[keep]

    def breakdown(self, column: str) -> pd.DataFrame:
        """Nominations and selected members per value of ``column``."""
        pool = self.pool.table[column].astype(str).value_counts()
        chosen = self.pool.table.loc[self.selected, column].astype(str).value_counts()
        frame = pd.DataFrame({"nominated": pool, "selected": chosen}).fillna(0).astype(int)
        frame.index.name = column
        return frame.sort_index()

    def coverage(self) -> pd.DataFrame:
        """Members holding each coverage area, against the depth required."""
        rows = [
            {
                "column": r.column,
                "area": r.value,
                "required": r.bound,
                "members": r.achieved,
                "met": r.met,
            }
            for r in (self.report.rules if self.report else [])
            if r.family == "coverage"
        ]
        return pd.DataFrame(rows, columns=["column", "area", "required", "members", "met"])

    @property
    def roles(self) -> dict[str, list[str]]:
        """The holders of each role (``[[role]]``): the first assignment in id order that keeps
        every role rule, found again from the roster by plain search (or ``member_holders``
        when given).  Roles the body fills later (``filled_later``) take part in the search
        but name no holder here; roles held outside the selection (``counted = false``) name
        the holders the solver chose."""
        if not self.scenario.role or not self.selected:
            return {}
        named = [role.name for role in named_roles(self.scenario.role)]
        if self.member_holders is not None:
            given = {**self.member_holders, **self.outside_holders}
            return {role: given[role] for role in named if role in given}
        rows = self.pool.table.loc[self.selected]
        members = [
            {"id": str(i), **{str(k): v for k, v in row.items()}}
            for i, row in zip(rows.index, rows.to_dict("records"), strict=True)
        ]
        found = assign(members, member_roles(self.scenario.role)) or {}
        found.update(self.outside_holders)
        return {role: found[role] for role in named if role in found}

    @property
    def seated_outside(self) -> list[str]:
        """In the body but outside the selection: ex-officio members not counted, then the
        holders of roles outside the selection (``counted = false``)."""
        held = [i for ids in self.outside_holders.values() for i in ids]
        return [*self.ex_officio, *(i for i in held if i not in self.ex_officio)]

    @property
    def ex_officio(self) -> list[str]:
        """Members by office, outside the selection (``members.ex_officio``, not counted)."""
        members = self.scenario.members
        return [] if members.ex_officio_counted else list(members.ex_officio)

    def to_dict(self) -> dict[str, Any]:
        """The result in the JSON contract (docs/results.md)."""
        record = self._record()
        members = self.scenario.members
        if self.scenario.role:
            record["roles"] = self.roles
            later = [role.name for role in self.scenario.role if role.filled_later]
            if later:
                record["roles_filled_later"] = later
            outside = [role.name for role in self.scenario.role if not role.counted]
            if outside:
                record["roles_outside"] = outside
        if members.ex_officio:  # only when the scenario names some: older records unchanged
            record["ex_officio"] = {
                "ids": list(members.ex_officio),
                "counted": members.ex_officio_counted,
            }
        return record

    def _record(self) -> dict[str, Any]:
        return {
            "status": self.status.value,
            "scenario": self.scenario.name,
            "size": self.size,
            "selected": sorted(self.selected),
            "objective": self.objective,
            "gap": self.gap,
            "rules": [r.as_dict() for r in self.report.rules] if self.report else [],
            "conflict": self.conflict,
            "conflict_reason": self.conflict_reason,
            "advice": self.advice,
            "warnings": [warning_dict(w) for w in self.pool.warnings],
            "stats": self.stats,
            "run": self.run,
        }

    def to_json(self, path: str | Path | None = None, *, force: bool = False) -> str:
        """The result as JSON text; written to ``path`` (atomically) when one is given."""
        from composer.files import json_text

        return json_text(self.to_dict(), Path(path) if path is not None else None, force=force)

    def to_excel(
        self,
        path: str | Path,
        *,
        force: bool = False,
        explanation: Explanation | None = None,
        internal: bool = False,
        columns: Sequence[str] | None = None,
    ) -> Path:
        """Write the shortlist workbook (see docs/excel.md); never overwrites without ``force``.

        The shared workbook by default (no contact columns, no Not selected sheet);
        ``columns`` adds named columns, ``internal=True`` writes every column and sheet.
        With an ``explanation`` (``result.explain()``), the Shortlist sheet gains a "Needed for"
        column and the Not selected sheet a "Reason" column.
        """
        from composer.export.excel import write_shortlist

        if explanation is None:
            return write_shortlist(
                self, Path(path), force=force, internal=internal, columns=columns
            )
        return write_shortlist(
            self,
            Path(path),
            force=force,
            not_selected_extra=explanation.not_selected_reasons(),
            shortlist_extra=explanation.needed_for(),
            internal=internal,
            columns=columns,
        )

    def diagnose(self, time_limit: float = 10.0) -> Result:
        """Name the rules that conflict and the smallest fix (infeasible results only)."""
        from composer.engine.diagnosis import diagnose

        return diagnose(self, time_limit)

    def explain(self, **kwargs: Any) -> Explanation:
        """Why this roster (or why none): see :func:`composer.analysis.explain.explain`."""
        from composer.analysis.explain import explain

        return explain(self, **kwargs)

    def replace(
        self, withdrawn: list[str], keep: list[str] | None = None, options: Any = None
    ) -> Replacement:
        """Re-solve without ``withdrawn``, keeping as many members as possible (see replace)."""
        from composer.analysis.replace import replace

        return replace(self, withdrawn=withdrawn, keep=keep, options=options)

    def summary(self) -> str:
        """A short plain-text summary."""
        head = f"{self.scenario.name}: {self.status.value}"
        if not self.ok:
            lines = [head]
            if self.conflict:
                lines.append("Rules that cannot hold together: " + "; ".join(self.conflict))
            lines += [f"  {a}" for a in self.advice]
            return "\n".join(lines)
        score = self.objective.get("score")
        lines = [f"{head}, {self.size} members, score {score:g}"]
        if self.pool.warnings:
            count = len(self.pool.warnings)
            lines.append(f"{count} warning(s) about the nominations: see result.pool.warnings")
        if self.report is not None:
            missed = [r for r in self.report.rules if not r.met]
            lines.append(
                f"{len(self.report.rules) - len(missed)} of {len(self.report.rules)} "
                "rules met" + (f"; soft rules missed: {len(missed)}" if missed else "")
            )
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        parts = [f"<h4>{html.escape(self.scenario.name)}</h4>", f"<p><b>{self.status.value}</b>"]
        if self.ok:
            parts.append(f", {self.size} members, score {self.objective.get('score', 0):g}")
            if self.gap:
                parts.append(f", gap {self.gap:.2%}")
        parts.append("</p>")
        parts.append(warnings_html(self.pool.warnings))
        if self.conflict:
            items = "".join(f"<li>{html.escape(c)}</li>" for c in self.conflict)
            parts.append(f"<p>Rules that cannot hold together:</p><ul>{items}</ul>")
            parts += [f"<p>{html.escape(a)}</p>" for a in self.advice]
        if self.report is not None:
            missed = [r.name for r in self.report.rules if not r.met]
            met = f"{len(self.report.rules) - len(missed)} of {len(self.report.rules)} rules met"
            if missed:
                met += "; soft rules missed: " + html.escape("; ".join(missed))
            parts.append(f"<p>{met}</p>{self.composition.to_html(index=False)}")
        return "".join(parts)

    def __repr__(self) -> str:
        return f"Result({self.status.value!r}, size={self.size}, scenario={self.scenario.name!r})"
