"""Which columns a shortlist workbook carries: shared (the default) or internal.

A shortlist workbook is sent on: to the appointing office, to the members, sometimes
published.  The **shared** workbook (the default) carries the columns that matter for the
decision (:data:`DECISION_COLUMNS`, and every column the scenario's rules, budget and
objective use) and leaves out contact and internal columns (:func:`is_contact`: e-mail,
phone, address, notes, ...; and every column the scenario marks ``[columns.NAME] internal =
true``), and has no Not selected sheet, so it names no nominee who was
not chosen.  More columns are added on request (``columns=``, ``--columns``); the
**internal** workbook (``internal=True``, ``--internal``) carries every column and the Not
selected sheet, for the secretariat's own use.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from composer.errors import ComposerError, Problem, suggest
from composer.inputs.columns import KNOWN
from composer.rules.shown import rule_columns

if TYPE_CHECKING:
    from composer.engine.result import Result

#: Columns the shared workbook carries when the pool has them: the nominations contract
#: (id, name, country, stakeholder group, gender, organisation, expertise, score, ...) and the
#: columns derived from the country, so the Shortlist sheet still reads back as nominations.
DECISION_COLUMNS = ("id", "name", "country", "country_name", *KNOWN)
#: Words in a column name that mark contact or internal data (``email``, ``phone_mobile``,
#: ``internal_notes``, ``postal_address``, ...).
CONTACT_WORDS = (
    "email",
    "e_mail",
    "mail",
    "phone",
    "telephone",
    "mobile",
    "fax",
    "address",
    "postcode",
    "zip",
    "notes",
    "note",
    "comment",
    "comments",
    "internal",
    "contact",
    "passport",
    "birth",
    "dob",
    "skype",
    "whatsapp",
)
_WORD = re.compile(r"[a-z0-9]+")


def is_contact(column: str) -> bool:
    """Whether ``column`` looks like contact or internal data (left out of shared workbooks)."""
    name = column.casefold().replace("-", "_")
    words = set(_WORD.findall(name)) | set(name.split("_"))
    return bool(words & set(CONTACT_WORDS)) or "e_mail" in name


@dataclass(frozen=True)
class WorkbookColumns:
    """The columns of the Shortlist sheet and whether the Not selected sheet is written."""

    columns: tuple[str, ...] | None  # None: every column (internal)
    internal: bool

    def keep(self, present: Sequence[str]) -> list[str]:
        """The columns of ``present`` to write, in their order."""
        if self.columns is None:
            return list(present)
        wanted = set(self.columns)
        return [c for c in present if c in wanted]


def declared_internal(result: Result) -> set[str]:
    """Columns the scenario marks ``[columns.NAME] internal = true`` (a country: its name too)."""
    marked = {name for name, spec in result.scenario.columns.items() if spec.internal}
    return marked | ({"country_name"} if "country" in marked else set())


def scenario_columns(result: Result) -> list[str]:
    """Columns the scenario's rules, budget and objective use."""
    scenario = result.scenario
    found = [str(b.column) for b in scenario.bounds() if b.column]
    found += rule_columns(scenario)
    goal = scenario.objective.maximise
    if goal:
        found.append(goal)
    return list(dict.fromkeys(found))


def workbook_columns(
    result: Result, *, internal: bool = False, columns: Sequence[str] | None = None
) -> WorkbookColumns:
    """The shared or internal column set; ``columns`` adds named columns to the shared one.

    A name in ``columns`` the pool lacks is an error naming the closest column.
    """
    present = [str(c) for c in result.pool.table.columns]
    asked = [c.strip() for c in columns or () if c.strip()]
    unknown = [c for c in asked if c not in present and c not in ("id", "country_name")]
    if unknown:
        problems = []
        for name in unknown:
            near = suggest(name, present)
            fix = f"did you mean '{near}'?" if near else "columns: " + ", ".join(present)
            problems.append(Problem(f"no column '{name}' in the nominations", fix, column=name))
        raise ComposerError("Unknown column for the workbook", problems)
    if internal:
        return WorkbookColumns(None, True)
    hidden = declared_internal(result)
    used = [c for c in scenario_columns(result) if not is_contact(c)]
    chosen = [c for c in (*DECISION_COLUMNS, *used) if c not in hidden] + asked
    return WorkbookColumns(tuple(dict.fromkeys(chosen)), False)
