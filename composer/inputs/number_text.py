"""Why a number cell is not a number, and the fix that gives the number the person meant.

``'3,100'`` is refused with a message naming the thousands separator (the fix is ``3100``;
"use a point" would give 3.1), ``'$1,500'`` names the currency sign, ``'3,5'`` the decimal
comma, ``'80%'`` the percent sign.  Nothing is converted silently: the cell is an error with
the fix, and the user decides.
"""

from __future__ import annotations

import re
from decimal import Decimal

#: Spaces inside a number that are ignored (a space, a no-break space, a thin no-break space).
SPACES = (" ", "\u00a0", "\u202f")
_CURRENCY = re.compile(r"^([$€£¥₹]|US\$|USD|EUR|GBP|CHF|JPY)\s*|\s*([$€£¥₹]|USD|EUR|GBP|CHF|JPY)$")
_THOUSANDS_COMMA = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")
_THOUSANDS_POINT = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$")
_DECIMAL_COMMA = re.compile(r"^-?\d*,\d+$")


def without_spaces(text: str) -> str:
    """``text`` with the spaces people put inside numbers (``12 000``) taken out."""
    for space in SPACES:
        text = text.replace(space, "")
    return text


def _meant(text: str) -> tuple[str, str] | None:
    """(what is wrong, the number meant) for the separators people write, or None."""
    if _THOUSANDS_COMMA.match(text):
        return "',' as a thousands separator", text.replace(",", "")
    if _THOUSANDS_POINT.match(text):
        also = " and a decimal comma" if "," in text else ""
        return f"'.' as a thousands separator{also}", text.replace(".", "").replace(",", ".")
    if _DECIMAL_COMMA.match(text):
        return "a decimal comma", text.replace(",", ".")
    return None


def _plain(text: str) -> str:
    return f"{Decimal(text).normalize():f}"


def number_problem(text: str, column: str) -> tuple[str, str]:
    """``(message, fix)`` for a cell of ``column`` that is not a number."""
    bare = without_spaces(text.strip())
    sign = _CURRENCY.search(bare)
    if sign:
        symbol = (sign.group(1) or sign.group(2)).strip()
        rest = _CURRENCY.sub("", bare)
        found = _meant(rest)
        number = found[1] if found else rest
        also = f" and {found[0]}" if found else ""
        return (
            f"'{text}' is not a number: it has the currency sign '{symbol}'{also}",
            f"write {number} (the number alone; name the currency in the heading, "
            f"e.g. '{column.replace('_', ' ')} (USD)')",
        )
    if bare.endswith("%") and _meant(bare[:-1]) is None and bare[:-1].replace(".", "").isdigit():
        return (
            f"'{text}' is not a number: it has a percent sign",
            f"write {bare[:-1]} (the number alone)",
        )
    found = _meant(bare)
    if found is not None:
        what, number = found
        if what == "',' as a thousands separator":
            decimal = _plain(bare.replace(",", ".")) if bare.count(",") == 1 else None
            alt = f"; if the comma is a decimal comma, write {decimal}" if decimal else ""
            return (
                f"'{text}' is not a number: it has {what}",
                f"write {number}, without the thousands separator{alt}",
            )
        if what == "a decimal comma":
            return (
                f"'{text}' is not a number: it has {what}",
                f"write {number}, with a decimal point",
            )
        return (f"'{text}' is not a number: it has {what}", f"write {number}")
    return (f"'{text}' is not a number", f"write the {column.replace('_', ' ')} as a number")
