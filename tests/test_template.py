"""The nomination template: its sheets and dropdowns, and that a filled-in copy loads as it is."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from office import convert, pdf_of
from typer.testing import CliRunner

from composer import compose, load_nominations
from composer.cli.app import app
from composer.errors import NominationsError, OutputExistsError
from composer.export.template import COLUMNS, GROUP_CHOICES, write_template
from composer.inputs import reference
from composer.inputs.examples import WGIG_TOPICS, bundled_scenario

runner = CliRunner()
WGIG = bundled_scenario("wgig-2004.toml")
FILLED = [
    ["007", "Amina Example", "Kenya", "civil society", "female", "Example Foundation", "Caucus A",
     "spam; privacy and consumer protection", "English; Swahili", 7.5, 3200, "no"],
    ["008", "=1+1", "FRA", "private sector", "male", "=HYPERLINK(\"http://example.invalid\",\"x\")",
     "Business B", "cybersecurity", "French", 6, None, "yes"],
    [None] * 12,  # an empty row in the middle of the table
    ["N-3", "Ana Example", "Bolivia (Plurinational State of)", "government", "", "", "", "", "",
     None, None, None],
]  # fmt: skip


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_template(tmp_path_factory.mktemp("t") / "nominations.xlsx", scenario=WGIG)


def fill(template: Path, target: Path, rows: list[list[Any]]) -> Path:
    """Type ``rows`` into the Nominations sheet from row 2, as a person would (text as text)."""
    book = openpyxl.load_workbook(template)
    sheet = book["Nominations"]
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            cell = sheet.cell(r, c)
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"  # typed text (Excel keeps '=...' typed after a quote as text)
    book.save(target)
    return target


def test_sheets_columns_and_properties(template: Path) -> None:
    book = openpyxl.load_workbook(template)
    assert book.sheetnames == ["Instructions", "Nominations", "Lists", "Expertise areas"]
    assert book["Lists"].sheet_state == "hidden"
    assert book.active.title == "Instructions"
    sheet = book["Nominations"]
    assert [c.value for c in sheet[1]] == list(COLUMNS)
    assert sheet.freeze_panes == "C2"
    (table,) = sheet.tables.values()
    assert table.ref == "A1:L201"
    assert sheet["A2"].number_format == "@"  # 007 typed in stays text
    assert sheet.page_setup.fitToWidth == 1
    props = book.properties
    assert (props.creator, props.title, props.subject) == (
        "composer",
        "Nomination template",
        "WGIG 2004: thirds",
    )
    areas = [r[0] for r in book["Expertise areas"].iter_rows(min_row=2, values_only=True)]
    assert areas == list(WGIG_TOPICS)


def test_dropdowns_and_hints(template: Path) -> None:
    book = openpyxl.load_workbook(template)
    sheet = book["Nominations"]
    rules = {str(dv.sqref): dv for dv in sheet.data_validations.dataValidation}
    letter = {column: openpyxl.utils.get_column_letter(i) for i, column in enumerate(COLUMNS, 1)}
    lists = book["Lists"]

    def choices(column: str) -> list[str]:
        rule = rules[f"{letter[column]}2:{letter[column]}5000"]
        assert rule.type == "list"
        ref = rule.formula1.split("!")[1].replace("$", "")
        return [c.value for row in lists[ref] for c in row]

    assert choices("stakeholder_group") == list(GROUP_CHOICES)
    assert choices("gender") == ["female", "male", "other", "undisclosed"]
    assert choices("incumbent") == ["yes", "no"]
    assert len(choices("country")) == len(reference.countries())
    assert rules["J2:J5000"].type == "decimal" and rules["J2:J5000"].formula1 == "0"
    hint = rules[f"{letter['expertise']}2:{letter['expertise']}5000"].prompt
    assert "names and numbers" in hint and len(hint) <= 255
    assert all(len(dv.prompt or "") <= 255 for dv in rules.values())
    assert all(len(dv.promptTitle or "") <= 32 for dv in rules.values())


def test_every_dropdown_value_is_accepted(template: Path, tmp_path: Path) -> None:
    lists = openpyxl.load_workbook(template)["Lists"]
    columns = {col[0].value: [c.value for c in col[1:] if c.value] for col in lists.iter_cols()}
    rows = []
    for n, country in enumerate(columns["country"]):
        group = columns["stakeholder_group"][n % 5]
        gender = columns["gender"][n % 4]
        rows.append([f"{n:03d}", f"Person {n}", country, group, gender] + [""] * 6 + ["yes"])
    pool = load_nominations(fill(template, tmp_path / "all.xlsx", rows))
    assert len(pool) == len(reference.countries())
    assert set(pool.table["stakeholder_group"]) == {
        "government",
        "private_sector",
        "civil_society",
        "technical_academic",
        "intergovernmental",
    }
    assert sorted(pool.table["country"]) == sorted(r["iso3"] for r in reference.countries())


def test_filled_template_loads_as_it_is(template: Path, tmp_path: Path) -> None:
    pool = load_nominations(fill(template, tmp_path / "filled.xlsx", FILLED))
    assert pool.ids == ["007", "008", "N-3"]
    assert pool.row_of == {"007": 2, "008": 3, "N-3": 5}
    t = pool.table
    assert t.at["007", "country"] == "KEN" and t.at["N-3", "country"] == "BOL"
    assert list(t["stakeholder_group"]) == ["civil_society", "private_sector", "government"]
    assert t.at["007", "expertise"] == "spam; privacy and consumer protection"
    assert t.at["008", "name"] == "=1+1"
    assert t.at["008", "organisation"] == '=HYPERLINK("http://example.invalid","x")'
    assert list(t["incumbent"]) == ["no", "yes", "no"]
    assert list(t["score"]) == [7.5, 6.0, 0.0]
    result = runner.invoke(
        app, ["validate", str(tmp_path / "filled.xlsx"), "--scenario", str(WGIG)]
    )
    assert result.exit_code == 2  # the file is fine; the WGIG topics are not all in this pool
    assert "no nominee has" in result.output
    plain = runner.invoke(app, ["validate", str(tmp_path / "filled.xlsx")])
    assert plain.exit_code == 0, plain.output
    assert "3 nominations" in plain.output


def test_filled_template_solves(template: Path, tmp_path: Path) -> None:
    path = fill(template, tmp_path / "filled.xlsx", FILLED)
    result = compose(path, {"size": {"min": 2, "max": 2}, "objective": {"maximise": "score"}})
    assert result.selected == ["007", "008"]


def test_empty_template_says_there_are_no_nominations(template: Path) -> None:
    with pytest.raises(NominationsError, match="no nominations below the header row"):
        load_nominations(template)


def test_template_without_a_scenario(tmp_path: Path) -> None:
    path = write_template(tmp_path / "t.xlsx")
    book = openpyxl.load_workbook(path)
    note = book["Expertise areas"]["A2"].value
    assert note.startswith("No scenario was given")
    rules = book["Nominations"].data_validations.dataValidation
    (expertise,) = [dv for dv in rules if str(dv.sqref).startswith("H2")]
    assert expertise.prompt.startswith("Areas separated by ';'")


def test_cli_template_refuses_to_overwrite(tmp_path: Path) -> None:
    out = tmp_path / "n.xlsx"
    first = runner.invoke(app, ["template", str(out), "--scenario", str(WGIG), "--rows", "20"])
    assert first.exit_code == 0, first.output
    assert "composer validate" in first.output
    assert openpyxl.load_workbook(out)["Nominations"].tables["NominationsTable"].ref == "A1:L21"
    again = runner.invoke(app, ["template", str(out)])
    assert again.exit_code == 2 and "exists already" in again.output
    forced = runner.invoke(app, ["template", str(out), "--force"])
    assert forced.exit_code == 0
    wrong = runner.invoke(app, ["template", str(tmp_path / "n.csv")])
    assert wrong.exit_code == 2 and ".xlsx" in wrong.output
    with pytest.raises(OutputExistsError):
        write_template(out)


# ---------------------------------------------------------------------------- LibreOffice


@pytest.mark.slow
def test_libreoffice_prints_the_template(template: Path, tmp_path: Path) -> None:
    pdf = pdf_of(template, tmp_path / "out")
    text = pdf.text
    assert "Nominations for 'WGIG 2004: thirds'" in text
    assert "stakeholder_group" in text and "travel_cost" in text
    assert "privacy and consumer protection" in text  # the Expertise areas sheet
    assert "Bolivia" not in text  # the hidden Lists sheet is not printed


@pytest.mark.slow
def test_libreoffice_saved_template_loads(template: Path, tmp_path: Path) -> None:
    filled = fill(template, tmp_path / "filled.xlsx", FILLED)
    resaved = convert(filled, tmp_path / "out", "xlsx")
    again, first = load_nominations(resaved), load_nominations(filled)
    assert again.ids == first.ids == ["007", "008", "N-3"]
    assert again.table.equals(first.table)
    pdf = pdf_of(filled, tmp_path / "pdf")
    assert "=1+1" in pdf.text and "Amina Example" in pdf.text
