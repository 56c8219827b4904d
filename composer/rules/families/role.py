"""``[[role]]``: roles inside the roster (co-chairs, a rapporteur), with their own quotas.

Who holds which role needs variables of its own, so the engine writes the model
(``engine/families/roles.py``); schema, atoms and assignment live in ``rules/roles.py``; this
module says the rule in words.
"""

from __future__ import annotations

from composer.rules.bounds import Bound
from composer.rules.families.spec import FamilySpec, Move, Witness, dropped
from composer.rules.roles import role_phrase


def _label(bound: Bound, among: str) -> str:
    return f"{bound.ids[0]} role"


def role_move(bound: Bound, seats: int, witness: Witness, label: str) -> Move:
    """'drop the role 'chair' (chair role)'."""
    return Move(1, "filled", "free", f"drop the role '{bound.ids[0]}' ({label})")


ROLE = FamilySpec("role", "Role", role_phrase, _label, role_move, dropped)
