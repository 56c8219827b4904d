"""Verbs for negotiated appointments: ``alternatives``, ``replace`` and ``reserves``."""

from __future__ import annotations

import csv
import io
import json
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from composer.cli.app import console, errors, exit_code, guard, print_warnings, styled
from composer.cli.options import (
    Force,
    JsonOut,
    Nominations,
    ScenarioArg,
    Seed,
    Workers,
)
from composer.errors import (
    ComposerError,
    Problem,
)
from composer.inputs.columns import normalise_column

if TYPE_CHECKING:
    from composer.engine.result import Result

TimeLimit = Annotated[
    float, typer.Option("--time-limit", min=0.1, max=10_000_000.0, help="Seconds for each solve.")
]


class RankOrder(StrEnum):
    """How the reserves verb ranks replacements."""

    SCORE = "score"
    SCENARIO = "scenario"


def _write_json(path: Path | None, record: dict[str, Any], force: bool) -> None:
    if path is None:
        return
    from composer.files import write_text

    text = json.dumps(record, indent=2, ensure_ascii=False, default=str) + "\n"
    guard(lambda: write_text(path, text, force=force))
    console.print(f"Wrote {path}")


def _ready(paths: list[Path | None], force: bool) -> None:
    from composer.files import ensure_writable

    for path in paths:
        if path is not None:
            guard(partial(ensure_writable, path, force=force))


def _stop_unless_found(result: Result) -> None:
    """Print why there is no roster and exit with the contract's code."""
    if result.ok:
        return
    from composer.analysis.summary import result_panel
    from composer.engine.result import Status

    console.print(result_panel(result))
    if result.status == Status.UNKNOWN:
        errors.print("The time limit came before any roster was found: raise --time-limit.")
    raise typer.Exit(exit_code(result))


def _frame_table(title: str, frame: Any, limit: int = 40) -> Table:
    table = Table(title=title, title_justify="left")
    for column in frame.columns:
        table.add_column(str(column).replace("_", " "), overflow="fold")
    for row in frame.head(limit).itertuples(index=False):
        table.add_row(*("" if value is None or value != value else str(value) for value in row))
    return table


def alternatives_command(
    scenario: ScenarioArg,
    nominations: Nominations = None,
    k: Annotated[int, typer.Option("-k", "--k", help="How many rosters, at most.")] = 5,
    min_difference: Annotated[
        int, typer.Option("--min-difference", help="Members each roster must differ by.")
    ] = 3,
    within: Annotated[
        float, typer.Option("--within", help="Score band: 0.02 keeps rosters within 2%.")
    ] = 0.02,
    json_path: JsonOut = None,
    time_limit: TimeLimit = 60.0,
    workers: Workers = 1,
    seed: Seed = 0,
    force: Force = False,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Also write the optimum's shortlist workbook, with an Alternatives sheet.",
        ),
    ] = None,
) -> None:
    """Up to K distinct near-optimal rosters, the members common to all, and those that vary.

    Example: composer alternatives scenarios/wgig-2004.toml -k 5 --min-difference 3 --json alt.json

    The JSON is the optimum's result with "alternatives": [{"selected", "objective",
    "differs_by"}, ...], the optimum first. Exit codes as for solve.
    """
    from composer.analysis.alternatives import alternatives
    from composer.engine.solve import SolveOptions, load_inputs

    _ready([json_path, out], force)
    pool, loaded = guard(lambda: load_inputs(nominations, scenario))
    print_warnings(pool.warnings)
    options = SolveOptions(time_limit=time_limit, workers=workers, seed=seed)
    found = guard(lambda: alternatives(pool, loaded, k, min_difference, within, options))
    _stop_unless_found(found.best)
    console.print(styled(loaded.name, "bold", f": {found.summary()}"))
    console.print(_frame_table("Rosters", found.frame()))
    varying = found.varying().drop(columns=["country", "gender", "score"], errors="ignore")
    console.print(_frame_table("Members who vary", varying))
    record = found.best.to_dict()
    record["alternatives"] = found.to_list()
    record["alternatives_note"] = found.stopped
    _write_json(json_path, record, force)
    if out is not None:
        from composer.export.excel import write_shortlist

        sheets = {"Alternatives": found.frame()}
        guard(lambda: write_shortlist(found.best, out, force=force, extra_sheets=sheets))
        console.print(f"Wrote {out}")
    raise typer.Exit(exit_code(found.best))


def read_roster(path: Path) -> list[str]:
    """Member ids from a roster file: result JSON ("selected"), CSV, or a shortlist workbook.

    In a CSV or workbook the ids are the column headed ``id`` (the first 30 rows are searched
    for the heading); in a workbook, the sheet "Shortlist" if there is one, else the first.
    """
    if not path.exists():
        raise ComposerError(
            f"{path}: roster file not found",
            [Problem("the file does not exist", fix="check the path", file=str(path))],
        )
    suffix = path.suffix.lower()
    if suffix == ".json":
        try:
            ids = json.loads(path.read_text(encoding="utf-8"))["selected"]
        except (ValueError, KeyError, TypeError):
            ids = None
        if not isinstance(ids, list):
            raise _unreadable(path, 'a result JSON file with a "selected" list')
        return [str(i) for i in ids]
    if suffix in (".xlsx", ".xlsm"):
        from composer.inputs.xlsx_reader import read_sheet

        data = path.read_bytes()
        try:
            rows = read_sheet(data, path.name, "Shortlist").rows
        except ComposerError:
            rows = read_sheet(data, path.name).rows
    elif suffix in (".csv", ".txt"):
        text = path.read_bytes().decode("utf-8-sig", errors="replace")
        rows = list(csv.reader(io.StringIO(text)))
    else:
        raise _unreadable(path, "a .json, .csv or .xlsx file")
    for number, row in enumerate(rows[:30]):
        heads = [normalise_column(_text(c)) for c in row]
        if "id" in heads:
            column = heads.index("id")
            ids = [_text(r[column]) for r in rows[number + 1 :] if column < len(r)]
            return [i for i in ids if i]
    raise _unreadable(path, "a table with a column headed 'id'")


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()


def _unreadable(path: Path, wanted: str) -> ComposerError:
    return ComposerError(
        f"{path}: cannot read a roster from this file",
        [
            Problem(
                f"expected {wanted}",
                fix="pass the roster as result JSON, CSV or the shortlist workbook",
                file=str(path),
            )
        ],
    )


def replace_command(
    scenario: ScenarioArg,
    keep: Annotated[
        Path,
        typer.Option(
            "--keep",
            help="The current roster: result JSON, a CSV with an id column, or the "
            "shortlist workbook.",
        ),
    ],
    withdrawn: Annotated[
        list[str] | None, typer.Option("--withdrawn", help="A member who withdrew (repeat).")
    ] = None,
    pin: Annotated[
        list[str] | None, typer.Option("--pin", help="A nominee who must be in (repeat).")
    ] = None,
    nominations: Nominations = None,
    json_path: JsonOut = None,
    time_limit: TimeLimit = 60.0,
    workers: Workers = 1,
    seed: Seed = 0,
    force: Force = False,
) -> None:
    """Re-solve after withdrawals, keeping as many current members as possible.

    Example: composer replace scenarios/wgig-2004.toml --keep result.json --withdrawn N-017

    Prints what changed and why; the JSON is the new result with "changes". Exit codes as for
    solve (2 also for an id that is not on the roster).
    """
    from composer.analysis.replace import replace_roster
    from composer.engine.solve import SolveOptions, load_inputs

    _ready([json_path], force)
    pool, loaded = guard(lambda: load_inputs(nominations, scenario))
    print_warnings(pool.warnings)
    current = guard(lambda: read_roster(keep))
    options = SolveOptions(time_limit=time_limit, workers=workers, seed=seed)
    found = guard(lambda: replace_roster(pool, loaded, current, withdrawn or [], pin, options))
    _stop_unless_found(found.after)
    console.print(styled(loaded.name, "bold", f": {found.after.status.value}. {found.summary()}"))
    console.print(_frame_table("Changes", found.frame()[["id", "name", "change", "reason"]]))
    record = found.after.to_dict()
    record["changes"] = found.to_dict()
    _write_json(json_path, record, force)
    raise typer.Exit(exit_code(found.after))


def reserves_command(
    scenario: ScenarioArg,
    nominations: Nominations = None,
    per_member: Annotated[
        int, typer.Option("--per-member", help="Replacements listed per member.")
    ] = 3,
    rank_by: Annotated[
        RankOrder,
        typer.Option(
            "--rank-by",
            help="score: least score lost first; scenario: soft rules first, then score.",
        ),
    ] = RankOrder.SCORE,
    json_path: JsonOut = None,
    xlsx: Annotated[
        Path | None,
        typer.Option("--xlsx", help="Write the shortlist workbook with a Reserves sheet."),
    ] = None,
    time_limit: TimeLimit = 60.0,
    workers: Workers = 1,
    seed: Seed = 0,
    force: Force = False,
) -> None:
    """Solve, then list who can replace each member without breaking a hard rule.

    Example: composer reserves scenarios/wgig-2004.toml --per-member 3 --json reserves.json

    Every replacement listed is re-checked by the independent checker.
    """
    from composer.analysis.reserves import RankBy, reserves
    from composer.engine.solve import SolveOptions, load_inputs, solve

    _ready([json_path, xlsx], force)
    pool, loaded = guard(lambda: load_inputs(nominations, scenario))
    print_warnings(pool.warnings)
    options = SolveOptions(time_limit=time_limit, workers=workers, seed=seed)
    result = guard(lambda: solve(pool, loaded, options))
    _stop_unless_found(result)
    order: RankBy = "scenario" if rank_by == RankOrder.SCENARIO else "score"
    found = guard(lambda: reserves(result, per_member, order))
    console.print(
        styled(
            loaded.name,
            "bold",
            f": {result.status.value}, {result.size} members. {found.summary()}",
        )
    )
    shown = ["rank", "id", "name", "can_replace", "best_for", "score_change", "soft_shortfall"]
    console.print(_frame_table("Reserve list (top 20)", found.ranking[shown], limit=20))
    record = result.to_dict()
    record["reserves"] = found.to_dict()
    _write_json(json_path, record, force)
    if xlsx is not None:
        try:
            from composer.export.excel import write_shortlist
        except ImportError:
            errors.print(
                styled("Error:", "bold red", " the workbook writer is not installed here.")
            )
            raise typer.Exit(2) from None
        sheets = {"Reserves": found.to_sheet()}
        guard(
            lambda: write_shortlist(
                result, xlsx, force=force, extra_sheets=sheets, naming=["Reserves"]
            )
        )
        console.print(f"Wrote {xlsx} (internal: its Reserves sheet names nominees not selected)")
    raise typer.Exit(exit_code(result))
