"""The nomination template: an intake workbook to collect nominations with.

Sheets: Instructions; Nominations (the contract columns as an Excel table, with dropdowns for
stakeholder group, gender, incumbent and country, and input hints on every column); Expertise
areas (the scenario's areas and the depth each needs); Lists (hidden: the dropdowns' values).
Filled in, the workbook loads with ``composer.load_nominations`` / ``composer validate`` as it
is: the header is row 1 of the Nominations sheet and empty table rows are skipped.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.table import Table, TableStyleInfo

from composer.export.xlsx_safety import clean_text
from composer.inputs import reference, vocabulary
from composer.inputs.nominations import OPTIONAL, REQUIRED
from composer.rules.scenario import Scenario, ScenarioLike, load_scenario

NOMINATIONS, INSTRUCTIONS, AREAS, LISTS = "Nominations", "Instructions", "Expertise areas", "Lists"
COLUMNS = (*REQUIRED, *OPTIONAL)
#: Validations reach this row, well past the table, so rows added below it are checked too.
VALIDATED_ROWS = 5000
#: Dropdown values as people write them (each is accepted by ``load_nominations``).
GROUP_CHOICES = (
    "government",
    "private sector",
    "civil society",
    "technical and academic",
    "intergovernmental",
)
#: column -> (what to write, example, width)
GUIDE: dict[str, tuple[str, str, float]] = {
    "id": ("A unique reference for the nomination, kept as text (007 stays 007).", "N-001", 10),
    "name": ("The nominee's name as it should appear on the shortlist.", "Amina Diallo", 24),
    "country": ("Pick from the list, or type an ISO code (KEN or KE).", "Kenya", 24),
    "stakeholder_group": ("Pick from the list.", "civil society", 22),
    "gender": ("Pick from the list; leave empty if not disclosed.", "female", 12),
    "organisation": ("Employer or nominating organisation.", "Example Foundation", 28),
    "nominated_by": ("Who nominated (used for per-nominator caps).", "Example Caucus", 24),
    "expertise": ("Areas separated by ';' (see the Expertise areas sheet).", "spam; privacy", 36),
    "languages": ("Languages separated by ';'.", "English; French", 20),
    "score": ("Merit or priority assessed by the secretariat: 0 or more.", "75", 9),
    "travel_cost": ("Estimated travel cost, a number of 0 or more.", "3200", 12),
    "incumbent": ("yes if serving now, else no.", "no", 11),
}
_MAX_PROMPT = 255  # Excel's limit for an input message
_BOLD = Font(bold=True)


class Area(NamedTuple):
    """One area a coverage rule of the scenario asks for."""

    area: str
    column: str
    required: int
    rule: str


def _areas(scenario: Scenario | None) -> list[Area]:
    """The areas of the scenario's coverage rules, in the scenario's order."""
    if scenario is None:
        return []
    return [
        Area(area, rule.column, rule.min_each, rule.name or f"coverage {rule.column}")
        for rule in scenario.coverage
        for area in rule.areas
    ]


def _prompt(text: str) -> str:
    return text if len(text) <= _MAX_PROMPT else text[: _MAX_PROMPT - 1] + "\u2026"


def _expertise_hint(areas: list[Area]) -> str:
    areas = [a for a in areas if a.column == "expertise"]
    if not areas:
        return GUIDE["expertise"][0]
    head = "Areas separated by ';'. This call's areas: "
    tail = " (all on the Expertise areas sheet)"
    names = list(dict.fromkeys(a.area for a in areas))
    shown: list[str] = []
    for name in names:
        if len(head) + len("; ".join([*shown, name])) + len(tail) > _MAX_PROMPT:
            return head + "; ".join(shown) + tail
        shown.append(name)
    return head + "; ".join(shown) + "."


def _lists_sheet(book: Workbook) -> dict[str, str]:
    """The hidden sheet of dropdown values; returns column -> range reference."""
    sheet = book.create_sheet(LISTS)
    countries = sorted(row["name"] for row in reference.countries())
    columns = {
        "stakeholder_group": GROUP_CHOICES,
        "gender": vocabulary.GENDERS,
        "incumbent": vocabulary.YES_NO,
        "country": tuple(countries),
    }
    refs = {}
    for index, (column, values) in enumerate(columns.items(), start=1):
        letter = get_column_letter(index)
        sheet.cell(1, index, column).font = _BOLD
        for row, value in enumerate(values, start=2):
            sheet.cell(row, index).value = clean_text(value)
            sheet.cell(row, index).data_type = "s"
        refs[column] = f"{quote_sheetname(LISTS)}!${letter}$2:${letter}${len(values) + 1}"
    sheet.sheet_state = "hidden"
    return refs


def _validations(sheet: Any, refs: dict[str, str], areas: list[Area]) -> None:
    last = VALIDATED_ROWS
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        cells = f"{letter}2:{letter}{last}"
        hint = _expertise_hint(areas) if column == "expertise" else GUIDE[column][0]
        if column in refs:
            strict = column in ("gender", "incumbent")
            rule = DataValidation(
                type="list",
                formula1=refs[column],
                allow_blank=True,
                errorStyle="stop" if strict else "warning",
                errorTitle="Not in the list",
                error="Pick a value from the list."
                if strict
                else "Not in the list: composer accepts common spellings and ISO codes; "
                "'composer validate' will tell you if it does not know this one.",
            )
        elif column in ("score", "travel_cost"):
            rule = DataValidation(
                type="decimal",
                operator="greaterThanOrEqual",
                formula1="0",
                allow_blank=True,
                errorTitle="Not a number",
                error="Write a number of 0 or more (a point as the decimal separator).",
            )
        else:
            rule = DataValidation(type=None, allow_blank=True)
        rule.showInputMessage = True
        rule.showErrorMessage = rule.type is not None
        rule.promptTitle = column.replace("_", " ")[:32]
        rule.prompt = _prompt(hint)
        rule.add(cells)
        sheet.add_data_validation(rule)


def _nominations_sheet(book: Workbook, refs: dict[str, str], areas: list[Area], rows: int) -> None:
    sheet = book.create_sheet(NOMINATIONS, 0)
    for index, column in enumerate(COLUMNS, start=1):
        sheet.cell(1, index, column).font = _BOLD
        sheet.column_dimensions[get_column_letter(index)].width = GUIDE[column][2]
    for row in range(2, rows + 2):  # ids typed as 007 stay text
        sheet.cell(row, 1).number_format = "@"
    sheet.column_dimensions["A"].number_format = "@"
    ref = f"A1:{get_column_letter(len(COLUMNS))}{rows + 1}"
    table = Table(
        displayName="NominationsTable",
        ref=ref,
        tableStyleInfo=TableStyleInfo(name="TableStyleMedium2", showRowStripes=True),
    )
    sheet.add_table(table)
    sheet.freeze_panes = "C2"
    _validations(sheet, refs, areas)
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = 9
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_title_rows = "1:1"


def _instructions_sheet(book: Workbook, scenario: Scenario | None) -> None:
    sheet = book.create_sheet(INSTRUCTIONS, 0)
    sheet.column_dimensions["A"].width = 20
    sheet.column_dimensions["B"].width = 12
    sheet.column_dimensions["C"].width = 60
    sheet.column_dimensions["D"].width = 22
    called = f" for '{scenario.name}'" if scenario is not None else ""
    lines = [
        (f"Nominations{called}", Font(bold=True, size=14)),
        ("Write one nomination per row of the Nominations sheet, starting in row 2.", None),
        ("Keep the header row as it is and add nothing above it; do not merge cells.", None),
        ("Empty rows are skipped. Columns added on the right are kept and usable in rules.", None),
        ("Select a cell to see a hint for its column; some cells offer a drop-down list.", None),
        ("Save as .xlsx, then check: composer validate this-file.xlsx", None),
        ("", None),
    ]
    for text, font in lines:
        sheet.append([text])
        if font is not None:
            sheet.cell(sheet.max_row, 1).font = font
    sheet.append(["column", "required", "what to write", "example"])
    for cell in sheet[sheet.max_row]:
        cell.font = _BOLD
    for column in COLUMNS:
        what, example, _ = GUIDE[column]
        sheet.append([column, "yes" if column in REQUIRED else "no", what, example])
        sheet.cell(sheet.max_row, 3).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.append([])
    sheet.append(["Region, developing status, LDC, LLDC and SIDS are filled in from the country."])
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)


def _areas_sheet(book: Workbook, areas: list[Area]) -> None:
    sheet = book.create_sheet(AREAS)
    for letter, width in zip("ABCD", (36, 18, 14, 30), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.append(["area", "members required", "column", "rule"])
    for cell in sheet[1]:
        cell.font = _BOLD
    if not areas:
        sheet.append(["No scenario was given: write the areas your call for nominations names."])
        return
    for area in areas:
        sheet.append([clean_text(area.area), area.required, area.column, clean_text(area.rule)])
        for column in (1, 3, 4):
            sheet.cell(sheet.max_row, column).data_type = "s"
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:D{len(areas) + 1}"


def build_template(scenario: ScenarioLike | None = None, *, rows: int = 200) -> Workbook:
    """The intake workbook (not yet saved); see :func:`write_template`."""
    loaded = load_scenario(scenario) if scenario is not None else None
    areas = _areas(loaded)
    rows = max(1, rows)
    book = Workbook()
    book.remove(book.active)
    refs = _lists_sheet(book)
    _nominations_sheet(book, refs, areas, rows)
    _instructions_sheet(book, loaded)
    _areas_sheet(book, areas)
    book.active = 0
    props = book.properties
    props.title = "Nomination template"
    props.subject = loaded.name if loaded is not None else "nominations"
    props.creator = "composer"
    props.lastModifiedBy = "composer"
    props.description = "Fill in the Nominations sheet; check with: composer validate FILE.xlsx"
    return book


def write_template(
    path: Path, *, scenario: ScenarioLike | None = None, force: bool = False, rows: int = 200
) -> Path:
    """Write the nomination template to ``path`` (atomically; never overwrites without ``force``).

    ``scenario`` (a path, TOML text or Scenario) lists its expertise areas in the workbook;
    ``rows`` is how many empty rows the Nominations table starts with.
    """
    from composer.files import ensure_writable, write_atomic

    path = Path(path)
    ensure_writable(path, force=force)
    book = build_template(scenario, rows=rows)
    return write_atomic(path, lambda tmp: book.save(tmp), force=force)
