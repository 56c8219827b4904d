"""A file of the wrong kind where nominations are expected: said plainly, exit 2."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from composer.cli.app import app


def test_a_scenario_given_as_the_nominations_is_named_as_such(tmp_path: Path) -> None:
    scenario = tmp_path / "body.toml"
    scenario.write_text('nominations = "pool.csv"\n[size]\nmax = 5\n')
    result = CliRunner().invoke(app, ["validate", str(scenario)], terminal_width=200)
    assert result.exit_code == 2
    assert "body.toml: this is a scenario (TOML), not a nominations table" in result.output
    assert (
        "give the nominations file, and the scenario with it: composer validate "
        "NOMINATIONS.xlsx --scenario body.toml" in result.output
    )
    assert "Traceback" not in result.output
