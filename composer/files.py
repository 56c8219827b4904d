"""Safe output: never overwrite without ``force``, never replace what is not a regular file,
check the target before the work, write atomically and clean up on failure or Ctrl-C."""

from __future__ import annotations

import errno
import json
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

from composer import interrupts
from composer.errors import ComposerError, OutputExistsError, Problem

#: The longest file name (one path component, in bytes) most file systems accept.
MAX_NAME_BYTES = 255

_OS_REASONS = {
    errno.ENOSPC: ("the disk is full", "free some space, or write to another disk"),
    errno.EDQUOT: ("the disk quota is used up", "free some space, or write elsewhere"),
    errno.EROFS: ("the file system is read-only", "write to a folder you can change"),
    errno.EACCES: ("permission denied", "write to a folder you can change, or ask for access"),
    errno.EPERM: ("permission denied", "write to a folder you can change, or ask for access"),
    errno.ENAMETOOLONG: ("the file name is too long", "choose a shorter file name"),
    errno.EISDIR: ("it is a folder, not a file", "name a file inside the folder"),
    errno.ENOTDIR: ("a part of the path is a file, not a folder", "check the path"),
    errno.ENOENT: ("the file or folder does not exist", "check the path"),
    errno.ELOOP: ("the path has too many symbolic links", "check the path"),
    errno.EIO: ("an input/output error on the device", "check the disk, then try again"),
}


def os_problem(exc: OSError, path: Path | str | None = None, *, writing: bool = True) -> Problem:
    """A :class:`Problem` that says in words what an operating-system error means."""
    reason, fix = _OS_REASONS.get(
        exc.errno or 0,
        (exc.strerror or str(exc) or type(exc).__name__, "check the path and try again"),
    )
    where = path if path is not None else exc.filename
    verb = "cannot write" if writing else "cannot read"
    return Problem(f"{verb}: {reason}", fix=fix, file=str(where) if where is not None else None)


def output_error(exc: OSError, path: Path) -> ComposerError:
    """The exit-2 error for an output that could not be written."""
    problem = os_problem(exc, path)
    return ComposerError(f"{path}: {problem.message}", [problem], code="cannot_write")


def _refuse(path: Path, message: str, fix: str) -> ComposerError:
    return ComposerError(
        f"{path}: {message}", [Problem(message, fix=fix, file=str(path))], code="cannot_write"
    )


def _check_target(path: Path) -> None:
    """Refuse targets composer must not write to, whatever ``force`` says."""
    if len(path.name.encode("utf-8", "surrogateescape")) > MAX_NAME_BYTES:
        raise _refuse(
            path,
            f"the file name is too long ({len(path.name)} characters; at most "
            f"{MAX_NAME_BYTES} bytes)",
            "choose a shorter file name",
        )
    try:
        info = path.lstat()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise output_error(exc, path) from None
    if stat.S_ISLNK(info.st_mode):
        raise _refuse(
            path,
            "it is a symbolic link; composer does not write through or replace links",
            "name the file the link points to, or another file",
        )
    if stat.S_ISDIR(info.st_mode):
        raise _refuse(path, "it is a folder, not a file", "name a file inside the folder")
    if not stat.S_ISREG(info.st_mode):
        raise _refuse(
            path,
            "it is a special file (a device, pipe or socket), not a regular file",
            "name an ordinary file",
        )


def _check_folder(path: Path) -> None:
    """The nearest existing folder of ``path`` must be a folder composer can write in."""
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir():
        raise _refuse(path, f"{folder} is not a folder", "check the path")
    try:
        handle, name = tempfile.mkstemp(prefix=".composer-probe.", dir=folder)
    except OSError as exc:
        raise output_error(exc, path) from None
    os.close(handle)
    os.unlink(name)
    try:
        space = os.statvfs(folder)
    except OSError:
        return
    if space.f_bavail == 0 and space.f_blocks > 0:
        raise output_error(OSError(errno.ENOSPC, "No space left on device"), path)


def ensure_writable(path: Path, *, force: bool) -> None:
    """Check before the work that ``path`` can be written: not an existing file unless
    ``force``; never a folder, link or special file; a folder that accepts files, with space."""
    path = Path(path)
    _check_target(path)
    if path.exists() and not force:
        raise OutputExistsError(
            f"{path} exists already",
            [
                Problem(
                    "composer does not overwrite files unless asked",
                    fix="choose another file name, or pass --force (force=True) to replace it",
                    file=str(path),
                )
            ],
        )
    _check_folder(path)


def _file_mode(path: Path) -> int:
    """The mode the file should get: the old file's, else what the user's umask gives."""
    if path.exists():
        return path.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomic(path: Path, writer: Callable[[Path], None], *, force: bool = False) -> Path:
    """Write via ``writer(tmp)`` to a temporary file beside ``path``, then rename it in place.

    The temporary file is removed on any failure and on Ctrl-C; after Ctrl-C nothing is put
    in place.  Operating-system errors (full disk, read-only folder) become a
    :class:`~composer.errors.ComposerError` (exit code 2) that says what happened.
    """
    path = Path(path)
    ensure_writable(path, force=force)
    tmp: Path | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(
            prefix=f".{path.name[:200]}.", suffix=".tmp", dir=path.parent
        )
        os.close(handle)
        tmp = Path(name)
        writer(tmp)
        os.chmod(tmp, _file_mode(path))
        interrupts.check()
        _check_target(path)  # still not a link or special file (it may have changed meanwhile)
        os.replace(tmp, path)
    except OSError as exc:
        raise output_error(exc, path) from None
    finally:
        if tmp is not None and tmp.exists():
            tmp.unlink()
    return path


def write_text(path: Path, text: str, *, force: bool = False) -> Path:
    """Write text (UTF-8) atomically, refusing to overwrite without ``force``."""

    def writer(tmp: Path) -> None:
        tmp.write_text(text, encoding="utf-8")

    return write_atomic(path, writer, force=force)


def json_text(data: object, path: Path | None = None, *, force: bool = False) -> str:
    """``data`` as indented JSON text; also written atomically to ``path`` when one is given."""
    text = json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n"
    if path is not None:
        write_text(Path(path), text, force=force)
    return text
