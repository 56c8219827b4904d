"""Benchmark reports share pages in ``docs/``: each script rewrites only its own section."""

from __future__ import annotations

import re
from pathlib import Path


def replace_section(page: Path, heading: str, text: str) -> None:
    """Put ``text`` in place of the page's ``heading`` section (``## ...``), or append it.

    A section runs from its heading line to the next ``## `` heading (or the end).
    """
    old = page.read_text(encoding="utf-8") if page.exists() else ""
    parts = re.split(r"(?m)^(?=## )", old)  # the part before the first heading, then sections
    body = text.rstrip("\n") + "\n"
    for k, part in enumerate(parts):
        if part.splitlines()[:1] == [heading]:
            parts[k] = body + ("\n" if k < len(parts) - 1 else "")
            break
    else:
        if old.strip():
            parts[-1] = parts[-1].rstrip("\n") + "\n\n"
        parts.append(body)
    page.write_text("".join(parts), encoding="utf-8")
