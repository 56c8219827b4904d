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
#: The bounds of numeric options (CP-SAT keeps threads and seeds in 32-bit integers).
MAX_WORKERS = 256
MAX_SEED = 2**31 - 1
MAX_SECONDS = 10_000_000.0
Workers = Annotated[
    int, typer.Option("--workers", min=1, max=MAX_WORKERS, help="CP-SAT worker threads.")
]
Seed = Annotated[int, typer.Option("--seed", min=0, max=MAX_SEED, help="CP-SAT random seed.")]
