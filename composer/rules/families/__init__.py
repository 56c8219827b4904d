"""The registry of rule families: one module each, saying everything about the family.

Each module defines a :class:`~composer.rules.families.spec.FamilySpec`: its title, its
words (phrase, label, relaxation advice) and, for a family linear in the selection, its rows.
Every consumer reads a family through this registry: the words (:mod:`composer.rules.words`,
:mod:`composer.rules.labels`), relaxation advice (:mod:`composer.engine.relax`), and the rows
(the CP-SAT build, the elastic model, the reserves screen) through :func:`rule_rows`.  The
families whose model needs variables of its own (``distinct``: which values are present;
``role``: who holds which role) have no rows; the engine writes them, and they are listed in
:data:`OWN_VARIABLES`.
"""

from __future__ import annotations

from composer.rules.bounds import Bound, Family
from composer.rules.families.budget import BUDGET
from composer.rules.families.cap import CAP
from composer.rules.families.coverage import COVERAGE
from composer.rules.families.distinct import DISTINCT
from composer.rules.families.equal import EQUAL
from composer.rules.families.groups import APART, TOGETHER
from composer.rules.families.members import MEMBERS
from composer.rules.families.person import PERSON
from composer.rules.families.quota import QUOTA
from composer.rules.families.role import ROLE
from composer.rules.families.rotation import ROTATION
from composer.rules.families.size import SIZE
from composer.rules.families.spec import FamilySpec, RowCompiler
from composer.rules.rows import RowSpace, RuleRows

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
