"""``composer explain``: why each member is in, why nominees are out, what each rule costs;
for an infeasible scenario, the rules that cannot hold together and the smallest fix."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    import pandas as pd
    from rich.table import Table

    from composer.analysis.explain import Explanation


def _table(title: str, frame: pd.DataFrame, columns: dict[str, str]) -> Table:
    from rich.table import Table

    table = Table(title=title, title_justify="left", show_lines=False)
    for heading in columns.values():
        table.add_column(heading, overflow="fold")
    for record in frame.to_dict("records"):
        cells = []
        for key in columns:
            value = record.get(key)
            if isinstance(value, float):
                cells.append(
                    ""
                    if value != value
                    else f"{value:+g}"
                    if "change" in key or "gain" in key
                    else f"{value:g}"
                )
            else:
                cells.append("" if value is None else str(value))
        table.add_row(*cells)
    return table


def _named(frame: pd.DataFrame, names: dict[str, str], columns: tuple[str, ...]) -> pd.DataFrame:
    """``frame`` with the ids of ``columns`` (one id, or ids joined by '; ') as 'Name (id)'."""
    frame = frame.copy()
    for column in columns:
        if column in frame:
            frame[column] = [
                "; ".join(
                    f"{names[i]} ({i})" if names.get(i) else i for i in str(v).split("; ") if i
                )
                if isinstance(v, str)
                else v
                for v in frame[column]
            ]
    return frame


def _show(explanation: Explanation, names: dict[str, str] | None = None) -> None:
    from composer.cli.app import console, styled

    names = names or {}

    if explanation.conflict_text:
        console.print(styled("These rules cannot all hold together:", "bold"))
        for record in explanation.conflict.to_dict("records"):
            console.print(f"  - {record['rule']}: {record['words']}")
        console.print(explanation.conflict_text)
        for line in dict.fromkeys(explanation.advice):  # each piece of advice once
            console.print(f"  -> {line}")
    if len(explanation.members):
        console.print(
            _table(
                "Why each member is in (re-solved without them)",
                _named(explanation.members, names, ("replaced_by", "also_leaving")),
                {
                    "id": "member",
                    "name": "name",
                    "score": "score",
                    "needed_for": "needed for",
                    "score_change": "score without them",
                    "replaced_by": "the re-solved roster brings in",
                    "also_leaving": "and also lets go",
                },
            )
        )
    if len(explanation.nominees):
        console.print(
            _table(
                "Why these nominees are out (re-solved with them in)",
                explanation.nominees,
                {"id": "nominee", "name": "name", "score": "score", "reason": "reason"},
            )
        )
    prices = explanation.prices
    if len(prices):
        costly = prices[(prices["gain_if_dropped"] != 0) | (prices["gain_if_loosened"] != 0)]
        console.print(
            _table(
                "The price of each hard rule that costs merit (score gained, re-solved)",
                costly,
                {
                    "label": "rule",
                    "bound": "bound",
                    "achieved": "achieved",
                    "gain_if_dropped": "if dropped",
                    "gain_if_loosened": "if moved one seat",
                    "loosened": "moved one seat means",
                },
            )
        )
        if len(costly) < len(prices):
            console.print(f"The other {len(prices) - len(costly)} hard rules cost no merit here.")
    if explanation.balance is not None:
        balance = explanation.balance
        console.print(
            f"Price of balance: {balance.price:g} points ({balance.percent:.1f}%) against the "
            f"best roster without hard balance rules ({balance.score_without_balance:g})."
        )
    for note in explanation.notes:
        console.print(styled(note, "italic"))


def explain_command(
    scenario: Annotated[Path, typer.Argument(help="Scenario TOML file.")],
    nominations: Annotated[
        Path | None,
        typer.Option("--nominations", "-n", help="Nominations CSV/XLSX (default: the scenario's)."),
    ] = None,
    member: Annotated[
        list[str] | None,
        typer.Option("--member", help="Explain only this member (repeat for several)."),
    ] = None,
    nominee: Annotated[
        list[str] | None,
        typer.Option("--nominee", help="Explain why this nominee is out (repeat for several)."),
    ] = None,
    top: Annotated[
        int, typer.Option("--top", min=0, help="Explain the K best-scored nominees left out.")
    ] = 10,
    prices: Annotated[
        bool, typer.Option("--prices/--no-prices", help="Price every hard rule.")
    ] = True,
    json_path: Annotated[
        Path | None, typer.Option("--json", help="Write the explanation as JSON.")
    ] = None,
    time_limit: Annotated[
        float,
        typer.Option(
            "--time-limit",
            min=0.1,
            max=10_000_000.0,
            help="Seconds for the solve and each re-solve.",
        ),
    ] = 60.0,
    workers: Annotated[
        int, typer.Option("--workers", min=1, help="Threads for the re-solves.")
    ] = 1,
    force: Annotated[
        bool, typer.Option("--force", help="Replace the JSON file if it exists.")
    ] = False,
) -> None:
    """Justify the roster of SCENARIO, or say why there is none.

    Members: what the roster loses without them, and the rules their seat is needed for.

    Nominees (default: the --top best-scored left out): what keeps them out, what taking them costs.

    Rules: the score each hard rule costs. Infeasible scenario: rules that cannot hold together,
    in plain words, and the smallest change that lets them all hold (exit 3).

    Example: composer explain scenarios/wgig-2004.toml --nominee N-210 --json why.json
    """
    from composer.analysis.explain import explain
    from composer.cli.app import console, guard, print_warnings, styled
    from composer.engine.solve import compose
    from composer.errors import EXIT_INFEASIBLE
    from composer.files import ensure_writable

    if json_path is not None:
        guard(lambda: ensure_writable(json_path, force=force))
    result = guard(lambda: compose(nominations, scenario, time_limit=time_limit))
    print_warnings(result.pool.warnings)
    explanation = guard(
        lambda: explain(
            result,
            members=member or None,
            nominees=nominee or None,
            top=top,
            prices=prices,
            workers=workers,
            time_limit=time_limit,
        )
    )
    console.print(styled(result.scenario.name, "bold", f": {result.status.value}"))
    table = result.pool.table
    names = (
        {str(i): str(n) for i, n in zip(table.index, table["name"], strict=True)}
        if ("name" in table)
        else {}
    )
    _show(explanation, names)
    if json_path is not None:
        guard(lambda: explanation.to_json(json_path, force=force))
        console.print(f"Wrote {json_path}")
    if explanation.conflict_text:
        raise typer.Exit(EXIT_INFEASIBLE)
