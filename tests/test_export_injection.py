"""Injection and privacy over every writing verb: formula-looking and ``$...$`` payloads in
every text field of the members, a unique marker in every text field of the nominees not
chosen, and each output checked (cell types, raw sheet XML, JSON, HTML, PDF text, and the
labels behind every chart)."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from matplotlib.figure import Figure
from openpyxl import load_workbook
from typer.testing import CliRunner

from composer.analysis.lottery import lottery
from composer.cli.app import app
from composer.export.charts import LITERAL_TEXT
from composer.export.probabilities import group_chart, group_columns
from composer.export.report import build_statement
from composer.export.sheets import OTHER_VALUES
from composer.export.tradeoff_charts import comparison_chart

runner = CliRunner()
MARKER = "QZJMARK"
#: Contact values of the members: none may reach a shared output either.
CONTACT = ["a@ex.org", "b@ex.org", "c@ex.org", "d@ex.org", "+254 700", "Needs visa"]
MATH = ["Ana $\\undefinedmacro$ Lima", "Jo $x^2$ Lima"]

# Four members (payloads everywhere) and two nominees not chosen (the marker everywhere).
POOL = f"""id,name,country,stakeholder_group,gender,organisation,nominated_by,expertise,score,email,phone,notes
=1+1,"=HYPERLINK(""http://x"";""y"")",KEN,government,female,+Org,=cmd|' /C calc'!A0,dns,9,a@ex.org,+254 700,Needs visa
@a,{MATH[0]},FRA,private_sector,male,-Org,@Body,privacy,8,b@ex.org,-33 1,@note
-b,{MATH[1]},BRA,civil_society,female,$\\frac$ Org,+Body,spam,7,c@ex.org,+55 2,-note
+c,Ivan =Petrov,POL,technical_academic,male,@Org2,-Body,access,6,d@ex.org,@1,+note
x{MARKER}1,Out {MARKER},CHN,government,male,Org {MARKER},{MARKER} body,{MARKER} area,1,q@{MARKER}.org,+86 {MARKER},{MARKER} note
x{MARKER}2,Other {MARKER},IND,private_sector,female,Org2 {MARKER},{MARKER} body2,{MARKER} area2,0,r@{MARKER}.org,{MARKER},{MARKER} note2
"""  # noqa: E501
SCENARIO = """name = "=1+2 $\\\\frac$ scenario"
description = "@desc $x^2$ -desc"
nominations = "pool.csv"
[size]
max = 4
[objective]
maximise = "score"
[[quota]]
column = "organisation"
max = { "+Org" = 1 }
[[quota]]
column = "nominated_by"
max = { "@Body" = 1 }
"""
MEMBERS = ["=1+1", "@a", "-b", "+c"]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("injection")
    (path / "pool.csv").write_text(POOL, encoding="utf-8")
    (path / "s.toml").write_text(SCENARIO, encoding="utf-8")
    (path / "t.toml").write_text('name = "@two"\nnominations = "pool.csv"\n[size]\nmax = 3\n')
    return path


def _invoke(*args: str) -> None:
    done = runner.invoke(app, list(args))
    assert done.exit_code == 0, done.output


def _zip_bytes(path: Path) -> bytes:
    with zipfile.ZipFile(path) as book:
        return b"".join(book.read(n) for n in book.namelist())


def _assert_text_only(path: Path) -> None:
    """Not one formula: no cell of type 'f', no <f> element anywhere in the zip."""
    book = load_workbook(path)
    formulas = [
        (ws.title, c.coordinate)
        for ws in book.worksheets
        for row in ws.iter_rows()
        for c in row
        if c.data_type == "f"
    ]
    assert formulas == []
    raw = _zip_bytes(path)
    assert b"<f>" not in raw and b"<f " not in raw
    texts = {str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row}
    assert "=1+1" in texts  # the formula-looking id is there, as text


def _assert_private(raw: bytes | str) -> None:
    data = raw.encode("utf-8") if isinstance(raw, str) else raw
    assert MARKER.encode() not in data
    for secret in CONTACT:
        assert secret.encode() not in data, secret


def _labels(draw_on: Figure) -> list[str]:
    """Every text drawn on the figure: titles, tick labels, legend entries, annotations."""
    from matplotlib.text import Text

    return [t.get_text() for t in draw_on.findobj(Text) if t.get_text()]


def test_shortlist_json_and_alternatives_are_text_only_and_private(folder: Path) -> None:
    scenario = str(folder / "s.toml")
    _invoke("solve", scenario, "--out", str(folder / "solve.xlsx"), "--explain",
            "--json", str(folder / "solve.json"))  # fmt: skip
    _invoke("alternatives", scenario, "-k", "2", "--out", str(folder / "alt.xlsx"))
    for name in ("solve.xlsx", "alt.xlsx"):
        _assert_text_only(folder / name)
        _assert_private(_zip_bytes(folder / name))
    summary = load_workbook(folder / "solve.xlsx")["Summary"]
    assert OTHER_VALUES in {c.value for row in summary.iter_rows() for c in row}
    text = (folder / "solve.json").read_text(encoding="utf-8")
    _assert_private(text)
    assert sorted(json.loads(text)["selected"]) == sorted(MEMBERS)


def test_compare_workbook_and_chart_are_text_only_and_private(folder: Path) -> None:
    one, two = str(folder / "s.toml"), str(folder / "t.toml")
    xlsx, png = folder / "cmp.xlsx", folder / "cmp.png"
    for column in ("organisation", "name"):
        target = folder / f"cmp-{column}.png"
        _invoke("compare", one, two, "--png", str(target), "--column", column)
        assert target.read_bytes().startswith(b"\x89PNG")
    _invoke("compare", one, two, "--xlsx", str(xlsx), "--png", str(png))
    _assert_text_only(xlsx)
    _assert_private(_zip_bytes(xlsx))

    from composer.analysis.compare import compare

    result = compare(None, [folder / "s.toml", folder / "t.toml"])
    figure = Figure(figsize=(7.2, 3.8))
    import matplotlib

    with matplotlib.rc_context(LITERAL_TEXT):
        comparison_chart(result, figure.subplots(), column="name")
    labels = " ".join(_labels(figure)).replace("\n", " ")
    assert MARKER not in labels
    for name in MATH:
        assert name in labels, name


def test_statement_html_and_its_charts_are_literal_and_private(folder: Path) -> None:
    target = folder / "st.html"
    _invoke("statement", str(folder / "s.toml"), "--out", str(target))
    html = target.read_text(encoding="utf-8")
    _assert_private(html)
    for name in MATH:
        assert name in html, name

    from composer import load_scenario
    from composer.engine.solve import solve
    from composer.inputs.nominations import load_nominations

    scenario = load_scenario(folder / "s.toml")
    result = solve(load_nominations(folder / "pool.csv"), scenario)
    drawn = []
    for chart in build_statement(result).charts:
        figure = Figure(figsize=chart.size)
        chart.draw(figure.subplots())
        drawn += _labels(figure)
    assert drawn and MARKER not in " ".join(drawn)
    assert "+Org" in drawn and "@Body" in drawn  # the members' own values, as written


def test_lottery_workbook_and_statement_are_text_only_and_private(folder: Path) -> None:
    scenario = str(folder / "s.toml")
    xlsx, html = folder / "lot.xlsx", folder / "lot.html"
    _invoke("lottery", scenario, "--seed", "abc", "--out", str(xlsx), "--statement", str(html))
    _assert_text_only(xlsx)
    for secret in CONTACT:  # the workbook lists every nominee's chance, never contact data
        assert secret.encode() not in _zip_bytes(xlsx), secret
    _assert_private(html.read_text(encoding="utf-8"))
    lot = lottery(None, folder / "s.toml", seed="abc")
    for column in group_columns(lot):
        figure = Figure()
        group_chart(lot, column, figure.subplots(), public=True)
        labels = [t.get_text() for t in figure.axes[0].get_xticklabels()]
        assert not any(MARKER in label for label in labels), (column, labels)
    figure = Figure()
    group_chart(lot, "organisation", figure.subplots(), public=True)
    labels = [t.get_text() for t in figure.axes[0].get_xticklabels()]
    assert labels[-1] == OTHER_VALUES and "+Org" in labels


@pytest.mark.slow
def test_statement_pdf_is_literal_and_private(folder: Path) -> None:
    target = folder / "st.pdf"
    _invoke("statement", str(folder / "s.toml"), "--out", str(target))
    _assert_private(target.read_bytes())
    found = shutil.which("pdftotext")
    if found is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    done = subprocess.run([found, str(target), "-"], capture_output=True, text=True, check=True)
    text = " ".join(done.stdout.split())
    _assert_private(text)
    for name in MATH:
        assert name in text, name


def test_console_prints_user_text_as_written_never_as_markup(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A name, value or scenario name holding rich markup ('[/]', '[bold]') is printed as
    written: before, 'Ivan [/] Petrov' crashed explain with a MarkupError traceback."""
    from composer.cli import app as cli_app

    # the console reads COLUMNS once, when first made: set its width for this test
    monkeypatch.setattr(cli_app.console, "width", 250)
    pool = POOL.replace("Ivan =Petrov", "Ivan [/] [bold]Petrov").replace("@Org2", "[red]Org")
    (folder / "markup.csv").write_text(pool, encoding="utf-8")
    scenario = SCENARIO.replace('"pool.csv"', '"markup.csv"').replace("=1+2", "[/]")
    (folder / "markup.toml").write_text(scenario, encoding="utf-8")
    wide = {"COLUMNS": "250"}
    done = runner.invoke(app, ["explain", str(folder / "markup.toml")], env=wide)
    assert done.exit_code == 0, done.output
    assert "Ivan [/] [bold]Petrov" in done.output
    done = runner.invoke(app, ["solve", str(folder / "markup.toml")])
    assert done.exit_code == 0, done.output
    assert "[red]Org" in done.output and "[/] $\\frac$ scenario" in done.output
    bad = scenario.replace('column = "organisation"', 'column = "org[/]"')
    (folder / "bad.toml").write_text(bad, encoding="utf-8")
    done = runner.invoke(app, ["solve", str(folder / "bad.toml")])
    assert done.exit_code == 2, done.output
    assert "Error: markup.csv: the scenario names 1 column(s)" in done.output
    assert "'org[/]'" in " ".join(done.output.split())
