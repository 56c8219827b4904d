"""The PDF statement's font, and the characters it cannot show.

The PDF statement is set in DejaVu Sans (shipped with matplotlib: Latin with every diacritic,
Cyrillic, Greek and more), embedded as TrueType so the text can be searched and copied.  A
script it has no glyphs for (Chinese, Japanese, Korean, Arabic, ...) would print as empty boxes;
:func:`missing_note` says so plainly instead, and points at the HTML statement.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import cache

#: The font family of the PDF statement.
PDF_FONT = "DejaVu Sans"


@cache
def _charmap() -> frozenset[int]:
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    path = font_manager.findfont(font_manager.FontProperties(family=PDF_FONT))
    return frozenset(FT2Font(path).get_charmap())


def missing_characters(texts: Iterable[str]) -> list[str]:
    """The characters of ``texts`` the PDF font has no glyph for, in first-seen order."""
    known = _charmap()
    found: dict[str, None] = {}
    for text in texts:
        for char in text:
            if char.isprintable() and not char.isspace() and ord(char) not in known:
                found[char] = None
    return list(found)


def _script(char: str) -> str:
    """A rough script name: 'CJK' for '王', 'ARABIC' for 'ع'."""
    return unicodedata.name(char, "UNKNOWN").split()[0]


def missing_note(texts: Iterable[str]) -> str | None:
    """A plain sentence naming the characters the PDF cannot show, or None when it shows all."""
    missing = missing_characters(texts)
    if not missing:
        return None
    scripts = ", ".join(dict.fromkeys(_script(c) for c in missing))
    sample = " ".join(f"U+{ord(c):04X}" for c in missing[:8])
    return (
        f"Note: {len(missing)} character(s) in this statement ({sample}; script: {scripts}) "
        f"have no glyph in the PDF font ({PDF_FONT}) and show as empty boxes here; "
        "the HTML statement shows them as written."
    )
