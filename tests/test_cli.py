"""The command line: every verb, every exit code of the contract, no overwrite without --force."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from composer.cli.app import app
from composer.inputs.examples import bundled_scenario

runner = CliRunner()
WGIG = bundled_scenario("wgig-2004.toml")

POOL = """id,name,country,stakeholder_group,gender,expertise,score
1,Ana,KEN,government,female,spam,9
2,Ben,FRA,private_sector,male,spam; privacy,7
3,Chi,CHN,civil_society,female,privacy,8
4,Dan,BRA,government,male,spam,6
"""


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_demo_writes_result_json_and_refuses_to_overwrite(tmp_path: Path) -> None:
    out = tmp_path / "result.json"
    first = runner.invoke(app, ["demo", "--json", str(out)])
    assert first.exit_code == 0, first.output
    data = json.loads(out.read_text())
    assert data["status"] == "optimal"
    assert data["scenario"] == "WGIG 2004: thirds"
    assert 30 <= data["size"] <= 40
    assert data["selected"] == sorted(data["selected"])
    assert all(rule["met"] for rule in data["rules"] if not rule["soft"])
    assert data["run"]["nominations_sha256"] and data["run"]["scenario_sha256"]
    assert "Seats by region" in first.output and "Expertise coverage" in first.output

    before = out.read_bytes()
    second = runner.invoke(app, ["demo", "--json", str(out)])
    assert second.exit_code == 2
    assert "--force" in second.output
    assert out.read_bytes() == before
    third = runner.invoke(app, ["demo", "--json", str(out), "--force"])
    assert third.exit_code == 0


def test_solve_optimal_exit_0_with_json(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    result = runner.invoke(app, ["solve", str(WGIG), "--json", str(out), "--workers", "2"])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["status"] == "optimal"


def test_solve_infeasible_exit_3_names_conflict(tmp_path: Path) -> None:
    pool = _write(tmp_path, "pool.csv", POOL)
    scenario = _write(tmp_path, "s.toml", """
name = "too many governments"
[size]
max = 3
[[quota]]
column = "stakeholder_group"
min = { government = 3 }
""")
    out = tmp_path / "r.json"
    result = runner.invoke(app, ["solve", str(scenario), "-n", str(pool), "--json", str(out)])
    assert result.exit_code == 3, result.output
    data = json.loads(out.read_text())
    assert data["status"] == "infeasible"
    assert data["conflict"] == ["quota stakeholder_group: government >= 3"]
    assert "cannot all hold" in result.output


def test_solve_bad_scenario_key_exit_2(tmp_path: Path) -> None:
    pool = _write(tmp_path, "pool.csv", POOL)
    scenario = _write(tmp_path, "s.toml", "[size]\nmaxx = 3\n")
    result = runner.invoke(app, ["solve", str(scenario), "-n", str(pool)])
    assert result.exit_code == 2
    assert "maxx" in result.output and "max" in result.output


def test_solve_unknown_value_exit_2(tmp_path: Path) -> None:
    pool = _write(tmp_path, "pool.csv", POOL)
    scenario = _write(tmp_path, "s.toml", """
[[quota]]
column = "regoin"
min = { African = 1 }
""")
    result = runner.invoke(app, ["solve", str(scenario), "-n", str(pool)])
    assert result.exit_code == 2
    assert "region" in result.output


def test_solve_without_nominations_exit_2(tmp_path: Path) -> None:
    scenario = _write(tmp_path, "s.toml", "[size]\nmax = 3\n")
    result = runner.invoke(app, ["solve", str(scenario)])
    assert result.exit_code == 2
    assert "nominations" in result.output


def test_solve_missing_scenario_file_exit_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["solve", str(tmp_path / "nope.toml")])
    assert result.exit_code == 2
    assert "not found" in result.output


def test_validate_reports_every_problem(tmp_path: Path) -> None:
    bad = _write(tmp_path, "bad.csv", "id,name,country,stakeholder_group,score\n"
                 "1,A,Frnace,gov,x\n1,B,KEN,busines,3\n")
    result = runner.invoke(app, ["validate", str(bad)])
    assert result.exit_code == 2
    for text in ("Frnace", "France", "not a number", "twice"):
        assert text in result.output


def test_validate_prints_warnings_and_reads_the_scenario_values(tmp_path: Path) -> None:
    pool = _write(tmp_path, "p.csv", "id,name,stakeholder_group\n1,A,labour\n2,B,Govt\n")
    plain = runner.invoke(app, ["validate", str(pool)], terminal_width=200)
    assert plain.exit_code == 0
    assert "Warning: p.csv, row 2, column 'stakeholder_group': stakeholder_group 'labour'" in (
        plain.output
    )
    scenario = _write(
        tmp_path, "s.toml", '[columns.stakeholder_group]\nvalues = ["government", "labour"]\n'
    )
    own = runner.invoke(app, ["validate", str(pool), "-s", str(scenario)], terminal_width=200)
    assert own.exit_code == 0 and "labour" not in own.output.split("OK")[0]
    assert "Warning: p.csv, column 'score': the objective column 'score' is absent" in own.output


def test_validate_ok_and_with_scenario(tmp_path: Path) -> None:
    pool = _write(tmp_path, "pool.csv", POOL)
    ok = runner.invoke(app, ["validate", str(pool)])
    assert ok.exit_code == 0 and "4 nominations" in ok.output
    scenario = _write(tmp_path, "s.toml", "[[coverage]]\nareas = ['spam', 'dns']\n")
    bad = runner.invoke(app, ["validate", str(pool), "--scenario", str(scenario)])
    assert bad.exit_code == 2 and "dns" in bad.output


def test_validate_summarises_by_the_columns_the_rules_balance(tmp_path: Path) -> None:
    scenario = bundled_scenario("citizens-assembly.toml")
    pool = scenario.parent / "citizens-assembly-volunteers.csv"
    result = runner.invoke(app, ["validate", str(pool), "--scenario", str(scenario)])
    assert result.exit_code == 0, result.output
    summary = result.output.split("Nominations by group")[1]
    rows = {line.split("│")[1].strip() for line in summary.splitlines() if line.count("│") > 2}
    assert {"area", "gender"} <= rows  # the assembly's own categories
    assert "region" not in rows and "stakeholder_group" not in rows  # no WGIG columns
    plain = runner.invoke(app, ["validate", str(pool)])  # no scenario: the default columns
    assert "area " not in plain.output.split("Nominations by group")[1]


def test_schema_verb(tmp_path: Path) -> None:
    out = tmp_path / "schema.json"
    result = runner.invoke(app, ["schema", "--out", str(out)])
    assert result.exit_code == 0
    schema = json.loads(out.read_text())
    assert {"size", "quota", "cap", "coverage", "budget", "members"} <= set(schema["properties"])


def test_time_limit_without_roster_exit_4(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import importlib

    from composer.engine import result as result_module

    solve_module = importlib.import_module("composer.engine.solve")

    real = solve_module.solve

    def unknown(*args: object, **kwargs: object) -> result_module.Result:
        found = real(*args, **kwargs)  # type: ignore[arg-type]
        found.status = result_module.Status.UNKNOWN
        found.selected, found.report = [], None
        return found

    monkeypatch.setattr(solve_module, "solve", unknown)
    pool = _write(tmp_path, "pool.csv", POOL)
    scenario = _write(tmp_path, "s.toml", "[size]\nmax = 2\n")
    result = runner.invoke(app, ["solve", str(scenario), "-n", str(pool)])
    assert result.exit_code == 4
    assert "time limit" in result.output


@pytest.mark.parametrize("verb", ["demo", "solve", "validate", "schema"])
def test_every_verb_has_help_with_example(verb: str) -> None:
    result = runner.invoke(app, [verb, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output


@pytest.mark.slow
def test_output_into_a_closed_pipe_keeps_the_exit_code(tmp_path: Path) -> None:
    import subprocess
    import sys

    command = [sys.executable, "-m", "composer", "demo", "--json", str(tmp_path / "r.json")]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None
    process.stdout.readline()  # read one line, then stop reading, as `| head -1` does
    process.stdout.close()
    _, err = process.communicate(timeout=120)
    assert process.returncode == 0, err.decode()
    assert b"Internal error" not in err


def test_budget_on_a_custom_column_with_empty_cells(tmp_path: Path) -> None:
    pool = _write(tmp_path, "pool.csv", "id,name,country,stakeholder_group,score,fee\n"
                  "1,A,KEN,government,5,100\n2,B,FRA,government,4,\n3,C,BRA,government,3,50\n")
    scenario = _write(tmp_path, "s.toml", "[size]\nmin = 2\nmax = 2\n"
                      "[budget]\ncolumn = \"fee\"\nmax = 100\n")
    out = tmp_path / "r.json"
    result = runner.invoke(app, ["solve", str(scenario), "-n", str(pool), "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["selected"] == ["1", "2"]  # 100 + empty (0) fits


@pytest.mark.slow
def test_solve_writes_the_shortlist_workbook_with_explanations(tmp_path: Path) -> None:
    import composer

    out = tmp_path / "shortlist.xlsx"
    result = runner.invoke(app, ["solve", str(WGIG), "--out", str(out), "--explain"])
    assert result.exit_code == 0, result.output
    shortlist = composer.load_nominations(out, sheet="Shortlist")
    assert len(shortlist) == 40 and "needed_for" in shortlist.table.columns
    again = runner.invoke(app, ["solve", str(WGIG), "--out", str(out)])
    assert again.exit_code == 2  # never overwritten without --force


def test_solve_alternatives_and_keep(tmp_path: Path) -> None:
    first = tmp_path / "r.json"
    result = runner.invoke(app, ["solve", str(WGIG), "--alternatives", "3", "--json", str(first)])
    assert result.exit_code == 0, result.output
    data = json.loads(first.read_text())
    rosters = [a["selected"] for a in data["alternatives"]]
    assert rosters[0] == data["selected"] and len(rosters) >= 2
    assert all(len(set(rosters[0]) - set(other)) >= 3 for other in rosters[1:])

    gone = data["selected"][0]
    second = tmp_path / "r2.json"
    result = runner.invoke(app, ["solve", str(WGIG), "--keep", str(first), "--withdrawn", gone,
                                 "--json", str(second)])
    assert result.exit_code == 0, result.output
    after = json.loads(second.read_text())
    assert gone not in after["selected"]
    assert len(set(after["selected"]) & set(data["selected"])) >= len(data["selected"]) - 2


def test_written_files_get_ordinary_permissions(tmp_path: Path) -> None:
    import os

    out = tmp_path / "r.json"
    assert runner.invoke(app, ["demo", "--json", str(out)]).exit_code == 0
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask  # not the 0600 of a temporary file


def test_solve_alternatives_with_out_writes_the_workbook(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "shortlist.xlsx"
    done = runner.invoke(
        app,
        ["solve", str(WGIG), "--alternatives", "2", "--out", str(out), "--time-limit", "60"],
    )
    assert done.exit_code == 0, done.output
    assert f"Wrote {out}" in done.output.replace("\n", "")
    book = load_workbook(out, read_only=True)
    try:
        assert "Shortlist" in book.sheetnames and "Alternatives" in book.sheetnames
        rows = list(book["Alternatives"].iter_rows(values_only=True))
        assert len(rows) >= 2  # a heading and at least the optimum
    finally:
        book.close()
