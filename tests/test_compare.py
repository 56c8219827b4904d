"""Scenario comparison: the same pool, several scenarios, their rules side by side, overlap."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from helpers import random_pool
from typer.testing import CliRunner

from composer import solve
from composer.analysis.compare import IN_ALL, IN_ONE, IN_SOME, compare
from composer.cli.app import app
from composer.engine.result import Status
from composer.errors import EXIT_BAD_INPUT, FrontierError
from composer.inputs.examples import bundled_scenario
from composer.rules.scenario import load_scenario

runner = CliRunner()
BASE: dict[str, Any] = {"size": {"min": 3, "max": 4}, "objective": {"maximise": "score"}}
GOVERNMENTS = {
    **BASE,
    "name": "governments",
    "quota": [{"column": "stakeholder_group", "min": {"government": 2}}],
}
WOMEN = {**BASE, "name": "women", "quota": [{"column": "gender", "min": {"female": 3}}]}
PLAIN = {**BASE, "name": "plain"}


def test_each_scenario_is_solved_as_it_stands_and_overlap_is_exact() -> None:
    pool = random_pool(12, seed=4)
    both = compare(pool, [GOVERNMENTS, WOMEN, PLAIN], progress=False)
    assert both.names == ["governments", "women", "plain"] and len(both) == 3
    for name, scenario in zip(both.names, (GOVERNMENTS, WOMEN, PLAIN), strict=True):
        alone = solve(pool, load_scenario(scenario))
        assert both.result(name).selected == alone.selected
    rosters = [set(r.selected) for r in both.results]
    overlap = both.overlap()
    groups = dict(zip(overlap["id"], overlap["group"], strict=True))
    everyone = set().union(*rosters)
    assert set(groups) == everyone
    for ident in everyone:
        count = sum(ident in r for r in rosters)
        expected = IN_ALL if count == 3 else IN_ONE if count == 1 else IN_SOME
        assert groups[ident] == expected
    counts = both.overlap_counts()
    assert counts[IN_ALL] == len(set.intersection(*rosters))
    assert sum(counts.values()) == len(everyone)
    assert list(overlap["group"]) == sorted(overlap["group"], key=[IN_ALL, IN_SOME, IN_ONE].index)


def test_frame_composition_and_breakdown() -> None:
    pool = random_pool(12, seed=4)
    both = compare(pool, [GOVERNMENTS, WOMEN], progress=False)
    frame = both.frame()
    assert list(frame["scenario"]) == ["governments", "women"]
    assert set(frame["status"]) == {"optimal"}
    rules = both.composition()
    government = "quota stakeholder_group: government >= 2"
    women = "quota gender: female >= 3"
    assert rules.loc[government, "governments"] >= 2 and math.isnan(rules.loc[government, "women"])
    assert rules.loc[women, "women"] >= 3 and math.isnan(rules.loc[women, "governments"])
    breakdown = both.breakdown("gender")
    for name, result in zip(both.names, both.results, strict=True):
        chosen = pool.table.loc[result.selected, "gender"].value_counts()
        assert breakdown[name].sum() == result.size
        assert all(breakdown.loc[v, name] == n for v, n in chosen.items())
    assert "governments" in both.summary() and "<table" in both._repr_html_()


def test_infeasible_scenario_is_a_row_not_an_error() -> None:
    pool = random_pool(12, seed=4)
    impossible = {
        **BASE,
        "name": "impossible",
        "quota": [{"column": "gender", "min": {"female": 9}}],
    }
    both = compare(pool, [PLAIN, impossible], progress=False)
    assert [r.status for r in both.results] == [Status.OPTIMAL, Status.INFEASIBLE]
    row = both.frame().iloc[1]
    assert row["status"] == "infeasible" and "female >= 9" in row["conflict"]
    assert both.overlap_counts() == {IN_ALL: 0, IN_SOME: 0, IN_ONE: len(both.results[0].selected)}


def test_bundled_scenarios_on_their_shared_pool(tmp_path: Path) -> None:
    files = [bundled_scenario(), bundled_scenario("wgig-2004-halves.toml")]
    both = compare(None, files, progress=False)
    assert both.names == ["WGIG 2004: thirds", "WGIG 2004: halves"]
    groups = both.breakdown("stakeholder_group")
    assert groups.loc["government", "WGIG 2004: halves"] >= 20  # half of 40
    out = tmp_path / "compare.xlsx"
    both.to_excel(out)
    sheets = pd.read_excel(out, sheet_name=None)
    assert list(sheets) == ["Comparison", "Rules", "Overlap"]
    assert len(sheets["Overlap"]) == len(both.overlap())
    with pytest.raises(Exception, match="exists"):
        both.to_excel(out)


def test_same_names_are_told_apart() -> None:
    pool = random_pool(12, seed=4)
    both = compare(pool, [PLAIN, PLAIN], progress=False)
    assert both.names == ["plain", "plain #2"]
    assert both.overlap_counts()[IN_ALL] == both.results[0].size


def test_bad_input_fewer_than_two_and_no_shared_pool(tmp_path: Path) -> None:
    with pytest.raises(FrontierError) as error:
        compare(random_pool(6, seed=1), [PLAIN], progress=False)
    assert error.value.exit_code == EXIT_BAD_INPUT and "at least two" in str(error.value)
    with pytest.raises(FrontierError) as error:
        compare(None, [PLAIN, GOVERNMENTS], progress=False)
    assert error.value.exit_code == EXIT_BAD_INPUT and "--nominations" in str(error.value)


POOL_CSV = """id,name,country,stakeholder_group,gender,score
1,Ana,KEN,government,female,9
2,Ben,FRA,private_sector,male,7
3,Chi,CHN,civil_society,female,8
4,Dan,BRA,government,male,6
"""


def _scenario(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_cli_compare_writes_png_and_workbook(tmp_path: Path) -> None:
    pool = _scenario(tmp_path, "pool.csv", POOL_CSV)
    one = _scenario(tmp_path, "a.toml", 'name = "two"\n[size]\nmax = 2\n')
    two = _scenario(
        tmp_path,
        "b.toml",
        'name = "two men"\n[size]\nmax = 2\n[[quota]]\ncolumn = "gender"\nmin = { male = 2 }\n',
    )
    png, xlsx = tmp_path / "c.png", tmp_path / "c.xlsx"
    args = ["compare", str(one), str(two), "-n", str(pool), "--png", str(png), "--xlsx", str(xlsx)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert png.read_bytes()[:4] == b"\x89PNG" and xlsx.exists()
    text = " ".join(result.output.split())
    assert "by one only: 4" in text  # {Ana, Chi} against {Ben, Dan}
    again = runner.invoke(app, args)
    assert again.exit_code == 2 and "--force" in again.output


def test_cli_compare_bad_input_exit_2(tmp_path: Path) -> None:
    pool = _scenario(tmp_path, "pool.csv", POOL_CSV)
    one = _scenario(tmp_path, "a.toml", 'name = "two"\n[size]\nmax = 2\n')
    lonely = runner.invoke(app, ["compare", str(one), "-n", str(pool)])
    assert lonely.exit_code == 2 and "at least two" in lonely.output
    bad = _scenario(tmp_path, "bad.toml", '[[quota]]\ncolumn = "regoin"\nmin = { African = 1 }\n')
    wrong = runner.invoke(app, ["compare", str(one), str(bad), "-n", str(pool)])
    assert wrong.exit_code == 2 and "region" in wrong.output and "Traceback" not in wrong.output
    column = runner.invoke(app, ["compare", str(one), str(one), "-n", str(pool), "--column", "x"])
    assert column.exit_code == 2 and "no column 'x'" in column.output
