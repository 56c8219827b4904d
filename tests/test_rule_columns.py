"""Rules that name `id`, and a table written as a list: clear exit-2 messages, no internal error."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import composer
from composer import ScenarioError
from composer.cli.app import app
from composer.inputs.examples import bundled_scenario

POOL = bundled_scenario("wgig-2004.toml").parent / "wgig-2004-nominations.csv"
ID_FIX = (
    "fix members in or out with [members] include = [...] / exclude = [...], or count by "
    "another column (for example a person or group column)"
)


@pytest.mark.parametrize(
    ("rules", "key"),
    [
        ({"quota": [{"column": "id", "min": {"N-001": 1}}]}, "quota[1].column"),
        ({"cap": [{"column": "id", "max_each": 1}]}, "cap[1].column"),
        (
            {"quota": [{"column": "gender", "min": {"female": 1}, "where": {"id": "N-001"}}]},
            "quota[1].where.id",
        ),
    ],
)
def test_a_rule_on_id_is_refused_with_the_fix(rules: dict[str, object], key: str) -> None:
    with pytest.raises(ScenarioError) as caught:
        composer.compose(POOL, {"size": {"max": 5}, **rules}, time_limit=10)
    (problem,) = caught.value.problems
    assert problem.key == key
    assert problem.message == "a rule cannot count by 'id': every nominee has an id of their own"
    assert problem.fix == ID_FIX
    assert caught.value.exit_code == 2


def test_size_written_twice_says_what_to_do(tmp_path: Path) -> None:
    scenario = tmp_path / "two-sizes.toml"
    scenario.write_text('name = "x"\n[[size]]\nmax = 10\n[[size]]\nmax = 20\n', encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        composer.load_scenario(scenario)
    (problem,) = caught.value.problems
    assert problem.message == "'size' is one table, but the file has a list of them ([[size]])"
    assert problem.fix == "write a single [size] table; one scenario has one size"
    done = CliRunner().invoke(
        app,
        ["solve", str(scenario), "--nominations", str(POOL)],
    )
    assert done.exit_code == 2
    # the brackets reach the terminal as written (not swallowed as markup)
    assert "([[size]])" in done.output
    assert "write a single [size]" in done.output


def test_budget_written_twice_is_two_budgets(tmp_path: Path) -> None:
    scenario = tmp_path / "two-budgets.toml"
    scenario.write_text(
        'name = "x"\n[[budget]]\ncolumn = "travel_cost"\nmax = 100\n'
        '[[budget]]\ncolumn = "travel_cost"\nmax = 200\nname = "travel (wider)"\n',
        encoding="utf-8",
    )
    loaded = composer.load_scenario(scenario)
    assert [b.name for b in loaded.bounds()] == ["budget travel_cost <= 100", "travel (wider)"]
