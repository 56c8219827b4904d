"""Canonical values of the contract columns and the common spellings accepted for them."""

from __future__ import annotations

import re

STAKEHOLDER_GROUPS = (
    "government",
    "private_sector",
    "civil_society",
    "technical_academic",
    "intergovernmental",
)
GENDERS = ("female", "male", "other", "undisclosed")
YES_NO = ("yes", "no")

_STAKEHOLDER_SYNONYMS = {
    "government": [
        "gov",
        "govt",
        "governments",
        "public sector",
        "state",
        "member state",
        "government official",
    ],
    "private_sector": [
        "private",
        "business",
        "industry",
        "ps",
        "private sector",
        "business sector",
        "company",
        "corporate",
    ],
    "civil_society": [
        "civil society",
        "cs",
        "ngo",
        "ngos",
        "cso",
        "csos",
        "civil society organisation",
        "civil society organization",
        "civil",
    ],
    "technical_academic": [
        "technical",
        "academic",
        "academia",
        "technical community",
        "technical and academic",
        "technical academic",
        "tech",
        "research",
        "academic and technical",
        "technical/academic",
    ],
    "intergovernmental": [
        "igo",
        "igos",
        "international organisation",
        "international organization",
        "international organisations",
        "international organizations",
        "intergovernmental organisation",
        "intergovernmental organization",
        "international",
    ],
}
_GENDER_SYNONYMS = {
    "female": ["f", "woman", "women", "w"],
    "male": ["m", "man", "men"],
    # Only 'other' itself: non-binary, agender, x, diverse... are kept as written, never renamed.
    "other": [],
    "undisclosed": ["", "prefer not to say", "unknown", "not disclosed", "n/a", "u"],
}
_YES_NO_SYNONYMS = {
    "yes": ["y", "true", "1", "x", "ja", "oui", "si", "t"],
    "no": ["n", "false", "0", "", "nein", "non", "f"],
}


def fold(text: str) -> str:
    """Case-fold and collapse spaces, hyphens and underscores for matching."""
    return re.sub(r"[\s_\-]+", " ", text.strip().casefold()).strip()


def _table(synonyms: dict[str, list[str]]) -> dict[str, str]:
    table: dict[str, str] = {}
    for canonical, spellings in synonyms.items():
        table[fold(canonical)] = canonical
        for spelling in spellings:
            table[fold(spelling)] = canonical
    return table


_TABLES = {
    "stakeholder_group": _table(_STAKEHOLDER_SYNONYMS),
    "gender": _table(_GENDER_SYNONYMS),
    "yes_no": _table(_YES_NO_SYNONYMS),
}

#: Allowed values of the columns with a fixed vocabulary.
CHOICES = {"stakeholder_group": STAKEHOLDER_GROUPS, "gender": GENDERS}


def canonical(kind: str, text: str) -> str | None:
    """The canonical value for ``text`` in vocabulary ``kind``, or None if not recognised."""
    return _TABLES[kind].get(fold(text))


def spellings(kind: str) -> dict[str, str]:
    """Every accepted spelling (folded) of vocabulary ``kind`` and its canonical value."""
    return dict(_TABLES.get(kind, {}))


def split_multi(text: str) -> tuple[str, ...]:
    """Split a ';'-separated cell into trimmed, case-folded, de-duplicated parts, in order."""
    parts: list[str] = []
    for raw in text.split(";"):
        part = re.sub(r"\s+", " ", raw.strip().casefold())
        if part and part not in parts:
            parts.append(part)
    return tuple(parts)
