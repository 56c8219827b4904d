"""Number cells: the message names the real fix; dates stay dates (exact messages)."""

import datetime
from pathlib import Path

import openpyxl
import pytest

from composer.errors import NominationsError
from composer.inputs.nominations import load_nominations
from composer.inputs.number_text import number_problem


@pytest.mark.parametrize(
    ("text", "message", "fix"),
    [
        (
            "3,100",
            "'3,100' is not a number: it has ',' as a thousands separator",
            "write 3100, without the thousands separator; if the comma is a decimal comma, "
            "write 3.1",
        ),
        (
            "$1,500",
            "'$1,500' is not a number: it has the currency sign '$' and ',' as a thousands "
            "separator",
            "write 1500 (the number alone; name the currency in the heading, e.g. "
            "'travel cost (USD)')",
        ),
        ("3,5", "'3,5' is not a number: it has a decimal comma", "write 3.5, with a decimal point"),
        (
            "1.234,5",
            "'1.234,5' is not a number: it has '.' as a thousands separator and a decimal comma",
            "write 1234.5",
        ),
        (
            "€ 200",
            "'€ 200' is not a number: it has the currency sign '€'",
            "write 200 (the number alone; name the currency in the heading, e.g. "
            "'travel cost (USD)')",
        ),
        ("80%", "'80%' is not a number: it has a percent sign", "write 80 (the number alone)"),
        ("abc", "'abc' is not a number", "write the travel cost as a number"),
    ],
)
def test_number_problem(text: str, message: str, fix: str) -> None:
    assert number_problem(text, "travel_cost") == (message, fix)


def test_each_number_problem_has_file_row_column_and_fix(tmp_path: Path) -> None:
    path = tmp_path / "n.csv"
    text = 'id,name,travel_cost,score\n1,A,"3,100",1\n2,B,"$1,500",2\n3,C,1 500,"3,5"\n'
    path.write_text(text, encoding="utf-8")
    with pytest.raises(NominationsError) as info:
        load_nominations(path)
    assert [str(p) for p in info.value.problems] == [
        "n.csv, row 2, column 'travel_cost': '3,100' is not a number: it has ',' as a "
        "thousands separator -> write 3100, without the thousands separator; if the comma is "
        "a decimal comma, write 3.1",
        "n.csv, row 3, column 'travel_cost': '$1,500' is not a number: it has the currency "
        "sign '$' and ',' as a thousands separator -> write 1500 (the number alone; name the "
        "currency in the heading, e.g. 'travel cost (USD)')",
        "n.csv, row 4, column 'score': '3,5' is not a number: it has a decimal comma -> "
        "write 3.5, with a decimal point",
    ]


def test_no_break_spaces_inside_numbers_are_ignored(tmp_path: Path) -> None:
    path = tmp_path / "n.csv"
    path.write_text("id,name,travel_cost\n1,A,12\u00a0000\n2,B,1\u202f500\n", encoding="utf-8")
    assert list(load_nominations(path).table["travel_cost"]) == [12000.0, 1500.0]


def test_dates_stay_dates_in_extra_columns(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["id", "name", "Nomination date", "Mixed"])
    sheet.append(["1", "A", datetime.date(2026, 3, 1), datetime.date(2026, 3, 1)])
    sheet.append(["2", "B", datetime.datetime(2026, 3, 2, 9, 30), "later"])
    sheet.append(["3", "C", None, None])
    book.save(tmp_path / "d.xlsx")
    pool = load_nominations(tmp_path / "d.xlsx")
    assert pool.table["nomination_date"].to_dict() == {
        "1": datetime.date(2026, 3, 1),
        "2": datetime.datetime(2026, 3, 2, 9, 30),
        "3": "",
    }
    assert pool.table["mixed"].to_dict() == {"1": "2026-03-01", "2": "later", "3": ""}
    csv = tmp_path / "d.csv"
    csv.write_text("id,name,joined\n1,A,2026-03-01\n2,B,\n", encoding="utf-8")
    assert load_nominations(csv).table.loc["1", "joined"] == datetime.date(2026, 3, 1)
