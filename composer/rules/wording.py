"""Words for columns, values and the members a rule counts: the vocabulary of every phrase.

Shared by the rule families' own words (:mod:`composer.rules.families`) and the explanations
of conflicts (:mod:`composer.rules.words`).
"""

from __future__ import annotations

from collections.abc import Iterable

from composer.inputs import reference
from composer.rules.where import Condition, Where

#: yes/no columns derived from the country, and how a member with "yes" is described.
_FROM = {
    "developing": "from developing countries",
    "ldc": "from least developed countries",
    "lldc": "from landlocked developing countries",
    "sids": "from small island developing States",
}
_SHORT = {
    "developing": "developing-country",
    "ldc": "least-developed-country",
    "lldc": "landlocked-developing-country",
    "sids": "small-island-State",
    "incumbent": "incumbent",
}
_PEOPLE = {
    ("gender", "female"): "women",
    ("gender", "male"): "men",
    ("gender", "other"): "members of another gender",
    ("gender", "undisclosed"): "members who did not disclose their gender",
    ("incumbent", "no"): "new members",
    ("incumbent", "yes"): "sitting members",
}
_COLUMN_WORDS = {
    "nominated_by": "nominating body",
    "stakeholder_group": "stakeholder group",
    "organisation": "organisation",
    "m49_region": "M49 region",
}


#: Columns whose values read as adjectives before "members" ("civil society members").
PLAIN_COLUMNS = ("region", "stakeholder_group", "m49_region")


def column_words(column: str) -> str:
    """A column name as a noun: ``nominated_by`` -> ``nominating body``."""
    return _COLUMN_WORDS.get(column, column.replace("_", " "))


def value_words(column: str, value: str) -> str:
    """A value as people write it: ``private_sector`` -> ``private sector``."""
    if column == "country":
        try:
            return reference.country_name(value)
        except KeyError:
            return value
    return value.replace("_", " ")


def value_label(column: str, value: str) -> str:
    """A short adjective for members with ``column == value``: 'African', 'women'."""
    if (column, value) in _PEOPLE:
        return _PEOPLE[(column, value)]
    if value == "yes" and column in _SHORT:
        return _SHORT[column]
    if value == "no" and column in _SHORT:
        return f"non-{_SHORT[column]}"
    if column in ("region", "stakeholder_group", "country", "m49_region"):
        return value_words(column, value)
    return f"{column_words(column)} '{value}'"


def members_with(column: str, value: str) -> str:
    """The members with ``column == value``, as a noun phrase: 'African members', 'women'."""
    if (column, value) in _PEOPLE:
        return _PEOPLE[(column, value)]
    if value == "yes" and column in _FROM:
        return f"members {_FROM[column]}"
    if value == "no" and column in _FROM:
        return f"members not {_FROM[column]}"
    if value == "yes" and column == "incumbent":
        return "incumbents"
    if column == "country":
        return f"members from {value_words(column, value)}"
    if column in ("region", "stakeholder_group", "m49_region"):
        return f"{value_words(column, value)} members"
    return f"members with {column_words(column)} '{value}'"


def members_with_any(column: str, values: tuple[str, ...]) -> str:
    """Members with any of ``values``: 'academia or technical members', 'women or men'."""
    if len(values) == 1:
        return members_with(column, values[0])
    if all((column, v) in _PEOPLE for v in values):
        return join_words((_PEOPLE[(column, v)] for v in values), "or")
    shown = join_words((value_words(column, v) for v in values), "or")
    if column == "country":
        return f"members from {shown}"
    if column in ("region", "stakeholder_group", "m49_region"):
        return f"{shown} members"
    quoted = join_words((f"'{v}'" for v in values), "or")
    return f"members with {column_words(column)} {quoted}"


def label_any(column: str, values: tuple[str, ...]) -> str:
    """A short adjective for members with any of ``values``: 'academia or technical'."""
    if len(values) == 1:
        return value_label(column, values[0])
    return join_words((value_label(column, v) for v in values), "or")


def where_words(where: Where) -> str:
    """The members a rule counts, e.g. 'government members'; '' for the whole roster."""
    return " and ".join(condition_words(c) for c in where)


_COMPARED = {"lt": "under", "le": "at most", "gt": "over", "ge": "at least"}


def condition_words(condition: Condition) -> str:
    """One ``where`` test as a noun phrase: 'members from Kenya', 'members with age under 35'."""
    column, values = condition.column, condition.values
    if condition.op == "in":
        return " or ".join(members_with(column, v) for v in values)
    if condition.op == "not":
        shown = join_words((value_words(column, v) for v in values), "or")
        return f"members whose {column_words(column)} is not {shown}"
    return f"members with {column_words(column)} {_COMPARED[condition.op]} {values[0]}"


def plural(noun: str) -> str:
    """'country' -> 'countries', 'body' -> 'bodies', 'member' -> 'members'."""
    if noun.endswith("y") and noun[-2:-1] not in tuple("aeiou"):
        return noun[:-1] + "ies"
    return noun if noun.endswith("s") else noun + "s"


def seats(n: int, noun: str = "member") -> str:
    """'1 member', '3 members'."""
    return f"{n} {noun if n == 1 else plural(noun)}"


def join_words(items: Iterable[str], last: str = "and") -> str:
    """'a', 'a and b', 'a, b and c'."""
    words = list(items)
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {last} {words[-1]}"
