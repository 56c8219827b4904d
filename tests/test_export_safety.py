"""Exports store user text as text: no formulas in workbooks, no mathtext in charts, and no
value held only by nominees not selected in a public chart or statement table."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from helpers import make_pool, run
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from openpyxl import load_workbook
from typer.testing import CliRunner

from composer.cli.app import app
from composer.errors import ComposerError
from composer.export.charts import LITERAL_TEXT, composition_chart
from composer.export.report import OTHER_VALUES, build_statement, write_statement
from composer.rules.scenario import load_scenario

runner = CliRunner()
MARKER = "ZQXMARKER"
MATH = ["Ana $\\undefinedmacro$ Lima", "Jo $x^2$ Lima"]

POOL = """id,name,country,stakeholder_group,gender,organisation,score
=1+1,=HYPERLINK(""http://x"";""y""),KEN,government,female,+Org,9
@a,Ana $\\undefinedmacro$ Lima,FRA,private_sector,male,-Org,8
-b,Jo $x^2$ Lima,BRA,civil_society,female,@Org,7
zz,Out ZQXMARKER,CHN,government,male,Org ZQXMARKER,1
"""


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _pdf_text(path: Path) -> str:
    found = shutil.which("pdftotext")
    if found is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    done = subprocess.run([found, str(path), "-"], capture_output=True, text=True, check=True)
    return done.stdout


def _raw_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as book:
        return "".join(book.read(n).decode("utf-8") for n in book.namelist() if n.endswith(".xml"))


def test_compare_workbook_stores_formula_text_as_text(tmp_path: Path) -> None:
    pool = _write(tmp_path, "pool.csv", POOL)
    scenario = 'name = "=1+2"\n[size]\nmax = 3\n[objective]\nmaximise = "score"\n'
    one = _write(tmp_path, "a.toml", scenario)
    two = _write(tmp_path, "b.toml", 'name = "@two"\n[size]\nmax = 2\n')
    xlsx, png = tmp_path / "c.xlsx", tmp_path / "c.png"
    args = ["compare", str(one), str(two), "-n", str(pool), "--xlsx", str(xlsx), "--png", str(png)]
    done = runner.invoke(app, args)
    assert done.exit_code == 0, done.output
    assert "<f>" not in _raw_xml(xlsx)  # not one formula in the whole workbook
    book = load_workbook(xlsx)
    texts = {
        str(c.value)
        for ws in book.worksheets
        for row in ws.iter_rows()
        for c in row
        if c.value is not None and c.data_type == "s"
    }
    assert {"=1+1", "@a", "-b", "=1+2", "@two"} <= texts
    assert any(t.startswith("=HYPERLINK(") for t in texts)
    for ws in book.worksheets:
        assert ws.freeze_panes == "A2" and ws.page_setup.orientation == "landscape"


def _result(size: int = 3):  # type: ignore[no-untyped-def]
    pool = make_pool([
        {"id": "m1", "name": MATH[0], "country": "KEN", "stakeholder_group": "government",
         "gender": "female", "organisation": "Org $\\frac$ One", "score": 9},
        {"id": "m2", "name": MATH[1], "country": "FRA", "stakeholder_group": "civil_society",
         "gender": "male", "organisation": "Org Two", "score": 8},
        {"id": "m3", "name": "Nguyễn Văn Kariuki", "country": "BRA",
         "stakeholder_group": "government", "gender": "female", "organisation": "Org Two",
         "score": 7},
        {"id": "x1", "name": f"Out {MARKER}", "country": "CHN",
         "stakeholder_group": "government", "gender": "male",
         "organisation": f"Org {MARKER}", "score": 1},
    ])  # fmt: skip
    scenario = {
        "name": "Mathy $\\frac$ rules",
        "description": "Mandate $x^2$",
        "size": {"max": size},
        "objective": {"maximise": "score"},
        "quota": [{"column": "organisation", "max": {"Org Two": 2}}],
    }
    return run(pool, scenario)


def test_composition_chart_draws_only_roster_and_rule_values() -> None:
    result = _result()
    assert "x1" not in result.selected
    import matplotlib

    with matplotlib.rc_context(LITERAL_TEXT):
        figure = Figure()
        FigureCanvasAgg(figure)
        ax = composition_chart(result, "organisation", ax=figure.add_subplot())
        figure.canvas.draw()
    labels = " ".join(t.get_text() for t in ax.get_xticklabels())
    assert MARKER not in labels
    assert "Org Two" in labels and "Org $\\frac$" in labels.replace("\n", " ")


def test_statement_table_sums_values_no_member_holds() -> None:
    result = _result()
    statement = build_statement(result)
    table = statement.intake["Organisation"]
    values = list(table["Organisation"])
    assert not any(MARKER in str(v) for v in values)
    assert OTHER_VALUES in values


@pytest.mark.slow
def test_statement_with_mathtext_payloads_is_literal_and_private(tmp_path: Path) -> None:
    result = _result()
    html = write_statement(result, tmp_path / "s.html").read_text(encoding="utf-8")
    assert MARKER not in html and "Jo $x^2$ Lima" in html
    pdf = write_statement(result, tmp_path / "s.pdf")
    assert MARKER.encode() not in pdf.read_bytes()
    text = " ".join(_pdf_text(pdf).split())
    assert MARKER not in text
    for name in (*MATH, "Nguyễn Văn Kariuki"):
        assert name in text, name


SHARED_POOL = """id,name,country,stakeholder_group,gender,score,email,phone,notes,cv_status
a1,Ana Member,KEN,government,female,9,ana@example.org,+254 700 111,Needs visa,ok
a2,Ben Member,FRA,civil_society,male,8,ben@example.org,+33 1 22,CV missing,late
z9,Zed ZQXMARKER,CHN,government,male,1,zed.ZQXMARKER@example.org,+86 ZQXMARKER,ZQXMARKER note,x
"""


def _zip_bytes(path: Path) -> bytes:
    with zipfile.ZipFile(path) as book:
        return b"".join(book.read(n) for n in book.namelist())


def test_shared_workbook_has_no_contact_columns_and_no_other_nominees(tmp_path: Path) -> None:
    _write(tmp_path, "pool.csv", SHARED_POOL)
    scenario = _write(
        tmp_path, "s.toml", 'name = "two"\nnominations = "pool.csv"\n[size]\nmax = 2\n'
    )
    shared, internal, asked = tmp_path / "shared.xlsx", tmp_path / "int.xlsx", tmp_path / "c.xlsx"
    for out, more in ((shared, []), (internal, ["--internal"]), (asked, ["--columns", "email"])):
        done = runner.invoke(app, ["solve", str(scenario), "--out", str(out), *more])
        assert done.exit_code == 0, done.output
    raw = _zip_bytes(shared)
    for secret in (b"ZQXMARKER", b"Zed", b"example.org", b"+254", b"Needs visa", b"CV missing"):
        assert secret not in raw, secret
    book = load_workbook(shared)
    assert "Not selected" not in book.sheetnames
    header = [c.value for c in book["Shortlist"][1]]
    assert header[:3] == ["id", "name", "country"]
    assert not {"email", "phone", "notes", "cv_status"} & set(header)
    full = load_workbook(internal)
    assert "Not selected" in full.sheetnames
    assert {"email", "phone", "notes", "cv_status"} <= {c.value for c in full["Shortlist"][1]}
    assert b"ZQXMARKER" in _zip_bytes(internal)
    chosen = [c.value for c in load_workbook(asked)["Shortlist"][1]]
    assert "email" in chosen and "phone" not in chosen
    bad = runner.invoke(app, ["solve", str(scenario), "--out", str(tmp_path / "b.xlsx"),
                              "--columns", "emial"])  # fmt: skip
    assert bad.exit_code == 2
    assert "no column 'emial'" in bad.output and "did you mean 'email'" in bad.output


def test_pdf_missing_glyphs_are_named_not_garbled() -> None:
    from composer.export.pdf_fonts import missing_characters, missing_note

    scripts = ["Nguyễn Văn Kariuki", "Ирина Петрова", "Γιώργος Παπαδόπουλος", "Øyvind Ærø"]
    assert missing_characters(scripts) == [] and missing_note(scripts) is None
    note = missing_note(["王小明 Wang"])
    assert note is not None and "U+738B" in note and "CJK" in note and "HTML" in note


@pytest.mark.slow
def test_pdf_statement_round_trips_every_script_names_countries_counts_rules(
    tmp_path: Path,
) -> None:
    people = ["Nguyễn Văn Kariuki", "Ирина Петрова", "Γιώργος Παπαδόπουλος", "王小明"]
    pool = make_pool([
        {"id": f"p{i}", "name": name, "country": country, "stakeholder_group": group,
         "gender": "female" if i % 2 else "male", "score": 10 - i}
        for i, (name, country, group) in enumerate(zip(
            people, ["VNM", "RUS", "GRC", "CHN"],
            ["government", "civil_society", "private_sector", "government"], strict=True))
    ])  # fmt: skip
    scenario = {
        "name": "Scripts",
        "size": {"max": 4},
        "objective": {"maximise": "score"},
        "quota": [
            {"column": "stakeholder_group", "min": {"government": 1, "civil_society": 1}},
            {"column": "gender", "min": {"female": 1, "male": 1}},
        ],
    }
    result = run(pool, scenario)
    text = " ".join(_pdf_text(write_statement(result, tmp_path / "s.pdf")).split())
    for name in people[:3]:
        assert name in text, name
    assert "no glyph in the PDF font" in text and "U+738B" in text
    assert "Viet Nam" in text and "Russian Federation" in text and "Greece" in text
    assert "Rules 3" in text  # [size] and two [[quota]] tables, not their five bounds


@pytest.mark.slow
def test_shared_wgig_workbook_prints_on_a4_landscape_whole(tmp_path: Path) -> None:
    """Printed with LibreOffice: A4 landscape table pages, the Shortlist on few pages, every
    Scenario setting whole, and not one nominee who was not selected."""
    import re

    from office import convert, pdf_of, require_office, sheet_pages

    from composer import compose
    from composer.export.sheets import scenario_frame
    from composer.inputs.examples import bundled_scenario

    require_office()
    result = compose(bundled_scenario("wgig-2004.toml"))
    book = result.to_excel(tmp_path / "shared.xlsx")
    pdf = pdf_of(book, tmp_path / "out")
    pages = sheet_pages(pdf)
    assert "Not selected" not in pages and pages["Shortlist"] <= 3, pages
    printed = convert(book, tmp_path / "sizes", "pdf")
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "99", str(printed)], capture_output=True, text=True
    ).stdout
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)
    landscape = [(float(w), float(h)) for w, h in sizes if float(w) > float(h)]
    assert landscape and all(abs(w - 841.9) < 2 and abs(h - 595.3) < 2 for w, h in landscape)
    words = set(pdf.words())
    for setting in scenario_frame(result)["Settings"].dropna():
        assert set(str(setting).split()) <= words, setting  # wrapped, never cut off
    table = result.pool.table
    others = set(table.drop(index=result.selected)["name"]) - set(
        table.loc[result.selected, "name"]
    )
    assert not [name for name in others if name in pdf.text]


VERB_POOL = """id,name,country,stakeholder_group,gender,organisation,score,email
=1+1,=HYPERLINK(""http://x"";""y""),KEN,government,female,+Org,9,a@example.org
@a,Ana $\\undefinedmacro$ Lima,FRA,private_sector,male,-Org,8,b@example.org
-b,Jo $x^2$ Lima,BRA,civil_society,female,@Org,7,c@example.org
c,Chi Wong,IND,government,male,Org C,6,d@example.org
zz,Out ZQXMARKER,CHN,government,male,Org ZQXMARKER,1,ZQXMARKER@example.org
"""


@pytest.mark.slow
def test_every_writing_verb_keeps_text_literal_and_private(tmp_path: Path) -> None:
    """Formula-looking and ``$...$`` text through every verb that writes: no workbook holds a
    formula, no chart crashes on mathtext, and the public outputs (statement, shared
    workbooks, JSON of the roster) never carry the marker of the nominee not selected."""
    _write(tmp_path, "pool.csv", VERB_POOL)
    text = 'name = "=SUM(1)"\nnominations = "pool.csv"\n[size]\nmin = 2\nmax = 4\n'
    text += '[objective]\nmaximise = "score"\n'
    scenario = str(_write(tmp_path, "s.toml", text))
    out = tmp_path
    commands = {
        "solve": ["solve", scenario, "--json", f"{out}/r.json", "--out", f"{out}/s.xlsx"],
        "statement html": ["statement", scenario, "--out", f"{out}/st.html"],
        "statement pdf": ["statement", scenario, "--out", f"{out}/st.pdf"],
        "alternatives": ["alternatives", scenario, "-k", "2", "--min-difference", "1",
                         "--within", "1", "--out", f"{out}/alt.xlsx"],
        "sweep": ["sweep", scenario, "--from", "2", "--to", "4", "--json", f"{out}/sw.json",
                  "--png", f"{out}/sw.png"],
        "frontier": ["frontier", scenario, "--json", f"{out}/fr.json", "--png", f"{out}/fr.png",
                     "--xlsx", f"{out}/fr.xlsx"],
        "lottery": ["lottery", scenario, "--seed", "draw 1", "--out", f"{out}/lot.xlsx"],
        "template": ["template", f"{out}/t.xlsx", "--scenario", scenario],
    }  # fmt: skip
    for verb, args in commands.items():
        done = runner.invoke(app, args)
        assert done.exit_code == 0, (verb, done.output)
        assert "Internal error" not in done.output, verb
    for book in out.glob("*.xlsx"):
        assert "<f>" not in _raw_xml(book), book.name  # not one formula, in any workbook
    for public in ("s.xlsx", "alt.xlsx", "fr.xlsx", "st.html"):
        raw = (out / public).read_bytes() if public.endswith("html") else _zip_bytes(out / public)
        assert b"ZQXMARKER" not in raw and b"example.org" not in raw, public
    pdf_text = _pdf_text(out / "st.pdf")
    assert "ZQXMARKER" not in pdf_text and "Jo $x^2$ Lima" in " ".join(pdf_text.split())
    roster = (out / "r.json").read_text(encoding="utf-8")
    assert '"=1+1"' in roster  # JSON keeps the id as written: text, not a formula


INTERNAL_POOL = """id,name,country,stakeholder_group,gender,organisation,age_band,rating
a1,Ana,KEN,government,female,Org QRVORG1,under 35,9
a2,Bo,FRA,civil_society,male,Org QRVORG2,35 and over,8
a3,Cy,BRA,government,female,Org QRVORG3,under 35,7
"""


def test_declared_internal_columns_stay_out_of_shared_outputs(tmp_path: Path) -> None:
    _write(tmp_path, "pool.csv", INTERNAL_POOL)
    scenario = _write(
        tmp_path,
        "s.toml",
        'name = "internal"\nnominations = "pool.csv"\n[size]\nmax = 2\n'
        '[objective]\nmaximise = "rating"\n[[quota]]\ncolumn = "age_band"\n'
        'min = { "under 35" = 1 }\n[columns.age_band]\ninternal = true\n'
        "[columns.organisation]\ninternal = true\n[columns.rating]\ninternal = true\n",
    )
    shared, internal = tmp_path / "shared.xlsx", tmp_path / "int.xlsx"
    page = tmp_path / "s.html"
    for args in (["--out", str(shared)], ["--out", str(internal), "--internal"]):
        done = runner.invoke(app, ["solve", str(scenario), *args])
        assert done.exit_code == 0, done.output
    done = runner.invoke(app, ["statement", str(scenario), "--out", str(page)])
    assert done.exit_code == 0, done.output
    header = [c.value for c in load_workbook(shared)["Shortlist"][1]]
    assert header[:3] == ["id", "name", "country"]
    assert not {"age_band", "organisation", "rating"} & set(header)
    assert b"QRVORG" not in _zip_bytes(shared)
    full = [c.value for c in load_workbook(internal)["Shortlist"][1]]
    assert {"age_band", "organisation", "rating"} <= set(full)
    assert "QRVORG" not in page.read_text(encoding="utf-8")
    bad = _write(tmp_path, "bad.toml", "[columns.id]\ninternal = true\n")
    refused = runner.invoke(app, ["validate", str(tmp_path / "pool.csv"), "--scenario", str(bad)])
    assert refused.exit_code == 2
    with pytest.raises(ComposerError) as caught:
        load_scenario(bad)
    assert [p.message for p in caught.value.problems] == [
        "[columns.id] internal = true: the id names every row in every output, so it cannot "
        "be internal; delete the key (mark other columns internal instead)"
    ]
    text = _write(tmp_path, "text.toml", '[columns.notes]\ninternal = "yes"\n')
    refused = runner.invoke(app, ["solve", str(text), "-n", str(tmp_path / "pool.csv")])
    assert refused.exit_code == 2, refused.output
