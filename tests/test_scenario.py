"""Scenario loading (TOML, dicts), validation messages, binding to a pool, names, schema."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from helpers import bound_scenario, make_pool

from composer import Scenario, ScenarioError, load_scenario
from composer.errors import EXIT_BAD_INPUT, Problem
from composer.rules.scenario import json_schema, parse_share

POOL = make_pool(
    [
        {
            "id": "N-001",
            "country": "KEN",
            "stakeholder_group": "government",
            "gender": "female",
            "expertise": "spam; privacy",
            "nominated_by": "Alpha",
        },
        {
            "id": "N-002",
            "country": "FRA",
            "stakeholder_group": "civil_society",
            "gender": "male",
            "expertise": "cybersecurity",
            "nominated_by": "Beta",
        },
        {
            "id": "N-003",
            "country": "IND",
            "stakeholder_group": "private_sector",
            "gender": "female",
            "expertise": "multilingualism",
            "nominated_by": "Beta",
        },
    ]
)
ROOT = Path(__file__).resolve().parent.parent


def problems(source: Any, pool: Any = None) -> list[Problem]:
    with pytest.raises(ScenarioError) as info:
        if pool is None:
            load_scenario(source)
        else:
            bound_scenario(pool, source)
    error = info.value
    assert error.code == "bad_scenario" and error.exit_code == EXIT_BAD_INPUT
    assert error.problems and all(p.fix for p in error.problems)
    return error.problems


def at(found: list[Problem], key: str) -> Problem:
    matching = [p for p in found if p.key == key]
    assert matching, f"no problem at {key!r}: {[str(p) for p in found]}"
    return matching[0]


# ---------------------------------------------------------------------------- keys


def test_typo_in_a_quota_key_names_the_path_and_the_fix() -> None:
    text = """
[[quota]]
column = "region"
min = { African = 1 }

[[quota]]
column = "gender"
min_shar = { female = 0.4 }
"""
    problem = at(problems(text), "quota[2].min_shar")
    assert problem.message == "unknown key 'min_shar'"
    assert problem.fix == "did you mean 'min_share'?"


@pytest.mark.parametrize(
    ("data", "key", "near"),
    [
        ({"sise": {"min": 1}}, "sise", "size"),
        ({"size": {"mim": 1}}, "size.mim", "min"),
        ({"cap": [{"column": "country", "max_each": 1, "wher": {}}]}, "cap[1].wher", "where"),
        ({"coverage": [{"areas": ["spam"], "min_eachh": 2}]}, "coverage[1].min_eachh", "min_each"),
        ({"budget": {"max": 3, "colum": "travel_cost"}}, "budget.colum", "column"),
        ({"members": {"includ": ["N-001"]}}, "members.includ", "include"),
        ({"objective": {"maximize": "score"}}, "objective.maximize", "maximise"),
    ],
)
def test_typos_everywhere_suggest_the_nearest_key(
    data: dict[str, Any], key: str, near: str
) -> None:
    assert at(problems(data), key).fix == f"did you mean '{near}'?"


def test_every_problem_is_reported_with_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(
        '[size]\nmin = 5\nmax = 3\n\n[[cap]]\ncolumn = "country"\nmax_eachh = 1\n', encoding="utf-8"
    )
    found = problems(path)
    assert {p.key for p in found} >= {"size", "cap[1].max_eachh", "cap[1].max_each"}
    assert all(p.file == "bad.toml" for p in found)
    assert "size min 5 is above size max 3" in at(found, "size").message


def test_invalid_toml_and_missing_file(tmp_path: Path) -> None:
    assert problems("[size\nmin = 1\n")
    assert problems(tmp_path / "missing.toml")


# ---------------------------------------------------------------------------- shares


@pytest.mark.parametrize("share", [1.5, "150%", "3/2", -0.1, "abc", True])
def test_share_outside_zero_to_one_is_an_error(share: Any) -> None:
    problem = at(
        problems({"quota": [{"column": "gender", "min_share": {"female": share}}]}),
        "quota[1].min_share.female",
    )
    assert "share" in problem.message


@pytest.mark.parametrize(
    ("text", "exact"),
    [
        (0.4, Fraction(2, 5)),
        ("40%", Fraction(2, 5)),
        ("2/5", Fraction(2, 5)),
        ("1/3", Fraction(1, 3)),
        ("33.3%", Fraction(333, 1000)),
        (1, Fraction(1)),
        (0, Fraction(0)),
        ("12.5%", Fraction(1, 8)),
    ],
)
def test_shares_parse_exactly(text: Any, exact: Fraction) -> None:
    assert parse_share(text) == exact
    scenario = load_scenario({"quota": [{"column": "gender", "min_share": {"female": text}}]})
    (bound,) = scenario.bounds()
    assert bound.amount == exact and isinstance(bound.amount, Fraction)


def test_share_names_read_as_written() -> None:
    scenario = load_scenario(
        {
            "quota": [
                {
                    "column": "gender",
                    "min_share": {"female": "40%", "male": "1/3"},
                    "max_share": {"other": 0.125},
                }
            ]
        }
    )
    assert [b.name for b in scenario.bounds()] == [
        "quota gender: female >= 40%",
        "quota gender: male >= 1/3",
        "quota gender: other <= 1/8",
    ]  # 12.5% is not a whole percent: written as a fraction


@pytest.mark.parametrize(
    ("data", "key", "text"),
    [
        ({"size": {"min": 5, "max": 3}}, "size", "size min 5 is above size max 3"),
        (
            {"quota": [{"column": "region", "min": {"African": 3}, "max": {"African": 2}}]},
            "quota[1]",
            "min 3 for 'African' is above max 2",
        ),
        (
            {
                "quota": [
                    {
                        "column": "gender",
                        "min_share": {"female": 0.5},
                        "max_share": {"female": "1/3"},
                    }
                ]
            },
            "quota[1]",
            "min_share 0.5 for 'female' is above max_share 1/3",
        ),
        ({"quota": [{"column": "gender"}]}, "quota[1]", "needs at least one of"),
        (
            {"members": {"include": ["N-001"], "exclude": ["N-001"]}},
            "members",
            "both included and excluded: N-001",
        ),
        ({"size": {"min": -1}}, "size.min", "greater than or equal to 0"),
        (
            {"quota": [{"column": "gender", "min": {"female": 1}, "soft": True, "weight": 0}]},
            "quota[1].weight",
            "greater than or equal to 1",
        ),
        ({"cap": [{"column": "country"}]}, "cap[1].max_each", "required"),
    ],
)
def test_contradictory_or_missing_bounds(data: dict[str, Any], key: str, text: str) -> None:
    assert text in at(problems(data), key).message


# ---------------------------------------------------------------------------- binding


def test_quota_on_an_unknown_column_suggests_the_nearest() -> None:
    found = problems({"quota": [{"column": "regoin", "min": {"African": 1}}]}, POOL)
    problem = at(found, "quota[1].column")
    assert "no column 'regoin'" in problem.message
    assert problem.fix == "did you mean 'region'?"


def test_unknown_columns_in_where_cap_budget_objective() -> None:
    found = problems(
        {
            "quota": [{"column": "region", "min": {"African": 1}, "where": {"gendr": "female"}}],
            "cap": [{"column": "nominated_bye", "max_each": 1}],
            "budget": {"column": "travel_costs", "max": 3},
            "objective": {"maximise": "scor"},
        },
        POOL,
    )
    assert at(found, "quota[1].where.gendr").fix == "did you mean 'gender'?"
    assert at(found, "cap[1].column").fix == "did you mean 'nominated_by'?"
    assert at(found, "budget.column").fix == "did you mean 'travel_cost'?"
    assert at(found, "objective.maximise").fix == "did you mean 'score'?"


def test_unknown_value_suggests_the_nearest() -> None:
    found = problems({"quota": [{"column": "region", "min": {"Afrika": 1}}]}, POOL)
    problem = at(found, "quota[1].min.Afrika")
    assert "region = 'Afrika'" in problem.message
    assert problem.fix == "did you mean 'African'?"


def test_expertise_area_nobody_has() -> None:
    found = problems({"coverage": [{"areas": ["spam", "cybersecurty"]}]}, POOL)
    problem = at(found, "coverage[1].areas")
    assert "cybersecurty" in problem.message
    assert problem.fix == "did you mean 'cybersecurity'?"
    assert len(found) == 1  # 'spam' is held


def test_coverage_on_a_single_valued_column_and_quota_on_a_multi_valued_one() -> None:
    assert problems({"coverage": [{"column": "gender", "areas": ["female"]}]}, POOL)
    assert problems({"quota": [{"column": "expertise", "min": {"spam": 1}}]}, POOL)


def test_unknown_ids_in_members() -> None:
    found = problems({"members": {"include": ["N-01"], "exclude": ["N-003", "X-9"]}}, POOL)
    include = at(found, "members.include")
    assert "no nomination has id 'N-01'" in include.message
    assert include.fix == "did you mean 'N-001'?"
    assert "X-9" in at(found, "members.exclude").message
    assert len(found) == 2


def test_non_numeric_objective_column() -> None:
    found = problems({"objective": {"maximise": "nominated_by"}}, POOL)
    assert "must be numeric" in at(found, "objective.maximise").message


def test_values_bind_case_insensitively_to_the_pools_spelling() -> None:
    scenario = bound_scenario(
        POOL,
        {
            "quota": [
                {"column": "region", "min": {"african": 1, "WESTERN EUROPEAN AND OTHERS": 1}},
                {
                    "column": "stakeholder_group",
                    "max_share": {"Government": 0.5, "Civil Society": 0.5},
                },
                {
                    "column": "developing",
                    "min_share": {"YES": "1/2"},
                    "where": {"stakeholder_group": "GOVERNMENT"},
                },
                {"column": "gender", "min": {"F": 1}},
            ],
            "cap": [{"column": "nominated_by", "max_each": 1, "where": {"gender": ["Female"]}}],
            "coverage": [{"areas": ["SPAM", " Privacy "]}],
        },
    )
    assert scenario.quota[0].min == {"African": 1, "Western European and Others": 1}
    assert scenario.quota[1].max_share == {"government": 0.5, "civil_society": 0.5}
    assert scenario.quota[2].min_share == {"yes": "1/2"}
    assert scenario.quota[2].where == {"stakeholder_group": "government"}
    assert scenario.quota[3].min == {"female": 1}
    assert scenario.cap[0].where == {"gender": ["female"]}
    assert scenario.coverage[0].areas == ["spam", "privacy"]
    assert "quota region: African >= 1" in [b.name for b in scenario.bounds()]


def test_a_value_written_twice_is_an_error() -> None:
    found = problems({"quota": [{"column": "region", "min": {"African": 1, "african": 2}}]}, POOL)
    assert "repeats" in found[0].message


# ---------------------------------------------------------------------------- names


def test_derived_names_follow_the_design() -> None:
    scenario = load_scenario(
        {
            "size": {"min": 30, "max": 40},
            "quota": [
                {"column": "region", "min": {"African": 6}, "max": {"Asia-Pacific": 10}},
                {"column": "stakeholder_group", "min_share": {"government": 0.3}},
                {
                    "column": "developing",
                    "where": {"stakeholder_group": "government"},
                    "min_share": {"yes": 0.5},
                },
                {
                    "column": "gender",
                    "where": {"region": ["African", "Asia-Pacific"]},
                    "max_share": {"male": "2/3"},
                },
            ],
            "cap": [
                {"column": "country", "max_each": 1},
                {"column": "nominated_by", "max_each": 2, "where": {"developing": "no"}},
            ],
            "coverage": [{"areas": ["spam", "privacy"], "min_each": 2}],
            "budget": {"max": 120000},
            "members": {"include": ["N-017"], "exclude": ["N-201"]},
        }
    )
    assert [b.name for b in scenario.bounds()] == [
        "size >= 30",
        "size <= 40",
        "quota region: African >= 6",
        "quota region: Asia-Pacific <= 10",
        "quota stakeholder_group: government >= 30%",
        "quota developing where stakeholder_group=government: yes >= 50%",
        "quota gender where region=African|Asia-Pacific: male <= 2/3",
        "cap country: at most 1 each",
        "cap nominated_by where developing=no: at most 2 each",
        "coverage expertise: spam >= 2",
        "coverage expertise: privacy >= 2",
        "budget travel_cost <= 120000",
        "include N-017",
        "exclude N-201",
    ]


def test_given_names_and_unique_names() -> None:
    scenario = load_scenario(
        {
            "size": {"min": 3, "max": 5, "name": "body"},
            "quota": [
                {
                    "name": "all regions",
                    "column": "region",
                    "min": {"African": 1, "Asia-Pacific": 1},
                },
                {"name": "women", "column": "gender", "min": {"female": 1}},
                {"column": "gender", "min": {"female": 1}},
                {"column": "gender", "min": {"female": 1}},
            ],
            "budget": {"max": 2.5, "name": "travel"},
        }
    )
    names = [b.name for b in scenario.bounds()]
    assert names == [
        "body (size >= 3)",
        "body (size <= 5)",
        "all regions (African >= 1)",
        "all regions (Asia-Pacific >= 1)",
        "women",
        "quota gender: female >= 1",
        "quota gender: female >= 1 #2",
        "travel",
    ]
    assert len(set(names)) == len(names)


def test_bundled_scenario_names_are_unique() -> None:
    scenario = load_scenario(ROOT / "scenarios" / "wgig-2004.toml")
    names = [b.name for b in scenario.bounds()]
    assert len(set(names)) == len(names)
    assert "all regions (African >= 4)" in names
    assert "stakeholder thirds (government <= 40%)" in names  # "2/5" in the file
    assert scenario.source is not None and scenario.sha256


# ---------------------------------------------------------------------------- schema


def test_json_schema_has_every_top_level_key() -> None:
    schema = json_schema()
    assert set(schema["properties"]) == set(Scenario.model_fields)
    assert set(schema["properties"]) >= {
        "name",
        "description",
        "nominations",
        "size",
        "quota",
        "cap",
        "coverage",
        "budget",
        "members",
        "objective",
    }
    assert schema["additionalProperties"] is False
