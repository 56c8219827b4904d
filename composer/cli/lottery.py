"""``composer lottery``: a fair, verifiable lottery over the rosters that keep the rules."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from composer.cli.options import Force, Nominations, ScenarioArg

if TYPE_CHECKING:
    from composer.analysis.lottery_result import Lottery


def lottery_command(
    scenario: ScenarioArg,
    method: Annotated[
        str, typer.Option("--method", help="maximin, leximin or nash (default: maximin).")
    ] = "maximin",
    band: Annotated[
        str | None,
        typer.Option(
            "--band",
            help="With a score column: how far below the best score a roster may fall, in "
            "points (3) or percent of the best (2%). Default 0.",
        ),
    ] = None,
    seed: Annotated[
        str | None,
        typer.Option("--seed", help="The published text the draw is made from."),
    ] = None,
    nominations: Nominations = None,
    json_path: Annotated[Path | None, typer.Option("--json", help="Write the lottery.")] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Write the drawn roster's workbook, with Probabilities."),
    ] = None,
    statement: Annotated[
        Path | None,
        typer.Option("--statement", help="Write the balance statement (.html or .pdf)."),
    ] = None,
    time_limit: Annotated[
        float, typer.Option("--time-limit", min=0.1, help="Seconds in all.")
    ] = 300.0,
    force: Force = False,
) -> None:
    """Give every nominee the best possible chance, then draw one roster with a public seed.

    Example: composer lottery scenarios/wgig-2004.toml --method leximin --band 2%
    --seed "2026-12-03 draw 4 17 23 38 45" --json lottery.json --out shortlist.xlsx

    The lottery runs over the rosters that keep every hard rule (soft shortfall at its least,
    score within --band of the best).  Exit codes: 0 lottery drawn, 2 bad input, 3 the rules
    cannot hold together, 4 time limit with no roster, 1 bug.
    """
    from composer.analysis.lottery import check_method, lottery
    from composer.analysis.lottery_draw import check_seed
    from composer.analysis.lottery_space import parse_band
    from composer.cli.app import console, errors, exit_code, guard, print_warnings, styled
    from composer.cli.frontier import check_outputs
    from composer.errors import ComposerError, Problem

    guard(lambda: check_outputs([json_path, out, statement], force))
    guard(lambda: check_method(method))
    guard(lambda: parse_band(band))
    if seed is not None:
        guard(lambda: check_seed(seed))
    elif out is not None or statement is not None:
        guard(lambda: _need_seed(ComposerError, Problem))
    lot = guard(
        lambda: lottery(
            nominations, scenario, method=method, band=band, seed=seed, time_limit=time_limit
        )
    )
    print_warnings(lot.pool.warnings)
    console.print(lot.summary() if lot.ok else _failure(lot))
    for note in lot.notes:
        console.print(styled("Note:", "yellow", f" {note}"))
    if lot.ok:
        console.print(_groups(lot))
    if json_path is not None:
        guard(lambda: lot.to_json(json_path, force=force))
        console.print(f"Wrote {json_path}")
    if lot.ok and out is not None:
        guard(lambda: lot.to_excel(out, force=force))
        console.print(f"Wrote {out} (internal: its Probabilities sheet names every nominee)")
    if lot.ok and statement is not None:
        from composer.export.probabilities import write_lottery_statement

        guard(lambda: write_lottery_statement(lot, statement, force=force))
        console.print(f"Wrote {statement}")
    if not lot.ok:
        if lot.result is not None and lot.result.advice:
            errors.print("Advice: " + "; ".join(lot.result.advice))
        raise typer.Exit(exit_code(lot.result) if lot.result is not None else 4)


def _need_seed(error: Any, problem: Any) -> None:
    raise error(
        "lottery: the workbook and statement show the drawn roster, and there is no draw "
        "without a seed",
        [problem("no --seed given", fix="add --seed TEXT (published before the draw)", key="seed")],
        code="bad_seed",
    )


def _failure(lot: Lottery) -> str:
    if lot.result is not None and lot.result.conflict:
        return (
            f"{lot.scenario.name}: no roster keeps every hard rule, so there is nothing to draw "
            f"from. Rules in conflict: {'; '.join(lot.result.conflict)}"
            + (f" ({lot.result.conflict_reason})" if lot.result.conflict_reason else "")
        )
    return f"{lot.scenario.name}: the time limit came before any roster was found"


def _groups(lot: Lottery) -> Any:
    """Chances per value of the first grouping column the pool has (counts only, no names)."""
    from rich.table import Table

    from composer.export.probabilities import group_columns

    columns = group_columns(lot)
    if not columns:
        return ""
    column = columns[0]
    frame = lot.by_group(column)
    table = Table(title=f"Chances by {column}", title_justify="left")
    for heading in (column, "nominees", "expected members", "least", "mean", "largest"):
        table.add_column(heading)
    for row in frame.itertuples(index=False):
        table.add_row(
            str(row[0]),
            str(row[1]),
            f"{row[2]:.2f}",
            f"{row[3]:.4f}",
            f"{row[4]:.4f}",
            f"{row[5]:.4f}",
        )
    return table
