"""The balance statement: a document that defends a roster in a consultation round.

It gives the mandate and the rules in words, the composition against every rule (with charts),
expertise coverage, the price of balance, the nominations received and selected by region,
stakeholder group and gender, and the method (optimisation, independent check, versions and
SHA-256 of the inputs).  It names the selected members only: other nominees appear in counts,
unless ``include_names`` adds them for internal use.

The content is gathered once (:func:`build_statement`) and written as self-contained HTML
(:mod:`composer.export.statement_template`) or as a PDF drawn by matplotlib (no browser).
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from composer.analysis.explain import Explanation, explain
from composer.engine.result import Result, Status
from composer.errors import ComposerError, Problem
from composer.export.charts import OKABE_ITO, composition_chart, coverage_chart
from composer.export.seats import ex_officio_text, people_text, with_roles, with_seats
from composer.export.sheets import rule_count
from composer.export.workbook_columns import declared_internal
from composer.files import ensure_writable, write_atomic
from composer.inputs import reference
from composer.rules.labels import column_label, ordered, value_label
from composer.rules.shown import shown_columns
from composer.rules.words import rule_phrase, size_goal_text

if TYPE_CHECKING:
    from matplotlib.axes import Axes

#: Columns the statement counts first (when the scenario's rules use them).
INTAKE_COLUMNS = ("region", "stakeholder_group", "gender")
#: Member details the statement lists (those the pool has).
MEMBER_DETAILS = ("id", "name", "country", "region", "stakeholder_group", "gender", "organisation")
FORMATS = (".html", ".pdf")
#: The row that sums the values held only by nominees not selected (never named in public).
OTHER_VALUES = "Other values (no member)"


@dataclass(frozen=True)
class Chart:
    """A chart of the statement: a title and a function that draws it on an Axes."""

    title: str
    draw: Callable[[Axes], Axes]
    size: tuple[float, float] = (6.4, 3.4)


@dataclass
class Statement:
    """Everything the balance statement says, before it is laid out as HTML or PDF."""

    title: str
    mandate: str
    facts: list[tuple[str, str]]
    rules: list[str]
    composition: pd.DataFrame
    coverage: pd.DataFrame
    price_text: str
    prices: pd.DataFrame
    intake: dict[str, pd.DataFrame]
    members: pd.DataFrame
    method: list[str]
    record: list[tuple[str, str]]
    charts: list[Chart] = field(default_factory=list)
    internal: pd.DataFrame | None = None  # non-selected nominees (include_names only)


def _share_text(achieved: float, counted: int | None) -> str:
    if counted is None:
        return f"{achieved:g}"
    percent = 100 * achieved / counted if counted else 0.0
    return f"{achieved:g} of {counted} ({percent:.1f}%)"


#: Rule families whose words name nominees by id (kept out of a public statement).
_NAMES_IDS = ("members", "together", "apart")


def _rule_lines(result: Result, include_names: bool) -> list[str]:
    lines, fixed = [], {"include": 0, "exclude": 0, "together": 0, "apart": 0}
    for bound in result.scenario.bounds():
        if bound.family in _NAMES_IDS and not include_names:
            fixed[bound.kind] += 1
            continue
        lines.append(
            rule_phrase(bound) + (" (soft: may be missed, at a price)" if bound.soft else "")
        )
    if fixed["include"]:
        lines.append(f"{fixed['include']} nominee(s) fixed in the roster by the secretariat")
    if fixed["exclude"]:
        lines.append(f"{fixed['exclude']} nominee(s) excluded by the secretariat")
    if fixed["together"]:
        lines.append(f"{fixed['together']} group(s) of nominees selected all together or none")
    if fixed["apart"]:
        lines.append(f"{fixed['apart']} group(s) of nominees of whom at most one is selected")
    return lines


def _composition(result: Result, include_names: bool) -> pd.DataFrame:
    bounds = {b.name: b for b in result.scenario.bounds()}
    rows = []
    for rule in result.report.rules if result.report else []:
        bound = bounds[rule.name]
        if bound.family in _NAMES_IDS and not include_names:
            continue
        rows.append(
            {
                "Rule": rule_phrase(bound),
                "Kind": "soft" if rule.soft else "hard",
                "Required": rule.bound,
                "Achieved": _share_text(rule.achieved, rule.counted),
                "Met": "yes" if rule.met else f"no (short by {rule.shortfall})",
            }
        )
    return pd.DataFrame(rows, columns=["Rule", "Kind", "Required", "Achieved", "Met"])


def _intake(result: Result) -> dict[str, pd.DataFrame]:
    frames = {}
    for column in shown_columns(result.scenario, result.pool, INTAKE_COLUMNS):
        counts = result.breakdown(column)
        rows = []
        nominated_by_value = counts["nominated"].to_dict()
        selected_by_value = counts["selected"].to_dict()
        named = _named_values(result, column)
        hidden = 0  # nominations whose value no member holds and no rule names
        for value in ordered(column, counts.index):
            nominated, selected = int(nominated_by_value[value]), int(selected_by_value[value])
            if column not in INTAKE_COLUMNS and not selected and str(value) not in named:
                hidden += nominated
                continue
            rate = f"{100 * selected / nominated:.0f}%" if nominated else "-"
            rows.append((value_label(column, value), nominated, selected, rate))
        if hidden:
            rows.append((OTHER_VALUES, hidden, 0, "0%"))
        total_n, total_s = int(counts["nominated"].sum()), int(counts["selected"].sum())
        rows.append(("All", total_n, total_s, f"{100 * total_s / max(1, total_n):.0f}%"))
        frames[column_label(column)] = pd.DataFrame(
            rows, columns=[column_label(column), "Nominations", "Selected", "Selection rate"]
        )
    return frames


def _named_values(result: Result, column: str) -> set[str]:
    """The values of ``column`` the scenario's rules name (public with the rules)."""
    bounds = result.scenario.bounds()
    return {str(v) for b in bounds if b.column == column for v in b.values}


def _members(result: Result) -> pd.DataFrame:
    roster = result.roster
    if result.seated_outside:  # in the body by office or role, outside the selection
        extra = result.pool.table.loc[result.seated_outside].copy()
        extra.insert(0, "id", extra.index)
        roster = pd.concat([roster, extra.reset_index(drop=True)], ignore_index=True)
    hidden = declared_internal(result)
    keep = [c for c in MEMBER_DETAILS if c in roster.columns and c not in hidden]
    frame = roster[keep].copy()
    if "country" in frame:  # a reader expects "Kenya", not "KEN"
        names = {row["iso3"]: row["name"] for row in reference.places()}
        frame["country"] = [names.get(str(c), str(c)) for c in frame["country"]]
    for column in ("stakeholder_group", "gender"):
        if column in frame:
            frame[column] = [value_label(column, v) for v in frame[column].astype(str)]
    frame = with_roles(result, with_seats(result, frame))
    return frame.rename(columns={c: column_label(c) for c in keep})


def _prices(explanation: Explanation | None, column: str | None) -> tuple[str, pd.DataFrame]:
    columns = ["Rule", "Bound", "Score gained if dropped", "Score gained if moved by one seat"]
    if explanation is None or explanation.balance is None or not column:
        return "No hard balance rule to price.", pd.DataFrame(columns=columns)
    balance = explanation.balance
    text = (
        f"Without any hard balance rule the highest {column} a roster could reach is "
        f"{balance.score_without_balance:,g}; this roster reaches {balance.score:,g}. "
        f"Balance costs {balance.price:,g} points ({balance.percent:.1f}%). "
        "The rules below are the ones that cost merit, each priced alone by solving again "
        "without it."
    )
    prices = explanation.prices
    costly = prices[prices["balance"] & (prices["gain_if_dropped"] > 0)]
    frame = pd.DataFrame(
        {
            "Rule": [str(v) for v in costly["label"]],
            "Bound": [str(v) for v in costly["bound"]],
            "Score gained if dropped": [f"{v:+g}" for v in costly["gain_if_dropped"]],
            "Score gained if moved by one seat": [f"{v:+g}" for v in costly["gain_if_loosened"]],
        },
        columns=columns,
    )
    if frame.empty:
        text += " No balance rule costs any merit on this pool."
    return text, frame


def _method(result: Result) -> tuple[list[str], list[tuple[str, str]]]:
    report = result.report
    met = sum(1 for r in report.rules if r.met) if report else 0
    total = len(report.rules) if report else 0
    proof = (
        "The solver proved that no roster scores higher under these rules."
        if result.status == Status.OPTIMAL
        else "The time limit stopped the solver before it proved that no roster scores higher."
    )
    paragraphs = [
        "The roster was chosen by an optimisation model (Google OR-Tools CP-SAT). Every hard "
        "rule must hold; the shortfall on soft rules is made as small as possible first, then "
        "the total score as large as possible. Ties are broken by a fixed order of the ids "
        "(their SHA-256), so the same nominations and rules always give the same roster.",
        *size_goal_text(result.scenario),
        proof,
        "An independent checker, written without the solver, recomputed every rule on the "
        f"roster: {met} of {total} rules met.",
        "The price of each rule was measured by solving again with that rule dropped or "
        "moved by one seat.",
    ]
    run = result.run
    record = [
        ("composer", str(run.get("composer", ""))),
        ("OR-Tools", str(run.get("ortools", ""))),
        ("Python", str(run.get("python", ""))),
        ("Nominations file", str(run.get("nominations", ""))),
        ("Nominations SHA-256", str(run.get("nominations_sha256", ""))),
        ("Scenario SHA-256", str(run.get("scenario_sha256", ""))),
        ("Solved", str(run.get("started", ""))),
        ("Statement written", datetime.now(UTC).isoformat(timespec="seconds")),
    ]
    return paragraphs, record


def _noun(column: str) -> str:
    """A column label inside a sentence: 'stakeholder group', but 'UN regional group'."""
    label = column_label(column)
    return label if label[:2].isupper() else label[0].lower() + label[1:]


def _rates_chart(result: Result, column: str) -> Callable[[Axes], Axes]:
    def draw(ax: Axes) -> Axes:
        counts = result.breakdown(column)
        values = ordered(column, counts.index)
        xs = list(range(len(values)))
        received, chosen = counts["nominated"].to_dict(), counts["selected"].to_dict()
        nominated = [int(received[v]) for v in values]
        selected = [int(chosen[v]) for v in values]
        ax.bar(
            [x - 0.2 for x in xs],
            nominated,
            0.4,
            color=OKABE_ITO["sky blue"],
            label="nominations received",
        )
        bars = ax.bar(
            [x + 0.2 for x in xs], selected, 0.4, color=OKABE_ITO["blue"], label="members selected"
        )
        ax.bar_label(bars, padding=2, fontsize=8)
        labels = ["\n".join(textwrap.wrap(value_label(column, v), 14)) for v in values]
        ax.set_xticks(xs, labels, fontsize=8)
        ax.set_ylabel("people")
        ax.set_title(f"Nominations and members by {_noun(column)}", fontsize=10, loc="left")
        ax.legend(fontsize=7, frameon=False)
        ax.spines[["top", "right"]].set_visible(False)
        return ax

    return draw


def _charts(result: Result) -> list[Chart]:
    table = result.pool.table
    columns = shown_columns(result.scenario, result.pool, INTAKE_COLUMNS)
    charts = []
    for column in dict.fromkeys(columns):
        charts.append(Chart(f"Members by {_noun(column)}", _bind_composition(result, column)))
    if any(b.family == "coverage" for b in result.scenario.bounds()):
        areas = sum(1 for b in result.scenario.bounds() if b.family == "coverage")
        charts.append(
            Chart(
                "Expertise coverage",
                lambda ax: coverage_chart(result, ax=ax),
                (6.4, max(2.4, 0.3 * areas + 1.2)),
            )
        )
    if "region" in table.columns:
        charts.append(Chart("Nominations and members by region", _rates_chart(result, "region")))
    return charts


def _bind_composition(result: Result, column: str) -> Callable[[Axes], Axes]:
    return lambda ax: composition_chart(result, column, ax=ax)


def build_statement(
    result: Result, *, include_names: bool = False, explanation: Explanation | None = None
) -> Statement:
    """Gather the statement's content for ``result`` (prices are computed when not given)."""
    if not result.ok or result.report is None:
        raise ComposerError(
            f"'{result.scenario.name}' has no roster (status {result.status.value})",
            [
                Problem(
                    "a balance statement needs a roster",
                    fix="run composer explain SCENARIO to see why there is none",
                )
            ],
            code="no_roster",
            exit_code=3 if result.status == Status.INFEASIBLE else 4,
        )
    column = result.scenario.objective.maximise
    if explanation is None:
        explanation = explain(result, members=[], nominees=[] if not include_names else None)
    score = result.objective.get("score", 0)
    facts = [
        ("Members selected", f"{result.size}"),
        ("Nominations received", f"{len(result.pool)}"),
        ("Rules", f"{rule_count(result)}"),
        ("Status", "proven optimal" if result.status == Status.OPTIMAL else "best found"),
    ]
    if result.scenario.members.ex_officio:
        counted = "counted" if result.scenario.members.ex_officio_counted else "not counted"
        facts.append((f"Ex officio ({counted} in the rules)", ex_officio_text(result)))
    for role, ids in result.outside_holders.items():
        facts.append((f"Role {role} (outside the selection)", people_text(result, ids)))
    if column:
        facts.append((f"Total {column}", f"{score:,g}"))
    price_text, prices = _prices(explanation, column)
    coverage = result.coverage().rename(
        columns={"area": "Area", "required": "Required", "members": "Members", "met": "Met"}
    )[["Area", "Required", "Members", "Met"]]
    coverage["Met"] = ["yes" if m else "no" for m in coverage["Met"]]
    method, record = _method(result)
    internal = None
    if include_names:
        reasons = explanation.not_selected_reasons().set_index("id")["Reason"]
        rest = result.pool.table.drop(index=[*result.selected, *result.seated_outside])
        internal = pd.DataFrame(
            {
                "Id": [str(i) for i in rest.index],
                "Name": [str(n) for n in rest["name"]],
                "Why not selected": [str(reasons.get(i, "")) for i in rest.index],
            }
        )
    return Statement(
        title=f"Balance statement: {result.scenario.name}",
        mandate=result.scenario.description,
        facts=facts,
        rules=_rule_lines(result, include_names),
        composition=_composition(result, include_names),
        coverage=coverage,
        price_text=price_text,
        prices=prices,
        intake=_intake(result),
        members=_members(result),
        method=method,
        record=record,
        charts=_charts(result),
        internal=internal,
    )


def write_statement(
    result: Result,
    path: str | Path,
    *,
    include_names: bool = False,
    force: bool = False,
    explanation: Explanation | None = None,
) -> Path:
    """Write the balance statement as ``.html`` or ``.pdf`` (by the file's suffix)."""
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in FORMATS:
        raise ComposerError(
            f"{target.name}: a statement is written as .html or .pdf",
            [
                Problem(
                    f"the file ends in '{suffix or '(nothing)'}'",
                    fix="name the output statement.html or statement.pdf",
                    file=str(target),
                )
            ],
            code="bad_output",
        )
    ensure_writable(target, force=force)  # before the work, not only before the write
    statement = build_statement(result, include_names=include_names, explanation=explanation)
    from composer.export.statement_template import render_html, render_pdf

    if suffix == ".html":
        text = render_html(statement)

        def write_html(tmp: Path) -> None:
            tmp.write_text(text, encoding="utf-8")

        return write_atomic(target, write_html, force=force)
    return write_atomic(target, lambda tmp: render_pdf(statement, tmp), force=force)
