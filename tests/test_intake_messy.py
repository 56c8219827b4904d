"""A secretariat's messy workbook reads as its clean equivalent, and says what it guessed.

The workbook (``tests/messy_workbook.py``) has a title row and merged group headings above
the header, synonym headings, mixed list separators, a person nominated twice, contact and
internal columns, dates, and (in its broken variant) a thousands separator, a currency sign
and a decimal comma.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from messy_workbook import (
    MESSY_SCENARIO,
    SCENARIO,
    rows,
    write_clean_csv,
    write_messy_xlsx,
)

from composer.engine.solve import compose
from composer.errors import NominationsError


def confirm(column: str, heading: str) -> str:
    return (
        f"messy.xlsx, row 3, column '{column}': heading '{heading}' read as column '{column}' "
        f'-> if that is right, confirm it with [columns.{column}] heading = "{heading}" in the '
        "scenario; if not, rename the heading"
    )


HEADINGS = [
    confirm("id", "Nomination ID"),
    confirm("name", "Full name"),
    confirm("stakeholder_group", "Stakeholder"),
    confirm("gender", "Sex"),
    confirm("score", "Secretariat score"),
    confirm("expertise", "Areas of expertise"),
    confirm("travel_cost", "Travel cost (USD)"),
]
COUNTS = (
    "6 of 30 cells hold '/' (rows 6, 10, 14, 18, 22 and 1 more), 5 of 30 cells hold ',' "
    "(rows 9, 13, 21, 25, 29), 4 of 30 cells hold a line break (rows 11, 15, 23, 31)"
)
DUPLICATE = (
    "messy.xlsx, row 4, column 'name': nominations N-001 (row 4), N-030 (row 33) look like "
    "the same person: same name and country (nguyen van an, POL) -> if they are, keep one "
    'row, or add [[cap]] column = "duplicate_group" max_each = 1 to the scenario so that at '
    "most one is chosen (their duplicate_group is N-001)"
)


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    people = rows()
    (tmp_path / "clean.toml").write_text(SCENARIO, encoding="utf-8")
    (tmp_path / "messy.toml").write_text(MESSY_SCENARIO, encoding="utf-8")
    return {
        "clean": write_clean_csv(tmp_path / "clean.csv", people),
        "messy": write_messy_xlsx(tmp_path / "messy.xlsx", people),
        "broken": write_messy_xlsx(tmp_path / "broken.xlsx", people, broken_numbers=True),
        "clean.toml": tmp_path / "clean.toml",
        "messy.toml": tmp_path / "messy.toml",
    }


def test_the_messy_workbook_gives_the_clean_roster(files: dict[str, Path]) -> None:
    clean = compose(files["clean"], files["clean.toml"])
    messy = compose(files["messy"], files["messy.toml"])
    assert clean.status == messy.status == "optimal"
    assert messy.selected == clean.selected
    assert "N-001" not in messy.selected and "N-030" in messy.selected  # one of the twins
    columns = ["name", "country", "stakeholder_group", "gender", "score", "travel_cost"]
    assert messy.pool.table[columns].equals(clean.pool.table[columns])
    assert messy.pool.areas("expertise") == clean.pool.areas("expertise")
    assert messy.pool.table.loc["N-002", "date_received"] == datetime.date(2026, 3, 2)
    assert messy.pool.table.loc["N-002", "e_mail"] == "person1@example.org"


def test_the_messy_workbook_reports_every_guess(files: dict[str, Path]) -> None:
    messy = compose(files["messy"], files["messy.toml"])
    assert [str(w) for w in messy.pool.warnings] == [
        *HEADINGS,
        f"messy.xlsx, row 6, column 'expertise': the cells mix separators: {COUNTS}; "
        "separator = \"auto\" splits them on all of them, and on ';' -> check the values; to "
        'split on one only, set [columns.expertise] separator to it (",", "/" or "newline")',
        DUPLICATE,
    ]
    clean = compose(files["clean"], files["clean.toml"])
    assert [str(w) for w in clean.pool.warnings] == [
        DUPLICATE.replace("messy.xlsx", "clean.csv")
        .replace("row 4", "row 2")
        .replace("row 33", "row 31")
    ]


def test_undeclared_separators_are_reported_and_change_the_roster(
    files: dict[str, Path],
) -> None:
    clean = compose(files["clean"], files["clean.toml"])
    messy = compose(files["messy"], files["clean.toml"])
    separators = [w for w in messy.pool.warnings if w.column == "expertise" and w.row == 6]
    assert [str(w) for w in separators] == [
        f"messy.xlsx, row 6, column 'expertise': {COUNTS}; only ';' separates values unless "
        "the scenario says otherwise, so a cell such as 'Spam/Privacy/Dns' is read as one "
        'value -> say how the cells list values: [columns.expertise] separator = "/" (or '
        "\"auto\" to split on every separator found), or write ';' between values"
    ]
    assert messy.selected != clean.selected  # what the warning is for


def test_the_broken_numbers_are_errors_with_row_column_and_fix(files: dict[str, Path]) -> None:
    with pytest.raises(NominationsError) as info:
        compose(files["broken"], files["messy.toml"])
    assert [str(p) for p in info.value.problems] == [
        "broken.xlsx, row 7, column 'travel_cost': '3,100' is not a number: it has ',' as a "
        "thousands separator -> write 3100, without the thousands separator; if the comma is "
        "a decimal comma, write 3.1",
        "broken.xlsx, row 9, column 'travel_cost': '$1,500' is not a number: it has the "
        "currency sign '$' and ',' as a thousands separator -> write 1500 (the number alone; "
        "name the currency in the heading, e.g. 'travel cost (USD)')",
        "broken.xlsx, row 12, column 'travel_cost': '2,5' is not a number: it has a decimal "
        "comma -> write 2.5, with a decimal point",
    ]


def test_dates_stay_dates_in_the_shortlist_workbook(files: dict[str, Path], tmp_path: Path) -> None:
    import openpyxl

    messy = compose(files["messy"], files["messy.toml"])
    out = messy.to_excel(tmp_path / "shortlist.xlsx", columns=["date_received"])
    sheet = openpyxl.load_workbook(out)["Shortlist"]
    heads = [c.value for c in sheet[1]]
    cell = sheet.cell(row=2, column=heads.index("date_received") + 1)
    assert isinstance(cell.value, datetime.datetime) and cell.is_date


def test_hidden_rows_and_columns_are_read_and_said(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Nominations"
    sheet.append(["id", "name", "Internal score", "score"])
    for k in range(1, 6):
        sheet.append([f"N{k}", f"Person {k}", k, 10 * k])
    sheet.row_dimensions[3].hidden = True
    sheet.row_dimensions[5].hidden = True
    sheet.column_dimensions["C"].hidden = True
    book.save(tmp_path / "hidden.xlsx")
    from composer.inputs.nominations import load_nominations

    pool = load_nominations(tmp_path / "hidden.xlsx")
    assert len(pool) == 5
    assert [str(w) for w in pool.warnings] == [
        "hidden.xlsx, row 3: 2 hidden row(s) in sheet 'Nominations' (rows 3, 5) are read as "
        "nominations like the others: N2, N4 -> if they are not nominations (withdrawn, "
        "rejected), delete them; unhide them or clear the filter to check",
        "hidden.xlsx, row 1: hidden column(s) in sheet 'Nominations' C ('Internal score') are "
        "read like the others -> unhide them to check what they hold; delete a column composer "
        "should not read",
    ]
