"""``[members]`` include / exclude as rows: ``x[id] >= 1`` or ``x[id] <= 0``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from composer.rules.bounds import Bound
from composer.rules.families.spec import FamilySpec, Move, Witness, dropped
from composer.rules.rows import Row, RowSpace, RuleRows

if TYPE_CHECKING:
    from composer.rules.scenario import Scenario


def member_rows(bound: Bound, space: RowSpace) -> RuleRows:
    """One row on the named nominee (none when the nominee cannot be selected anyway)."""
    position = space.position(str(bound.value))
    if position is None:  # not selectable: only 'exclude' can name such a nominee
        return RuleRows(bound, (), 1)
    include = bound.kind == "include"
    return RuleRows(bound, (Row(((1, space.at([position])),), include, int(include)),), 1)


def _ex_officio(bound: Bound) -> bool:
    return bound.kind == "include" and bound.name == f"ex officio {bound.value}"


def member_phrase(bound: Bound, among: str) -> str:
    """'p7 in the roster', 'p9 kept out of the roster'."""
    if _ex_officio(bound):
        return f"{bound.value} in the roster ex officio (counted in the rules)"
    if bound.kind == "include":
        return f"{bound.value} in the roster"
    return f"{bound.value} kept out of the roster"


def member_label(bound: Bound, among: str) -> str:
    """'p7 fixed in', 'p9 excluded', 'p3 ex officio'."""
    if _ex_officio(bound):
        return f"{bound.value} ex officio"
    return f"{bound.value} fixed in" if bound.kind == "include" else f"{bound.value} excluded"


def member_move(bound: Bound, seats: int, witness: Witness, label: str) -> Move:
    """'stop fixing p7 in the roster', 'allow p9 back into the roster'."""
    if bound.kind == "include":
        return Move(1, "in", "free", f"stop fixing {bound.value} in the roster")
    return Move(1, "out", "free", f"allow {bound.value} back into the roster")


MEMBERS = FamilySpec(
    "members", "Members", member_phrase, member_label, member_move, dropped, member_rows
)


def member_atoms(scenario: Scenario) -> list[Bound]:
    """``include ID`` and ``exclude ID``, one atom per id (ex officio: see ``ex_officio``)."""
    return [
        Bound(f"{kind} {ident}", "members", 0, kind, "id", ident)
        for kind in ("include", "exclude")
        for ident in getattr(scenario.members, kind)
    ]
