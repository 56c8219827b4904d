"""Loading nominations: CSV, XLSX, DataFrame and rows; every problem reported with its place."""

from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest

from composer.errors import EXIT_BAD_INPUT, ComposerError, NominationsError, Problem
from composer.inputs.nominations import load_nominations

HEADER = "id,name,country,stakeholder_group,gender,expertise,score,incumbent"
GOOD_ROWS = [
    "007, Ann Example ,NA,Civil Society,F,Spam ;  CYBERSECURITY,5,no",
    "008,Bob Example,kenya,business,M,spam,6.5,yes",
    "009,Cy Example,Türkiye,tech,,root servers,,",
]


def write(tmp_path: Path, text: str, name: str = "nominations.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def write_xlsx(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def problems_of(source: Any) -> list[Problem]:
    with pytest.raises(NominationsError) as info:
        load_nominations(source)
    assert isinstance(info.value, ComposerError)
    assert info.value.code == "bad_nominations"
    assert info.value.exit_code == EXIT_BAD_INPUT
    assert info.value.problems, "an error must list its problems"
    assert all(p.fix for p in info.value.problems), "every problem says how to fix it"
    return info.value.problems


def places(problems: list[Problem]) -> set[tuple[int | None, str | None]]:
    return {(p.row, p.column) for p in problems}


# ---------------------------------------------------------------------------- loading


def test_csv_values_are_normalised(tmp_path: Path) -> None:
    pool = load_nominations(write(tmp_path, "\n".join([HEADER, *GOOD_ROWS]) + "\n"))
    assert pool.ids == ["007", "008", "009"]
    assert pool.row_of == {"007": 2, "008": 3, "009": 4}
    assert pool.source == "nominations.csv"
    assert len(pool.sha256) == 64
    t = pool.table
    assert t.at["007", "name"] == "Ann Example"
    assert list(t["country"]) == ["NAM", "KEN", "TUR"]
    assert list(t["stakeholder_group"]) == ["civil_society", "private_sector", "technical_academic"]
    assert list(t["gender"]) == ["female", "male", "undisclosed"]
    assert t.at["007", "expertise"] == "spam; cybersecurity"
    assert pool.areas("expertise")["007"] == ("spam", "cybersecurity")
    assert list(t["score"]) == [5.0, 6.5, 0.0]
    assert list(t["incumbent"]) == ["no", "yes", "no"]


def test_derived_columns_are_filled_from_country(tmp_path: Path) -> None:
    pool = load_nominations(write(tmp_path, "\n".join([HEADER, *GOOD_ROWS])))
    t = pool.table
    assert t.loc["007", ["region", "developing", "ldc", "lldc", "sids", "m49_region"]].tolist() == [
        "African",
        "yes",
        "no",
        "no",
        "no",
        "Africa",
    ]
    assert t.at["009", "region"] == "Western European and Others"
    assert t.at["009", "developing"] == "yes"


def test_derived_columns_supplied_by_the_file_are_kept(tmp_path: Path) -> None:
    text = (
        "id,name,country,stakeholder_group,region,developing\n1,A,KEN,gov,Custom,N\n2,B,FRA,gov,,\n"
    )
    t = load_nominations(write(tmp_path, text)).table
    assert t.at["1", "region"] == "Custom"
    assert t.at["1", "developing"] == "no"  # the file's value, canonicalised
    assert t.at["2", "region"] == "Western European and Others"  # empty cell: derived
    assert t.at["2", "developing"] == "no"
    assert t.at["1", "ldc"] == "no"


def test_missing_optional_columns_get_defaults(tmp_path: Path) -> None:
    t = load_nominations(write(tmp_path, "ID, Name ,Country,Stakeholder Group\n1,A,KEN,CS\n")).table
    assert t.at["1", "stakeholder_group"] == "civil_society"
    assert t.at["1", "score"] == 0.0
    assert t.at["1", "travel_cost"] == 0.0
    assert t.at["1", "incumbent"] == "no"
    assert t.at["1", "gender"] == "undisclosed"
    assert t.at["1", "expertise"] == ""


def test_unknown_columns_are_kept(tmp_path: Path) -> None:
    t = load_nominations(
        write(tmp_path, "id,name,country,stakeholder_group,Age Band\n1,A,KEN,gov,30-39\n")
    ).table
    assert t.at["1", "age_band"] == "30-39"


def test_header_below_two_title_rows(tmp_path: Path) -> None:
    text = "WGIG nominations, received by 1 October 2004\nSecretariat copy\n" + "\n".join(
        [HEADER, *GOOD_ROWS]
    )
    pool = load_nominations(write(tmp_path, text))
    assert pool.ids == ["007", "008", "009"]
    assert pool.row_of == {"007": 4, "008": 5, "009": 6}


def test_semicolon_separated_csv(tmp_path: Path) -> None:
    text = "id;name;country;stakeholder_group;expertise;score\n007;Ann;NA;government;spam, ip;1.5\n"
    t = load_nominations(write(tmp_path, text)).table
    assert t.index.tolist() == ["007"]
    assert t.at["007", "country"] == "NAM"
    assert t.at["007", "score"] == 1.5


def test_semicolon_separated_csv_below_title_rows(tmp_path: Path) -> None:
    text = "Nominations; draft\n\nid;name;country;stakeholder_group\n007;Ann;NA;government\n"
    pool = load_nominations(write(tmp_path, text))
    assert pool.ids == ["007"]
    assert pool.row_of == {"007": 4}


def test_csv_with_bom_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "n.csv"
    path.write_bytes("\ufeffid,name,country,stakeholder_group\r\n1,Zoë,CIV,ngo\r\n".encode())
    t = load_nominations(path).table
    assert t.at["1", "name"] == "Zoë"
    assert t.at["1", "stakeholder_group"] == "civil_society"


def test_numbers_with_a_thousands_space(tmp_path: Path) -> None:
    text = 'id,name,country,stakeholder_group,travel_cost\n1,A,KEN,gov,"4 500"\n'
    assert load_nominations(write(tmp_path, text)).table.at["1", "travel_cost"] == 4500.0


def test_xlsx_first_sheet_and_numeric_ids(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "n.xlsx",
        {
            "Sheet A": [
                ["ID", "Name", "Country", "Stakeholder Group", "Score"],
                [7, " Ann ", "NA", "Civil Society", 3],
                [8.0, "Bob", "France", "gov", 2.5],
            ],
            "Other": [["id", "name"], ["x", "y"]],
        },
    )
    pool = load_nominations(path)
    assert pool.ids == ["7", "8"]
    assert pool.row_of == {"7": 2, "8": 3}
    assert pool.table.at["7", "name"] == "Ann"
    assert pool.table.at["7", "country"] == "NAM"
    assert pool.table["score"].tolist() == [3.0, 2.5]


def test_xlsx_sheet_named_nominations_is_preferred(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "n.xlsx",
        {
            "Read me": [["These are instructions, not data"]],
            "Nominations": [
                ["List of nominations"],
                [],
                ["id", "name", "country", "stakeholder_group"],
                ["A1", "Ann", "Kenya", "business"],
            ],
        },
    )
    pool = load_nominations(path)
    assert pool.ids == ["A1"]
    assert pool.row_of == {"A1": 4}
    assert pool.table.at["A1", "stakeholder_group"] == "private_sector"
    assert load_nominations(path, sheet="nominations").ids == ["A1"]


def test_dataframe_input() -> None:
    frame = pd.DataFrame(
        {
            "ID": [7, 8],
            "Name": ["Ann", " Bob "],
            "Country": ["NA", "fra"],
            "Stakeholder Group": ["Civil Society", "business"],
            "Gender": ["F", None],
            "score": pd.array([3, None], dtype="Int64"),
        }
    )
    pool = load_nominations(frame)
    assert pool.source == "<DataFrame>"
    assert pool.ids == ["7", "8"]
    assert pool.row_of == {"7": 2, "8": 3}
    t = pool.table
    assert t["country"].tolist() == ["NAM", "FRA"]
    assert t["name"].tolist() == ["Ann", "Bob"]
    assert t["gender"].tolist() == ["female", "undisclosed"]
    assert t["score"].tolist() == [3.0, 0.0]
    assert t["region"].tolist() == ["African", "Western European and Others"]


def test_list_of_dicts_and_pool_input() -> None:
    rows = [
        {"id": "a", "name": "Ann", "country": "BR", "stakeholder_group": "academia"},
        {"id": "b", "name": "Bob", "country": "Brazil", "stakeholder_group": "IGO"},
    ]
    pool = load_nominations(rows)
    assert pool.ids == ["a", "b"]
    assert pool.table["country"].tolist() == ["BRA", "BRA"]
    assert pool.table["stakeholder_group"].tolist() == ["technical_academic", "intergovernmental"]
    assert load_nominations(pool) is pool


# ---------------------------------------------------------------------------- bad input


def test_empty_file(tmp_path: Path) -> None:
    (problem,) = problems_of(write(tmp_path, ""))
    assert problem.file == "nominations.csv"
    assert "empty" in str(problem) or "no content" in str(problem)
    problems_of(write(tmp_path, "  \n\n", "blank.csv"))


def test_header_without_rows(tmp_path: Path) -> None:
    (problem,) = problems_of(write(tmp_path, "id,name,country,stakeholder_group\n"))
    assert "no data rows" in problem.message


def test_no_header_row(tmp_path: Path) -> None:
    (problem,) = problems_of(write(tmp_path, "a,b,c\n1,2,3\n"))
    assert "heading" in problem.message
    assert "header row" in problem.fix and "id" in problem.fix


def test_a_misspelt_built_in_column_is_read_and_reported(tmp_path: Path) -> None:
    pool = load_nominations(write(tmp_path, "id,name,countr,stakeholder\n1,A,KEN,gov\n"))
    assert pool.table.loc["1", "country"] == "KEN" and "countr" not in pool.columns
    assert pool.table.loc["1", "stakeholder_group"] == "government"
    assert [(w.row, w.column, w.message) for w in pool.warnings] == [
        (1, "country", "heading 'countr' read as column 'country'"),
        (1, "stakeholder_group", "heading 'stakeholder' read as column 'stakeholder_group'"),
    ]
    assert pool.warnings[0].fix == (
        'if that is right, confirm it with [columns.country] heading = "countr" in the '
        "scenario; if not, rename the heading"
    )


def test_missing_id_column_reported_below_title_rows(tmp_path: Path) -> None:
    text = "Title\nSubtitle\nid,name\n1,A\n"
    assert load_nominations(write(tmp_path, text)).ids == ["1"]
    problems = problems_of(write(tmp_path, "Title\nident,name,country\n1,A,KEN\n"))
    (problem,) = problems
    assert "id" in problem.message


def test_duplicate_column(tmp_path: Path) -> None:
    (problem,) = problems_of(
        write(tmp_path, "id,name,Name,country,stakeholder_group\n1,A,B,KEN,gov\n")
    )
    assert (problem.row, problem.column) == (1, "name")


def test_duplicate_ids_name_both_rows(tmp_path: Path) -> None:
    text = f"{HEADER}\n007,A,KEN,gov,,,,\n008,B,KEN,gov,,,,\n007,C,KEN,gov,,,,\n"
    (problem,) = problems_of(write(tmp_path, text))
    assert (problem.row, problem.column) == (4, "id")
    assert "row 2" in problem.message and "007" in problem.message


def test_unknown_country_suggests_the_nearest(tmp_path: Path) -> None:
    (problem,) = problems_of(write(tmp_path, f"{HEADER}\n1,A,Frnace,gov,,,,\n"))
    assert (problem.row, problem.column) == (2, "country")
    assert "Frnace" in problem.message
    assert "France (FRA)" in problem.fix


def test_unknown_stakeholder_group_is_kept_as_written(tmp_path: Path) -> None:
    pool = load_nominations(write(tmp_path, f"{HEADER}\n1,A,KEN,goverment officials,,,,\n"))
    assert pool.table.loc["1", "stakeholder_group"] == "goverment officials"
    (warning,) = pool.warnings
    assert (warning.row, warning.column) == (2, "stakeholder_group")
    assert warning.message == (
        "stakeholder_group 'goverment officials' is not one of composer's built-in values; "
        "kept as written (row 2)"
    )
    assert "government" in warning.fix and "civil_society" in warning.fix


@pytest.mark.parametrize(
    ("value", "hint"),
    [("abc", "not a number"), ('"1,5"', "decimal comma"), ("-3", "negative")],
)
def test_bad_numbers(tmp_path: Path, value: str, hint: str) -> None:
    (problem,) = problems_of(write(tmp_path, f"{HEADER}\n1,A,KEN,gov,,,{value},\n"))
    assert (problem.row, problem.column) == (2, "score")
    assert hint in problem.message


def test_empty_required_cells(tmp_path: Path) -> None:
    problems = problems_of(write(tmp_path, f"{HEADER}\n1,,KEN,,,,,\n,B,,gov,,,,\n"))
    assert places(problems) == {(2, "name"), (2, "stakeholder_group"), (3, "id"), (3, "country")}


def test_bad_yes_no(tmp_path: Path) -> None:
    (problem,) = problems_of(write(tmp_path, f"{HEADER}\n1,A,KEN,gov,,,,maybe\n"))
    assert (problem.row, problem.column) == (2, "incumbent")
    assert "yes or no" in problem.fix


@pytest.mark.parametrize("gender", ["non-binary", "Agender", "x", "diverse"])
def test_any_gender_is_kept_as_written(tmp_path: Path, gender: str) -> None:
    pool = load_nominations(write(tmp_path, f"{HEADER}\n1,A,KEN,gov,{gender},,,\n"))
    assert pool.table.loc["1", "gender"] == gender  # never renamed 'other'
    (warning,) = pool.warnings
    assert (warning.row, warning.column) == (2, "gender")
    expected = f"'{gender}' is not one of composer's built-in values; kept as written"
    assert expected in warning.message


def test_all_problems_are_reported_together(tmp_path: Path) -> None:
    rows = [
        "1,Ann,Narnia,gov,F,,abc,no",  # row 2: country, score
        "1,Bob,KEN,aliens,M,,5,maybe",  # row 3: duplicate id, incumbent (group kept, warned)
        "3,,FRA,cs,M,,-1,no",  # row 4: empty name, negative score
        "4,Dee,KEN,cs,F,,1,no",  # row 5: fine
    ]
    problems = problems_of(write(tmp_path, "\n".join([HEADER, *rows])))
    assert places(problems) == {
        (2, "country"),
        (2, "score"),
        (3, "id"),
        (3, "incumbent"),
        (4, "name"),
        (4, "score"),
    }
    assert all(p.file == "nominations.csv" for p in problems)
    with pytest.raises(NominationsError) as info:
        load_nominations(tmp_path / "nominations.csv")
    text = str(info.value)
    assert text.startswith("nominations.csv: 6 problem(s)")
    assert "nominations.csv, row 3, column 'id'" in text


def test_problem_rows_shift_below_title_rows(tmp_path: Path) -> None:
    text = "Title\nSubtitle\n" + "\n".join([HEADER, "1,A,KEN,gov,,,,", "2,B,Narnia,gov,,,x,"])
    assert places(problems_of(write(tmp_path, text))) == {(5, "country"), (5, "score")}


def test_xlsx_problem_rows(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "n.xlsx",
        {
            "Nominations": [
                ["Nominations 2004"],
                [None],
                ["id", "name", "country", "stakeholder_group", "score"],
                [1, "A", "KEN", "gov", 1],
                [1, "B", "KEN", "gov", -2],
            ]
        },
    )
    problems = problems_of(path)
    assert places(problems) == {(5, "id"), (5, "score")}
    assert {p.file for p in problems} == {"n.xlsx"}


def test_dataframe_problem_rows() -> None:
    frame = pd.DataFrame(
        {
            "id": ["1", "2"],
            "name": ["A", "B"],
            "country": ["KEN", "Atlantis"],
            "stakeholder_group": ["gov", "gov"],
        }
    )
    assert places(problems_of(frame)) == {(3, "country")}


def test_file_named_xlsx_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = write(tmp_path, "id,name,country,stakeholder_group\n1,A,KEN,gov\n", "n.xlsx")
    (problem,) = problems_of(path)
    assert problem.file == "n.xlsx"
    assert "not an .xlsx workbook" in problem.message


def test_missing_file(tmp_path: Path) -> None:
    (problem,) = problems_of(tmp_path / "nope.csv")
    assert "does not exist" in problem.message
    assert problem.file is not None and problem.file.endswith("nope.csv")
    problems_of(str(tmp_path / "nope.xlsx"))


def test_unsupported_input_type() -> None:
    problems_of(42)
