"""Readable summaries of a result for the terminal: composition against every rule."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from composer.engine.check import RuleCheck
from composer.engine.result import Result, Status
from composer.rules.shown import shown_columns

#: Columns shown first, seat by seat, when the scenario's rules use them.
SUMMARY_COLUMNS = ("region", "stakeholder_group", "developing", "gender")


def _mark(rule: RuleCheck) -> Text:
    if rule.met:
        return Text("met", style="green")
    return Text(
        "missed (soft)" if rule.soft else "BROKEN", style="yellow" if rule.soft else "bold red"
    )


#: Values shown per column in the console; the JSON and the workbook hold them all.
SHOWN_VALUES = 30


def _column_table(result: Result, column: str) -> Table:
    table = Table(title=f"Seats by {column.replace('_', ' ')}", title_justify="left")
    for heading in ("value", "nominated", "selected", "rules"):
        table.add_column(
            heading, justify="right" if heading in ("nominated", "selected") else "left"
        )
    by_value: dict[str, list[RuleCheck]] = {}
    for r in result.report.rules if result.report else []:
        if r.family == "quota" and r.column == column:
            by_value.setdefault(str(r.value), []).append(r)
    rows = list(result.breakdown(column).iterrows())
    if len(rows) > SHOWN_VALUES:
        # values with a rule not met first, then those with members, in the breakdown's order
        def rank(item: tuple[Any, Any]) -> int:
            value, row = item
            if any(not r.met for r in by_value.get(str(value), [])):
                return 0
            return 1 if int(row["selected"]) > 0 else 2

        order = sorted(range(len(rows)), key=lambda k: (rank(rows[k]), k))
        hidden = order[SHOWN_VALUES:]
        not_met = sum(1 for k in hidden if rank(rows[k]) == 0)
        rows = [rows[k] for k in sorted(order[:SHOWN_VALUES])]
        table.caption = (
            f"{len(hidden)} more values not shown"
            + (f", {not_met} of them with a rule not met" if not_met else "")
            + ": every value is in the result JSON and the workbook"
        )
    for value, row in rows:
        text = Text()
        for rule in by_value.get(str(value), []):
            if text:
                text.append("; ")
            where = f" among {rule.where}" if rule.where else ""
            text.append(f"{rule.bound}{where} ")
            text.append_text(_mark(rule))
        table.add_row(str(value), str(row["nominated"]), str(row["selected"]), text)
    return table


def _seat_lines(result: Result) -> list[RenderableType]:
    """Ex-officio members and role holders, one line each (none without them)."""
    lines: list[RenderableType] = []
    if result.ex_officio:
        named = ", ".join(_person(result, i) for i in result.ex_officio)
        lines.append(Text(f"Ex officio, not counted in the rules: {named}"))
    for role, holders in result.roles.items():
        where = " (outside the selection)" if role in result.outside_holders else ""
        named = ", ".join(_person(result, i) for i in holders)
        lines.append(Text(f"Role {role}{where}: {named}"))
    for rule in result.scenario.role:
        if rule.filled_later:
            later = "filled later by the body (the roster can fill it)"
            lines.append(Text(f"Role {rule.name}: {later}"))
    return lines


def _person(result: Result, ident: str) -> str:
    """``Name (id)``, or the id alone when the nominations have no name for it."""
    table = result.pool.table
    if "name" not in table.columns or ident not in table.index:
        return ident
    name = str(table.at[ident, "name"]).strip()
    return f"{name} ({ident})" if name and name != ident else ident


def result_panel(result: Result) -> RenderableType:
    """Status, size, objective, seats by the main columns, coverage and every other rule."""
    parts: list[RenderableType] = []
    headline = Text(f"{result.scenario.name}: ", style="bold")
    style = {"optimal": "bold green", "feasible": "bold yellow"}.get(
        result.status.value, "bold red"
    )
    headline.append(result.status.value, style=style)
    if result.ok:
        headline.append(f"  |  {result.size} members  |  score {result.objective['score']:g}")
        if result.objective.get("soft_shortfall"):
            headline.append(f"  |  soft shortfall {result.objective['soft_shortfall']:g}")
        if result.status == Status.FEASIBLE and result.gap is not None:
            headline.append(f"  |  gap at most {result.gap:.2%} (time limit)")
        if "net_score" in result.objective:
            headline.append(f"  |  net of the seat price {result.objective['net_score']:g}")
    parts.append(headline)
    if result.ok:
        parts += _seat_lines(result)
    if not result.ok:
        if result.conflict:
            parts.append(Text("These rules cannot all hold together:", style="bold"))
            parts += [Text(f"  - {name}") for name in result.conflict]
            parts.append(Text(result.conflict_reason))
        parts += [Text(f"  -> {line}") for line in result.advice]
        return Group(*parts)
    columns = shown_columns(result.scenario, result.pool, SUMMARY_COLUMNS)
    parts += [_column_table(result, c) for c in columns]
    shown = {"quota"}
    coverage = [r for r in result.report.rules if r.family == "coverage"] if result.report else []
    if coverage:
        table = Table(title="Expertise coverage", title_justify="left")
        for heading in ("area", "members", "required", "status"):
            table.add_column(heading)
        for rule in coverage:
            table.add_row(str(rule.value), f"{rule.achieved:g}", rule.bound, _mark(rule))
        parts.append(table)
        shown.add("coverage")
    others = [
        r
        for r in (result.report.rules if result.report else [])
        if r.family not in shown
        or (r.family == "quota" and (r.column not in columns or "|" in str(r.value)))  # unions
    ]
    if others:
        table = Table(title="Other rules", title_justify="left")
        for heading in ("rule", "achieved", "bound", "status"):
            table.add_column(heading)
        for rule in others:
            table.add_row(rule.name, f"{rule.achieved:g}", rule.bound, _mark(rule))
        parts.append(table)
    return Group(*parts)
