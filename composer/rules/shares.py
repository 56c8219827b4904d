"""Shares as exact fractions: 0.4, "40%" and "2/5" are all 2/5."""

from __future__ import annotations

from fractions import Fraction


def parse_share(value: float | int | str) -> Fraction:
    """A share as an exact fraction: 0.4, "40%" and "2/5" are all 2/5."""
    if isinstance(value, bool):
        raise ValueError("a share is a number between 0 and 1, not true/false")
    text = str(value).strip()
    try:
        share = Fraction(text[:-1]) / 100 if text.endswith("%") else Fraction(text)
    except (ValueError, ZeroDivisionError):
        raise ValueError(f'\'{value}\' is not a share: write 0.4, "40%" or "2/5"') from None
    if not 0 <= share <= 1:
        raise ValueError(f"the share {value} is not between 0 and 1 (use 0.4 for 40%)")
    return share


def format_share(share: Fraction) -> str:
    """A share as people write it: '40%' when that is exact, else '1/3'."""
    percent = share * 100
    if percent.denominator == 1:
        return f"{percent.numerator}%"
    return f"{share.numerator}/{share.denominator}"
