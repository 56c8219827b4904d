"""The balance statement: its content, and that it names no nominee who was not selected."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import make_pool, run
from typer.testing import CliRunner

import composer
from composer import ComposerError, Explanation
from composer.cli.app import app
from composer.export.report import build_statement, write_statement
from composer.inputs.examples import bundled_scenario

WGIG = bundled_scenario("wgig-2004.toml")
runner = CliRunner()


@pytest.fixture(scope="module")
def wgig() -> tuple[composer.Result, Explanation]:
    result = composer.compose(WGIG)
    return result, result.explain(members=[], top=10)


def _names(result: composer.Result) -> tuple[set[str], set[str]]:
    """Names of the members, and names only non-selected nominees have."""
    table = result.pool.table
    chosen = set(table.loc[result.selected, "name"])
    others = set(table.drop(index=result.selected)["name"]) - chosen
    return chosen, others


def _pdf_text(path: Path) -> str:
    found = shutil.which("pdftotext")
    if found is None:
        message = "pdftotext (poppler-utils) is not installed: the PDF text cannot be read"
        if os.environ.get("CI"):
            pytest.fail(f"CI must read the PDF statement back: {message}")
        pytest.skip(message)
    done = subprocess.run(
        [found, "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return " ".join(done.stdout.split())


@pytest.mark.slow
def test_html_names_members_only(tmp_path: Path, wgig: tuple[composer.Result, Explanation]) -> None:
    result, explanation = wgig
    path = write_statement(result, tmp_path / "statement.html", explanation=explanation)
    text = path.read_text(encoding="utf-8")
    chosen, others = _names(result)
    assert all(name in text for name in chosen)
    assert not [name for name in others if name in text]
    # self-contained: charts inline, no outside resources
    assert text.count("data:image/png;base64,") >= 4
    assert not re.search(r"""(src|href)=["']https?:""", text)
    for heading in (
        "Mandate",
        "The rules",
        "Composition against every rule",
        "Expertise coverage",
        "The price of balance",
        "Nominations received and members selected",
        "Method",
    ):
        assert f"<h2>{heading}</h2>" in text
    assert result.run["nominations_sha256"] in text and result.run["scenario_sha256"] in text
    assert "Internal" not in text


@pytest.mark.slow
def test_pdf_names_members_only(tmp_path: Path, wgig: tuple[composer.Result, Explanation]) -> None:
    result, explanation = wgig
    path = write_statement(result, tmp_path / "statement.pdf", explanation=explanation)
    assert path.read_bytes().startswith(b"%PDF")
    text = _pdf_text(path)
    chosen, others = _names(result)
    assert all(name in text for name in chosen)
    assert not [name for name in others if name in text]
    assert "The price of balance" in text and "Method" in text


@pytest.mark.slow
def test_include_names_adds_the_others_for_internal_use(
    tmp_path: Path, wgig: tuple[composer.Result, Explanation]
) -> None:
    result, explanation = wgig
    path = write_statement(
        result, tmp_path / "internal.html", include_names=True, explanation=explanation
    )
    text = path.read_text(encoding="utf-8")
    _, others = _names(result)
    assert all(name in text for name in others)
    assert "do not publish" in text
    # the top-10 nominees carry their reason
    first = explanation.nominees.iloc[0]
    assert str(first["id"]) in text and "the best roster with them" in text


def test_statement_content(wgig: tuple[composer.Result, Explanation]) -> None:
    result, explanation = wgig
    statement = build_statement(result, explanation=explanation)
    rules = [b for b in result.scenario.bounds() if b.family != "members"]
    assert len(statement.composition) == len(rules)
    assert "at least 4 African members" in statement.rules
    regions = statement.intake["UN regional group"].set_index("UN regional group")
    table = result.pool.table
    assert regions.at["African", "Nominations"] == (table["region"] == "African").sum()
    selected = table.loc[result.selected, "region"]
    assert regions.at["African", "Selected"] == (selected == "African").sum()
    assert regions.at["All", "Nominations"] == len(table)
    assert regions.at["All", "Selected"] == result.size
    assert explanation.balance is not None
    assert f"{explanation.balance.price:,g} points" in statement.price_text
    assert set(statement.prices["Rule"]) <= set(explanation.prices["label"])
    assert any("independent checker" in p for p in statement.method)


def test_user_text_is_escaped(tmp_path: Path) -> None:
    pool = make_pool([
        {"id": "x1", "name": "<script>alert(1)</script>", "country": "KEN",
         "stakeholder_group": "government", "score": 5, "organisation": "A & B <Ltd>"},
        {"id": "x2", "name": "Kept Out", "country": "FRA", "stakeholder_group": "government",
         "score": 1},
    ])  # fmt: skip
    result = run(
        pool,
        {"name": "Rules <b>bold</b>", "description": "Mandate & <i>scope</i>", "size": {"max": 1}},
    )
    text = write_statement(result, tmp_path / "s.html").read_text(encoding="utf-8")
    assert "<script>" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "A &amp; B &lt;Ltd&gt;" in text and "Mandate &amp; &lt;i&gt;scope" in text
    assert "Kept Out" not in text


def test_bad_output_and_no_roster(
    tmp_path: Path, wgig: tuple[composer.Result, Explanation]
) -> None:
    result, explanation = wgig
    with pytest.raises(ComposerError) as caught:
        write_statement(result, tmp_path / "statement.docx", explanation=explanation)
    assert caught.value.exit_code == 2 and ".html or .pdf" in caught.value.summary
    existing = tmp_path / "s.html"
    existing.write_text("keep me")
    with pytest.raises(ComposerError, match="exists"):
        write_statement(result, existing, explanation=explanation)
    assert existing.read_text() == "keep me"
    pool = make_pool([{"id": "p", "country": "KEN", "stakeholder_group": "government"}])
    infeasible = run(pool, {"size": {"min": 2}})
    with pytest.raises(ComposerError) as caught:
        write_statement(infeasible, tmp_path / "none.html")
    assert caught.value.exit_code == 3 and "composer explain" in str(caught.value)


POOL = """id,name,country,stakeholder_group,gender,expertise,score
1,Ana Uno,KEN,government,female,spam,9
2,Ben Dos,FRA,private_sector,male,spam; privacy,7
3,Chi Tres,CHN,civil_society,female,privacy,8
4,Dan Cuatro,BRA,government,male,spam,6
"""
SCENARIO = """name = "small"
[size]
max = 3
[[quota]]
column = "stakeholder_group"
min = { government = 1 }
[[coverage]]
areas = ["spam", "privacy"]
"""


@pytest.mark.slow
def test_cli_statement(tmp_path: Path) -> None:
    pool = tmp_path / "pool.csv"
    pool.write_text(POOL, encoding="utf-8")
    scenario = tmp_path / "s.toml"
    scenario.write_text(SCENARIO, encoding="utf-8")
    out = tmp_path / "statement.pdf"
    args = ["statement", str(scenario), "-n", str(pool), "--out", str(out)]
    done = runner.invoke(app, args)
    assert done.exit_code == 0, done.output
    assert out.exists() and "Wrote" in done.output
    text = _pdf_text(out)
    assert "Ana Uno" in text and "Dan Cuatro" not in text  # Dan (lowest score) is left out
    again = runner.invoke(app, args)
    assert again.exit_code == 2 and "--force" in again.output
    bad = runner.invoke(
        app, ["statement", str(scenario), "-n", str(pool), "--out", str(tmp_path / "s.txt")]
    )
    assert bad.exit_code == 2 and ".html" in bad.output
    assert "Traceback" not in bad.output
