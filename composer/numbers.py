"""Exact integer scaling of decimal numbers, so the CP-SAT model never sees a float."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

MAX_DECIMALS = 6


def exact_decimal(value: float | int | str) -> Decimal:
    """The decimal a person wrote: 0.1 stays 0.1 (via the shortest repr); an empty cell is 0."""
    if isinstance(value, str) and not value.strip():
        return Decimal(0)
    return Decimal(repr(float(value))) if isinstance(value, float) else Decimal(str(value))


def scale_for(values: Iterable[float | int | str]) -> int:
    """The power of ten that turns every value into an integer (at most 10**MAX_DECIMALS)."""
    decimals = 0
    for value in values:
        exponent = exact_decimal(value).normalize().as_tuple().exponent
        if isinstance(exponent, int) and exponent < 0:
            decimals = max(decimals, -exponent)
    return int(10 ** min(decimals, MAX_DECIMALS))


def scaled(value: float | int | str, scale: int) -> int:
    """``value * scale`` as an exact integer (rounded half-even past MAX_DECIMALS)."""
    return int((exact_decimal(value) * scale).to_integral_value())


def scaled_all(values: Iterable[float | int | str]) -> tuple[list[int], int]:
    """Every value scaled by one common power of ten to an exact integer, and that scale."""
    items = list(values)
    if all(isinstance(v, int | float) and float(v).is_integer() for v in items):
        return [int(v) for v in items], 1
    scale = scale_for(items)
    return [scaled(v, scale) for v in items], scale
