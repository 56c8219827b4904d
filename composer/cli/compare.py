"""``composer compare``: several scenarios side by side on the same nominations."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from composer.cli.options import Force, Nominations

if TYPE_CHECKING:
    from composer.analysis.compare import Comparison
    from composer.inputs.nominations import Pool


def compare_command(
    scenarios: Annotated[list[Path], typer.Argument(help="Two or more scenario TOML files.")],
    nominations: Nominations = None,
    png: Annotated[
        Path | None, typer.Option("--png", help="Draw seats per value of --column, by scenario.")
    ] = None,
    xlsx: Annotated[
        Path | None, typer.Option("--xlsx", help="Write the comparison workbook.")
    ] = None,
    column: Annotated[
        str, typer.Option("--column", help="Column the chart counts seats by.")
    ] = "stakeholder_group",
    time_limit: Annotated[
        float,
        typer.Option("--time-limit", min=0.1, max=10_000_000.0, help="Seconds for each scenario."),
    ] = 60.0,
    force: Force = False,
) -> None:
    """Solve every scenario on the same nominations and compare the rosters.

    Example: composer compare scenarios/wgig-2004.toml scenarios/wgig-2004-halves.toml --png c.png

    Shows size, score and rules per scenario, and which members all, some or only one of the
    scenarios choose.  Without --nominations the scenarios must name the same nominations file.
    """
    from composer.analysis.compare import compare
    from composer.cli.app import console, guard, print_warnings, styled
    from composer.cli.frontier import check_outputs, write_png
    from composer.engine.solve import SolveOptions
    from composer.export.tradeoff_charts import comparison_chart
    from composer.inputs.nominations import load_nominations

    guard(lambda: check_outputs([png, xlsx], force))
    pool = guard(lambda: load_nominations(nominations)) if nominations is not None else None
    if pool is not None:
        guard(lambda: _check_column(pool, column))
    options = SolveOptions(time_limit=time_limit)
    result = guard(lambda: compare(pool, list(scenarios), options))
    guard(lambda: _check_column(result.pool, column))
    print_warnings(result.pool.warnings)
    console.print(_table(result))
    console.print(result.summary())
    for note in result.notes:
        console.print(styled("Note:", "yellow", f" {note}"))
    if png is not None:

        def draw(ax: Any) -> Any:
            return comparison_chart(result, ax, column=column)

        guard(lambda: write_png(png, draw, (7.2, 3.8), force))
        console.print(f"Wrote {png}")
    if xlsx is not None:
        guard(lambda: result.to_excel(xlsx, force=force))
        console.print(f"Wrote {xlsx}")
    if not any(r.ok for r in result.results):
        from composer.errors import EXIT_INFEASIBLE

        raise typer.Exit(EXIT_INFEASIBLE)


def _check_column(pool: Pool, column: str) -> None:
    from composer.errors import ComposerError, Problem, suggest

    if column not in pool.table.columns:
        near = suggest(column, pool.columns)
        fix = f"did you mean '{near}'?" if near else "name a column of the nominations"
        raise ComposerError(
            f"the nominations have no column '{column}'",
            [Problem("--column names no column", fix=fix)],
        )


def _table(comparison: Comparison) -> Any:
    from rich.table import Table

    table = Table(title="Scenarios side by side", title_justify="left")
    for heading in ("scenario", "status", "size", "score", "soft shortfall", "rules met"):
        table.add_column(heading)
    for name, result in zip(comparison.names, comparison.results, strict=True):
        report = result.report
        size = str(result.size) if result.ok else ""
        score = f"{result.objective.get('score', 0):g}" if result.ok else ""
        shortfall = str(report.soft_shortfall) if report is not None else ""
        met = f"{sum(r.met for r in report.rules)} of {len(report.rules)}" if report else ""
        table.add_row(name, result.status.value, size, score, shortfall, met)
    return table
