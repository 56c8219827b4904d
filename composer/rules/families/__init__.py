"""The registry of rule families: one module each, saying everything about the family.

Each module defines a :class:`~composer.rules.families.spec.FamilySpec`: its title, its
words (phrase, label, relaxation advice) and, for a family linear in the selection, its rows.
Every consumer reads a family through this registry: the words (:mod:`composer.rules.words`,
:mod:`composer.rules.labels`), relaxation advice (:mod:`composer.engine.relax`), and the rows
(the CP-SAT build, the elastic model, the reserves screen) through :func:`rule_rows`, and
the atoms every rule splits into through :func:`expand`.  The
families whose model needs variables of its own (``distinct``: which values are present;
``role``: who holds which role) have no rows; the engine writes them, and they are listed in
:data:`OWN_VARIABLES`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from composer.rules.bounds import Bound, Family
from composer.rules.ex_officio import ex_officio_bounds
from composer.rules.families.budget import BUDGET, budget_atoms
from composer.rules.families.cap import CAP, cap_atoms
from composer.rules.families.coverage import COVERAGE, coverage_atoms
from composer.rules.families.distinct import DISTINCT, distinct_atoms
from composer.rules.families.equal import EQUAL, equal_atoms
from composer.rules.families.groups import APART, TOGETHER
from composer.rules.families.members import MEMBERS, member_atoms
from composer.rules.families.person import PERSON
from composer.rules.families.quota import QUOTA, quota_atoms
from composer.rules.families.role import ROLE
from composer.rules.families.rotation import ROTATION, rotation_atoms
from composer.rules.families.size import SIZE, size_atoms
from composer.rules.families.spec import FamilySpec, RowCompiler
from composer.rules.groups import group_bounds
from composer.rules.persons import person_bounds
from composer.rules.roles import role_bounds
from composer.rules.rows import RowSpace, RuleRows

if TYPE_CHECKING:
    from composer.rules.scenario import Scenario

#: Every family, in the order the model adds them.
SPECS: dict[Family, FamilySpec] = {
    spec.name: spec
    for spec in (
        SIZE,
        QUOTA,
        CAP,
        COVERAGE,
        BUDGET,
        MEMBERS,
        ROTATION,
        DISTINCT,
        EQUAL,
        TOGETHER,
        APART,
        PERSON,
        ROLE,
    )
}

#: Each family written as rows.
ROW_FAMILIES: dict[Family, RowCompiler] = {
    name: spec.rows for name, spec in SPECS.items() if spec.rows is not None
}

#: Families the engine writes with variables of their own (not rows over the selection).
OWN_VARIABLES: tuple[Family, ...] = tuple(n for n, s in SPECS.items() if s.rows is None)


def spec_of(bound: Bound) -> FamilySpec:
    """The family of ``bound``."""
    return SPECS[bound.family]


def rule_rows(bound: Bound, space: RowSpace) -> RuleRows | None:
    """The rows of ``bound`` over ``space``; None for a family with variables of its own."""
    compiler = ROW_FAMILIES.get(bound.family)
    return None if compiler is None else compiler(bound, space)


#: How each family splits its rules into atoms, in the order reports list them.
ATOMS: tuple[Callable[[Scenario], list[Bound]], ...] = (
    size_atoms,
    quota_atoms,
    cap_atoms,
    coverage_atoms,
    distinct_atoms,
    equal_atoms,
    budget_atoms,
    member_atoms,
    rotation_atoms,
    group_bounds,  # together and apart
    person_bounds,
    ex_officio_bounds,  # members fixed in ex officio, counted in the rules
    role_bounds,
)


def expand(scenario: Scenario) -> list[Bound]:
    """Every atomic rule of ``scenario``, each with a unique report name."""
    return _unique_names([bound for atoms in ATOMS for bound in atoms(scenario)])


def _unique_names(bounds: list[Bound]) -> list[Bound]:
    seen: dict[str, int] = {}
    result = []
    for bound in bounds:
        count = seen.get(bound.name, 0) + 1
        seen[bound.name] = count
        if count > 1:
            bound = Bound(**{**bound.__dict__, "name": f"{bound.name} #{count}"})
        result.append(bound)
    return result
