"""The body's own values and aliases ([columns.NAME] values / aliases), and optional columns."""

import pytest

from composer import compose
from composer.errors import ScenarioError
from composer.inputs.column_spec import ColumnSpec
from composer.inputs.nominations import load_nominations
from composer.rules.scenario import load_scenario

OWN = {
    "stakeholder_group": ColumnSpec(
        values=["government", "academia", "technical community", "labour"],
        aliases={"Trade union": "labour", "Uni": "academia"},
    )
}


def test_declared_values_replace_the_built_in_ones() -> None:
    pool = load_nominations(
        [
            {"id": "1", "stakeholder_group": "Govt"},  # built-in spelling of a declared value
            {"id": "2", "stakeholder_group": "Academia"},
            {"id": "3", "stakeholder_group": "technical-community"},
            {"id": "4", "stakeholder_group": "trade union"},
            {"id": "5", "stakeholder_group": "uni"},
            {"id": "6", "stakeholder_group": "civil society"},  # built-in, but not declared
        ],
        columns=OWN,
    )
    assert list(pool.table["stakeholder_group"]) == [
        "government",
        "academia",
        "technical community",
        "labour",
        "academia",
        "civil society",
    ]
    (warning,) = pool.warnings
    assert warning.message == (
        "stakeholder_group 'civil society' is not one of the declared values; kept as written "
        "(row 7)"
    )
    assert warning.fix == (
        "add it to [columns.stakeholder_group] values, or map it: "
        'aliases = { "civil society" = "..." }'
    )


def test_only_id_is_required_and_nothing_is_made_up() -> None:
    pool = load_nominations(
        [{"id": "a", "age_band": "16-29", "area": "urban"}, {"id": "b", "age_band": "30-44"}]
    )
    assert {"country", "stakeholder_group", "region", "developing"}.isdisjoint(pool.columns)
    assert list(pool.table["name"]) == ["a", "b"]  # the id stands in for a missing name
    assert pool.warnings == []


def test_stratified_assembly_solves_on_its_own_features() -> None:
    rows = [
        {"id": f"p{k}", "age_band": band, "area": area, "score": str(k)}
        for k, (band, area) in enumerate(
            [
                ("16-29", "urban"),
                ("16-29", "rural"),
                ("30-59", "urban"),
                ("30-59", "rural"),
                ("60+", "urban"),
                ("60+", "rural"),
                ("60+", "urban"),
                ("30-59", "urban"),
            ]
        )
    ]
    scenario = {
        "size": {"min": 4, "max": 4},
        "quota": [
            {"column": "age_band", "min": {"16-29": 1, "30-59": 1, "60+": 1}},
            {"column": "area", "min": {"rural": 2}},
        ],
    }
    result = compose(rows, scenario)
    assert result.ok
    chosen = result.pool.table.loc[list(result.selected)]
    assert set(chosen["age_band"]) == {"16-29", "30-59", "60+"}
    assert (chosen["area"] == "rural").sum() >= 2
    from composer.rules.shown import shown_columns

    assert shown_columns(result.scenario, result.pool, ("region", "gender")) == [
        "age_band",
        "area",
    ]


def test_a_rule_may_use_an_alias_and_a_declared_value_nobody_holds() -> None:
    rows = [{"id": str(k), "stakeholder_group": g} for k, g in enumerate(["Govt", "uni", "uni"])]
    scenario = load_scenario(
        {
            "columns": {"stakeholder_group": OWN["stakeholder_group"].model_dump()},
            "size": {"min": 2, "max": 2},
            "quota": [{"column": "stakeholder_group", "min": {"Trade union": 0, "Uni": 1}}],
        }
    )
    result = compose(rows, scenario)
    assert result.ok
    assert "academia" in set(result.pool.table.loc[list(result.selected), "stakeholder_group"])


def test_gender_outside_the_built_in_values_is_counted_as_written() -> None:
    rows = [{"id": str(k), "gender": g} for k, g in enumerate(["non-binary", "F", "M", "M"])]
    scenario = {
        "size": {"min": 2, "max": 2},
        "quota": [{"column": "gender", "min": {"Non-Binary": 1}}],
    }
    result = compose(rows, scenario)
    assert result.ok and "0" in result.selected


@pytest.mark.parametrize(
    ("columns", "message"),
    [
        (
            {"stakeholder_group": {"values": ["labour", "Labour"]}},
            "[columns.stakeholder_group] values lists 'Labour' twice (as 'labour'): "
            "list each value once",
        ),
        (
            {
                "stakeholder_group": {
                    "values": ["government", "labour"],
                    "aliases": {"Union": "trade unions"},
                }
            },
            "[columns.stakeholder_group] aliases maps 'Union' to 'trade unions', which is not "
            "one of its values (government, labour): add 'trade unions' to values, or map the "
            "alias to a listed value",
        ),
        (
            {"gender": {"aliases": {"nb": "nonbinary"}}},
            "[columns.gender] aliases maps 'nb' to 'nonbinary', which is not one of its built-in "
            "values (female, male, other, undisclosed): add 'nonbinary' to values, or map the "
            "alias to a listed value",
        ),
        (
            {"area": {"values": []}},
            "[columns.area] values is empty: list the values, or delete the key",
        ),
    ],
)
def test_bad_value_declarations(columns: dict[str, object], message: str) -> None:
    with pytest.raises(ScenarioError) as info:
        load_scenario({"columns": columns})
    (problem,) = info.value.problems
    assert (problem.key, problem.message) == ("columns", message)


def test_documented_examples_of_bad_declarations_are_the_real_messages() -> None:
    from pathlib import Path

    text = (Path(__file__).parent.parent / "docs" / "scenarios.md").read_text(encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario({"columns": {"stakeholder_group": {"values": ["labour", "Labour"]}}})
    assert f"key 'columns': {info.value.problems[0].message}" in text
