"""Every intake warning reaches validate, solve's output, the result JSON and the Run sheet."""

import json
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from composer.cli.app import app
from composer.engine.solve import compose

runner = CliRunner()
POOL = "Nomination ID,Full name,Secretariat score\nN1,Ann,5\nN2,Bob,7\nN3,Cy,6\n"
WARNING = (
    "n.csv, row 1, column 'score': heading 'Secretariat score' read as column 'score' -> if "
    'that is right, confirm it with [columns.score] heading = "Secretariat score" in the '
    "scenario; if not, rename the heading"
)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def one_line(text: str) -> str:
    return " ".join(text.split())


def test_validate_prints_warnings_and_strict_exits_2(tmp_path: Path) -> None:
    pool = write(tmp_path, "n.csv", POOL)
    plain = runner.invoke(app, ["validate", str(pool)], terminal_width=400)
    assert plain.exit_code == 0
    assert f"Warning: {WARNING}" in one_line(plain.output)
    assert "no problems (3 warning(s) above)" in one_line(plain.output)
    messy = write(tmp_path, "m.csv", "ID,Full name,Contact e-mail,Notes\n1,A,a@x.org,CV missing\n")
    extra = runner.invoke(app, ["validate", str(messy)], terminal_width=400)
    assert (
        "Other columns, kept as they are (usable in rules): 'Contact e-mail' (contact_e_mail), "
        "'Notes' (notes)" in one_line(extra.output)
    )
    strict = runner.invoke(app, ["validate", str(pool), "--strict"], terminal_width=400)
    assert strict.exit_code == 2
    assert "3 warning(s) in n.csv, and --strict treats warnings as problems" in one_line(
        strict.output
    )
    clean = write(tmp_path, "c.csv", "id,name,score\nN1,Ann,5\nN2,Bob,7\n")
    assert runner.invoke(app, ["validate", str(clean), "--strict"]).exit_code == 0


def test_solve_prints_warnings_and_writes_them_to_json_and_run_sheet(tmp_path: Path) -> None:
    pool = write(tmp_path, "n.csv", POOL)
    scenario = write(tmp_path, "s.toml", "[size]\nmin = 2\nmax = 2\n")
    out, record = tmp_path / "r.json", tmp_path / "r.xlsx"
    result = runner.invoke(
        app,
        ["solve", str(scenario), "-n", str(pool), "--json", str(out), "--out", str(record)],
        terminal_width=400,
    )
    assert result.exit_code == 0, result.output
    assert f"Warning: {WARNING}" in one_line(result.output)
    warnings = json.loads(out.read_text(encoding="utf-8"))["warnings"]
    assert warnings[2] == {
        "message": "heading 'Secretariat score' read as column 'score'",
        "fix": 'if that is right, confirm it with [columns.score] heading = "Secretariat score" '
        "in the scenario; if not, rename the heading",
        "file": "n.csv",
        "row": 1,
        "column": "score",
        "text": WARNING,
    }
    assert len(warnings) == 3
    sheet = openpyxl.load_workbook(record, read_only=True)["Run"]
    rows = {r[0]: r[1] for r in sheet.iter_rows(values_only=True)}
    assert rows["Intake warning 3"] == WARNING
    assert "Intake warning 4" not in rows


def test_result_dict_warnings_empty_for_a_clean_pool(tmp_path: Path) -> None:
    pool = write(tmp_path, "c.csv", "id,name,score\nN1,Ann,5\nN2,Bob,7\n")
    scenario = write(tmp_path, "s.toml", "[size]\nmin = 1\nmax = 1\n")
    assert compose(pool, scenario).to_dict()["warnings"] == []


def test_notebook_views_show_the_warnings(tmp_path: Path) -> None:
    pool = write(tmp_path, "n.csv", POOL)
    scenario = write(tmp_path, "s.toml", "[size]\nmin = 1\nmax = 1\n")
    result = compose(pool, scenario)
    assert "3 warning(s) about the nominations: see result.pool.warnings" in result.summary()
    html = result._repr_html_()
    assert "3 warning(s) about how the nominations were read" in html
    assert "heading &#x27;Secretariat score&#x27; read as column &#x27;score&#x27;" in html
    assert "<li>" in result.pool._repr_html_()


def test_lottery_statement_and_compare_print_the_warnings(tmp_path: Path) -> None:
    pool = write(tmp_path, "n.csv", POOL)
    scenario = write(tmp_path, "s.toml", "[size]\nmin = 2\nmax = 2\n")
    other = write(tmp_path, "t.toml", "[size]\nmin = 1\nmax = 1\n")
    record = tmp_path / "lot.json"
    runs = {
        "lottery": [
            "lottery",
            str(scenario),
            "-n",
            str(pool),
            "--seed",
            "s",
            "--json",
            str(record),
        ],
        "statement": [
            "statement",
            str(scenario),
            "-n",
            str(pool),
            "--out",
            str(tmp_path / "s.html"),
        ],
        "compare": ["compare", str(scenario), str(other), "-n", str(pool), "--column", "name"],
    }
    for verb, arguments in runs.items():
        run = runner.invoke(app, arguments, terminal_width=400)
        assert run.exit_code == 0, (verb, run.output)
        assert f"Warning: {WARNING}" in one_line(run.output), verb
    warnings = json.loads(record.read_text(encoding="utf-8"))["warnings"]
    assert [w["text"] for w in warnings][2] == WARNING
    assert len(warnings) == 3
