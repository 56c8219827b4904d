"""The notebooks are stored clean, paired with their scripts, thin; the docs lead to them.

The notebooks themselves are executed by ``uv run pytest`` through nbmake (pyproject.toml,
``notebooks/conftest.py``); these tests check what is stored.
"""

from __future__ import annotations

import re
from pathlib import Path

import jupytext
import nbformat
import pytest

import composer
from composer.inputs.examples import bundled_scenario

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
DOCS = ROOT / "docs"
EXPECTED = ["01-first-roster", "02-trade-offs", "03-justify", "04-what-if", "05-lottery"]
STORED = sorted(NOTEBOOKS.glob("*.ipynb"))
#: Calls that write a file: in a notebook their path must be in the temporary folder.
WRITERS = re.compile(r"\.(to_excel|to_json|savefig)\(|write_(statement|shortlist|template)\(")
DEFINITION = re.compile(r"^\s*(async\s+def|def|class)\s", re.MULTILINE)
LINK = re.compile(r"\]\(([^)\s]+)\)")


def read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def code_cells(path: Path) -> list[str]:
    return [cell.source for cell in read(path).cells if cell.cell_type == "code"]


def test_the_five_notebooks_are_there() -> None:
    assert [p.stem for p in STORED] == EXPECTED


@pytest.mark.parametrize("path", STORED, ids=lambda p: p.name)
def test_notebook_is_stored_without_outputs(path: Path) -> None:
    notebook = read(path)
    nbformat.validate(notebook)
    dirty = [
        k
        for k, cell in enumerate(notebook.cells)
        if cell.cell_type == "code" and (cell.outputs or cell.execution_count is not None)
    ]
    assert not dirty, (
        f"{path.name}: cells {dirty} hold outputs or execution counts; clear them "
        "(Edit > Clear Outputs of All Cells) or run: uv run jupytext --to ipynb notebooks/0*.py"
    )
    assert "widgets" not in notebook.metadata, f"{path.name}: saved widget state; clear it"
    assert not any("attachments" in cell for cell in notebook.cells)


@pytest.mark.parametrize("path", STORED, ids=lambda p: p.name)
def test_notebook_runs_in_the_project_kernel(path: Path) -> None:
    assert read(path).metadata["kernelspec"]["name"] == "python3"


def test_pairing_is_configured() -> None:
    config = (NOTEBOOKS / "jupytext.toml").read_text(encoding="utf-8")
    assert re.search(r'^formats = "ipynb,py:percent"$', config, re.MULTILINE)


def test_every_script_has_its_notebook() -> None:
    scripts = sorted(p.stem for p in NOTEBOOKS.glob("*.py") if p.name != "conftest.py")
    assert scripts == [p.stem for p in STORED]


@pytest.mark.parametrize("path", STORED, ids=lambda p: p.name)
def test_notebook_and_script_agree(path: Path) -> None:
    script = path.with_suffix(".py")
    assert script.exists(), f"{path.name} has no paired script {script.name}"
    assert script.read_text(encoding="utf-8").startswith("# ---\n# jupyter:\n")
    paired = jupytext.read(script)
    stored = read(path)
    assert [(c.cell_type, c.source) for c in paired.cells] == [
        (c.cell_type, c.source) for c in stored.cells
    ], f"{path.name} and {script.name} differ: run uv run jupytext --sync {path.relative_to(ROOT)}"


@pytest.mark.parametrize("path", STORED, ids=lambda p: p.name)
def test_notebook_is_thin(path: Path) -> None:
    """No function or class lives only in a notebook: logic belongs in composer."""
    sources = code_cells(path)
    defined = [s for s in sources if DEFINITION.search(s)]
    assert not defined, f"{path.name} defines functions or classes: move them into composer"
    assert any("import composer" in s or "from composer" in s for s in sources)


@pytest.mark.parametrize("path", STORED, ids=lambda p: p.name)
def test_notebook_writes_only_to_a_temporary_folder(path: Path) -> None:
    sources = "\n".join(code_cells(path))
    writes = [line for line in sources.splitlines() if WRITERS.search(line)]
    outside = [line for line in writes if "folder" not in line]
    assert not outside, f"{path.name}: write into the temporary folder: {outside}"
    if writes:
        assert "tempfile.mkdtemp(" in sources
    assert "force=True" not in sources


@pytest.mark.parametrize("path", STORED, ids=lambda p: p.name)
def test_notebook_opens_with_words_for_a_secretariat(path: Path) -> None:
    cells = read(path).cells
    assert cells[0].cell_type == "markdown" and cells[0].source.startswith("# ")
    words = sum(len(c.source.split()) for c in cells if c.cell_type == "markdown")
    code = sum(len(c.source.split()) for c in cells if c.cell_type == "code")
    assert words > code, f"{path.name}: more code than explanation"
    assert "synthetic" in cells[0].source


# ---------------------------------------------------------------------------- rich display


@pytest.fixture(scope="module")
def result() -> composer.Result:
    return composer.compose(bundled_scenario("wgig-2004.toml"))


def test_pool_shows_its_counts(result: composer.Result) -> None:
    text = result.pool._repr_html_()
    assert "300 nominations from wgig-2004-nominations.csv" in text
    assert "<td>Eastern European</td>" in text and "<td>28</td>" in text


def test_scenario_shows_every_rule_in_words(result: composer.Result) -> None:
    scenario = composer.load_scenario(bundled_scenario("wgig-2004.toml"))
    text = scenario._repr_html_()
    assert text.count("<tr><td>") == len(scenario.bounds()) == 30
    assert "at least 50% members from developing countries" in text
    assert "may be missed, 50 per seat" in text and "must hold" in text
    assert "the highest total score" in text
    assert "Synthetic nominations pool" in text  # the description


def test_result_shows_status_and_every_rule(result: composer.Result) -> None:
    text = result._repr_html_()
    assert "<b>optimal</b>, 40 members, score 3410" in text
    assert "<p>30 of 30 rules met</p>" in text
    assert text.count("<tr") == len(result.composition) + 1  # and the header row


def test_result_without_roster_shows_the_clash(result: composer.Result) -> None:
    rules = result.scenario.model_dump()
    rules["quota"][0]["min"]["Eastern European"] = 18
    none = composer.solve(result.pool, composer.load_scenario(rules))
    text = none._repr_html_()
    assert "<b>infeasible</b>" in text and "Rules that cannot hold together" in text
    assert "one per country" in text


# ---------------------------------------------------------------------------- documentation


def _links(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    return [t for t in LINK.findall(text) if "://" not in t and not t.startswith("#")]


def test_docs_index_links_every_page() -> None:
    links = {link.split("#")[0] for link in _links(DOCS / "index.md")}
    pages = {p.name for p in DOCS.glob("*.md")} - {"index.md"}
    assert pages <= links, f"docs/index.md: link {sorted(pages - links)}"
    broken = [link for link in links if not (DOCS / link).resolve().exists()]
    assert not broken, f"docs/index.md links to missing files: {broken}"


def test_notebooks_page_describes_each_notebook() -> None:
    text = (DOCS / "notebooks.md").read_text(encoding="utf-8")
    assert "uv run --with jupyterlab jupyter lab notebooks/" in text
    for name in EXPECTED:
        assert f"(../notebooks/{name}.ipynb)" in text
    broken = [link for link in _links(DOCS / "notebooks.md") if not (DOCS / link).exists()]
    assert not broken


def test_readme_and_getting_started_lead_to_the_notebooks() -> None:
    readme = _links(ROOT / "README.md")
    assert "docs/index.md" in readme and "docs/notebooks.md" in readme
    assert all(f"notebooks/{name}.ipynb" in readme for name in EXPECTED)
    assert "notebooks.md" in _links(DOCS / "getting-started.md")


def test_notebooks_page_python_example_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    text = (DOCS / "notebooks.md").read_text(encoding="utf-8")
    block = text.split("```python\n")[1].split("```")[0]
    namespace: dict[str, object] = {}
    exec(compile(block, "docs/notebooks.md", "exec"), namespace)
    outcome = namespace["outcome"]
    assert outcome.headline.startswith(  # type: ignore[attr-defined]
        "optimal: 40 members, total score 3440 (+30"
    )
