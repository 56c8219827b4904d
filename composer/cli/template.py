"""``composer template``: write the nomination intake workbook."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def template(
    path: Annotated[Path, typer.Argument(help="The workbook to write (.xlsx).")],
    scenario: Annotated[
        Path | None,
        typer.Option("--scenario", "-s", help="List this scenario's expertise areas."),
    ] = None,
    rows: Annotated[
        int, typer.Option("--rows", min=1, max=100_000, help="Empty rows in the table.")
    ] = 200,
    force: Annotated[bool, typer.Option("--force", help="Replace the file if it exists.")] = False,
) -> None:
    """Write a nomination template: fill in its Nominations sheet, then validate or solve it.

    Example: composer template nominations.xlsx --scenario scenarios/wgig-2004.toml
    """
    from composer.cli.app import console, guard
    from composer.export.template import write_template

    if path.suffix.lower() != ".xlsx":
        from composer.errors import ComposerError, Problem

        def refuse() -> None:
            raise ComposerError(
                f"{path}: the template is an Excel workbook",
                [Problem("the name must end in .xlsx", fix=f"use {path.with_suffix('.xlsx')}")],
                code="bad_output",
            )

        guard(refuse)
    written = guard(lambda: write_template(path, scenario=scenario, force=force, rows=rows))
    console.print(f"Wrote {written}: fill in the Nominations sheet, then run")
    console.print(f"  composer validate {written}")
