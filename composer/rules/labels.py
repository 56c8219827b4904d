"""Words a secretariat uses for composer's columns and values, and the order to show them in."""

from __future__ import annotations

from collections.abc import Iterable

from composer.inputs import reference, vocabulary
from composer.rules.families import SPECS

COLUMN_LABELS: dict[str, str] = {
    "id": "Id",
    "name": "Name",
    "country": "Country",
    "country_name": "Country name",
    "stakeholder_group": "Stakeholder group",
    "gender": "Gender",
    "organisation": "Organisation",
    "nominated_by": "Nominated by",
    "expertise": "Expertise",
    "languages": "Languages",
    "score": "Score",
    "travel_cost": "Travel cost",
    "incumbent": "Incumbent",
    "region": "UN regional group",
    "developing": "Developing countries",
    "ldc": "Least developed countries",
    "lldc": "Landlocked developing countries",
    "sids": "Small island developing States",
    "m49_region": "Region (M49)",
}

VALUE_LABELS: dict[str, dict[str, str]] = {
    "stakeholder_group": {
        "government": "Government",
        "private_sector": "Private sector",
        "civil_society": "Civil society",
        "technical_academic": "Technical and academic",
        "intergovernmental": "Intergovernmental",
    },
    "gender": {"female": "Women", "male": "Men", "other": "Other", "undisclosed": "Not disclosed"},
    "developing": {"yes": "Developing", "no": "Developed"},
}
_YES_NO_LABELS = {"yes": "Yes", "no": "No"}

#: Values in the order reports list them (others follow, alphabetically).
VALUE_ORDER: dict[str, tuple[str, ...]] = {
    "stakeholder_group": vocabulary.STAKEHOLDER_GROUPS,
    "region": reference.REGIONAL_GROUPS,
    "gender": vocabulary.GENDERS,
}

#: Each rule family's title (``Quota``, ``Distinct values``), from the family registry.
FAMILY_LABELS: dict[str, str] = {name: spec.title for name, spec in SPECS.items()}


def column_label(column: str) -> str:
    """'stakeholder_group' -> 'Stakeholder group'."""
    return COLUMN_LABELS.get(column, column.replace("_", " ").capitalize())


def value_label(column: str, value: str) -> str:
    """'private_sector' -> 'Private sector'; yes/no -> 'Yes'/'No'; others unchanged."""
    text = str(value)
    labels = VALUE_LABELS.get(column)
    if labels and text in labels:
        return labels[text]
    return _YES_NO_LABELS.get(text, text)


def ordered(column: str, values: Iterable[str]) -> list[str]:
    """``values`` in reading order: the column's known order first, then alphabetical."""
    distinct = list(dict.fromkeys(str(v) for v in values))
    known = VALUE_ORDER.get(column, ("yes", "no"))
    first = [v for v in known if v in distinct]
    return first + sorted(v for v in distinct if v not in known)


def yes_no(value: object) -> str:
    """A yes/no value as 'Yes' / 'No' (other text unchanged)."""
    return _YES_NO_LABELS.get(str(value).strip().casefold(), str(value))
