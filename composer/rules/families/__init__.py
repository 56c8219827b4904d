"""The registry of rule families written as linear rows (one module each).

Every consumer of rules (the CP-SAT build, the elastic model, the reserves screen) reads a
family's rows through :func:`rule_rows`; the families whose model needs variables of its own
(``distinct``: which values are present; ``role``: who holds which role) are written by the
engine instead and listed in :data:`OWN_VARIABLES`.
"""

from __future__ import annotations

from collections.abc import Callable

from composer.rules.bounds import Bound, Family
from composer.rules.families.budget import budget_rows
from composer.rules.families.cap import cap_rows
from composer.rules.families.coverage import coverage_rows
from composer.rules.families.equal import equal_rows
from composer.rules.families.groups import apart_rows, together_rows
from composer.rules.families.members import member_rows
from composer.rules.families.person import person_rows
from composer.rules.families.quota import quota_rows
from composer.rules.families.rotation import rotation_rows
from composer.rules.families.size import size_rows
from composer.rules.rows import RowSpace, RuleRows

RowCompiler = Callable[[Bound, RowSpace], RuleRows]

#: Each family written as rows, in the order the model adds them.
ROW_FAMILIES: dict[Family, RowCompiler] = {
    "size": size_rows,
    "quota": quota_rows,
    "cap": cap_rows,
    "coverage": coverage_rows,
    "budget": budget_rows,
    "members": member_rows,
    "rotation": rotation_rows,
    "equal": equal_rows,
    "together": together_rows,
    "apart": apart_rows,
    "person": person_rows,
}

#: Families the engine writes with variables of their own (not rows over the selection).
OWN_VARIABLES: tuple[Family, ...] = ("distinct", "role")


def rule_rows(bound: Bound, space: RowSpace) -> RuleRows | None:
    """The rows of ``bound`` over ``space``; None for a family with variables of its own."""
    compiler = ROW_FAMILIES.get(bound.family)
    return None if compiler is None else compiler(bound, space)
