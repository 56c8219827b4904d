"""A lottery in the workbook and the balance statement: chances per nominee and per group.

The workbook (internal) gains a Probabilities sheet (every nominee's chance, as the
Not selected sheet already names them) and a Chances by group sheet.  The balance statement
(public) describes the method, band and seed and gives chances per group only: it never
names a nominee who was not drawn.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from composer.export.charts import OKABE_ITO
from composer.rules.labels import column_label, ordered, value_label

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from composer.analysis.lottery_result import Lottery

#: Columns whose chances are summarised per value (those the pool has), before quota columns.
GROUP_COLUMNS = ("region", "stakeholder_group", "gender")
PROBABILITIES = "Probabilities"
OTHER_VALUES = "Other values (no member)"  # as composer.export.sheets.OTHER_VALUES
BY_GROUP = "Chances by group"


def group_columns(lot: Lottery) -> list[str]:
    """The columns chances are shown by: the usual groups, then every quota column."""
    table = lot.pool.table
    quota = sorted({b.column for b in lot.scenario.bounds() if b.family == "quota" and b.column})
    return [c for c in dict.fromkeys([*GROUP_COLUMNS, *quota]) if c in table.columns]


def role_column(role: str) -> str:
    """The Probabilities sheet's column of a role's chances: 'Probability co-chair'."""
    return f"Probability {role}"


def probabilities_frame(lot: Lottery) -> pd.DataFrame:
    """One row per nominee: id, name, chance, whether reachable and drawn (sorted by id),
    then the chance of holding each named role (one column per role)."""
    table = lot.pool.table
    drawn = set(lot.selected)
    names = table["name"] if "name" in table.columns else pd.Series("", index=table.index)
    roles = lot.role_probabilities
    rows = [
        {
            "Id": ident,
            "Name": str(names.get(ident, "")),
            "Probability": float(p),
            "Reachable": "no" if ident in lot.unreachable else "yes",
            "Drawn": "yes" if ident in drawn else "no",
            **{role_column(r): float(chances.get(ident, 0)) for r, chances in roles.items()},
        }
        for ident, p in lot.probabilities.items()
    ]
    columns = ["Id", "Name", "Probability", "Reachable", "Drawn", *map(role_column, roles)]
    return pd.DataFrame(rows, columns=columns)


def group_frame(lot: Lottery) -> pd.DataFrame:
    """Chances aggregated per value of each group column (counts and chances only)."""
    frames = []
    for column in group_columns(lot):
        frame = lot.by_group(column)
        frames.append(
            pd.DataFrame(
                {
                    "Group": column_label(column),
                    "Value": [value_label(column, str(v)) for v in frame[column]],
                    "Nominees": frame["nominees"],
                    "Expected members": frame["expected_members"].round(4),
                    "Least chance": frame["least"].round(6),
                    "Mean chance": frame["mean"].round(6),
                    "Largest chance": frame["largest"].round(6),
                }
            )
        )
    columns = ["Group", "Value", "Nominees", "Expected members", "Least chance", "Mean chance"]
    if not frames:
        return pd.DataFrame(columns=[*columns, "Largest chance"])
    return pd.concat(frames, ignore_index=True)


def method_lines(lot: Lottery) -> list[str]:
    """The lottery in words, for the Run sheet and the statement's method section."""
    method = {
        "maximin": "the smallest chance of any nominee is as large as possible",
        "leximin": "the smallest chance is as large as possible, then the next smallest, and so on",
        "nash": "the product of all nominees' chances is as large as possible",
    }[lot.method]
    band = (
        f"whose total {lot.scenario.objective.maximise} is at most {lot.band} below the best "
        f"possible ({lot.best_score:g}), "
        if lot.scenario.objective.maximise
        else ""
    )
    low, bound = lot.min_probability or 0.0, lot.bound
    lines = [
        f"The roster was drawn by lot. Among every roster that keeps all hard rules, {band}"
        f"misses the soft rules by no more than necessary, composer found a lottery "
        f"({lot.method}) in which {method}. It uses {len(lot.distribution)} rosters; each "
        "was re-checked by the independent checker.",
        f"Every eligible nominee had a chance of at least {low:.2%}"
        + (f"; no lottery could give everyone more than {bound:.2%}." if bound else "."),
        f"The draw used the published seed '{lot.seed}': its SHA-256 gives ticket "
        f"{lot.ticket} of 1,000,000,000, which falls on roster {lot.drawn} of the list in "
        "the lottery file, so anyone can repeat the draw.",
    ]
    if lot.role_probabilities:
        lines.append(
            "The holders of "
            + ", ".join(f"the role '{role}'" for role in lot.role_probabilities)
            + " were drawn with the roster, by the same ticket: each roster of the lottery "
            "shares its chance among holder sets that keep every role rule, spreading each "
            "role over those who can hold it; each was re-checked by the independent checker."
        )
    if lot.unreachable:
        lines.append(
            f"{len(lot.unreachable)} nominee(s) could not be in any roster that keeps the rules "
            "and had no chance."
        )
    return lines


def _public_groups(lot: Lottery, column: str, frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` (by value) with the values no drawn member holds and no rule names summed
    into one ``OTHER_VALUES`` row: least and largest over them, mean weighted by nominees."""
    from composer.export.sheets import public_values

    shown = public_values(_drawn(lot), column)
    hidden = frame[[str(v) not in shown for v in frame.index]]
    if hidden.empty:
        return frame
    kept = frame.drop(hidden.index)
    nominees = int(hidden["nominees"].sum())
    other = {
        "nominees": nominees,
        "expected_members": float(hidden["expected_members"].sum()),
        "least": float(hidden["least"].min()),
        "mean": float((hidden["mean"] * hidden["nominees"]).sum() / max(1, nominees)),
        "largest": float(hidden["largest"].max()),
    }
    return pd.concat([kept, pd.DataFrame([other], index=[OTHER_VALUES])])


def group_chart(lot: Lottery, column: str, ax: Axes | None = None, *, public: bool = False) -> Axes:
    """Least, mean and largest chance per value of ``column`` (bars: mean; lines: range).

    ``public`` (the statement): values no drawn member holds and no rule names are drawn as
    one "Other values (no member)" bar, so no value held only by others reaches the chart.
    """
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(6.4, 3.4))
    frame = lot.by_group(column).set_index(column)
    frame.index = [str(v) for v in frame.index]
    if public:
        frame = _public_groups(lot, column, frame)
    values = ordered(column, [v for v in frame.index if v != OTHER_VALUES])
    values += [v for v in frame.index if v == OTHER_VALUES]  # the sum of the rest, last
    xs = list(range(len(values)))
    mean = [float(frame["mean"][v]) for v in values]
    low = [float(frame["least"][v]) for v in values]
    high = [float(frame["largest"][v]) for v in values]
    ax.bar(xs, mean, 0.6, color=OKABE_ITO["blue"], label="mean chance")
    ax.vlines(xs, low, high, color=OKABE_ITO["orange"], linewidth=2, label="least to largest")
    ax.set_xticks(xs, [value_label(column, str(v)) for v in values], fontsize=8, rotation=20)
    ax.set_ylabel("chance of selection")
    ax.set_title(f"Chances by {column_label(column)}", fontsize=10, loc="left")
    ax.legend(fontsize=7, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def write_lottery_workbook(lot: Lottery, path: Path, *, force: bool = False) -> Path:
    """The drawn roster's shortlist workbook, plus the Probabilities and group sheets."""
    from composer.export.excel import write_shortlist

    result = _drawn(lot)
    run = {**result.run, "lottery": " ".join(method_lines(lot))}
    return write_shortlist(
        replace(result, run=run),
        path,
        force=force,
        extra_sheets={PROBABILITIES: probabilities_frame(lot), BY_GROUP: group_frame(lot)},
        naming=[PROBABILITIES],
    )


def write_lottery_statement(lot: Lottery, path: Path, *, force: bool = False) -> Path:
    """The balance statement of the drawn roster, its method section telling of the lottery."""
    from composer.analysis.explain import explain
    from composer.export import report
    from composer.export.statement_template import render_html, render_pdf
    from composer.files import ensure_writable, write_atomic

    target = Path(path)
    if target.suffix.lower() not in report.FORMATS:
        return report.write_statement(_drawn(lot), target, force=force)  # its own clear error
    ensure_writable(target, force=force)
    result = _drawn(lot)
    statement = report.build_statement(
        result, explanation=explain(result, members=[], nominees=[], prices=False)
    )
    statement.method = [*method_lines(lot), *statement.method[2:3]]
    statement.facts.append(("Selection", f"by lot ({lot.method}), seed '{lot.seed}'"))
    statement.price_text = "The roster was drawn by lot; the price of each rule was not measured."
    statement.charts.extend(
        report.Chart(f"Chances by {column_label(c)}", _bind(lot, c)) for c in group_columns(lot)
    )
    if target.suffix.lower() == ".html":
        text = render_html(statement)

        def write_html(tmp: Path) -> None:
            tmp.write_text(text, encoding="utf-8")

        return write_atomic(target, write_html, force=force)
    return write_atomic(target, lambda tmp: render_pdf(statement, tmp), force=force)


def _bind(lot: Lottery, column: str) -> Callable[[Axes], Axes]:
    return lambda ax: group_chart(lot, column, ax, public=True)


def _drawn(lot: Lottery):  # type: ignore[no-untyped-def]
    from composer.errors import ComposerError, Problem

    if lot.result is None or not lot.result.ok:
        raise ComposerError(
            "lottery: no roster was drawn",
            [Problem("the workbook and statement show the drawn roster", fix="give a --seed")],
            code="no_draw",
        )
    return lot.result
