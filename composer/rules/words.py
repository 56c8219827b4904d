"""Rules in plain words: full phrases, short labels, and why a set of rules cannot all hold.

A secretariat reads "at least 4 African members" and "African minimum", not
``quota region: African >= 4``.  Everything here is derived from a rule's atom
(:class:`~composer.rules.scenario.Bound`) and, for conflicts, from counts in the pool.
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction

import numpy as np

from composer.inputs import reference
from composer.inputs.nominations import Pool
from composer.rules.groups import group_label, group_phrase
from composer.rules.roles import role_phrase
from composer.rules.scenario import Bound, Scenario, format_share
from composer.rules.where import Condition, Where, where_mask

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
_PLAIN = ("region", "stakeholder_group", "m49_region")


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


def _seats(n: int, noun: str = "member") -> str:
    return f"{n} {noun if n == 1 else plural(noun)}"


def rule_phrase(bound: Bound) -> str:
    """A rule in plain words: 'at least 4 African members', 'at most 1 member per country'."""
    family, kind, amount = bound.family, bound.kind, bound.amount
    among = where_words(bound.where)
    if family == "size":
        return f"{'at least' if kind == 'min' else 'at most'} {_seats(int(amount))} in all"
    if family == "quota":
        who = members_with_any(str(bound.column), bound.values)
        if bound.is_share:
            share = format_share(Fraction(amount))
            side = "at least" if kind == "min_share" else "at most"
            if among:  # "among government members, at least 50% from developing countries"
                return f"among {among}, {side} {share} {who.removeprefix('members ')}"
            return f"{side} {share} {who}"
        if kind == "max" and amount == 0:
            base = f"no {who}"
        else:
            base = f"{'at least' if kind == 'min' else 'at most'} {amount} {who}"
        return f"{base} among {among}" if among else base
    if family == "cap":
        base = f"at most {_seats(int(amount))} per {column_words(str(bound.column))}"
        return f"{base} among {among}" if among else base
    if family == "coverage":
        what = (
            f"expertise in {bound.value}"
            if bound.column == "expertise"
            else f"{column_words(str(bound.column))} '{bound.value}'"
        )
        return f"at least {_seats(int(amount))} with {what}"
    if family == "budget":
        return f"a total {column_words(str(bound.column))} of at most {amount:,g}"
    if family == "equal":
        column = str(bound.column)
        who = join_words((label_any(column, (v,)) for v in bound.values), "and")
        base = f"equal numbers of {who} members" if column in _PLAIN else f"equal numbers of {who}"
        if amount:
            base += f" (differing by at most {amount})"
        return f"{base} among {among}" if among else base
    if family == "distinct":
        kinds = plural(column_words(str(bound.column)))
        base = f"at least {amount} different {kinds}"
        return f"{base} among {among}" if among else base
    if family == "rotation":
        if kind == "max_terms":
            return f"nobody who has served {amount} or more consecutive terms"
        side = "at least" if kind == "min_share" else "at most"
        return f"{side} {format_share(Fraction(amount))} new members (not sitting members)"
    if family in ("together", "apart"):
        return group_phrase(bound)
    if family == "person":
        return f"each person ({column_words(str(bound.column))}) in at most one seat"
    if family == "role":
        return role_phrase(bound, among)
    if kind == "include" and bound.name == f"ex officio {bound.value}":
        return f"{bound.value} in the roster ex officio (counted in the rules)"
    if kind == "include":
        return f"{bound.value} in the roster"
    return f"{bound.value} kept out of the roster"


def rule_label(bound: Bound) -> str:
    """A short label for tables: 'African minimum', 'spam coverage', 'one per country'."""
    family, kind = bound.family, bound.kind
    if family == "size":
        return "minimum size" if kind == "min" else "maximum size"
    if family == "quota":
        who = label_any(str(bound.column), bound.values)
        noun = {
            "min": "minimum",
            "max": "maximum",
            "min_share": "share minimum",
            "max_share": "share maximum",
        }[kind]
        text = f"{who} {noun}"
        among = where_words(bound.where)
        return f"{text} among {among}" if among else text
    if family == "cap":
        if bound.name and not bound.name.startswith("cap "):
            return bound.name
        return rule_phrase(bound)
    if family == "coverage":
        return f"{bound.value} coverage"
    if family == "equal":
        text = f"equal {column_words(str(bound.column))} counts"
        among = where_words(bound.where)
        return f"{text} among {among}" if among else text
    if family == "distinct":
        text = f"distinct {plural(column_words(str(bound.column)))} minimum"
        among = where_words(bound.where)
        return f"{text} among {among}" if among else text
    if family == "budget":  # several budgets: each by its column ("honoraria budget")
        column = str(bound.column)
        return "budget" if column == "travel_cost" else f"{column_words(column)} budget"
    if family == "rotation":
        return {
            "min_share": "new members share minimum",
            "max_share": "new members share maximum",
        }.get(kind, "term limit")
    if family in ("together", "apart"):
        return group_label(bound)
    if family == "person":
        return "one seat per person"
    if family == "role":
        return f"{bound.ids[0]} role"
    if kind == "include" and bound.name == f"ex officio {bound.value}":
        return f"{bound.value} ex officio"
    return f"{bound.value} fixed in" if kind == "include" else f"{bound.value} excluded"


def size_goal_text(scenario: Scenario) -> list[str]:
    """How the number of members was decided, when the objective decides it (else [])."""
    goal, price = scenario.objective.size, scenario.objective.seat_price
    if goal is not None:
        word = "fewest" if goal == "smallest" else "most"
        return [
            f"The number of members was a decision: after the soft rules, the roster has the "
            f"{word} members that keep every rule, and then the highest total score."
        ]
    if price is not None:
        return [
            f"Every seat was charged a price of {price:,g} against the total score: a seat is "
            "filled only when its member adds more than that price."
        ]
    return []


def join_words(items: Iterable[str], last: str = "and") -> str:
    """'a', 'a and b', 'a, b and c'."""
    words = list(items)
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {last} {words[-1]}"


# ---------------------------------------------------------------------------- conflicts


def _matching(pool: Pool, column: str | None, value: str | None, where: Where) -> np.ndarray:
    mask = where_mask(where, pool.text, len(pool))
    if column is not None and value is not None:
        if column == "id":
            mask &= pool.text("id") == value
        else:
            mask &= pool.text(column) == value
    return mask


def _holders(pool: Pool, bound: Bound) -> np.ndarray:
    """Nominees who count towards a lower bound (a quota value, an area, anyone for size)."""
    if bound.family == "coverage":
        areas = pool.areas(str(bound.column))
        return np.fromiter(
            (bound.value in areas[i] for i in pool.text("id")), dtype=bool, count=len(pool)
        )
    if bound.family == "quota":
        mask = _matching(pool, None, None, bound.where)
        return mask & np.isin(pool.text(str(bound.column)).astype(str), bound.values)
    if bound.family == "rotation":
        from composer.rules.rotation import new_members

        return new_members(pool, str(bound.column))
    return np.ones(len(pool), dtype=bool)


def supply_fact(pool: Pool, bound: Bound, others: list[Bound]) -> str | None:
    """What the pool offers towards a lower bound, as far as the other rules matter."""
    if bound.family == "equal":
        mask = _matching(pool, None, None, bound.where)
        excluded = {str(b.value) for b in others if b.kind == "exclude"}
        mask &= np.fromiter((i not in excluded for i in pool.text("id")), dtype=bool)
        cells = pool.text(str(bound.column))[mask]
        column = str(bound.column)
        counts = [f"{int((cells == v).sum())} {label_any(column, (v,))}" for v in bound.values]
        return f"{join_words(counts)} nominations"
    if not bound.is_lower or bound.family in ("members", "size"):
        return None
    mask = _holders(pool, bound)
    excluded = {str(b.value) for b in others if b.kind == "exclude"}
    ids = pool.text("id")
    if excluded:
        mask &= np.fromiter((i not in excluded for i in ids), dtype=bool, count=len(pool))
    if bound.family == "distinct":
        mask &= _matching(pool, None, None, bound.where)
        found = len(set(pool.text(str(bound.column))[mask]))
        kind = column_words(str(bound.column))
        among = f" among {where_words(bound.where)}" if bound.where else ""
        return f"nominations from {found} different {kind if found == 1 else plural(kind)}{among}"
    if bound.family == "coverage":
        noun = f"nominations with expertise in {bound.value}"
    elif bound.family == "rotation":
        noun = "nominations of new members"
    else:
        noun = f"{label_any(str(bound.column), bound.values)} nominations"
        if bound.where:
            noun += f" among {where_words(bound.where)}"
    details = []
    for other in others:
        if other.family == "cap":
            capped = mask & _matching(pool, None, None, other.where)
            distinct = len(set(pool.text(str(other.column))[capped]))
            kind = column_words(str(other.column))
            details.append(f"from {distinct} different {kind if distinct == 1 else plural(kind)}")
        elif other.family == "quota" and str(other.column) != bound.column:
            column = str(other.column)
            n = int((mask & np.isin(pool.text(column).astype(str), other.values)).sum())
            fact = f"{n} of them {label_any(column, other.values)}"
            if fact not in details:
                details.append(fact)
    text = f"{int(mask.sum())} {noun}"
    if excluded:
        text += " once the excluded nominees are left out"
    return text + (f" ({'; '.join(details)})" if details else "")


def describe_conflict(pool: Pool, scenario: Scenario, rules: list[str]) -> str:
    """Why ``rules`` cannot all hold, in plain words with the pool's numbers."""
    by_name = {b.name: b for b in scenario.bounds()}
    bounds = [by_name[r] for r in rules if r in by_name]
    if not bounds:
        return "these rules cannot all hold together"
    phrases = [rule_phrase(b) for b in bounds]
    facts = [supply_fact(pool, b, [o for o in bounds if o is not b]) for b in bounds]
    found = [f for f in facts if f]
    if len(phrases) == 1:
        text = f"{phrases[0]} cannot hold"
    else:
        text = f"{join_words(phrases)} cannot all hold together"
    text = text[0].upper() + text[1:]
    return text + (f": the pool has {join_words(found)}." if found else ".")
