"""Likely duplicate people are reported with rows and ids; a cap keeps at most one of each."""

import random
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from composer.engine.solve import compose
from composer.inputs.duplicates import person_key
from composer.inputs.needs import Needs
from composer.inputs.nominations import load_nominations

POOL = (
    "id,name,country,E-mail,score\n"
    "N1,Nguyễn Văn An,VNM,an@x.org,9\n"
    "N2,Ana Silva,BRA,ana@x.org,8\n"
    "N9,nguyen  van an,Viet Nam,,7\n"
    "N4,A. Silva,PRT,ANA@x.org ,6\n"
    "N5,Bob,KEN,,1\n"
)
FIX = (
    'if they are, keep one row, or add [[cap]] column = "duplicate_group" max_each = 1 to the '
    "scenario so that at most one is chosen (their duplicate_group is {})"
)


def write(tmp_path: Path, text: str, name: str = "dup.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_person_key() -> None:
    assert person_key("  Nguyễn   Văn AN ") == "nguyen van an"


def test_duplicates_are_reported_with_rows_ids_and_a_group(tmp_path: Path) -> None:
    pool = load_nominations(write(tmp_path, POOL))
    assert "duplicate_group" not in pool.columns  # added when a scenario names it
    wanted = load_nominations(
        write(tmp_path, POOL), needs=Needs(columns={"duplicate_group": "cap[0].column"})
    )
    assert wanted.table["duplicate_group"].to_dict() == {
        "N1": "N1",
        "N2": "N2",
        "N9": "N1",
        "N4": "N2",
        "N5": "N5",
    }
    assert [(str(w), w.fix) for w in pool.warnings] == [
        (
            "dup.csv, row 2, column 'name': nominations N1 (row 2), N9 (row 4) look like the "
            "same person: same name and country (nguyen van an, VNM) -> " + FIX.format("N1"),
            FIX.format("N1"),
        ),
        (
            "dup.csv, row 3, column 'name': nominations N2 (row 3), N4 (row 5) look like the "
            "same person: same E-mail (ana@x.org) -> " + FIX.format("N2"),
            FIX.format("N2"),
        ),
    ]


def test_no_duplicates_no_column(tmp_path: Path) -> None:
    pool = load_nominations(write(tmp_path, "id,name,country\n1,A,KEN\n2,A,FRA\n"))
    assert "duplicate_group" not in pool.columns and pool.warnings == []


def test_a_cap_on_duplicate_group_keeps_one_of_each(tmp_path: Path) -> None:
    path = write(tmp_path, POOL)
    plain = write(tmp_path, "[size]\nmin = 3\nmax = 3\n", "plain.toml")
    assert compose(path, plain).selected == ["N1", "N2", "N9"]
    capped = write(
        tmp_path,
        '[size]\nmin = 3\nmax = 3\n[[cap]]\ncolumn = "duplicate_group"\nmax_each = 1\n',
        "capped.toml",
    )
    result = compose(path, capped)
    assert result.selected == ["N1", "N2", "N5"] and result.report is not None
    assert result.report.ok
    loaded = load_nominations(path)  # a pool loaded before: the column is added for the cap
    assert compose(loaded, capped).selected == ["N1", "N2", "N5"]


def test_a_cap_on_duplicate_group_without_duplicates(tmp_path: Path) -> None:
    path = write(tmp_path, "id,name,score\n1,A,1\n2,B,2\n")
    capped = write(
        tmp_path,
        '[size]\nmin = 2\nmax = 2\n[[cap]]\ncolumn = "duplicate_group"\nmax_each = 1\n',
        "capped.toml",
    )
    assert compose(path, capped).selected == ["1", "2"]


@settings(max_examples=30, deadline=None)
@given(
    people=st.lists(
        st.tuples(
            st.sampled_from(["Ana", "ana", "Ána", "Bo", "Cy"]), st.sampled_from(["KEN", "FRA"])
        ),
        min_size=2,
        max_size=8,
    ),
    order=st.randoms(use_true_random=False),
)
def test_duplicate_group_does_not_depend_on_row_order(
    people: list[tuple[str, str]], order: random.Random
) -> None:
    rows = [{"id": f"i{k}", "name": n, "country": c} for k, (n, c) in enumerate(people)]
    shuffled = list(rows)
    order.shuffle(shuffled)
    needs = Needs(columns={"duplicate_group": "cap[0].column"}, objective=None)
    first = load_nominations(rows, needs=needs).table["duplicate_group"].to_dict()
    second = load_nominations(shuffled, needs=needs).table["duplicate_group"].to_dict()
    assert first == second
    for ident, group in first.items():  # the group is the smallest id of the same person
        name, country = people[int(ident[1:])]
        same = [
            f"i{k}"
            for k, (n, c) in enumerate(people)
            if person_key(n) == person_key(name) and c == country
        ]
        assert group == min(same)


def test_ids_equal_but_for_case_are_suspects(tmp_path: Path) -> None:
    pool = load_nominations(write(tmp_path, "id,name\nN-001,Ann\nn-001,Bob\n"))
    (warning,) = pool.warnings
    assert warning.message == (
        "nominations N-001 (row 2), n-001 (row 3) look like the same person: ids equal but for case"
    )


def test_rows_a_person_column_joins_are_not_suspected(tmp_path: Path) -> None:
    text = (
        "id,name,country,expert,score\n"
        "A1,Ana Silva,BRA,E1,9\n"  # one expert, two applications: declared, not suspected
        "A2,Ana Silva,BRA,E1,8\n"
        "B1,Bob Lee,KEN,E2,7\n"  # the same name and country, two persons: still suspected
        "B2,Bob Lee,KEN,E3,6\n"
        "C1,Cy Ng,IND,,5\n"  # no person given: a person of its own, still compared
        "C2,Cy Ng,IND,,4\n"
    )
    path = write(tmp_path, text)
    needs = Needs(columns={"expert": "person.column"}, person="expert")
    warned = [str(w) for w in load_nominations(path, needs=needs).warnings]
    assert [w.split(": ")[1].split(" look")[0] for w in warned] == [
        "nominations B1 (row 4), B2 (row 5)",
        "nominations C1 (row 6), C2 (row 7)",
    ]
    # without the person rule the expert's two rows are suspected as well
    assert len(load_nominations(path).warnings) == 3
