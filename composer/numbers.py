"""Exact integer scaling of decimal numbers, so the CP-SAT model never sees a float.

Numbers are scaled by the power of ten their decimals need, with no rounding; a column whose
scaled values would not fit the solver's 64-bit arithmetic is refused by
:func:`check_magnitude` with a message that says what to change.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

#: The largest total the solver can hold exactly (signed 64-bit integers, with room to spare).
SAFE_TOTAL = 2**62


def exact_decimal(value: float | int | str) -> Decimal:
    """The decimal a person wrote: 0.1 stays 0.1 (via the shortest repr); an empty cell is 0."""
    if isinstance(value, str) and not value.strip():
        return Decimal(0)
    return Decimal(repr(float(value))) if isinstance(value, float) else Decimal(str(value))


def scale_for(values: Iterable[float | int | str]) -> int:
    """The power of ten that turns every value into an integer, exactly."""
    return _scale(exact_decimal(value) for value in values)


def _scale(numbers: Iterable[Decimal]) -> int:
    """The power of ten that turns every decimal into an integer, exactly."""
    decimals = 0
    for number in numbers:
        exponent = number.normalize().as_tuple().exponent
        if isinstance(exponent, int) and exponent < 0:
            decimals = max(decimals, -exponent)
    return int(10**decimals)


def scaled(value: float | int | str, scale: int) -> int:
    """``value * scale`` as an integer (exact when ``scale`` comes from :func:`scale_for`)."""
    return int((exact_decimal(value) * scale).to_integral_value())


def scaled_all(values: Iterable[float | int | str]) -> tuple[list[int], int]:
    """Every value scaled by one common power of ten to an exact integer, and that scale."""
    items = list(values)
    if all(isinstance(v, int | float) and float(v).is_integer() for v in items):
        return [int(v) for v in items], 1
    exact = [exact_decimal(v) for v in items]  # each value read once
    scale = _scale(exact)
    return [int((number * scale).to_integral_value()) for number in exact], scale


def check_magnitude(values: Iterable[int], column: str, scale: int, what: str) -> None:
    """Refuse scaled values whose total could overflow the solver's exact arithmetic."""
    total = sum(abs(v) for v in values)
    if total < SAFE_TOTAL:
        return
    from composer.errors import ModelTooLargeError, Problem

    decimals = len(str(scale)) - 1
    raise ModelTooLargeError(
        f"the numbers in '{column}' are too large or too precise to solve exactly",
        [
            Problem(
                f"{what} '{column}': written as whole numbers ({decimals} decimal place(s) "
                f"kept), the values add up to about {float(total):.3g}, beyond the solver's "
                f"exact range ({float(SAFE_TOTAL):.3g})",
                fix=f"round '{column}' to fewer decimals, or use smaller units (for example "
                "thousands)",
                column=column,
            )
        ],
    )
