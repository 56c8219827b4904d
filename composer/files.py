"""Safe output: never overwrite without ``force``, and write atomically."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from composer.errors import OutputExistsError, Problem


def ensure_writable(path: Path, *, force: bool) -> None:
    """Refuse to overwrite an existing file unless ``force``."""
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


def _file_mode(path: Path) -> int:
    """The mode the file should get: the old file's, else what the user's umask gives."""
    if path.exists():
        return path.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomic(path: Path, writer: Callable[[Path], None], *, force: bool = False) -> Path:
    """Write via ``writer(tmp)`` to a temporary file beside ``path``, then rename it in place."""
    ensure_writable(path, force=force)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(handle)
    tmp = Path(name)
    try:
        writer(tmp)
        os.chmod(tmp, _file_mode(path))
        os.replace(tmp, path)
    finally:
        if tmp.exists():
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
