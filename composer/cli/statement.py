"""``composer statement``: the balance statement of a roster, as HTML or PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def statement_command(
    scenario: Annotated[Path, typer.Argument(help="Scenario TOML file.")],
    out: Annotated[
        Path, typer.Option("--out", "-o", help="The statement to write: .html or .pdf.")
    ],
    nominations: Annotated[
        Path | None,
        typer.Option("--nominations", "-n", help="Nominations CSV/XLSX (default: the scenario's)."),
    ] = None,
    include_names: Annotated[
        bool,
        typer.Option(
            "--include-names",
            help="Also list the nominees not selected, by name (internal use only).",
        ),
    ] = False,
    time_limit: Annotated[
        float,
        typer.Option("--time-limit", min=0.1, max=10_000_000.0, help="Seconds for the solve."),
    ] = 60.0,
    force: Annotated[bool, typer.Option("--force", help="Replace the file if it exists.")] = False,
) -> None:
    """Write the balance statement for a consultation round (names selected members only).

    Mandate and rules in words, composition against every rule with charts, coverage, the
    price of balance, nominations received and selected, and the method with SHA-256s.

    Example: composer statement scenarios/wgig-2004.toml --out statement.html
    """
    from composer.cli.app import console, guard, print_warnings
    from composer.engine.solve import compose
    from composer.export.report import FORMATS, write_statement
    from composer.files import ensure_writable

    if out.suffix.lower() not in FORMATS:
        from composer.errors import ComposerError, Problem

        def refuse() -> None:
            raise ComposerError(
                f"{out}: a statement is written as .html or .pdf",
                [
                    Problem(
                        f"the name ends in '{out.suffix or '(nothing)'}'",
                        fix=f"use {out.with_suffix('.html')} or {out.with_suffix('.pdf')}",
                    )
                ],
                code="bad_output",
            )

        guard(refuse)
    guard(lambda: ensure_writable(out, force=force))
    result = guard(lambda: compose(nominations, scenario, time_limit=time_limit))
    print_warnings(result.pool.warnings)
    written = guard(lambda: write_statement(result, out, include_names=include_names, force=force))
    console.print(
        f"Wrote {written}"
        + (" (internal: it names nominees not selected)" if include_names else "")
    )
