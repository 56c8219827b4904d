"""Read an input file safely: a regular file only (no folder, pipe or device), bounded in size.

A scenario or nominations path that is a FIFO would block forever, ``/dev/zero`` would fill
memory, and a folder cannot be read at all; each gets a clear message instead.  The size
limit (:data:`DEFAULT_MAX_MB`) can be raised with the environment variable
``COMPOSER_MAX_INPUT_MB``.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from composer.errors import ComposerError, NominationsError, Problem

#: The largest input file read, in megabytes, unless COMPOSER_MAX_INPUT_MB says otherwise.
DEFAULT_MAX_MB = 200
LIMIT_VARIABLE = "COMPOSER_MAX_INPUT_MB"


def max_input_bytes() -> int:
    """The size limit on input files, in bytes."""
    text = os.environ.get(LIMIT_VARIABLE, "")
    try:
        megabytes = float(text) if text.strip() else DEFAULT_MAX_MB
    except ValueError:
        megabytes = DEFAULT_MAX_MB
    return int(max(0.0, min(megabytes, 1e6)) * (1 << 20))


def read_input(path: Path, what: str, error: type[ComposerError] = NominationsError) -> bytes:
    """The bytes of the ``what`` file at ``path`` ("nominations", "scenario"), or an ``error``."""

    def fail(summary: str, message: str, fix: str) -> ComposerError:
        return error(f"{path}: {summary}", [Problem(message, fix=fix, file=str(path))])

    try:
        info = path.stat()
    except FileNotFoundError:
        raise fail(
            "file not found",
            f"the {what} file does not exist",
            "check the path and the file name",
        ) from None
    except OSError as exc:
        from composer.files import os_problem

        problem = os_problem(exc, path, writing=False)
        raise fail(problem.message, problem.message, problem.fix) from None
    if stat.S_ISDIR(info.st_mode):
        raise fail(
            "is a folder, not a file",
            f"the {what} path names a folder",
            "name the file inside the folder",
        )
    if not stat.S_ISREG(info.st_mode):
        raise fail(
            "is not a regular file",
            f"the {what} path is a special file (a device, pipe or socket)",
            "name an ordinary file",
        )
    limit = max_input_bytes()
    if info.st_size > limit:
        raise fail(
            "the file is too large",
            f"the {what} file has {info.st_size / (1 << 20):.2f} MB; composer reads at most "
            f"{limit / (1 << 20):.2f} MB",
            f"split the file, or raise the limit with {LIMIT_VARIABLE}=<megabytes>",
        )
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        from composer.files import os_problem

        problem = os_problem(exc, path, writing=False)
        raise fail(problem.message, problem.message, problem.fix) from None
    if len(data) > limit:
        raise fail(
            "the file is too large",
            f"the {what} file grew past {limit / (1 << 20):.2f} MB while being read",
            f"split the file, or raise the limit with {LIMIT_VARIABLE}=<megabytes>",
        )
    return data
