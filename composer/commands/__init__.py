"""Command-line verbs beyond the core (one module each), registered on the ``composer`` app.

Each entry maps a verb name to ``"module:function"``; the function is a typer command.
Modules are imported only when the app is built, so ``composer --help`` stays fast enough.
"""

from __future__ import annotations

from importlib import import_module

import typer

#: verb -> "composer.commands.<module>:<function>"
REGISTRY: dict[str, str] = {}


def register_all(app: typer.Typer) -> None:
    """Add every registered verb to ``app``."""
    for verb, target in REGISTRY.items():
        module_name, function_name = target.split(":")
        app.command(name=verb)(getattr(import_module(module_name), function_name))
