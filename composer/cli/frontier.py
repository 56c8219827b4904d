"""``composer frontier``: the Pareto front between two criteria (table, JSON, PNG, workbook)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from composer.analysis.frontier import Frontier

from composer.cli.options import Force, Nominations, ScenarioArg

CRITERIA_HELP = (
    "size, score, share:COLUMN=VALUE (e.g. share:developing=yes), coverage:min, "
    "coverage:total, shortfall or budget; prefix min: or max: to choose the direction"
)

PerPoint = Annotated[
    float,
    typer.Option(
        "--time-limit", min=0.1, max=10_000_000.0, help="Seconds for each point (each solve)."
    ),
]


def check_outputs(paths: list[Path | None], force: bool) -> None:
    """Refuse, before any work, to overwrite an output file without ``--force``."""
    from composer.files import ensure_writable

    for path in paths:
        if path is not None:
            ensure_writable(path, force=force)


def write_png(
    path: Path, draw: Callable[[Any], Any], size: tuple[float, float], force: bool
) -> None:
    """Draw a chart headless (``draw(ax)``) and write it as a PNG, atomically."""
    from composer.export.charts import figure_png
    from composer.files import write_atomic

    data = figure_png(draw, size, dpi=150)

    def writer(tmp: Path) -> None:
        tmp.write_bytes(data)

    write_atomic(path, writer, force=force)


def write_tradeoffs_workbook(front: Frontier, path: Path, *, force: bool = False) -> Path:
    """The shortlist workbook of the chosen (best-y) point, with a Trade-offs sheet and chart."""
    import io

    from openpyxl.drawing.image import Image

    from composer.errors import ComposerError, Problem

    try:
        from composer.export.excel import build_workbook
    except ImportError:
        raise ComposerError(
            "the shortlist workbook cannot be written by this installation",
            [Problem("composer.export.excel is missing", fix="use --json or --png instead")],
            code="no_workbook",
        ) from None
    from composer.export.charts import figure_png
    from composer.export.tradeoff_charts import pareto_chart
    from composer.files import ensure_writable, write_atomic

    ensure_writable(path, force=force)
    chosen = front.best()
    sheet = front.to_sheet()
    book = build_workbook(chosen.result, extra_sheets={"Trade-offs": sheet})
    png = figure_png(lambda ax: pareto_chart(front, ax, highlight=chosen), (6.4, 4.0))
    book.worksheets[-1].add_image(Image(io.BytesIO(png)), f"A{len(sheet) + 4}")
    return write_atomic(path, lambda tmp: book.save(tmp), force=force)


def frontier_command(
    scenario: ScenarioArg,
    x: Annotated[str, typer.Option("--x", help=f"Criterion across: {CRITERIA_HELP}.")] = "size",
    y: Annotated[str, typer.Option("--y", help="Criterion up (same choices as --x).")] = "score",
    points: Annotated[
        int, typer.Option("--points", help="Most points to compute (at least 2).")
    ] = 20,
    every: Annotated[
        bool, typer.Option("--all", help="Find every non-dominated point (ignores --points).")
    ] = False,
    nominations: Nominations = None,
    json_path: Annotated[Path | None, typer.Option("--json", help="Write the front.")] = None,
    png: Annotated[Path | None, typer.Option("--png", help="Draw the front.")] = None,
    xlsx: Annotated[
        Path | None,
        typer.Option("--xlsx", help="Shortlist workbook of the chosen point + Trade-offs sheet."),
    ] = None,
    trade_soft: Annotated[
        bool,
        typer.Option(
            "--trade-soft",
            help="Let the criteria trade the soft rules' shortfall (default: held at its least).",
        ),
    ] = False,
    time_limit: PerPoint = 60.0,
    processes: Annotated[
        int | None, typer.Option("--processes", min=1, help="Parallel processes (default: auto).")
    ] = None,
    force: Force = False,
) -> None:
    """The exact Pareto front between two criteria: every roster that no other beats on both.

    Example: composer frontier scenarios/wgig-2004.toml --x share:developing=yes --png front.png

    Each point is proven (or marked feasible with its gap when --time-limit cut it short).
    Exit codes: 0 a front, 2 bad input, 3 no roster keeps the rules, 4 time limit, 1 bug.
    """
    from composer.analysis.frontier import frontier
    from composer.cli.app import console, guard, print_warnings, styled
    from composer.engine.solve import SolveOptions, load_inputs
    from composer.export.tradeoff_charts import pareto_chart

    guard(lambda: check_outputs([json_path, png, xlsx], force))
    pool, loaded = guard(lambda: load_inputs(nominations, scenario))
    print_warnings(pool.warnings)
    options = SolveOptions(time_limit=time_limit)
    front = guard(
        lambda: frontier(
            pool,
            loaded,
            x,
            y,
            None if every else points,
            options,
            processes=processes,
            keep_soft=not trade_soft,
        )
    )
    console.print(_table(front))
    console.print(front.summary())
    for note in front.notes:
        console.print(styled("Note:", "yellow", f" {note}"))
    if json_path is not None:
        guard(lambda: front.to_json(json_path, force=force))
        console.print(f"Wrote {json_path}")
    if png is not None:
        guard(lambda: write_png(png, lambda ax: pareto_chart(front, ax), (6.4, 4.0), force))
        console.print(f"Wrote {png}")
    if xlsx is not None and front.points:
        guard(lambda: write_tradeoffs_workbook(front, xlsx, force=force))
        console.print(f"Wrote {xlsx} (the chosen roster, with a Trade-offs sheet)")
    if not front.points:  # interrupted before the first point
        raise typer.Exit(130)


def _table(front: Frontier) -> Any:
    from rich.table import Table

    table = Table(title=f"{front.scenario.name}: trade-offs", title_justify="left")
    for heading in ("", front.x.key, front.y.key, "status", "gap", "members"):
        table.add_column(heading, justify="left" if heading == "status" else "right")
    best = front.best() if front.points else None
    for k, p in enumerate(front.points, start=1):
        gap = "" if p.gap is None else f"{p.gap:.2%}"
        mark = f"{k} (chosen)" if p is best else str(k)
        x, y = _shown(front.x, p.x), _shown(front.y, p.y)
        table.add_row(mark, x, y, p.status.value, gap, str(len(p.selected)))
    return table


def _shown(criterion: Any, value: Any) -> str:
    number = criterion.display(value)
    if criterion.kind == "share":
        return f"{float(number):.1%}"
    return f"{number:g}" if isinstance(number, float) else str(number)
