"""A file of the wrong kind where nominations are expected: said plainly, exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import composer
from composer import NominationsError
from composer.cli.app import app


def test_a_scenario_given_as_the_nominations_is_named_as_such(tmp_path: Path) -> None:
    scenario = tmp_path / "body.toml"
    scenario.write_text('nominations = "pool.csv"\n[size]\nmax = 5\n')
    with pytest.raises(NominationsError) as caught:
        composer.load_nominations(scenario)
    assert str(caught.value).startswith(
        "body.toml: this is a scenario (TOML), not a nominations table"
    )
    (problem,) = caught.value.problems
    assert problem.fix == (
        "give the nominations file, and the scenario with it: composer validate "
        "NOMINATIONS.xlsx --scenario body.toml"
    )
    result = CliRunner().invoke(app, ["validate", str(scenario)])
    assert result.exit_code == 2
    assert "this is a scenario (TOML), not a nominations table" in result.output
    assert "Traceback" not in result.output


def test_a_lottery_keeps_the_bodys_own_values() -> None:
    """The lottery re-orders the pool by id; the body's declared values must survive it."""
    from composer.inputs.examples import bundled_scenario

    scenario = composer.load_scenario(bundled_scenario("hlp-digital-2018.toml"))
    pool = composer.load_pool(scenario)
    assert "technical_community" in set(pool.table["stakeholder_group"])
    lot = composer.lottery(pool, scenario, method="maximin", seed="s", time_limit=60)
    assert lot.selected and lot.status.value in ("optimal", "feasible")
