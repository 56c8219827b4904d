"""Cell and sheet-name safety for the workbooks composer writes.

Text from nominations is untrusted: a name like ``=HYPERLINK("http://...","x")`` must reach the
reader as that text, never as a formula a spreadsheet program evaluates.  openpyxl turns any
string that starts with ``=`` into a formula (and ``#N/A`` into an error value), so every
string composer writes goes through :func:`text_cell`, which stores it as a string cell
(``t="inlineStr"``) whatever it starts with.  Characters XML cannot hold are replaced, and text
is cut at Excel's 32,767-character cell limit.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from openpyxl.cell import WriteOnlyCell

#: Excel's limits.
MAX_CELL_CHARS = 32_767
MAX_SHEET_NAME = 31
#: Leading characters that make a spreadsheet program read text as a formula or command.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_RESERVED_SHEETS = {"history"}


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet program could take ``text`` for a formula if typed in."""
    return text.startswith(FORMULA_TRIGGERS)


def clean_text(text: str) -> str:
    """Text an .xlsx cell can hold: control characters replaced, cut at 32,767 characters."""
    if _ILLEGAL.search(text):
        text = _ILLEGAL.sub("\ufffd", text)
    if len(text) > MAX_CELL_CHARS:
        text = text[: MAX_CELL_CHARS - 1] + "\u2026"
    return text


def text_cell(sheet: Any, text: str, style: Any = None) -> WriteOnlyCell:
    """A string cell for a write-only sheet: stored as text whatever ``text`` starts with."""
    cell = WriteOnlyCell(sheet)
    cell.value = clean_text(text)
    cell.data_type = "s"  # openpyxl made "=..." a formula and "#N/A" an error: undo that
    if style is not None:
        cell.style = style
    return cell


def needs_cell(value: object) -> bool:
    """Whether a plain value would be misread by openpyxl (a formula or an error code)."""
    return isinstance(value, str) and (
        value.startswith("=") or value.startswith("#") or _ILLEGAL.search(value) is not None
    )


def safe_value(sheet: Any, value: Any) -> Any:
    """``value`` itself when openpyxl stores it as written, else a string cell holding it."""
    if isinstance(value, str) and (needs_cell(value) or len(value) > MAX_CELL_CHARS):
        return text_cell(sheet, value)
    return value


def safe_sheet_name(name: str, taken: Iterable[str] = ()) -> str:
    """A valid, unused sheet name: no ``[]:*?/\\``, at most 31 characters, not 'History'."""
    text = _SHEET_FORBIDDEN.sub(" ", clean_text(str(name))).strip().strip("'").strip()
    text = " ".join(text.split()) or "Sheet"
    if text.casefold() in _RESERVED_SHEETS:
        text = f"{text} (sheet)"
    text = text[:MAX_SHEET_NAME].rstrip()
    used = {t.casefold() for t in taken}
    candidate, number = text, 2
    while candidate.casefold() in used:
        suffix = f" ({number})"
        candidate = text[: MAX_SHEET_NAME - len(suffix)].rstrip() + suffix
        number += 1
    return candidate
