"""Property test: with a role in every example, composer's optimum equals the brute force's
(the instances in ``oracle_cases``, the brute force in ``oracle_brute``)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from oracle_brute import agrees_with_brute_force
from oracle_cases import cases, oracle_settings


@pytest.mark.slow
@oracle_settings(60)
@given(cases(roles=True))
def test_roles_agree_with_brute_force(
    case: tuple[list[dict[str, Any]], dict[str, Any], int],
) -> None:
    """Every example holds a role: seats or a range, quotas by count or share, caps."""
    agrees_with_brute_force(case)
