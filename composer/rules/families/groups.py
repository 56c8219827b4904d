"""``[[together]]`` and ``[[apart]]`` as rows.

Together: ``x[a] - x[b] <= 0`` both ways for each neighbouring pair (all of the group or none);
when one of the group cannot be selected, the others are held out.  Apart: at most one of
the group.
"""

from __future__ import annotations

from itertools import pairwise

from composer.rules.bounds import Bound
from composer.rules.families.spec import Blocked, FamilySpec, Move, Witness, dropped
from composer.rules.groups import group_label, group_phrase, group_text
from composer.rules.rows import Row, RowSpace, RuleRows
from composer.rules.wording import join_words


def together_rows(bound: Bound, space: RowSpace) -> RuleRows:
    """All of the group or none of it; one unit of slack drops the rule."""
    found = {i: space.position(i) for i in bound.ids}
    present = {i: p for i, p in found.items() if p is not None}
    if len(present) < len(found):  # someone cannot be selected: nobody can
        rows = tuple(
            Row(((1, space.at([p])),), False, 0, f" [{i} out]") for i, p in present.items()
        )
        return RuleRows(bound, rows, 1)
    pairs: list[Row] = []
    for (a, pa), (b, pb) in pairwise(present.items()):
        one, other = space.at([pa]), space.at([pb])
        pairs.append(Row(((1, one), (-1, other)), False, 0, f" [{a}={b}]"))
        pairs.append(Row(((1, other), (-1, one)), False, 0, f" [{b}={a}]"))
    return RuleRows(bound, tuple(pairs), 1)


def apart_rows(bound: Bound, space: RowSpace) -> RuleRows:
    """``count(group) <= 1``; slack lets one more of the group in per unit."""
    present = [p for p in (space.position(i) for i in bound.ids) if p is not None]
    rows = (Row(((1, space.at(present)),), False, 1),) if len(present) > 1 else ()
    return RuleRows(bound, rows, max(0, len(present) - 1))


def _phrase(bound: Bound, among: str) -> str:
    return group_phrase(bound)


def _label(bound: Bound, among: str) -> str:
    return group_label(bound)


def together_move(bound: Bound, seats: int, witness: Witness, label: str) -> Move:
    """'let p1 and p2 be selected separately'."""
    return Move(1, "all or none", "free", f"let {group_text(bound.ids)} be selected separately")


def apart_move(bound: Bound, seats: int, witness: Witness, label: str) -> Move:
    """'allow 2 of p1 and p2 instead of 1'."""
    allowed = 1 + seats
    advice = f"allow {allowed} of {group_text(bound.ids)} instead of 1 ('{label}')"
    return Move(seats, "1", str(allowed), advice)


def apart_loosened(bound: Bound, unit: float) -> str:
    """One more of the group allowed."""
    return "2 of the group allowed instead of 1"


def together_blocks(bound: Bound, nominee: str, roster: Blocked) -> tuple[str, list[str]]:
    """'goes in only with N-4 ('joint candidacy': all or none)'."""
    rest = [i for i in bound.ids if i != nominee]
    return f"goes in only with {join_words(rest)} ('{roster.label}': all or none)", []


TOGETHER = FamilySpec(
    "together",
    "Together",
    _phrase,
    _label,
    together_move,
    dropped,
    together_rows,
    blocks=together_blocks,
)


def apart_blocks(bound: Bound, nominee: str, roster: Blocked) -> tuple[str, list[str]]:
    """'kept apart from N-3 (score 9) ('conflict': at most one of them)'."""
    held = [i for i in roster.selected if i in bound.ids]
    who = join_words(roster.who(i) for i in held)
    return f"kept apart from {who} ('{roster.label}': at most one of them)", held


APART = FamilySpec(
    "apart", "Apart", _phrase, _label, apart_move, apart_loosened, apart_rows, blocks=apart_blocks
)
