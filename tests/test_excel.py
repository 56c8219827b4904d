"""The shortlist workbook: its sheets, safety, reading it back, charts, and bad workbooks.

LibreOffice proves the workbook in a real spreadsheet program (see tests/office.py).
"""

from __future__ import annotations

import csv
import io
import os
import zipfile
from pathlib import Path
from typing import Any

import matplotlib
import openpyxl
import pandas as pd
import pytest
from office import convert, pdf_of, sheet_pages

from composer import Result, compose, load_nominations
from composer.errors import ComposerError, NominationsError, OutputExistsError
from composer.export import charts
from composer.export.excel import write_shortlist
from composer.export.xlsx_safety import MAX_SHEET_NAME, safe_sheet_name
from composer.inputs.examples import bundled_scenario

matplotlib.use("Agg")

GOLDEN = Path(__file__).parent / "golden"
SHEETS = ["Summary", "Shortlist", "Balance", "Coverage", "Not selected", "Scenario", "Run"]
HYPERLINK = '=HYPERLINK("http://example.invalid","x")'
FORMULA_LIKE = [HYPERLINK, "=1+1", "+SUM(1,2)", "-3+4", "@cmd", "#N/A"]


# ---------------------------------------------------------------------------- fixtures


def hostile_pool() -> pd.DataFrame:
    """Nominees whose names and organisations look like formulas; ids that look like numbers."""
    rows = [
        ("007", HYPERLINK, "KEN", "government", "female", "=1+1", "spam", 9, "yes"),
        ("008", "=1+1", "FRA", "private_sector", "male", HYPERLINK, "privacy", 8, "no"),
        ("009", "+SUM(1,2)", "BRA", "civil_society", "female", "@cmd", "spam; privacy", 7, "no"),
        ("010", "-3+4", "IND", "technical_academic", "male", "#N/A", "privacy", 6, "no"),
        ("011", "Ann Plain", "CHL", "government", "female", "Plain Org", "spam", 5, "no"),
        ("012", "@cmd", "JPN", "civil_society", "male", "-3+4", "", 4, "yes"),
        ("013", "Bea Plain", "GHA", "private_sector", "female", "+SUM(1,2)", "spam", 3, "no"),
    ]
    columns = ["id", "name", "country", "stakeholder_group", "gender", "organisation"]
    columns += ["expertise", "score", "incumbent"]
    return pd.DataFrame(rows, columns=columns)


HOSTILE_SCENARIO: dict[str, Any] = {
    "name": "hostile text",
    "size": {"min": 4, "max": 4},
    "quota": [
        {"column": "gender", "min": {"female": 3}, "soft": True, "weight": 5, "name": "women"},
        {"column": "stakeholder_group", "max_share": {"government": "1/2"}},
    ],
    "coverage": [{"column": "expertise", "areas": ["spam", "privacy"], "min_each": 2}],
    "members": {"include": ["007", "008", "009", "010"]},
}


@pytest.fixture(scope="module")
def hostile() -> Result:
    result = compose(hostile_pool(), HOSTILE_SCENARIO)
    assert result.ok
    return result


@pytest.fixture(scope="module")
def wgig() -> Result:
    result = compose(bundled_scenario("wgig-2004.toml"))
    assert result.status.value == "optimal"
    return result


@pytest.fixture(scope="module")
def wgig_book(wgig: Result, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return wgig.to_excel(tmp_path_factory.mktemp("wgig") / "shortlist.xlsx", internal=True)


@pytest.fixture(scope="module")
def hostile_book(hostile: Result, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return hostile.to_excel(
        tmp_path_factory.mktemp("hostile") / "hostile shortlist.xlsx", internal=True
    )


def values(path: Path, sheet: str) -> list[list[str]]:
    """A sheet's cell values as text ('' for empty), as a spreadsheet program stores them."""
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    rows = [["" if v is None else str(v) for v in row] for row in book[sheet].values]
    book.close()
    width = max((len(r) for r in rows), default=0)
    return [r + [""] * (width - len(r)) for r in rows]


# ---------------------------------------------------------------------------- the workbook


def test_sheets_properties_and_layout(wgig_book: Path, wgig: Result) -> None:
    book = openpyxl.load_workbook(wgig_book)
    assert book.sheetnames == SHEETS
    assert all(len(name) <= MAX_SHEET_NAME for name in book.sheetnames)
    props = book.properties
    assert props.creator == "composer"
    assert props.title == "Shortlist: WGIG 2004: thirds"
    assert props.subject == "WGIG 2004: thirds"
    shortlist = book["Shortlist"]
    assert shortlist.freeze_panes == "C2"
    assert book["Balance"].freeze_panes == "B2"
    assert set(shortlist.tables) == {"ShortlistTable"}
    assert shortlist.tables["ShortlistTable"].ref == f"A1:S{wgig.size + 1}"
    assert set(book["Balance"].tables) == {"BalanceTable"}
    assert set(book["Not selected"].tables) == {"NotSelectedTable"}
    assert book["Coverage"].auto_filter.ref == f"A1:O{wgig.size + 1}"
    for sheet in book.worksheets:
        assert sheet.page_setup.fitToWidth == 1, sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
    assert shortlist.column_dimensions["B"].width >= len("Aissatou K. Mwangi")
    assert shortlist.print_title_rows == "$1:$1"
    assert len(book["Summary"]._images) == 5  # four composition charts and coverage


def test_values_not_formulas_and_number_formats(wgig_book: Path, wgig: Result) -> None:
    with zipfile.ZipFile(wgig_book) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert sheets and not any(b"<f>" in archive.read(n) for n in sheets)
    book = openpyxl.load_workbook(wgig_book)
    balance = book["Balance"]
    header = [c.value for c in balance[1]]
    assert header[:6] == ["Rule", "Kind", "Column", "Value", "Among", "Bound"]
    share = header.index("Share") + 1
    rows = list(balance.iter_rows(min_row=2))
    shares = [r[share - 1] for r in rows if r[share - 1].value is not None]
    assert shares and all(c.number_format == "0.0%" for c in shares)
    assert {r[header.index("Status")].value for r in rows} == {"met"}
    assert {r[header.index("Soft")].value for r in rows} == {"Yes", "No"}
    rules = {str(cf.sqref): [r.formula for r in cf.rules] for cf in balance.conditional_formatting}
    status = openpyxl.utils.get_column_letter(header.index("Status") + 1)
    assert rules[f"{status}2:{status}{len(rows) + 1}"] == [['"met"'], ['"missed"']]
    shortlist = book["Shortlist"]
    head = [c.value for c in shortlist[1]]
    cost = [r[head.index("travel_cost")] for r in shortlist.iter_rows(min_row=2)]
    assert all(c.number_format == "#,##0" and isinstance(c.value, int) for c in cost)
    assert {r[head.index("incumbent")].value for r in shortlist.iter_rows(min_row=2)} == {"No"}


def test_summary_states_status_size_and_balance(wgig_book: Path, wgig: Result) -> None:
    rows = values(wgig_book, "Summary")
    found = {r[0]: r[1] for r in rows if r and r[0]}
    assert found["Scenario"] == "WGIG 2004: thirds"
    assert found["Status"].startswith("optimal")
    assert found["Members selected"] == f"{wgig.size} (rules: 30-40)"
    assert found["Rules met"] == "30 of 30"
    women = next(r for r in rows if r[:2] == ["Gender", "Women"])
    assert women[3] == str(wgig.breakdown("gender").at["female", "selected"])


def test_coverage_matrix_and_totals(wgig_book: Path, wgig: Result) -> None:
    rows = values(wgig_book, "Coverage")
    header = rows[0]
    assert header[:2] == ["Id", "Name"] and header[-1] == "Areas held"
    members = rows[1 : 1 + wgig.size]
    assert sorted(r[0] for r in members) == sorted(wgig.selected)
    totals = next(r for r in rows if r[1] == "Members holding the area")
    required = next(r for r in rows if r[1] == "Members required")
    met = next(r for r in rows if r[1] == "Requirement met")
    areas = wgig.pool.areas("expertise")
    for index, area in enumerate(header[2:-1], start=2):
        assert int(totals[index]) == sum(area in areas[i] for i in wgig.selected)
        assert [r[index] for r in members].count("Yes") == int(totals[index])
        assert required[index] == "1" and met[index] == "Yes"


@pytest.mark.slow
def test_not_selected_lists_everyone_else_with_extra_columns(wgig: Result, tmp_path: Path) -> None:
    others = [i for i in wgig.pool.ids if i not in set(wgig.selected)]
    reasons = pd.DataFrame({"id": others[:3], "Reason": ["a", "b", "=1+1"]})
    long_name = "Trade-offs between the rules: every alternative we tried"
    extra = {long_name: pd.DataFrame({"alternative": [1, 2], "score": [3.5, 4.0]})}
    path = write_shortlist(
        wgig, tmp_path / "s.xlsx", extra_sheets=extra, not_selected_extra=reasons, internal=True
    )
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[: len(SHEETS)] == SHEETS
    extra_name = book.sheetnames[-1]
    assert extra_name == "Trade-offs between the rules ev"  # ':' is not allowed; 31 characters
    assert [c.value for c in book[extra_name][1]] == ["alternative", "score"]
    rows = values(path, "Not selected")
    assert rows[0][:3] == ["id", "name", "Reason"]
    assert sorted(r[0] for r in rows[1:]) == sorted(others)
    by_id = {r[0]: r[2] for r in rows[1:]}
    assert [by_id[i] for i in others[:3]] == ["a", "b", "=1+1"]
    assert by_id[others[3]] == ""


def test_never_overwrites_without_force_and_writes_atomically(
    hostile: Result, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "s.xlsx"
    path.write_bytes(b"old")
    with pytest.raises(OutputExistsError):
        hostile.to_excel(path)
    assert path.read_bytes() == b"old"

    def broken(self: Any, filename: Any) -> None:
        Path(filename).write_bytes(b"half a workbook")
        raise OSError("disk full")

    monkeypatch.setattr(openpyxl.Workbook, "save", broken)
    with pytest.raises(ComposerError, match="cannot write: disk full"):
        hostile.to_excel(path, force=True)
    assert path.read_bytes() == b"old"  # the interrupted write left the old file intact
    assert [p.name for p in tmp_path.iterdir()] == ["s.xlsx"]  # and no temporary file
    monkeypatch.undo()
    hostile.to_excel(path, force=True)
    assert zipfile.is_zipfile(path)


def test_infeasible_result_writes_a_workbook_that_says_why(tmp_path: Path) -> None:
    scenario = {**HOSTILE_SCENARIO, "size": {"min": 2, "max": 2}}
    result = compose(hostile_pool(), scenario)
    assert result.status.value == "infeasible"
    path = result.to_excel(tmp_path / "none.xlsx", internal=True)
    found = {r[0]: r[1] for r in values(path, "Summary") if r and r[0]}
    assert found["Status"].startswith("infeasible")
    assert found["Rules that cannot hold together"]
    assert values(path, "Shortlist") == [values(path, "Shortlist")[0]]  # header only
    assert len(values(path, "Not selected")) == len(result.pool) + 1


# ---------------------------------------------------------------------------- safety


def test_formula_like_text_is_stored_as_text(hostile_book: Path, hostile: Result) -> None:
    with zipfile.ZipFile(hostile_book) as archive:
        xml = b"".join(
            archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/sheet")
        )
    assert b"<f>" not in xml and b't="e"' not in xml and b't="str"' not in xml
    assert b"<t>=1+1</t>" in xml
    assert b"<t>=HYPERLINK(&quot;http://example.invalid&quot;,&quot;x&quot;)</t>" in xml or (
        b'<t>=HYPERLINK("http://example.invalid","x")</t>' in xml
    )
    book = openpyxl.load_workbook(hostile_book)
    expected = {
        "Shortlist": {HYPERLINK, "=1+1", "+SUM(1,2)", "-3+4", "@cmd", "#N/A"},
        "Not selected": {"@cmd", "-3+4", "+SUM(1,2)"},
        "Coverage": {HYPERLINK, "=1+1", "+SUM(1,2)", "-3+4"},
    }
    for sheet, texts in expected.items():
        cells = [c for row in book[sheet].iter_rows() for c in row if c.value is not None]
        assert not [c for c in cells if c.data_type in ("f", "e")], sheet
        assert texts <= {c.value for c in cells if c.data_type == "s"}, sheet
    shortlist = values(hostile_book, "Shortlist")
    names = {r[1] for r in shortlist[1:]}
    assert {HYPERLINK, "=1+1", "+SUM(1,2)", "-3+4"} <= names


def test_sheet_names_are_valid_and_unique() -> None:
    taken = ["Summary", "Run"]
    assert safe_sheet_name("Run", taken) == "Run (2)"
    assert safe_sheet_name("a/b[c]:d*e?f\\g") == "a b c d e f g"
    assert safe_sheet_name("History") == "History (sheet)"
    assert safe_sheet_name("'quoted'") == "quoted"
    long = "x" * 40
    assert safe_sheet_name(long) == "x" * 31
    assert safe_sheet_name(long, ["x" * 31]) == "x" * 27 + " (2)"
    assert len(safe_sheet_name("=1+1" * 20)) <= MAX_SHEET_NAME


def test_control_characters_do_not_break_the_workbook(tmp_path: Path) -> None:
    frame = hostile_pool()
    frame.loc[4, "organisation"] = "Bell\x07 and\x00 null"
    result = compose(frame, HOSTILE_SCENARIO)
    path = result.to_excel(tmp_path / "s.xlsx", internal=True)
    assert "Bell\ufffd and\ufffd null" in {r[6] for r in values(path, "Not selected")}


# ---------------------------------------------------------------------------- reading back


def test_shortlist_reads_back_as_nominations(hostile_book: Path, hostile: Result) -> None:
    pool = load_nominations(hostile_book, sheet="Shortlist")
    assert sorted(pool.ids) == sorted(hostile.selected) == ["007", "008", "009", "010"]
    original = hostile.pool.table.loc[pool.ids]
    for column in original.columns:
        assert pool.table[column].tolist() == original[column].tolist(), column
    assert pool.table.at["007", "name"] == HYPERLINK
    assert pool.table.at["007", "incumbent"] == "yes"
    assert pool.table.at["009", "expertise"] == "spam; privacy"
    assert pool.table["country_name"].tolist()[:1] == ["Kenya"]


def test_a_follow_up_scenario_fixes_the_shortlist(
    wgig_book: Path, wgig: Result, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COMPOSER_ALLOW_ABSOLUTE_PATHS", "1")  # it names the pool by absolute path
    shortlist = load_nominations(wgig_book, sheet="Shortlist")
    assert sorted(shortlist.ids) == wgig.selected
    original = bundled_scenario("wgig-2004.toml")
    follow_up = original.read_text(encoding="utf-8").replace(
        '"wgig-2004-nominations.csv"',
        f'"{(original.parent / "wgig-2004-nominations.csv").as_posix()}"',
    )
    follow_up += f"\n[members]\ninclude = {sorted(shortlist.ids)!r}\n".replace("'", '"')
    scenario_path = wgig_book.parent / "follow-up.toml"
    scenario_path.write_text(follow_up, encoding="utf-8")
    result = compose(scenario_path)
    assert result.ok and set(shortlist.ids) <= set(result.selected)
    assert result.report is not None and result.report.ok
    assert sum(r.family == "members" for r in result.report.rules) == len(shortlist.ids)


# ---------------------------------------------------------------------------- golden


def _golden(name: str, rows: list[list[str]]) -> None:
    """Compare with tests/golden/<name>; to regenerate after an intended change, run
    ``UPDATE_GOLDEN=1 uv run pytest tests/test_excel.py -k golden`` and review the diff."""
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        with path.open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle, lineterminator="\n").writerows(rows)
    expected = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert rows == expected


def test_golden_wgig_balance_and_shortlist(wgig_book: Path) -> None:
    _golden("wgig-2004-balance.csv", values(wgig_book, "Balance"))
    _golden("wgig-2004-shortlist.csv", values(wgig_book, "Shortlist"))


# ---------------------------------------------------------------------------- charts


def _containers(ax: Any, label: str) -> list[Any]:
    return [c for c in ax.containers if c.get_label() == label]


def _lines(ax: Any, label: str) -> dict[float, float]:
    """x (centre) -> y of the horizontal bound markers labelled ``label``."""
    found = [c for c in ax.collections if c.get_label() == label]
    assert len(found) == 1
    return {round((s[0][0] + s[1][0]) / 2, 6): float(s[0][1]) for s in found[0].get_segments()}


def test_composition_chart_plots_counts_and_rule_bounds(wgig: Result) -> None:
    from matplotlib.figure import Figure

    ax = charts.composition_chart(wgig, "stakeholder_group", Figure().add_subplot())
    labels = [t.get_text().replace("\n", " ") for t in ax.get_xticklabels()]
    assert labels == [
        "Government",
        "Private sector",
        "Civil society",
        "Technical and academic",
        "Intergovernmental",
    ]
    (bars,) = _containers(ax, charts.SELECTED)
    counts = wgig.breakdown("stakeholder_group")["selected"]
    expected = [counts.get(v, 0) for v in charts.ordered("stakeholder_group", counts.index)]
    assert [p.get_height() for p in bars.patches] == expected
    (band,) = _containers(ax, charts.BAND)
    # 3/10 of 40 seats for each of the three groups; governments at most 2/5 of 40
    limits = [(p.get_x() + p.get_width() / 2, p.get_y(), p.get_y() + p.get_height()) for p in band]
    assert limits == [(0, 12, 16), (1, 12, 40), (2, 12, 40)]
    assert _lines(ax, charts.MINIMUM) == {0: 12, 1: 12, 2: 12}
    assert _lines(ax, charts.MAXIMUM) == {0: 16}


def test_composition_chart_of_regions_and_unbounded_columns(wgig: Result) -> None:
    from matplotlib.figure import Figure

    ax = charts.composition_chart(wgig, "region", Figure().add_subplot())
    assert _lines(ax, charts.MINIMUM) == {0: 4, 1: 4, 2: 4, 3: 4, 4: 4}
    assert _lines(ax, charts.MAXIMUM) == {4: 12}
    ax = charts.composition_chart(wgig, "m49_region", Figure().add_subplot())
    assert not _containers(ax, charts.BAND)
    (bars,) = _containers(ax, charts.SELECTED)
    assert sum(p.get_height() for p in bars.patches) == wgig.size


def test_coverage_chart_plots_members_and_required_depth(hostile: Result) -> None:
    import matplotlib.pyplot as plt

    ax = charts.coverage_chart(hostile)  # a new pyplot figure, headless (Agg)
    try:
        at = {t.get_text(): y for t, y in zip(ax.get_yticklabels(), ax.get_yticks(), strict=True)}
        assert at["spam"] > at["privacy"]  # the scenario's first area at the top
        widths = {
            round(p.get_y() + p.get_height() / 2): p.get_width()
            for label in (charts.SELECTED, charts.SHORT)
            for c in _containers(ax, label)
            for p in c.patches
        }
        areas = hostile.pool.areas("expertise")
        held = {a: sum(a in areas[i] for i in hostile.selected) for a in ("spam", "privacy")}
        assert widths == {round(at[a]): held[a] for a in held}
        (required,) = [c for c in ax.collections if c.get_label() == charts.REQUIRED]
        assert sorted(s[0][0] for s in required.get_segments()) == [2, 2]
    finally:
        plt.close(ax.figure)


def test_chart_data_helpers(hostile: Result) -> None:
    bounds = charts.seat_bounds(hostile, "stakeholder_group")
    assert bounds == {"government": charts.SeatBounds(None, 2)}
    assert charts.seat_bounds(hostile, "gender") == {"female": charts.SeatBounds(3, None)}
    areas = charts.coverage_areas(hostile)
    assert [(a.area, a.required) for a in areas] == [("spam", 2), ("privacy", 2)]


# ---------------------------------------------------------------------------- bad workbooks


def problems(path: Path, sheet: str | None = None) -> list[str]:
    with pytest.raises(NominationsError) as info:
        load_nominations(path, sheet=sheet)
    assert info.value.problems and all(p.fix for p in info.value.problems)
    return [f"{info.value.summary} | {p}" for p in info.value.problems]


def workbook(
    path: Path, rows: list[list[Any]], merge: tuple[str, ...] = (), title: str = "Nominations"
) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    for ref in merge:
        sheet.merge_cells(ref)
    book.save(path)
    return path


HEADER = ["id", "name", "country", "stakeholder_group"]


def test_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "n.xlsx"
    path.write_text("<html><body>nominations</body></html>", encoding="utf-8")
    (text,) = problems(path)
    assert "not an .xlsx workbook" in text and "zip" in text


def test_password_protected_workbook(tmp_path: Path) -> None:
    # An encrypted .xlsx is an OLE2 compound file holding an 'EncryptionInfo' stream.
    path = tmp_path / "n.xlsx"
    name = "EncryptionInfo".encode("utf-16-le")
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + name + bytes(512))
    (text,) = problems(path)
    assert "protected with a password" in text and "remove the password" in text


def test_old_xls_renamed(tmp_path: Path) -> None:
    path = tmp_path / "n.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024))
    (text,) = problems(path)
    assert ".xls" in text and "save it as .xlsx" in text


def test_no_header_row_names_the_sheet(tmp_path: Path) -> None:
    path = workbook(tmp_path / "n.xlsx", [["a", "b"], [1, 2]], title="Intake 2025")
    (text,) = problems(path)
    assert "sheet 'Intake 2025'" in text and "cells A1:B2" in text
    assert "expected column names: id, name" in text
    empty = workbook(tmp_path / "e.xlsx", [], title="Blank")
    (text,) = problems(empty)
    assert "the sheet 'Blank' is empty" in text


def test_merged_cells_in_the_data_name_sheet_and_cells(tmp_path: Path) -> None:
    rows = [["Nominations 2025"], HEADER, ["1", "Ann", "KEN", "gov"], ["2", "Bo", "FRA", "gov"]]
    path = workbook(tmp_path / "n.xlsx", rows, merge=("A1:D1", "C3:C4"))
    (text,) = problems(path)
    assert "cells C3:C4 of sheet 'Nominations' are merged" in text
    assert "row 3" in text and "column 'country'" in text and "unmerge" in text
    ok = workbook(tmp_path / "ok.xlsx", rows, merge=("A1:D1",))  # a merged title is fine
    assert load_nominations(ok).ids == ["1", "2"]


def test_xml_entities_are_refused(tmp_path: Path) -> None:
    import defusedxml  # noqa: F401  (a runtime dependency: openpyxl parses with it)

    assert openpyxl.DEFUSEDXML
    path = workbook(tmp_path / "n.xlsx", [HEADER, ["1", "Ann", "KEN", "gov"]])
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(bomb, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                head = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>'
                data = head + data.split(b"?>", 1)[-1]
            target.writestr(item, data)
    (text,) = problems(bomb)
    assert "cannot be read safely" in text and "sheet 'Nominations'" in text


def test_reader_matches_openpyxl(tmp_path: Path) -> None:
    from datetime import datetime

    from composer.inputs.xlsx_reader import read_sheet

    rows = [
        [*HEADER, "score", "when", "flag", "note"],
        ["007", "Zoë", "KEN", "gov", 1.5, datetime(2004, 11, 11), True, "=1+1"],
        [None, None, None, None, None, None, None, None],
        [12, "B", "FRA", "cs", 7, None, False, "x"],
    ]
    path = workbook(tmp_path / "n.xlsx", rows)
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    expected = [[v for v in row] for row in book.active.iter_rows(values_only=True)]
    book.close()
    found = read_sheet(path.read_bytes(), "n.xlsx").rows
    width = max(len(r) for r in expected)
    assert [r + [None] * (width - len(r)) for r in found] == expected


# ---------------------------------------------------------------------------- LibreOffice


@pytest.mark.slow
def test_libreoffice_prints_the_shortlist(hostile_book: Path, tmp_path: Path) -> None:
    pdf = pdf_of(hostile_book, tmp_path / "out")
    pages = sheet_pages(pdf)
    assert set(pages) == set(SHEETS), pages
    text = pdf.text
    for expected in ("Shortlist: hostile text", "Ann Plain", "women", "Members holding the area"):
        assert expected in text
    assert "quota stakeholder_group: government <= 50%" in text
    for formula in FORMULA_LIKE:  # shown literally, never evaluated
        assert formula in text, formula
    words = pdf.words()
    assert "x" not in words  # the HYPERLINK formula would show its label 'x'


@pytest.mark.slow
def test_libreoffice_prints_the_wgig_shortlist(
    wgig_book: Path, wgig: Result, tmp_path: Path
) -> None:
    pdf = pdf_of(wgig_book, tmp_path / "out")
    assert set(sheet_pages(pdf)) == set(SHEETS)
    shortlist = "\n".join(p for p in pdf.pages if "Shortlist" in p.splitlines()[-1])
    for name in wgig.pool.table.loc[wgig.selected, "name"]:
        assert name in shortlist
    assert "WGIG topics (root servers >= 1)" in pdf.text


@pytest.mark.slow
def test_libreoffice_saved_shortlist_still_reads_back(
    hostile_book: Path, hostile: Result, tmp_path: Path
) -> None:
    # LibreOffice writes shared strings (openpyxl writes inline ones): both must read the same.
    resaved = convert(hostile_book, tmp_path / "out", "xlsx")
    with zipfile.ZipFile(resaved) as archive:
        assert "xl/sharedStrings.xml" in archive.namelist()
    pool = load_nominations(resaved, sheet="Shortlist")
    again = load_nominations(hostile_book, sheet="Shortlist")
    assert pool.ids == again.ids
    assert pool.table.equals(again.table)


def test_fast_rows_match_openpyxl(tmp_path: Path) -> None:
    from datetime import datetime

    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    from composer.export.xlsx_stream import stream_rows

    def build(path: Path, fast: bool) -> None:
        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet("s")
        if fast:
            stream_rows(sheet)
        styled = WriteOnlyCell(sheet, 1234.5)
        styled.number_format = "#,##0.00"
        bold = WriteOnlyCell(sheet, "=1+1")
        bold.data_type, bold.font = "s", Font(bold=True)
        sheet.append(["id", " padded ", "a < b & c > d", 7, 2.5, None, float("nan")])
        sheet.append([styled, bold, "Zoë", -3, 1e20, "", 10**15])
        sheet.append([datetime(2004, 11, 11), True, "plain"])  # through openpyxl
        book.save(path)

    build(tmp_path / "slow.xlsx", fast=False)
    build(tmp_path / "fast.xlsx", fast=True)
    slow = openpyxl.load_workbook(tmp_path / "slow.xlsx")["s"]
    fast = openpyxl.load_workbook(tmp_path / "fast.xlsx")["s"]
    assert slow.max_row == fast.max_row == 3

    def cells(sheet: Any) -> list[tuple[Any, ...]]:
        return [
            (c.coordinate, c.value, c.data_type, c.number_format, c.font.b)
            for row in sheet.iter_rows()
            for c in row
            if c.value is not None
        ]

    assert cells(fast) == cells(slow)


def test_shared_strings_match_openpyxl() -> None:
    from openpyxl.reader.strings import read_string_table

    from composer.inputs.xlsx_reader import _parse, _StringsParser

    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    xml = (
        f'<sst xmlns="{ns}"><si><t>plain</t></si>'
        "<si><r><t>rich </t></r><r><rPr><b/></rPr><t>text</t></r></si>"
        '<si><t>漢字</t><rPh sb="0" eb="2"><t>かんじ</t></rPh></si>'
        "<si><t>a_x005F_x000D_b &amp; &lt;c&gt;</t></si>"
        '<si><t xml:space="preserve"> pad </t></si><si><t/></si></sst>'
    ).encode()
    strings = _StringsParser()
    _parse(io.BytesIO(xml), strings)
    assert strings.strings == read_string_table(io.BytesIO(xml))
    assert strings.strings[:3] == ["plain", "rich text", "漢字"]


def test_feasible_result_states_the_gap(wgig: Result, tmp_path: Path) -> None:
    import dataclasses

    from composer import Status

    stopped = dataclasses.replace(wgig, status=Status.FEASIBLE, gap=0.0123)
    path = stopped.to_excel(tmp_path / "feasible.xlsx")
    sheet = openpyxl.load_workbook(path)["Summary"]
    found = {r[0].value: r[1] for r in sheet.iter_rows(min_row=3, max_col=2) if r[0].value}
    assert found["Status"].value.startswith("feasible (the time limit stopped the search")
    assert "within 1.2% of the best possible" in found["Status"].value
    gap = found["Gap to the best possible score"]
    assert gap.value == 0.0123 and gap.number_format == "0.00%"


@pytest.mark.slow
def test_explained_workbook_has_needed_for_and_reason_columns(tmp_path: Path) -> None:
    import composer
    from composer.inputs.examples import bundled_scenario

    result = composer.compose(bundled_scenario("wgig-2004.toml"))
    explanation = result.explain(prices=False, top=3)
    path = result.to_excel(tmp_path / "explained.xlsx", explanation=explanation, internal=True)
    shortlist = composer.load_nominations(path, sheet="Shortlist")
    assert "needed_for" in shortlist.table.columns
    assert sorted(shortlist.ids) == result.selected
    others = composer.load_nominations(path, sheet="Not selected")
    reasons = others.table["reason"]
    assert (reasons != "").sum() == 3  # the three nominees explained carry their reason
