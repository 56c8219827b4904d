"""``[[role]]``: roles inside the roster (co-chairs, a rapporteur), with their own quotas.

Who holds which role needs variables of its own, so the engine writes the model
(``engine/families/roles.py``); schema, atoms and assignment live in ``rules/roles.py``; this
module says the rule in words.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from composer.rules.bounds import Bound
from composer.rules.families.spec import FamilySpec, Move, Witness, dropped
from composer.rules.role_terms import soft_label
from composer.rules.roles import role_phrase
from composer.rules.rows import RowSpace
from composer.rules.where import where_mask

if TYPE_CHECKING:
    from composer.rules.scenario import Scenario


def _label(bound: Bound, among: str) -> str:
    """'co-chair role'; a soft rule among its holders: 'co-chair role developing no minimum'."""
    return f"{bound.ids[0]} role" if bound.kind == "role" else soft_label(bound)


def role_move(bound: Bound, seats: int, witness: Witness, label: str) -> Move:
    """'drop the role 'chair' (chair role)'."""
    return Move(1, "filled", "free", f"drop the role '{bound.ids[0]}' ({label})")


def role_partition(bound: Bound, space: RowSpace, scenario: Scenario) -> list[np.ndarray]:
    """Who may hold the role, and the values its quotas and caps count."""
    text = space.pool.text
    may = where_mask(bound.where, text, len(space.ids))
    role = scenario.role[bound.rule]
    columns = [q.column for q in role.quota] + [c.column for c in role.cap]
    columns += [d.column for d in role.distinct] + [c.column for c in role.coverage]
    return [may.astype(str), *(text(column) for column in columns)]


ROLE = FamilySpec("role", "Role", role_phrase, _label, role_move, dropped, partition=role_partition)
