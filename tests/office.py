"""LibreOffice (headless) for tests: open a workbook in a real spreadsheet program, print it to
PDF and read the PDF's text back (pdftotext).

Tests that need it call :func:`require_office`: it skips when LibreOffice or poppler is missing
on a developer's machine, and FAILS in CI (``CI`` set), where ``.ci/run`` installs
``libreoffice-calc-nogui`` and ``poppler-utils``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

TIMEOUT = 120  # seconds per conversion
PACKAGES = "libreoffice-calc-nogui poppler-utils"


def require_office() -> str:
    """The soffice executable (skip, or fail in CI, when LibreOffice or pdftotext is missing)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    missing = [
        n for n, p in (("soffice", soffice), ("pdftotext", shutil.which("pdftotext"))) if not p
    ]
    if missing:
        message = f"{', '.join(missing)} not installed (apt-get install {PACKAGES})"
        if os.environ.get("CI"):
            pytest.fail(f"CI must prove workbooks in LibreOffice: {message}")
        pytest.skip(message)
    assert soffice is not None
    return soffice


def convert(workbook: Path, folder: Path, target: str = "pdf") -> Path:
    """Convert ``workbook`` with LibreOffice into ``folder`` (its own user profile, so parallel
    tests do not collide); returns the new file."""
    soffice = require_office()
    folder.mkdir(parents=True, exist_ok=True)
    profile = (folder / "lo-profile").resolve().as_uri()
    done = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            target,
            "--outdir",
            str(folder),
            str(workbook),
        ],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    extension = target.split(":")[0]
    out = folder / f"{workbook.stem}.{extension}"
    assert done.returncode == 0 and out.exists(), (
        f"LibreOffice could not convert {workbook.name}: {done.stdout}\n{done.stderr}"
    )
    return out


@dataclass
class Pdf:
    """The text of a PDF, page by page."""

    pages: list[str]

    @property
    def text(self) -> str:
        """All pages' text."""
        return "\n".join(self.pages)

    def words(self) -> list[str]:
        """Whitespace-separated words of the whole text."""
        return self.text.split()


def pdf_of(workbook: Path, folder: Path) -> Pdf:
    """Print ``workbook`` to PDF with LibreOffice and read the text of each page."""
    pdf = convert(workbook, folder, "pdf")
    done = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=True,
    )
    return Pdf([page for page in done.stdout.split("\f") if page.strip()])


def sheet_pages(pdf: Pdf) -> dict[str, int]:
    """Pages per sheet, read from the footer composer prints: '<sheet>  Page n of N'."""
    counts: dict[str, int] = {}
    for page in pdf.pages:
        lines = [line for line in page.splitlines() if line.strip()]
        match = re.match(r"\s*(.+?)\s{2,}Page \d+ of \d+\s*$", lines[-1]) if lines else None
        if match:
            counts[match.group(1)] = counts.get(match.group(1), 0) + 1
    return counts
