"""Property test: composer's optimum equals a brute-force optimum over every subset.

Random pools of at most 12 nominees and random scenarios drawn from every rule family
(together and apart groups, the person column, ex-officio members, roles and rotation, with
or without a ``where``, included).  The
brute force evaluates every rule on all 2**n subsets at once (numpy), following the rules of
``composer.engine.check``; on every example that evaluation is held to ``check.check`` itself
on several rosters (the brute-force optimum, composer's roster, random subsets), so the
independent checker stays the specification.  The instances are drawn in ``oracle_cases``,
the brute force is ``oracle_brute``; the property with a role in every example is in
``test_oracle_roles``.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from oracle_brute import agrees_with_brute_force
from oracle_cases import cases, oracle_settings


@pytest.mark.slow
@oracle_settings(150)
@given(cases())
def test_composer_agrees_with_brute_force(
    case: tuple[list[dict[str, Any]], dict[str, Any], int],
) -> None:
    agrees_with_brute_force(case)


@pytest.mark.slow
@oracle_settings(100)
@given(cases(focus=True))
def test_distinct_and_equal_rules_agree_with_brute_force(
    case: tuple[list[dict[str, Any]], dict[str, Any], int],
) -> None:
    """Every example holds a distinct or an equal rule (the main property draws them less)."""
    agrees_with_brute_force(case)
