"""Publishable lottery arithmetic: rounding a distribution, and the seeded draw.

Everything here is exact integer arithmetic, so anyone can redo it with a few lines of any
language:

1. Each roster's probability is a whole number of *units*, ``UNITS`` (10**9) in all: the LP's
   weights are scaled to units, rounded down, and the units left over go one each to the
   rosters with the largest remainders (ties: the earlier roster in canonical order).
2. Rosters are listed in canonical order: each as its sorted ids, the list sorted as text.
3. The ticket is ``int(sha256(seed as UTF-8)) * UNITS // 2**256``, a whole number from 0 to
   ``UNITS - 1``.  The drawn roster is the first whose running total of units exceeds it.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from fractions import Fraction

from composer.errors import ComposerError, Problem

#: Probabilities are published as whole numbers of 1 / UNITS.
UNITS = 10**9


def canonical(rosters: Sequence[Sequence[str]]) -> list[tuple[str, ...]]:
    """Rosters as sorted id tuples, in canonical (sorted) order, without repeats."""
    return sorted({tuple(sorted(r)) for r in rosters})


def round_distribution(
    rosters: Sequence[tuple[str, ...]], weights: Sequence[float]
) -> list[tuple[tuple[str, ...], int]]:
    """Rosters with their probability in units (summing to ``UNITS``), canonical order.

    Repeated rosters are merged; rosters that round to 0 units are left out.
    """
    merged: dict[tuple[str, ...], float] = {}
    for roster, weight in zip(rosters, weights, strict=True):
        key = tuple(sorted(roster))
        merged[key] = merged.get(key, 0.0) + max(0.0, weight)
    order = sorted(merged)
    total = math.fsum(merged.values())
    if total <= 0:
        raise ArithmeticError("a lottery needs at least one roster of positive weight")
    exact = [merged[r] / total * UNITS for r in order]
    units = [math.floor(e) for e in exact]
    spare = UNITS - sum(units)
    ranked = sorted(range(len(order)), key=lambda k: (-(exact[k] - units[k]), k))
    for k in ranked[:spare]:
        units[k] += 1
    return [(r, u) for r, u in zip(order, units, strict=True) if u > 0]


def probabilities(
    distribution: Sequence[tuple[tuple[str, ...], int]], ids: Sequence[str]
) -> dict[str, Fraction]:
    """Each nominee's selection probability, exactly: units of the rosters holding them."""
    units = dict.fromkeys(ids, 0)
    for roster, share in distribution:
        for ident in roster:
            units[ident] = units.get(ident, 0) + share
    return {i: Fraction(u, UNITS) for i, u in units.items()}


def check_seed(seed: str) -> str:
    """The seed, or a clear error if it is empty."""
    if not isinstance(seed, str) or not seed.strip():
        raise ComposerError(
            "lottery: the seed is empty",
            [
                Problem(
                    "the draw needs a seed text published before the draw",
                    fix='give --seed TEXT, e.g. --seed "2026-12-03 EuroMillions 4 17 23 38 45"',
                    key="seed",
                )
            ],
            code="bad_seed",
        )
    return seed


def ticket(seed: str) -> int:
    """The ticket of a seed: ``int(sha256(seed)) * UNITS // 2**256``, from 0 to UNITS - 1."""
    digest = hashlib.sha256(seed.encode("utf-8")).digest()
    return int.from_bytes(digest, "big") * UNITS >> 256


def draw(distribution: Sequence[tuple[tuple[str, ...], int]], seed: str) -> tuple[int, int]:
    """The index of the drawn roster (in canonical order) and the ticket."""
    number = ticket(check_seed(seed))
    running = 0
    for index, (_, share) in enumerate(distribution):
        running += share
        if number < running:
            return index, number
    raise ArithmeticError("the distribution's units do not add up to UNITS")
