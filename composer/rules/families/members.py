"""``[members]`` include / exclude as rows: ``x[id] >= 1`` or ``x[id] <= 0``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import model_validator

from composer.rules.bounds import Bound
from composer.rules.families.spec import FamilySpec, Move, Witness, dropped
from composer.rules.rows import Row, RowSpace, RuleRows
from composer.rules.rule_tables import (
    StrictTable,
)

if TYPE_CHECKING:
    from composer.rules.scenario import Scenario


class MembersRule(StrictTable):
    """Nominees fixed in (``include``) or out (``exclude``) of the roster, by id, and
    ex-officio members (``ex_officio``), by default counted by no rule."""

    include: list[str] = []
    exclude: list[str] = []
    ex_officio: list[str] = []
    ex_officio_counted: bool = False

    @model_validator(mode="after")
    def _disjoint(self) -> MembersRule:
        both = sorted(set(self.include) & set(self.exclude))
        if both:
            raise ValueError(f"ids both included and excluded: {', '.join(both)}")
        out = sorted(set(self.ex_officio) & set(self.exclude))
        if out:
            raise ValueError(f"ids both ex officio and excluded: {', '.join(out)}")
        fixed = sorted(set(self.ex_officio) & set(self.include))
        if fixed and not self.ex_officio_counted:
            raise ValueError(
                f"ids both ex officio and included: {', '.join(fixed)} (ex-officio members sit "
                "outside the selection; list them in ex_officio only)"
            )
        twice = sorted({i for i in self.ex_officio if self.ex_officio.count(i) > 1})
        if twice:
            raise ValueError(f"ids listed twice in ex_officio: {', '.join(twice)}")
        return self


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
