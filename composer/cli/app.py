"""The ``composer`` command line: demo, solve, validate, schema."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO, TypeVar, cast

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from composer.cli.options import Force, Seed, Workers
from composer.errors import (
    EXIT_BAD_INPUT,
    EXIT_BUG,
    EXIT_INFEASIBLE,
    EXIT_OK,
    EXIT_TIMEOUT,
    ComposerError,
    Problem,
)

if TYPE_CHECKING:
    from composer.engine.result import Result
    from composer.inputs.nominations import Pool

app = typer.Typer(
    name="composer",
    help="Choose a balanced, proven-optimal body from a pool of nominations.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class _Quiet(io.TextIOBase):
    """Standard output that stops writing, silently, once the reader has gone (``| head``)."""

    def __init__(self) -> None:
        self._closed = False

    @property
    def _stream(self) -> TextIO:
        return sys.stdout  # looked up each time, so redirections (tests, notebooks) apply

    def write(self, text: str) -> int:
        if not self._closed:
            try:
                self._stream.write(text)
            except BrokenPipeError:
                self._closed = True
        return len(text)

    def flush(self) -> None:
        if not self._closed:
            try:
                self._stream.flush()
            except BrokenPipeError:
                self._closed = True

    def isatty(self) -> bool:
        return self._stream.isatty()


# markup off: user text (a name such as ``Ana [/] Lima``, a TOML key such as [budget]) is
# printed as written, never read as rich markup; styled labels go through ``styled``.
console = Console(file=cast(TextIO, _Quiet()), markup=False)
errors = Console(stderr=True, markup=False)


def styled(label: str, style: str, rest: str = "") -> Text:
    """``label`` in ``style`` followed by ``rest`` as plain text (never markup)."""
    return Text.assemble((label, style), rest)


T = TypeVar("T")


def problems_table(problems: list[Problem]) -> Table:
    """A table of problems: where, what is wrong, how to fix it."""
    table = Table(show_lines=False)
    for heading in ("where", "problem", "how to fix it"):
        table.add_column(heading, overflow="fold")
    for problem in problems:
        table.add_row(*(problem.location() or "-", problem.message, problem.fix))
    return table


def guard(action: Callable[[], T]) -> T:
    """Run an action; turn composer errors into a readable message and their exit code."""
    try:
        return action()
    except ComposerError as exc:
        errors.print(styled("Error:", "bold red", f" {exc.summary}"))
        if exc.problems:
            errors.print(problems_table(exc.problems))
        raise typer.Exit(exc.exit_code) from None
    except (typer.Exit, typer.Abort):
        raise
    except KeyboardInterrupt:
        raise typer.Exit(interrupted()) from None
    except OSError as exc:  # a file-system failure the action did not foresee
        from composer.files import os_problem

        problem = os_problem(exc, writing=False)
        errors.print(
            styled("Error:", "bold red", f" {problem.file or 'a file'}: {problem.message}")
        )
        errors.print(problems_table([problem]))
        raise typer.Exit(EXIT_BAD_INPUT) from None
    except (OverflowError, RecursionError, MemoryError) as exc:  # input beyond any sense
        errors.print(
            styled(
                "Error:",
                "bold red",
                " the input holds a number too large or a structure too deep "
                f"to work with ({type(exc).__name__})",
            )
        )
        errors.print("Check the numbers and nesting in the scenario and nominations files.")
        raise typer.Exit(EXIT_BAD_INPUT) from None
    except Exception as exc:  # a bug: say so plainly, with the details for a report
        errors.print(styled("Internal error (a bug in composer):", "bold red", f" {exc!r}"))
        errors.print("Please report it with the command and input files.")
        raise typer.Exit(EXIT_BUG) from exc


EXIT_INTERRUPTED = 130
_announced: list[bool] = []


def interrupted() -> int:
    """Say "Interrupted." (once) and return the exit code for Ctrl-C."""
    if not _announced:
        _announced.append(True)
        errors.print("Interrupted.")
    return EXIT_INTERRUPTED


def exit_code(result: Result) -> int:
    """The contract's exit code for a result's status."""
    from composer.engine.result import Status

    return {
        Status.OPTIMAL: EXIT_OK,
        Status.FEASIBLE: EXIT_OK,
        Status.INFEASIBLE: EXIT_INFEASIBLE,
        Status.UNKNOWN: EXIT_TIMEOUT,
    }[result.status]


def print_warnings(warnings: list[Problem]) -> None:
    """Print each intake warning (the nominations as read: headings, lists, duplicates...)."""
    for warning in warnings:
        console.print(styled("Warning", "yellow", f": {warning}"))


def extra_columns(pool: Pool) -> str:
    """The file's columns composer has no meaning for, as "'Heading' (column)" text."""
    from composer.inputs.columns import KNOWN

    shown = [
        f"'{heading}'" + ("" if heading == column else f" ({column})")
        for column, heading in pool.headings.items()
        if column not in KNOWN
    ]
    return ", ".join(shown)


def _finish(result: Result, json_path: Path | None, force: bool) -> None:
    from composer.analysis.summary import result_panel
    from composer.engine.result import Status

    print_warnings(result.pool.warnings)
    console.print(result_panel(result))
    if json_path is not None:
        result.to_json(json_path, force=force)
        console.print(f"Wrote {json_path}")
    if result.status == Status.UNKNOWN:
        errors.print(
            "The time limit came before any roster was found: "
            "raise --time-limit, or relax the rules."
        )
    raise typer.Exit(exit_code(result))


TimeLimit = Annotated[
    float,
    typer.Option("--time-limit", min=0.1, max=10_000_000.0, help="Seconds for the whole solve."),
]


@app.command()
def demo(
    json_path: Annotated[Path, typer.Option("--json", help="Where to write the result.")] = Path(
        "result.json"
    ),
    force: Force = False,
    time_limit: TimeLimit = 60.0,
) -> None:
    """Solve the bundled WGIG 2004 scenario on its synthetic pool and write result.json.

    Example: composer demo --json wgig.json
    """
    from composer.engine.solve import compose
    from composer.files import ensure_writable
    from composer.inputs.examples import bundled_scenario

    guard(lambda: ensure_writable(json_path, force=force))
    scenario = bundled_scenario("wgig-2004.toml")
    console.print(f"Scenario: {scenario}  (synthetic, fictional nominations)")
    result = guard(lambda: compose(scenario, time_limit=time_limit))
    guard(lambda: _finish(result, json_path, force))


@app.command()
def solve(
    scenario: Annotated[Path, typer.Argument(help="Scenario TOML file.")],
    nominations: Annotated[
        Path | None,
        typer.Option("--nominations", "-n", help="Nominations CSV/XLSX (default: the scenario's)."),
    ] = None,
    json_path: Annotated[Path | None, typer.Option("--json", help="Write the result JSON.")] = None,
    time_limit: TimeLimit = 60.0,
    workers: Workers = 1,
    seed: Seed = 0,
    force: Force = False,
    out: Annotated[
        Path | None, typer.Option("--out", help="Write the shortlist workbook (.xlsx).")
    ] = None,
    explain: Annotated[
        bool,
        typer.Option(
            "--explain",
            help="With --out: add why each member is in and why the "
            "strongest nominees are out (Needed for, Reason columns).",
        ),
    ] = False,
    internal: Annotated[
        bool,
        typer.Option(
            "--internal",
            help="With --out: the internal workbook (every column, contact columns included, "
            "and a Not selected sheet). Not for sending on.",
        ),
    ] = False,
    columns: Annotated[
        str | None,
        typer.Option(
            "--columns",
            help="With --out: more columns for the shared workbook, comma-separated "
            "(e.g. 'nominated_by,email').",
        ),
    ] = None,
    alternatives: Annotated[
        int,
        typer.Option(
            "--alternatives",
            min=0,
            help="Also find up to K distinct near-optimal rosters (as `composer alternatives`).",
        ),
    ] = 0,
    min_difference: Annotated[
        int, typer.Option("--min-difference", help="With --alternatives: members to differ by.")
    ] = 3,
    within: Annotated[
        float, typer.Option("--within", help="With --alternatives: score band (0.02 = 2%).")
    ] = 0.02,
    keep: Annotated[
        Path | None,
        typer.Option(
            "--keep",
            help="Re-solve keeping as many members of this roster as "
            "possible: result JSON, CSV or shortlist workbook (as `composer replace`).",
        ),
    ] = None,
    withdrawn: Annotated[
        list[str] | None, typer.Option("--withdrawn", help="With --keep: a member who withdrew.")
    ] = None,
) -> None:
    """Choose the roster for SCENARIO.

    Example: composer solve scenarios/wgig-2004.toml --json result.json --out shortlist.xlsx

    Exit codes: 0 roster found, 2 bad input, 3 infeasible, 4 time limit with no roster, 1 bug.
    """
    from composer.engine.solve import compose
    from composer.files import ensure_writable

    if keep is not None or alternatives:
        from composer.cli import resolve

        if keep is not None:
            resolve.replace_command(
                scenario,
                keep,
                withdrawn,
                None,
                nominations,
                json_path,
                time_limit,
                workers,
                seed,
                force,
            )
        resolve.alternatives_command(
            scenario,
            nominations,
            alternatives,
            min_difference,
            within,
            json_path,
            time_limit,
            workers,
            seed,
            force,
            out,
        )
    for path in (json_path, out):
        if path is not None:
            guard(partial(ensure_writable, path, force=force))
    result = guard(
        lambda: compose(nominations, scenario, time_limit=time_limit, workers=workers, seed=seed)
    )
    if out is not None and result.ok:
        reasons = guard(lambda: result.explain(prices=False)) if explain else None
        extra = [c for c in (columns or "").split(",") if c.strip()]
        guard(
            lambda: result.to_excel(
                out, force=force, explanation=reasons, internal=internal, columns=extra
            )
        )
        console.print(f"Wrote {out}")
    guard(lambda: _finish(result, json_path, force))


@app.command()
def validate(
    nominations: Annotated[Path, typer.Argument(help="Nominations CSV/XLSX file.")],
    scenario: Annotated[
        Path | None,
        typer.Option(
            "--scenario", "-s", help="Also check that this scenario's rules match the file."
        ),
    ] = None,
    sheet: Annotated[str | None, typer.Option("--sheet", help="Worksheet to read.")] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Treat warnings as problems: exit 2 if any.")
    ] = False,
) -> None:
    """Report every problem in a nominations file at once (exit 2 if any).

    Example: composer validate nominations.xlsx --scenario scenarios/wgig-2004.toml --strict
    """
    from composer.inputs.nominations import SUMMARY_COLUMNS, load_nominations
    from composer.rules.bind import bind
    from composer.rules.needs import needs_of
    from composer.rules.scenario import load_scenario
    from composer.rules.shown import shown_columns

    loaded = guard(lambda: load_scenario(scenario)) if scenario is not None else None
    columns = loaded.columns if loaded else {}
    places = loaded.geography.anchored(scenario.resolve().parent) if loaded and scenario else None
    needs = needs_of(loaded) if loaded else None
    pool = guard(
        lambda: load_nominations(
            nominations, sheet=sheet, columns=columns, geography=places, needs=needs
        )
    )
    if loaded is not None:
        guard(lambda: bind(loaded, pool))
    print_warnings(pool.warnings)
    if strict and pool.warnings:
        count = len(pool.warnings)
        errors.print(
            styled(
                "Error:",
                "bold red",
                f" {count} warning(s) in {nominations.name}, "
                "and --strict treats warnings as problems",
            )
        )
        raise typer.Exit(EXIT_BAD_INPUT)
    console.print(
        styled(
            "OK",
            "green",
            f": {len(pool)} nominations in {nominations.name}, no problems"
            + (f" ({len(pool.warnings)} warning(s) above)" if pool.warnings else "")
            + (f"; every rule of {scenario.name} matches the file" if scenario else ""),
        )
    )
    extra = extra_columns(pool)
    if extra:
        console.print("Other columns, kept as they are (usable in rules): " + extra)
    table = Table(title="Nominations by group", title_justify="left")
    for heading in ("column", "value", "nominations"):
        table.add_column(heading)
    # with a scenario: the columns its rules balance (a body's own categories)
    shown = shown_columns(loaded, pool, SUMMARY_COLUMNS) if loaded else None
    for row in pool.summary(shown).itertuples(index=False):
        table.add_row(str(row.column), str(row.value), str(row.nominations))
    console.print(table)


@app.command()
def schema(
    out: Annotated[Path | None, typer.Option("--out", help="Write the schema here.")] = None,
    force: Force = False,
) -> None:
    """Print (or write) the JSON Schema of the scenario format.

    Example: composer schema --out scenario.schema.json
    """
    import json

    from composer.files import write_text
    from composer.rules.scenario import json_schema

    text = json.dumps(json_schema(), indent=2, sort_keys=True) + "\n"
    if out is None:
        sys.stdout.write(text)
    else:
        guard(lambda: write_text(out, text, force=force))
        console.print(f"Wrote {out}")


def main() -> None:
    """Entry point of the ``composer`` console script (see :mod:`composer.cli.entry`)."""
    from composer.cli.entry import main as run

    run()


def _register_extensions() -> None:
    from composer.cli.verbs import register_all

    register_all(app)


_register_extensions()


__all__ = ["EXIT_BAD_INPUT", "app", "console", "errors", "guard", "main", "problems_table"]
