"""Withdrawals and pins: re-solve keeping as many current members as possible.

A member withdraws, or a name must be kept (pinned).  :func:`replace` solves the scenario
again with the withdrawn members excluded and the pinned ones fixed in, maximising first the
number of current members kept, then the scenario's own order (least soft shortfall, most
merit, the tie-break).  With a fixed size this is the roster with the fewest changes.  It
reports exactly what changed and why:

- **withdrawn**: the members who withdrew;
- **displaced**: current members who could not stay; the solver proves that no roster keeping
  every rule keeps more of them, and ``why_displaced`` names a set of rules that cannot all
  hold with every remaining member kept;
- **newcomers**: the nominees who came in, each with the rules the roster would break without them.

The new roster comes from :func:`composer.engine.solve.solve`, so the independent checker has
accepted it; the withdrawals and pins are part of its rules (``exclude N-017``, ...).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from ortools.sat.python import cp_model

from composer.engine.build import BuiltModel
from composer.engine.check import check
from composer.engine.conflicts import find_conflict
from composer.engine.diagnosis import diagnose
from composer.engine.result import Result
from composer.engine.solve import SolveOptions, solve
from composer.errors import ComposerError, Problem, suggest
from composer.inputs.nominations import Pool
from composer.rules.bind import bind
from composer.rules.scenario import MembersRule, Scenario

SHOWN = ("name", "country", "region", "stakeholder_group", "gender")


@dataclass
class Replacement:
    """The re-solved roster and every change from the current one, with its reason."""

    before: list[str]
    after: Result
    withdrawn: list[str]
    pinned: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    displaced: list[str] = field(default_factory=list)
    newcomers: list[str] = field(default_factory=list)
    why_displaced: list[str] = field(default_factory=list)
    changes: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def ok(self) -> bool:
        """Whether a new roster was found."""
        return self.after.ok

    def frame(self) -> pd.DataFrame:
        """One row per change: id, name, change (withdrawn, displaced, newcomer) and reason."""
        return self.changes.copy()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready record of the changes."""
        return {
            "withdrawn": self.withdrawn,
            "pinned": self.pinned,
            "kept": len(self.kept),
            "displaced": self.displaced,
            "newcomers": self.newcomers,
            "why_displaced": self.why_displaced,
            "changes": self.changes.to_dict("records"),
        }

    def summary(self) -> str:
        """A few lines for people."""
        if not self.ok:
            return f"No new roster: {self.after.status.value}. " + "; ".join(self.after.conflict)
        lines = [
            f"Kept {len(self.kept)} of {len(self.before) - len(self.withdrawn)} remaining "
            f"members; {len(self.withdrawn)} withdrawn, {len(self.displaced)} displaced, "
            f"{len(self.newcomers)} newcomer(s)"
        ]
        if self.why_displaced:
            lines.append(
                "Displacement needed because these rules cannot all hold with every "
                "remaining member kept: " + "; ".join(self.why_displaced)
            )
        return "\n".join(lines)


def _bad(message: str, fix: str, key: str) -> ComposerError:
    return ComposerError(f"replace: {message}", [Problem(message, fix=fix, key=key)], "bad_option")


def _ids(values: Iterable[str] | str | None) -> list[str]:
    if values is None:
        return []
    items = [values] if isinstance(values, str) else list(values)
    return list(dict.fromkeys(str(v).strip() for v in items if str(v).strip()))


def _validate(
    pool: Pool, scenario: Scenario, current: list[str], withdrawn: list[str], pinned: list[str]
) -> None:
    known = set(pool.ids)
    problems: list[Problem] = []
    for ident in current:
        if ident not in known:
            problems.append(
                Problem(
                    f"the roster names '{ident}', which is not a nomination",
                    fix="check the roster file against the nominations",
                    key="keep",
                )
            )
    roster = set(current)
    for ident in withdrawn:
        if ident not in roster:
            near = suggest(ident, sorted(roster))
            where = "is not on the roster" if ident in known else "is not a nomination"
            problems.append(
                Problem(
                    f"'{ident}' {where}",
                    key="withdrawn",
                    fix=f"did you mean '{near}'?"
                    if near
                    else "withdraw only members of the current roster",
                )
            )
    for ident in pinned:
        if ident not in known:
            near = suggest(ident, sorted(known))
            problems.append(
                Problem(
                    f"'{ident}' is not a nomination",
                    key="keep",
                    fix=f"did you mean '{near}'?" if near else "check the id",
                )
            )
        elif ident in withdrawn:
            problems.append(
                Problem(
                    f"'{ident}' is both withdrawn and kept",
                    key="keep",
                    fix="name it in one of the two lists only",
                )
            )
        elif ident in scenario.members.exclude:
            problems.append(
                Problem(
                    f"'{ident}' is excluded by the scenario",
                    key="keep",
                    fix="remove it from members.exclude to keep it",
                )
            )
    if not withdrawn and not pinned:
        problems.append(
            Problem(
                "nothing to change",
                key="withdrawn",
                fix="name at least one withdrawn member or one member to keep",
            )
        )
    if problems:
        raise ComposerError(
            f"replace: {len(problems)} problem(s) with the request", problems, code="bad_option"
        )


def replace(
    result: Result,
    withdrawn: Iterable[str] | str,
    keep: Iterable[str] | None = None,
    options: SolveOptions | None = None,
) -> Replacement:
    """Re-solve ``result`` without the ``withdrawn`` members, keeping as many others as possible.

    ``keep`` pins nominees (current members or not) into the new roster.  Raises
    :class:`~composer.errors.ComposerError` (exit 2) for an id that is not on the roster.
    """
    if not result.ok:
        raise _bad(
            f"the result has no roster ({result.status.value})",
            "solve the scenario first",
            "result",
        )
    return replace_roster(result.pool, result.scenario, result.selected, withdrawn, keep, options)


def replace_roster(
    pool: Pool,
    scenario: Scenario,
    current: Iterable[str],
    withdrawn: Iterable[str] | str,
    keep: Iterable[str] | None = None,
    options: SolveOptions | None = None,
) -> Replacement:
    """:func:`replace` for a roster given as ids (e.g. read from a shortlist file)."""
    started = time.monotonic()
    options = options or SolveOptions()
    before, out, pinned = _ids(current), _ids(withdrawn), _ids(keep)
    _validate(pool, scenario, before, out, pinned)
    members = scenario.members
    changed = scenario.model_copy(
        update={
            "members": MembersRule(
                include=_ids([*[i for i in members.include if i not in out], *pinned]),
                exclude=_ids([*members.exclude, *out]),
                ex_officio=members.ex_officio,
                ex_officio_counted=members.ex_officio_counted,
            )
        }
    )
    changed._sha256 = ""  # the rules changed: the run record hashes the new ones
    stay = [i for i in before if i not in out]

    def keep_most(built: BuiltModel) -> None:
        kept = [built.x[i] for i in stay if i in built.x]
        built.lead_objectives.append(("kept members", cp_model.LinearExpr.sum(kept)))

    after = solve(pool, changed, options, extend=keep_most)
    after.run["replaced"] = {
        "scenario_sha256": scenario.sha256,
        "withdrawn": out,
        "pinned": pinned,
    }
    found = Replacement(before, after, out, pinned)
    if not after.ok:
        diagnose(after, options.time_limit - (time.monotonic() - started))
        return found
    new = set(after.selected)
    found.kept = [i for i in stay if i in new]
    found.displaced = [i for i in stay if i not in new]
    found.newcomers = sorted(new - set(before))
    if found.displaced:
        found.why_displaced = _why_displaced(pool, after.scenario, stay, options, started)
    found.changes = _changes(found, members.include)
    return found


def _why_displaced(
    pool: Pool, scenario: Scenario, stay: list[str], options: SolveOptions, started: float
) -> list[str]:
    """Rules that cannot all hold with every remaining member fixed in."""
    members = scenario.members
    fixed = scenario.model_copy(
        update={
            "members": MembersRule(
                include=_ids([*members.include, *stay]),
                exclude=members.exclude,
                ex_officio=members.ex_officio,
                ex_officio_counted=members.ex_officio_counted,
            )
        }
    )
    remaining = max(1.0, options.time_limit - (time.monotonic() - started))
    conflict = find_conflict(pool, bind(fixed, pool), remaining)
    return conflict.rules if conflict is not None else []


def _changes(found: Replacement, fixed_before: list[str]) -> pd.DataFrame:
    """One row per change, with the reason in words."""
    after = found.after
    pool, scenario = after.pool, after.scenario
    rows: list[dict[str, Any]] = []
    for ident in found.withdrawn:
        note = (
            " (was fixed in by the scenario; the fixing is lifted)" if ident in fixed_before else ""
        )
        rows.append({"id": ident, "change": "withdrawn", "reason": "withdrew" + note})
    for ident in found.displaced:
        broken = check(pool, scenario, [*after.selected, ident]).failures
        names = "; ".join(r.name for r in broken) or "no single rule (a combination of them)"
        rows.append(
            {
                "id": ident,
                "change": "displaced",
                "reason": f"no roster keeps every rule and more current members; adding "
                f"them back would break: {names}",
            }
        )
    for ident in found.newcomers:
        rest = [i for i in after.selected if i != ident]
        broken = check(pool, scenario, rest).failures
        if ident in found.pinned:
            reason = "kept by request"
        elif broken:
            reason = "without them the roster would break: " + "; ".join(r.name for r in broken)
        else:
            reason = "best score among the nominees who keep every rule"
        rows.append({"id": ident, "change": "newcomer", "reason": reason})
    frame = pd.DataFrame(rows, columns=["id", "change", "reason"])
    table = pool.table
    for offset, column in enumerate(c for c in SHOWN if c in table.columns):
        frame.insert(1 + offset, column, [table.at[i, column] for i in frame["id"]])
    return frame
