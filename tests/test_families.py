"""Every rule family is handled by every consumer: model, checker, elastic model, words,
labels, swap screen and the workbook's Scenario sheet.

``EXAMPLES`` holds one small scenario per family; a family of ``Family`` without an example
fails the first test, and a consumer that does not know a family fails the others.
"""

from __future__ import annotations

from typing import Any, get_args

import pytest
from helpers import make_pool, run

from composer.analysis.swap_screen import SCREENED
from composer.engine.build import OWN_BUILDERS, build_model
from composer.engine.check import check
from composer.engine.elastic import ElasticModel
from composer.export.sheets import scenario_frame
from composer.rules.bind import bind
from composer.rules.families import OWN_VARIABLES, ROW_FAMILIES
from composer.rules.labels import FAMILY_LABELS
from composer.rules.scenario import Family, load_scenario
from composer.rules.words import rule_label, rule_phrase

POOL = make_pool(
    {
        "id": i,
        "country": c,
        "stakeholder_group": s,
        "gender": g,
        "score": sc,
        "travel_cost": t,
        "honoraria": h,
        "expertise": x,
        "incumbent": inc,
        "terms": terms,
        "age": age,
    }
    for i, c, s, g, sc, t, h, x, inc, terms, age in [
        ("a", "KEN", "government", "female", 9, 3, 1, "spam", "yes", 1, 30),
        ("b", "FRA", "civil_society", "male", 8, 1, 2, "dns", "no", 0, 41),
        ("c", "IND", "private_sector", "female", 7, 2, 2, "spam; dns", "no", 0, 52),
        ("d", "BRA", "government", "male", 6, 4, 1, "privacy", "yes", 2, 28),
    ]
)

#: One scenario per family, each with at least one rule of it.
EXAMPLES: dict[str, dict[str, Any]] = {
    "size": {"size": {"min": 1, "max": 3}},
    "quota": {
        "quota": [
            {"column": "gender", "min": {"female": 1}, "where": {"age": {"lt": 45}}},
        ]
    },
    "cap": {"cap": [{"column": "stakeholder_group", "max_each": 1}]},
    "coverage": {"coverage": [{"areas": ["spam", "dns"]}]},
    "budget": {"budget": [{"max": 6}, {"column": "honoraria", "max": 4, "name": "honoraria"}]},
    "members": {"members": {"include": ["a"], "exclude": ["d"]}},
    "rotation": {"rotation": {"renew_min_share": "1/3", "max_consecutive_terms": 2}},
    "distinct": {"distinct": [{"column": "country", "min": 2, "where": {"age": {"lt": 50}}}]},
    "equal": {"equal": [{"column": "gender", "values": ["female", "male"], "spread": 0}]},
    "together": {"together": [{"ids": ["a", "c"]}]},
    "apart": {"apart": [{"ids": ["a", "b"]}]},
    "person": {"person": {"column": "stakeholder_group", "same": []}},
    "role": {
        "role": [
            {
                "name": "chair",
                "seats": 1,
                "where": {"age": {"lt": 45}},
                "quota": [{"column": "gender", "max": {"male": 0}}],
            }
        ]
    },
}


def test_every_family_has_an_example() -> None:
    assert set(EXAMPLES) == set(get_args(Family))


def test_every_family_is_rows_or_has_variables_of_its_own() -> None:
    assert set(ROW_FAMILIES) | set(OWN_VARIABLES) == set(get_args(Family))
    assert not set(ROW_FAMILIES) & set(OWN_VARIABLES)
    assert set(OWN_BUILDERS) == set(OWN_VARIABLES)


@pytest.mark.parametrize("family", sorted(EXAMPLES))
def test_every_consumer_handles_the_family(family: str) -> None:
    data = {"size": {"max": 3}, **EXAMPLES[family]}
    scenario = bind(load_scenario(data), POOL)
    bounds = [b for b in scenario.bounds() if b.family == family]
    assert bounds, f"the example of {family} has no rule of it"
    assert (family in ROW_FAMILIES) != (family in OWN_BUILDERS)
    build_model(POOL, scenario)
    build_model(POOL, scenario, conflicts=True)
    report = check(POOL, scenario, ["a", "b"])
    assert {r.name for r in report.rules} >= {b.name for b in bounds}
    elastic = ElasticModel(POOL, scenario)
    assert {b.name for b in bounds if not b.soft} <= set(elastic.slack)
    for bound in bounds:
        for words in (rule_phrase(bound), rule_label(bound)):
            assert words and "None" not in words, (bound, words)
    assert family in FAMILY_LABELS
    assert family in SCREENED
    result = run(POOL, data)
    sections = list(scenario_frame(result)["Rule"])
    assert any(s.startswith((f"[{family}]", f"[[{family}]]")) for s in sections), sections
