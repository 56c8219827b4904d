"""Command-line verbs beyond the core (one module each), registered on the ``composer`` app.

Each entry maps a verb name to ``"module:function"``; the function is a typer command.
Modules are imported only when the app is built, so ``composer --help`` stays fast enough.
"""

from __future__ import annotations

from importlib import import_module

import typer

#: verb -> "composer.cli.verbs.<module>:<function>"
REGISTRY: dict[str, str] = {
    "explain": "composer.cli.explain:explain_command",
    "statement": "composer.cli.statement:statement_command",
    "template": "composer.cli.template:template",
    "alternatives": "composer.cli.resolve:alternatives_command",
    "replace": "composer.cli.resolve:replace_command",
    "reserves": "composer.cli.resolve:reserves_command",
    "frontier": "composer.cli.frontier:frontier_command",
    "compare": "composer.cli.compare:compare_command",
    "sweep": "composer.cli.sweep:sweep_command",
    "lottery": "composer.cli.lottery:lottery_command",
}


def register_all(app: typer.Typer) -> None:
    """Add every registered verb to ``app``."""
    for verb, target in REGISTRY.items():
        module_name, function_name = target.split(":")
        app.command(name=verb)(getattr(import_module(module_name), function_name))
