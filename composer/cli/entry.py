"""The ``composer`` console script: Ctrl-C handling first, then the (heavier) app.

Ctrl-C at any moment, even while the modules are still being imported, ends with exit code
130 and "Interrupted." on the error output, and nothing written (see
:mod:`composer.interrupts`).
"""

from __future__ import annotations

import os
import sys

EXIT_INTERRUPTED = 130


def _say_interrupted() -> int:
    app = sys.modules.get("composer.cli.app")
    if app is not None and hasattr(app, "interrupted"):
        return int(app.interrupted())
    sys.stderr.write("Interrupted.\n")  # Ctrl-C came while the app was still being imported
    return EXIT_INTERRUPTED


def main() -> None:
    """Run the command line; exit with its code (130 after Ctrl-C)."""
    from composer import interrupts

    interrupts.install()
    code: int | str | None = 0
    try:
        from composer.cli.app import app

        app()
    except SystemExit as exc:  # typer ends every run this way (Ctrl-C: exit code 130)
        code = exc.code
    except BaseException:
        # Ctrl-C inside an extension module's import surfaces as another error
        if not interrupts.requested():
            raise
        code = EXIT_INTERRUPTED
    if interrupts.requested() or code == EXIT_INTERRUPTED:
        _say_interrupted()
        # A Ctrl-C that lands while an extension module runs Python code during its import
        # leaves the interpreter marked "KeyboardInterrupt unhandled", and a normal exit then
        # ends the process by SIGINT instead of 130.  Nothing is left to write or clean up
        # here (outputs are refused once interrupted; workers are stopped where they run).
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(EXIT_INTERRUPTED)
    sys.exit(code or 0)
