"""Headings read as the columns the user meant, or the user is told (exact messages)."""

import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from composer.engine.solve import compose
from composer.errors import ComposerError, NominationsError, ScenarioError
from composer.inputs.column_spec import ColumnSpec
from composer.inputs.headings import fold_heading, guess
from composer.inputs.needs import Needs
from composer.inputs.nominations import load_nominations

MESSY = (
    "Nomination ID,Full name,Country,Secretariat score,Areas of expertise,Travel cost (USD),"
    "Contact email\nN1,Ann,KEN,5,spam,100,a@x.org\nN2,Bob,FRA,7,dns,200,b@x.org\n"
)


def write(tmp_path: Path, text: str, name: str = "n.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def confirm(column: str, heading: str) -> str:
    return (
        f'if that is right, confirm it with [columns.{column}] heading = "{heading}" in the '
        "scenario; if not, rename the heading"
    )


@pytest.mark.parametrize(
    ("heading", "column"),
    [
        ("Nomination ID", "id"),
        ("Full name", "name"),
        ("Secretariat score", "score"),
        ("Areas of expertise", "expertise"),
        ("Travel cost (USD)", "travel_cost"),
        ("Sex", "gender"),
        ("Home country", "country"),
        ("Nominated by", "nominated_by"),
        ("Countr", "country"),
        ("Score comments", None),
        ("Contact email", None),
        ("Nomination date", None),
    ],
)
def test_guess(heading: str, column: str | None) -> None:
    from composer.inputs.columns import KNOWN

    assert guess(heading, KNOWN) == column


def test_fold_heading() -> None:
    assert fold_heading("  Travel cost (USD) ") == "travel_cost"
    assert fold_heading("Área de expertise") == "area_de_expertise"


def test_synonym_headings_are_read_and_each_is_reported(tmp_path: Path) -> None:
    pool = load_nominations(write(tmp_path, MESSY))
    assert pool.ids == ["N1", "N2"]
    assert list(pool.table["score"]) == [5.0, 7.0]
    assert list(pool.table["travel_cost"]) == [100.0, 200.0]
    assert pool.table.loc["N1", "contact_email"] == "a@x.org"
    assert [(str(w.row), w.column, w.message, w.fix) for w in pool.warnings] == [
        (
            "1",
            column,
            f"heading '{heading}' read as column '{column}'",
            confirm(column, heading),
        )
        for heading, column in [
            ("Nomination ID", "id"),
            ("Full name", "name"),
            ("Secretariat score", "score"),
            ("Areas of expertise", "expertise"),
            ("Travel cost (USD)", "travel_cost"),
        ]
    ]
    assert pool.headings["score"] == "Secretariat score"


def test_the_scenario_heading_wins_and_silences_the_warning(tmp_path: Path) -> None:
    path = write(tmp_path, "id,name,Secretariat score,Final score\n1,A,3,4\n2,B,5,6\n")
    pool = load_nominations(path, columns={"score": ColumnSpec(heading="final  SCORE")})
    assert list(pool.table["score"]) == [4.0, 6.0]
    assert pool.table.loc["1", "secretariat_score"] == "3"
    assert pool.warnings == []


def test_two_headings_for_one_column_is_an_error_with_the_fix(tmp_path: Path) -> None:
    path = write(tmp_path, "id,name,Secretariat score,Final score\n1,A,3,4\n2,B,5,6\n")
    with pytest.raises(NominationsError) as info:
        load_nominations(path)
    (problem,) = info.value.problems
    assert str(problem) == (
        "n.csv, row 1, column 'score': headings 'Secretariat score' and 'Final score' could "
        "both be column 'score' -> name the one to read in the scenario: [columns.score] "
        'heading = "Secretariat score", or rename the other'
    )


def test_a_scenario_heading_the_file_lacks_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "id,name,Secretariat score\n1,A,3\n")
    with pytest.raises(NominationsError) as info:
        load_nominations(path, columns={"score": ColumnSpec(heading="Secretariat scores")})
    (problem,) = info.value.problems
    assert str(problem) == (
        "n.csv, row 1, column 'score': [columns.score] heading = 'Secretariat scores', but the "
        "header row has no such heading -> closest headings: 'Secretariat score'; write the "
        "heading exactly as the file has it"
    )


def test_an_exact_heading_beside_the_scenario_heading_is_not_read(tmp_path: Path) -> None:
    path = write(tmp_path, "id,name,score,Panel score\n1,A,3,4\n2,B,5,6\n")
    pool = load_nominations(path, columns={"score": ColumnSpec(heading="Panel score")})
    assert list(pool.table["score"]) == [4.0, 6.0]
    (warning,) = pool.warnings
    assert warning.message == (
        "heading 'score' is not read: the scenario reads column 'score' from heading 'Panel score'"
    )


def test_a_named_column_the_file_lacks_is_an_exit_2_error(tmp_path: Path) -> None:
    path = write(tmp_path, "id,name,Travel estimate,Assessment\n1,A,3,4\n2,B,5,6\n")
    needs = Needs(columns={"travel_cost": "budget.column"}, objective_named=True)
    with pytest.raises(ScenarioError) as info:
        load_nominations(path, needs=needs)
    assert info.value.exit_code == 2
    assert [str(p) for p in info.value.problems] == [
        "n.csv, column 'travel_cost', key 'budget.column': the scenario's budget.column names "
        "the column 'travel_cost', but n.csv has no such heading -> closest headings: "
        "'Travel estimate'; if one of them is the travel_cost, map it with "
        "[columns.travel_cost] heading = \"...\"; or add a 'travel_cost' column to the "
        "nominations",
        "n.csv, column 'score', key 'objective.maximise': the scenario's objective.maximise "
        "names the column 'score', but n.csv has no such heading -> add a 'score' column to "
        "the nominations",
    ]


def test_a_constant_objective_is_a_warning_that_the_tie_break_decides(tmp_path: Path) -> None:
    pool = load_nominations(write(tmp_path, "id,name,score\n1,A,0\n2,B,0\n"), needs=Needs())
    (warning,) = pool.warnings
    assert str(warning) == (
        "n.csv, column 'score': the objective column 'score' is 0 for every nominee: it tells "
        "no nominee apart, so the tie-break alone decides which of the rosters that keep the "
        "rules is returned -> fill in the score column, map the file's heading for it "
        '([columns.score] heading = "..."), or maximise another column in [objective]'
    )
    absent = load_nominations(write(tmp_path, "id,name\n1,A\n2,B\n"), needs=Needs())
    assert absent.warnings[0].message.startswith(
        "the objective column 'score' is absent from the file (every nominee counts 0)"
    )


def test_solve_reads_the_secretariat_score(tmp_path: Path) -> None:
    path = write(tmp_path, MESSY)
    scenario = write(tmp_path, "[size]\nmin = 1\nmax = 1\n", "s.toml")
    result = compose(path, scenario)
    assert result.selected == ["N2"] and result.objective["score"] == 7.0


def test_a_rule_on_a_misspelt_column_names_the_closest(tmp_path: Path) -> None:
    path = write(tmp_path, "id,name,Seniority level\n1,A,senior\n2,B,junior\n")
    scenario = write(tmp_path, '[[quota]]\ncolumn = "seniority"\nmin = { senior = 1 }\n', "s.toml")
    with pytest.raises(ComposerError) as info:
        compose(path, scenario)
    assert "closest headings: 'Seniority level'" in str(info.value)


EXPECTED = (
    "expected column names: id, name, country, stakeholder_group, gender, organisation, "
    "nominated_by, expertise, languages, score, travel_cost, incumbent"
)


def test_header_found_below_a_title_and_merged_group_headings(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Nominations"
    sheet.append(["Expert group nominations 2026"])
    sheet.merge_cells("A1:F1")
    sheet.append(["Identity", None, None, "Assessment", None, None])
    sheet.merge_cells("A2:C2")
    sheet.merge_cells("D2:F2")
    sheet.append(["Nomination ID", "Full name", "Country", "Secretariat score", "Notes"])
    sheet.append(["N1", "Ann", "KEN", 5, "CV missing"])
    book.save(tmp_path / "h.xlsx")
    pool = load_nominations(tmp_path / "h.xlsx")
    assert pool.row_of == {"N1": 4} and pool.table.loc["N1", "score"] == 5.0
    assert {w.row for w in pool.warnings} == {3}


def test_header_found_below_csv_title_rows(tmp_path: Path) -> None:
    text = "Call for nominations 2026;;\n;;\nRef no.;Full name;Country\n1;A;KEN\n2;B;FRA\n"
    pool = load_nominations(write(tmp_path, text))
    assert pool.ids == ["1", "2"] and pool.row_of["2"] == 5


def test_no_header_names_the_likely_row_and_the_expected_columns(tmp_path: Path) -> None:
    path = write(tmp_path, "Call for nominations 2026,,\nIdent,Full name,Country\n1,A,KEN\n")
    with pytest.raises(NominationsError) as info:
        load_nominations(path)
    assert info.value.summary == "n.csv: no header row found"
    (problem,) = info.value.problems
    assert str(problem) == (
        "n.csv, row 2: row 2 looks like the header (its headings 'Full name', 'Country' are "
        "known columns), but no heading in it is read as 'id' -> name the column of "
        "nomination ids 'id' (or map it in the scenario: [columns.id] heading = \"...\"); "
        + EXPECTED
    )
    mapped = load_nominations(path, columns={"id": ColumnSpec(heading="Ident")})
    assert mapped.ids == ["1"]


def test_no_known_heading_at_all(tmp_path: Path) -> None:
    with pytest.raises(NominationsError) as info:
        load_nominations(write(tmp_path, "a,b,c\n1,2,3\n"))
    (problem,) = info.value.problems
    assert str(problem) == (
        "n.csv: none of the first 2 rows has a heading read as 'id' beside another heading, "
        "and none has a heading composer knows -> add a header row above the nominations; "
        + EXPECTED
    )


def test_no_header_in_a_sheet_names_the_sheet(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["Ident", "Full name"])
    book.active.append(["1", "A"])
    book.save(tmp_path / "s.xlsx")
    with pytest.raises(NominationsError) as info:
        load_nominations(tmp_path / "s.xlsx")
    assert info.value.summary == "s.xlsx: no header row found in sheet 'Sheet'"
    assert info.value.problems[0].message.startswith("row 1 of sheet 'Sheet' looks like")


def test_an_exact_heading_and_a_guessed_one_for_one_column_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "id,name,score,Final score\n1,A,3,4\n")
    with pytest.raises(NominationsError) as info:
        load_nominations(path)
    (problem,) = info.value.problems
    assert problem.message == "headings 'score' and 'Final score' could both be column 'score'"
    assert problem.fix == (
        'name the one to read in the scenario: [columns.score] heading = "score", or rename '
        "the other"
    )
    pool = load_nominations(path, columns={"score": ColumnSpec(heading="score")})
    assert pool.table.loc["1", "score"] == 3.0 and pool.table.loc["1", "final_score"] == "4"
    assert pool.warnings == []


def test_the_objective_column_is_matched_too(tmp_path: Path) -> None:
    path = write(tmp_path, "id,name,Merit points (0-100)\n1,A,3\n2,B,5\n")
    pool = load_nominations(path, needs=Needs(objective="merit_points", objective_named=True))
    assert pool.table.loc["2", "merit_points"] == "5"
    assert pool.warnings[0].message == (
        "heading 'Merit points (0-100)' read as column 'merit_points'"
    )


def test_a_rule_on_a_misspelt_derived_column_names_it(tmp_path: Path) -> None:
    path = write(tmp_path, "id,name,country\n1,A,KEN\n2,B,FRA\n")
    needs = Needs(columns={"regoin": "quota[1].column"}, objective=None)
    with pytest.raises(ScenarioError) as info:
        load_nominations(path, needs=needs)
    (problem,) = info.value.problems
    assert problem.fix == (
        "if you mean the column 'region', write that name in the scenario; or add a 'regoin' "
        "column to the nominations"
    )


@settings(max_examples=60, deadline=None)
@given(
    headings=st.lists(
        st.one_of(
            st.sampled_from(
                ["ID", "Nomination ID", "Full name", "Score", "Final score", "Sex", "", "Country"]
            ),
            st.text(max_size=12),
        ),
        min_size=1,
        max_size=6,
    ),
    cells=st.lists(st.text(max_size=6), min_size=6, max_size=6),
)
def test_any_header_row_loads_or_says_why(headings: list[str], cells: list[str]) -> None:
    """Never a crash: a pool, or a ComposerError with its problems (CSV: header search too)."""
    import csv
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "n.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows([headings, cells[: len(headings)]])
        check_loads(path)
    table = pd.DataFrame([cells[: len(headings)]])
    table.columns = headings
    check_loads(table)


def check_loads(table: object) -> None:
    try:
        pool = load_nominations(table)
    except ComposerError as exc:
        assert exc.problems
    else:
        assert len(pool) == 1
        for warning in pool.warnings:
            assert warning.message and warning.fix


def test_values_under_an_empty_heading_are_reported(tmp_path: Path) -> None:
    pool = load_nominations(write(tmp_path, "id,name,\n1,A,CV missing\n2,B,\n3,C,visa\n"))
    (warning,) = pool.warnings
    assert str(warning) == (
        "n.csv, row 2: column C has no heading, but 2 row(s) hold values in it (rows 2, 4): "
        "they are not read -> give column C a heading (it is then kept and usable in rules), "
        "or delete those values"
    )


def test_a_name_in_parts_is_reported(tmp_path: Path) -> None:
    pool = load_nominations(write(tmp_path, "id,First name,Surname\n1,Ana,Silva\n"))
    assert pool.table.loc["1", "name"] == "1"
    (warning,) = pool.warnings
    assert str(warning) == (
        "n.csv, row 1, column 'name': no heading is read as 'name', but 'First name' and "
        "'Surname' look like parts of a name: nominees are shown by their ids -> add a column "
        "'name' with the whole name (in the spreadsheet, join the parts), or map one with "
        '[columns.name] heading = "..."'
    )


def test_every_synonym_is_documented() -> None:
    from composer.inputs.headings import SYNONYMS

    doc = (Path(__file__).resolve().parent.parent / "docs" / "nominations.md").read_text("utf-8")
    section = doc[doc.index("### How headings are read") : doc.index("## Accepted spellings")]
    listed = {t.casefold() for t in re.findall(r"`([^`]+)`", section)}
    missing = [s for s in SYNONYMS if s.replace("_", " ") not in listed]
    assert not missing, f"docs/nominations.md: list the headings {missing}"


def test_empty_objective_cells_are_reported(tmp_path: Path) -> None:
    path = write(tmp_path, "id,name,score\n1,A,5\n2,B,\n3,C,7\n")
    (warning,) = load_nominations(path, needs=Needs()).warnings
    assert str(warning) == (
        "n.csv, row 3, column 'score': the objective column 'score' is empty in 1 of 3 rows "
        "(row 3): those nominees count 0 -> fill in their score, or write 0 where 0 is meant"
    )
    assert load_nominations(path).warnings == []  # no scenario, no objective


@pytest.mark.parametrize(
    ("heading", "column"),
    [
        ("Score (max 100)", "score"),
        ("Country (ISO code)", "country"),
        ("Travel cost (€)", "travel_cost"),
        ("Expertise (other)", None),
        ("Primary expertise", None),
        ("Secondary expertise", None),
        ("Total score", "score"),
        ("Average score", None),
    ],
)
def test_brackets_and_qualifiers(heading: str, column: str | None) -> None:
    from composer.inputs.columns import KNOWN

    assert guess(heading, KNOWN) == column
