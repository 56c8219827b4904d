"""``[person]`` as rows: at most one row of each person with several rows."""

from __future__ import annotations

from composer.rules.bounds import Bound
from composer.rules.families.spec import Blocked, FamilySpec, Move, Witness
from composer.rules.persons import persons
from composer.rules.rows import Row, RowSpace, RuleRows
from composer.rules.wording import column_words, join_words


def person_rows(bound: Bound, space: RowSpace) -> RuleRows:
    """``count(person's rows) <= 1`` per person; one slack for every person, like a cap."""
    rows: list[Row] = []
    largest = 1
    for person, ids in sorted(persons(space.pool, str(bound.column)).items()):
        present = [p for p in (space.position(i) for i in ids) if p is not None]
        largest = max(largest, len(present))
        if len(present) > 1:
            rows.append(Row(((1, space.at(present)),), False, 1, f" [{person}]"))
    return RuleRows(bound, tuple(rows), largest - 1)


def person_phrase(bound: Bound, among: str) -> str:
    """'each person (person id) in at most one seat'."""
    return f"each person ({column_words(str(bound.column))}) in at most one seat"


def person_label(bound: Bound, among: str) -> str:
    """'one seat per person'."""
    return "one seat per person"


def person_move(bound: Bound, seats: int, witness: Witness, label: str) -> Move:
    """'let one person hold 2 seats (one per row) instead of 1'."""
    advice = f"let one person hold {1 + seats} seats (one per row) instead of 1 ('{label}')"
    return Move(seats, "1", str(1 + seats), advice)


def person_loosened(bound: Bound, unit: float) -> str:
    """One more row of one person allowed."""
    return "2 rows of one person allowed instead of 1"


def person_blocks(bound: Bound, nominee: str, roster: Blocked) -> tuple[str, list[str]]:
    """'is the same person as N-9 (score 7) ('one seat per person': one seat per person)'."""
    column, table = str(bound.column), roster.table
    person = str(table.at[nominee, column]).strip()
    held = [i for i in roster.selected if str(table.at[i, column]).strip() == person]
    who = join_words(roster.who(i) for i in held)
    return f"is the same person as {who} ('{roster.label}': one seat per person)", held


PERSON = FamilySpec(
    "person",
    "Person",
    person_phrase,
    person_label,
    person_move,
    person_loosened,
    person_rows,
    blocks=person_blocks,
)
