"""Command-line arguments and options that several verbs share, spelled and explained once."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

ScenarioArg = Annotated[Path, typer.Argument(help="Scenario TOML file.")]
Nominations = Annotated[
    Path | None,
    typer.Option("--nominations", "-n", help="Nominations CSV/XLSX (default: the scenario's)."),
]
JsonOut = Annotated[Path | None, typer.Option("--json", help="Write the result JSON here.")]
Force = Annotated[bool, typer.Option("--force", help="Replace output files that exist.")]
Workers = Annotated[int, typer.Option("--workers", min=1, help="CP-SAT worker threads.")]
Seed = Annotated[int, typer.Option("--seed", help="CP-SAT random seed.")]
