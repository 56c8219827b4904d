"""Hostile values in the newer rule keys: a clear error (exit 2 or 3) or a checked roster."""

from __future__ import annotations

import copy
import random
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from composer import ComposerError, SolveOptions, load_nominations, load_scenario, solve
from composer.rules.bind import bind
from composer.rules.words import rule_label, rule_phrase
from tests.fuzz_corpus import HOSTILE_VALUES, POOL, _paths

_POOL = load_nominations(POOL)
BASE: dict[str, Any] = {
    "size": {"min": 10, "max": 20},
    "quota": [
        {
            "column": "gender",
            "where": {"country": {"not": ["CHE", "FRA"]}, "score": {"ge": 40, "lt": 90}},
            "min": {"female": 2},
        },
        {"column": "stakeholder_group", "min": {"technical_academic|intergovernmental": 2}},
    ],
    "cap": [{"column": "country", "where": {"score": {"gt": 10}}, "max_each": 2}],
    "distinct": [{"column": "region", "min": 4, "where": {"gender": {"not": "male"}}}],
    "equal": [
        {"column": "stakeholder_group", "values": ["private_sector", "civil_society"], "spread": 2}
    ],
    "budget": [
        {"column": "travel_cost", "max": 100000, "name": "travel"},
        {"column": "score", "max": 1500, "name": "score cap"},
    ],
}


def mutated(seed: int) -> dict[str, Any]:
    """``BASE`` with one to three values replaced by hostile ones."""
    rnd = random.Random(seed)
    data = copy.deepcopy(BASE)
    paths = _paths(data)
    for _ in range(rnd.randint(1, 3)):
        path = rnd.choice(paths)
        target: Any = data
        try:
            for part in path[:-1]:
                target = target[part]
            target[path[-1]] = rnd.choice(HOSTILE_VALUES)
        except (KeyError, IndexError, TypeError):
            continue
    return data


def test_the_base_scenario_solves() -> None:
    result = solve(_POOL, load_scenario(BASE), SolveOptions(time_limit=30))
    assert result.ok and result.report is not None and result.report.ok


@pytest.mark.slow
@settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.integers(0, 10**9))
def test_hostile_values_in_the_new_keys(seed: int) -> None:
    data = mutated(seed)
    try:
        scenario = bind(load_scenario(data), _POOL)
        for bound in scenario.bounds():
            assert rule_phrase(bound) and rule_label(bound)
        if seed % 5 == 0:  # a fifth of them solved, checked by the independent checker
            result = solve(_POOL, load_scenario(data), SolveOptions(time_limit=20))
            if result.ok:
                assert result.report is not None and result.report.ok
    except ComposerError as exc:
        assert exc.summary and exc.exit_code in (2, 3)
