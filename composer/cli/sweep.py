"""``composer sweep``: the best roster at every size, and the smallest that keeps every rule."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from composer.cli.frontier import PerPoint
from composer.cli.options import Force, Nominations, ScenarioArg

if TYPE_CHECKING:
    from composer.analysis.sweep import SizeSweep


def sweep_command(
    scenario: ScenarioArg,
    low: Annotated[
        int | None, typer.Option("--from", help="Smallest size (default: the scenario's).")
    ] = None,
    high: Annotated[
        int | None, typer.Option("--to", help="Largest size (default: the scenario's).")
    ] = None,
    nominations: Nominations = None,
    json_path: Annotated[Path | None, typer.Option("--json", help="Write the sweep.")] = None,
    png: Annotated[Path | None, typer.Option("--png", help="Draw score against size.")] = None,
    time_limit: PerPoint = 60.0,
    processes: Annotated[
        int | None, typer.Option("--processes", min=1, help="Parallel processes (default: auto).")
    ] = None,
    force: Force = False,
) -> None:
    """Solve SCENARIO at every size from --from to --to (the size rule replaced by each size).

    Example: composer sweep scenarios/wgig-2004.toml --from 20 --to 60 --png sweep.png

    Shows the best score at each size, the rules with no room to spare, and the smallest
    roster that keeps every hard rule.  Exit codes: 0 a size works, 2 bad input, 3 no size
    keeps the rules, 4 time limit, 1 bug.
    """
    from composer.analysis.sweep import size_sweep
    from composer.cli.app import console, guard, print_warnings, styled
    from composer.cli.frontier import check_outputs, write_png
    from composer.engine.result import Status
    from composer.engine.solve import SolveOptions, load_inputs
    from composer.errors import EXIT_INFEASIBLE, EXIT_TIMEOUT
    from composer.export.tradeoff_charts import sweep_chart

    guard(lambda: check_outputs([json_path, png], force))
    pool, loaded = guard(lambda: load_inputs(nominations, scenario))
    print_warnings(pool.warnings)
    first = low if low is not None else loaded.size.min if loaded.size.min is not None else 1
    last = (
        high if high is not None else loaded.size.max if loaded.size.max is not None else len(pool)
    )
    guard(lambda: _check_range(first, last, len(pool)))
    options = SolveOptions(time_limit=time_limit)
    sweep = guard(
        lambda: size_sweep(pool, loaded, range(first, last + 1), options, processes=processes)
    )
    console.print(_table(sweep))
    console.print(sweep.summary())
    for note in sweep.notes:
        console.print(styled("Note:", "yellow", f" {note}"))
    if json_path is not None:
        guard(lambda: sweep.to_json(json_path, force=force))
        console.print(f"Wrote {json_path}")
    if png is not None:
        guard(lambda: write_png(png, lambda ax: sweep_chart(sweep, ax), (6.4, 3.8), force))
        console.print(f"Wrote {png}")
    if sweep.smallest_feasible is None:
        timed_out = any(p.status == Status.UNKNOWN for p in sweep.points)
        raise typer.Exit(EXIT_TIMEOUT if timed_out else EXIT_INFEASIBLE)


def _check_range(first: int, last: int, pool_size: int) -> None:
    """Sizes from 0 to the pool's size, low to high: anything else is a mistake."""
    from composer.errors import ComposerError, Problem

    if first > last or 0 <= first <= last <= pool_size:
        return  # an empty range is reported by the sweep itself
    if first < 0:
        message = f"the smallest size {first} is below 0"
        fix = "give --from 0 or more"
    else:
        message = f"the largest size {last} is above the {pool_size} nominations"
        fix = f"give --to {pool_size} or less"
    raise ComposerError(
        f"sweep: sizes {first} to {last} cannot be tried",
        [Problem(message, fix=fix, key="--from/--to")],
        code="bad_option",
    )


def _table(sweep: SizeSweep) -> Any:
    from rich.table import Table

    table = Table(title=f"{sweep.scenario.name}: best roster by size", title_justify="left")
    for heading in ("size", "status", "score", "soft shortfall", "rules with no room to spare"):
        table.add_column(heading, overflow="fold")
    for p in sweep.points:
        if p.ok:
            detail = f"{len(p.binding)}: " + "; ".join(p.binding) if p.binding else "none"
        else:
            detail = "cannot hold together: " + "; ".join(p.result.conflict)
        score = "" if p.score is None else f"{p.score:g}"
        shortfall = "" if p.soft_shortfall is None else str(p.soft_shortfall)
        table.add_row(str(p.size), p.status.value, score, shortfall, detail)
    return table
