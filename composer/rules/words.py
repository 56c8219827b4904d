"""Rules in plain words: full phrases, short labels, and why a set of rules cannot all hold.

A secretariat reads "at least 4 African members" and "African minimum", not
``quota region: African >= 4``.  Everything here is derived from a rule's atom
(:class:`~composer.rules.scenario.Bound`) and, for conflicts, from counts in the pool.
"""

from __future__ import annotations

import numpy as np

from composer.inputs.nominations import Pool
from composer.rules.families import spec_of
from composer.rules.scenario import Bound, Scenario
from composer.rules.where import Where, where_mask
from composer.rules.wording import (
    column_words,
    join_words,
    label_any,
    plural,
    where_words,
)


def rule_phrase(bound: Bound) -> str:
    """A rule in plain words: 'at least 4 African members', 'at most 1 member per country'."""
    return spec_of(bound).phrase(bound, where_words(bound.where))


def rule_label(bound: Bound) -> str:
    """A short label for tables: 'African minimum', 'spam coverage', 'one per country'."""
    return spec_of(bound).label(bound, where_words(bound.where))


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
