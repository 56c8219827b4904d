"""The columns of a nominations table: required, optional, derived, and their spellings."""

from __future__ import annotations

from composer.inputs import reference

REQUIRED = ("id",)
#: Built-in columns that are optional but, when present, must be filled on every row.
FILLED_WHEN_PRESENT = ("name", "country", "stakeholder_group")
OPTIONAL = (
    "name",
    "country",
    "stakeholder_group",
    "gender",
    "organisation",
    "nominated_by",
    "expertise",
    "languages",
    "score",
    "travel_cost",
    "incumbent",
)
NUMERIC = ("score", "travel_cost")
MULTI_VALUED = ("expertise", "languages")
YES_NO_COLUMNS = ("incumbent", "developing", "ldc", "lldc", "sids")
KNOWN = REQUIRED + OPTIONAL + tuple(reference.DERIVED_COLUMNS)

_COLUMN_ALIASES = {
    "organization": "organisation",
    "org": "organisation",
    "nominator": "nominated_by",
    "nominated": "nominated_by",
    "stakeholder": "stakeholder_group",
    "group": "stakeholder_group",
    "sex": "gender",
    "cost": "travel_cost",
    "expertise_areas": "expertise",
    "areas": "expertise",
    "merit": "score",
    "regional_group": "region",
    "un_regional_group": "region",
}
HEADER_SCAN_ROWS = 30
#: Columns added with this value when the file lacks them (none of country or group).
#: (Empty text columns stay, as before, so that an old rule on them keeps its meaning.)
_DEFAULTS = {
    "organisation": "",
    "nominated_by": "",
    "expertise": "",
    "languages": "",
    "score": "0",
    "travel_cost": "0",
    "incumbent": "no",
    "gender": "undisclosed",
}


def normalise_column(name: object) -> str:
    """Column names are case-insensitive and trimmed; spaces and hyphens become '_'."""
    text = "_".join(str(name).strip().casefold().replace("-", " ").split())
    return _COLUMN_ALIASES.get(text, text)
