"""Multi-valued cells: separators read as declared, detected, or reported (exact messages)."""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from composer.errors import ScenarioError
from composer.inputs.column_spec import ColumnSpec
from composer.inputs.needs import Needs
from composer.inputs.nominations import load_nominations
from composer.rules.scenario import load_scenario

CELLS = (
    'id,name,expertise,skills\n1,A,"spam, privacy",x/y\n2,B,dns;spam,a\n3,C,"dns\nprivacy",b\n'
    '4,D,ip/dns,c\n5,E,"x, y",d\n'
)
SEPS = (";", ", ", "/", "\n")
COUNTS = (
    "2 of 5 cells hold ',' (rows 2, 6), 1 of 5 cells hold a line break (row 4), "
    "1 of 5 cells hold '/' (row 5)"
)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    file = tmp_path / "s.csv"
    file.write_text(CELLS, encoding="utf-8")
    return file


def test_undeclared_separators_are_kept_as_one_value_and_reported(path: Path) -> None:
    pool = load_nominations(path)
    assert pool.areas("expertise") == {
        "1": ("spam, privacy",),
        "2": ("dns", "spam"),
        "3": ("dns privacy",),
        "4": ("ip/dns",),
        "5": ("x, y",),
    }
    (warning,) = pool.warnings
    assert str(warning) == (
        f"s.csv, row 2, column 'expertise': {COUNTS}; only ';' separates values unless the "
        "scenario says otherwise, so a cell such as 'spam, privacy' is read as one value -> "
        'say how the cells list values: [columns.expertise] separator = "," (or "auto" to '
        "split on every separator found), or write ';' between values"
    )


def test_a_declared_separator_splits_and_reports_the_others(path: Path) -> None:
    pool = load_nominations(path, columns={"expertise": ColumnSpec(separator=",")})
    assert pool.areas("expertise")["1"] == ("spam", "privacy")
    assert pool.areas("expertise")["4"] == ("ip/dns",)
    (warning,) = pool.warnings
    assert str(warning) == (
        "s.csv, row 4, column 'expertise': values are separated by ',' and ';', but 1 of 5 "
        "cells hold a line break (row 4), 1 of 5 cells hold '/' (row 5): read as part of a "
        'value -> if they separate values too, set [columns.expertise] separator = "auto"'
    )


def test_auto_splits_on_every_separator_found(path: Path) -> None:
    pool = load_nominations(path, columns={"expertise": ColumnSpec(separator="auto")})
    assert pool.areas("expertise") == {
        "1": ("spam", "privacy"),
        "2": ("dns", "spam"),
        "3": ("dns", "privacy"),
        "4": ("ip", "dns"),
        "5": ("x", "y"),
    }
    (warning,) = pool.warnings
    assert warning.message == (
        f'the cells mix separators: {COUNTS}; separator = "auto" splits them on all of them, '
        "and on ';'"
    )


def test_auto_with_one_separator_is_silent(tmp_path: Path) -> None:
    file = tmp_path / "one.csv"
    file.write_text('id,name,expertise\n1,A,"spam, dns"\n2,B,ip\n', encoding="utf-8")
    pool = load_nominations(file, columns={"expertise": ColumnSpec(separator="auto")})
    assert pool.areas("expertise")["1"] == ("spam", "dns") and pool.warnings == []


def test_newline_separator_and_a_coverage_column(path: Path) -> None:
    pool = load_nominations(
        path,
        columns={"expertise": ColumnSpec(separator="newline"), "skills": ColumnSpec(separator="/")},
    )
    assert pool.areas("expertise")["3"] == ("dns", "privacy")
    assert pool.table.loc["1", "skills"] == "x; y"
    listed = load_nominations(path, needs=Needs(lists=frozenset({"skills"}), objective=None))
    assert [w.column for w in listed.warnings] == ["expertise", "skills"]


def test_an_empty_separator_is_a_scenario_error(tmp_path: Path) -> None:
    file = tmp_path / "s.toml"
    file.write_text('[columns.expertise]\nseparator = ""\n', encoding="utf-8")
    with pytest.raises(ScenarioError, match="separator is empty"):
        load_scenario(file)


AREA = st.text(alphabet="abcdefghij ", min_size=1, max_size=8).map(str.strip).filter(bool)


@settings(max_examples=40, deadline=None)
@given(
    cells=st.lists(
        st.tuples(st.lists(AREA, min_size=1, max_size=3, unique=True), st.sampled_from(SEPS)),
        min_size=1,
        max_size=6,
    )
)
def test_lists_are_never_merged_silently(cells: list[tuple[list[str], str]]) -> None:
    """Undeclared: any cell with another separator is reported; auto: every area is read."""
    frame = {
        "id": [str(i) for i in range(len(cells))],
        "expertise": [sep.join(areas) for areas, sep in cells],
    }
    plain = load_nominations(frame)
    joined = [
        " ".join(sep.join(areas).split()) for areas, sep in cells if sep != ";" and len(areas) > 1
    ]
    reported = [w for w in plain.warnings if w.column == "expertise"]
    assert bool(reported) == bool(joined)
    auto = load_nominations(frame, columns={"expertise": ColumnSpec(separator="auto")})
    for (areas, _), ident in zip(cells, auto.ids, strict=True):
        want = tuple(dict.fromkeys(" ".join(a.split()) for a in areas))
        assert auto.areas("expertise")[ident] == want
