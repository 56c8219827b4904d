"""What a rule family says about itself: its title, its words, how it moves when relaxed,
and its rows.

Each family module of :mod:`composer.rules.families` defines one :class:`FamilySpec`; the
registry there hands them to every consumer (words and labels, relaxation advice, the model,
the elastic model, the reserves screen).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from composer.rules.bounds import Bound, Family
from composer.rules.rows import RowSpace, RuleRows
from composer.rules.shares import format_share
from composer.rules.where import where_mask
from composer.rules.wording import label_any

if TYPE_CHECKING:
    from composer.rules.scenario import Scenario

RowCompiler = Callable[[Bound, RowSpace], RuleRows]
#: What a swap must keep for the rule to hold whatever the rest of the roster: per nominee
#: (pool order), labels two nominees must share to be compared by the dominance reduction.
Partition = Callable[[Bound, RowSpace, "Scenario"], list[np.ndarray]]


@dataclass(frozen=True)
class Witness:
    """How a rule fared on the roster that shows a fix works (from the checker)."""

    achieved: float  # seats, members sharing the most common value, or money
    counted: int | None = None  # the members a share is of


@dataclass(frozen=True)
class Blocked:
    """The roster a nominee is kept out of, for the words of why (``FamilySpec.blocks``)."""

    table: pd.DataFrame  # the nominations, by id
    selected: Sequence[str]  # the roster
    who: Callable[[str], str]  # a member as the words name them: "N-7 (score 9)"
    label: str  # the rule's short label


@dataclass(frozen=True)
class Move:
    """A rule relaxed by some seats, in words: from ``before`` to ``after``."""

    seats: int
    before: str
    after: str
    advice: str  # "lower the African minimum from 6 to 5"


@dataclass(frozen=True)
class FamilySpec:
    """One rule family.

    ``phrase(bound, among)`` is the rule in plain words and ``label(bound, among)`` its short
    label (``among`` is the ``where`` in words, '' for the whole roster); ``move(bound, seats,
    witness, label)`` is the advice when the rule is relaxed by ``seats``; ``loosened(bound,
    unit)`` says what loosening it by one step means, for the price of a rule (``unit``: the
    money one step of a budget stands for); ``balance`` marks the rules that express balance
    (their price is the price of balance); ``rows`` writes the rule as rows (None for a family
    with variables of its own, written by the engine); ``compared`` says how the dominance
    reduction reads the rows.
    """

    name: Family
    title: str
    phrase: Callable[[Bound, str], str]
    label: Callable[[Bound, str], str]
    move: Callable[[Bound, int, Witness, str], Move]
    loosened: Callable[[Bound, float], str]
    rows: RowCompiler | None = None
    balance: bool = False
    #: the dominance reduction compares this family's row coefficients (more coverage, less
    #: cost is better) instead of asking two nominees for the same ones
    compared: bool = False
    #: why a nominee is kept out by this rule, on a roster: the words, and the members who
    #: hold the seats in the way (see :class:`Blocked`)
    blocks: Callable[[Bound, str, Blocked], tuple[str, list[str]]] | None = None
    #: labels two nominees must share for the dominance reduction to compare them (a cap: the
    #: value, so a swap never moves a seat between values; distinct: the value counted)
    partition: Partition | None = None


def count_move(bound: Bound, seats: int, witness: Witness, label: str) -> Move:
    """A count moved by ``seats``: 'lower the African minimum from 6 to 5'."""
    amount = bound.amount
    moved = int(amount) - seats if bound.is_lower else int(amount) + seats
    verb = "lower" if bound.is_lower else "raise"
    what = f"the depth for {bound.value}" if bound.family == "coverage" else f"the {label}"
    return Move(seats, str(amount), str(moved), f"{verb} {what} from {amount} to {moved}")


def share_move(bound: Bound, seats: int, witness: Witness, label: str) -> Move:
    """A share moved to what the witness roster reaches: 'lower ... from 50% to 40%'."""
    counted = witness.counted or 0
    have = int(witness.achieved)
    before = format_share(Fraction(bound.amount))
    up = bound.kind == "max_share"
    after = percent(Fraction(have, counted), up=up) if counted else "0%"
    verb = "lower" if bound.kind == "min_share" else "raise"
    advice = f"{verb} the {label} from {before} to {after} ({have} of {counted} members)"
    return Move(seats, before, after, advice)


def count_loosened(bound: Bound, unit: float) -> str:
    """'6 -> 5': a count moved by one seat."""
    amount = bound.amount
    return f"{amount} -> {int(amount) - 1 if bound.is_lower else int(amount) + 1}"


def share_loosened(bound: Bound, unit: float) -> str:
    """'1 seat short of 1/3 allowed'."""
    side = "short of" if bound.kind == "min_share" else "above"
    return f"1 seat {side} {format_share(bound.amount)} allowed"


def dropped(bound: Bound, unit: float) -> str:
    """A rule that is either kept or dropped."""
    return "dropped"


def value_partition(bound: Bound, space: RowSpace, scenario: Scenario) -> list[np.ndarray]:
    """The value of the rule's column, for the nominees its ``where`` counts ('' otherwise)."""
    values = space.pool.text(str(bound.column))
    counted = where_mask(bound.where, space.pool.text, len(values))
    return [np.where(counted, values, "")]


def blocked_words(bound: Bound, nominee: str, roster: Blocked) -> tuple[str, list[str]]:
    """Why a rule keeps a nominee out, when its family says nothing more particular."""
    label = f"'{roster.label}'"
    if bound.kind == "max_terms":
        return f"has served {bound.amount} or more consecutive terms ({label})", []
    if bound.is_share:
        share = format_share(Fraction(bound.amount))
        side = "below" if bound.kind == "min_share" else "above"
        who = label_any(str(bound.column), bound.values)
        text = f"would take the {who} share {side} {share}"
        return (text + " (soft rule)" if bound.soft else text), []
    return f"would break {label}", []


def percent(share: Fraction, up: bool) -> str:
    """A share as a percent with one decimal, rounded up or down."""
    tenths = share * 1000
    rounded = math.ceil(tenths) if up else math.floor(tenths)
    return f"{rounded / 10:g}%"


def with_among(text: str, among: str) -> str:
    """'... among government members' when the rule counts some members only."""
    return f"{text} among {among}" if among else text
