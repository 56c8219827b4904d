"""Arithmetic checks that prove a scenario infeasible without a solver.

Each finds a small set of rules that cannot hold together and says why in numbers:
a minimum above the supply, a minimum out of reach under a cap, minimums that add up to more
than the maximum size, fixed members that break a maximum, a budget too small for the
cheapest roster of the minimum size.
"""

from __future__ import annotations

import math
from collections import Counter
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd

from composer.inputs.nominations import Pool
from composer.inputs.vocabulary import canonical
from composer.numbers import scaled_all
from composer.rules.conflict import Conflict, _mask
from composer.rules.ex_officio import uncounted
from composer.rules.persons import persons
from composer.rules.role_prechecks import roles_conflict
from composer.rules.scenario import Bound, Scenario
from composer.rules.where import Where, where_text


class _Groups:
    """The rows of a table with each value of a column, among those a ``where`` counts.

    Grouped once per (column, where), so a quota with thousands of values costs one pass over
    the table, not one per value.
    """

    def __init__(self, table: pd.DataFrame) -> None:
        self.table = table
        self._cache: dict[tuple[str, Where], tuple[pd.DataFrame, dict[str, Any]]] = {}
        self._areas: dict[str, Counter[str]] = {}
        self._cells: dict[tuple[str, Where, str, Where], tuple[np.ndarray, np.ndarray]] = {}

    def _group(self, column: str, where: Where) -> tuple[pd.DataFrame, dict[str, Any]]:
        key = (column, where)
        if key not in self._cache:
            counted = self.table[_mask(self.table, where)]
            grouped = counted.groupby(counted[column].astype(str), sort=False).indices
            self._cache[key] = (counted, {str(v): rows for v, rows in grouped.items()})
        return self._cache[key]

    def positions(self, column: str, where: Where, values: tuple[str, ...]) -> np.ndarray:
        """Positions (in the counted rows) of the rows whose ``column`` is one of ``values``."""
        groups = self._group(column, where)[1]
        found = [groups[v] for v in values if v in groups]
        return np.sort(np.concatenate(found)) if found else np.array([], dtype=int)

    def ids(self, column: str, where: Where, values: tuple[str, ...]) -> list[Any]:
        """The index labels of the rows whose ``column`` is one of ``values``."""
        counted = self._group(column, where)[0]
        return list(counted.index[self.positions(column, where, values)])

    def reach_under_cap(
        self, column: str, where: Where, values: tuple[str, ...], cap: Bound
    ) -> int:
        """Most seats the rows with ``column`` in ``values`` can fill if at most
        ``cap.amount`` share a value of the cap's column (rows outside its ``where`` free)."""
        counted = self._group(column, where)[0]
        key = (column, where, str(cap.column), cap.where)
        if key not in self._cells:
            mask = np.asarray(_mask(counted, cap.where), dtype=bool)
            self._cells[key] = (counted[str(cap.column)].astype(str).to_numpy(), mask)
        cells, mask = self._cells[key]
        positions = self.positions(column, where, values)
        inside = mask[positions]
        counts = np.unique(cells[positions][inside], return_counts=True)[1]
        return int(np.minimum(counts, int(cap.amount)).sum()) + int((~inside).sum())

    def area_supply(self, pool: Pool, column: str) -> Counter[str]:
        """How many rows of the table hold each area of the list column ``column``."""
        if column not in self._areas:
            areas = pool.areas(column)
            self._areas[column] = Counter(a for i in self.table.index for a in areas[str(i)])
        return self._areas[column]

    def size(self, column: str, where: Where, values: tuple[str, ...]) -> int:
        """How many rows have ``column`` in ``values`` among those matching ``where``."""
        groups = self._group(column, where)[1]
        return sum(len(groups.get(v, ())) for v in values)


def precheck(pool: Pool, scenario: Scenario) -> Conflict | None:
    """The first conflict found by arithmetic alone, or None.

    The arithmetic runs as if nobody were excluded: a conflict found that way holds whatever
    ``members.exclude`` says, so it never needs to name an exclusion.  A conflict that only
    the exclusions create is left to the solver's conflict search, which names exactly the
    exclusions that matter (counting without the excluded nominees would report, say, a
    minimum above the supply without the exclusions that cut the supply).
    """
    if scenario.members.exclude:
        members = scenario.members.model_copy(update={"exclude": []})
        scenario = scenario.model_copy(update={"members": members})
    return _precheck(pool, scenario)


def _precheck(pool: Pool, scenario: Scenario) -> Conflict | None:
    out = set(scenario.members.exclude) | uncounted(scenario)  # ex officio: not candidates
    dropped = [i for i in pool.table.index if i in out]
    table = pool.table.drop(index=dropped) if dropped else pool.table
    bounds = scenario.bounds()
    named = {b.kind: b for b in bounds if b.family == "size"}
    excl = [b.name for b in bounds if b.kind == "exclude"]
    incl = [b for b in bounds if b.kind == "include"]
    size_min, size_max = named.get("min"), named.get("max")
    if size_min is not None and size_min.amount > len(table):
        return Conflict(
            [size_min.name, *excl],
            f"the pool has {len(table)} eligible nominations, fewer than the "
            f"minimum size {size_min.amount}",
            [f"lower the minimum size to {len(table)}, or add nominations"],
        )
    if size_max is not None and len(incl) > size_max.amount:
        return Conflict(
            # any size_max + 1 of the fixed members already break it: name that many
            [size_max.name, *(b.name for b in incl[: size_max.amount + 1])],
            f"{len(incl)} members are fixed in, more than the maximum size {size_max.amount}",
            [f"raise the maximum size to {len(incl)}, or fix fewer members"],
        )
    caps = [b for b in bounds if b.family == "cap"]
    fixed = table.loc[[b.value for b in incl]]
    groups = (_Groups(table), _Groups(fixed))
    for bound in bounds:
        found = _check_bound(bound, table, pool, caps, fixed, incl, size_min, size_max, groups)
        if found:
            return found
    return (
        _sum_of_minimums(bounds, size_max)
        or _budget(scenario, table, bounds, size_min)
        or _rotation(table, bounds, incl, size_min)
        or _distinct(table, bounds, size_max)
        or _equal(table, bounds, incl, size_min)
        or _groups(bounds, incl, size_max)
        or _person(pool, bounds, incl)
        or roles_conflict(table, scenario, bounds, size_max)
    )


def _distinct(table: pd.DataFrame, bounds: list[Bound], size_max: Bound | None) -> Conflict | None:
    """Fewer different values nominated than a distinct rule asks, or than the seats allow."""
    for bound in bounds:
        if bound.family != "distinct" or bound.soft:
            continue
        counted = table[_mask(table, bound.where)]
        found = counted[str(bound.column)].astype(str).nunique()
        among = f" with {where_text(bound.where)}" if bound.where else ""
        if found < bound.amount:
            return Conflict(
                [bound.name],
                f"the eligible nominees{among} have only {found} different values of "
                f"{bound.column}, fewer than the {bound.amount} asked",
                [f"lower the minimum to {found}, or seek nominations from more of them"],
            )
        if size_max is not None and size_max.amount < bound.amount:
            return Conflict(
                [bound.name, size_max.name],
                f"{bound.amount} different values of {bound.column} need at least "
                f"{bound.amount} members, more than the maximum size {size_max.amount}",
                [f"raise the maximum size to {bound.amount}, or lower the minimum"],
            )
    return None


def _equal(
    table: pd.DataFrame, bounds: list[Bound], incl: list[Bound], size_min: Bound | None
) -> Conflict | None:
    """A value held to a minimum (or by fixed members) past what another can reach + spread;
    a minimum size out of reach when every nominee has one of the listed values."""
    for bound in bounds:
        if bound.family != "equal" or bound.soft:
            continue
        counted = table[_mask(table, bound.where)]
        cells = counted[str(bound.column)].astype(str)
        supply = {v: int((cells == v).sum()) for v in bound.values}
        low = min(bound.values, key=lambda v: (supply[v], bound.values.index(v)))
        reach = supply[low] + int(bound.amount)  # the most any listed value can hold
        for other in bounds:
            same = other.column == bound.column and other.where == bound.where
            plain = other.family == "quota" and not other.soft and not other.any_of
            minimum = plain and same and other.kind == "min" and other.value in supply
            if minimum and int(other.amount) > reach:
                return Conflict(
                    [bound.name, other.name],
                    f"{other.column} '{other.value}' needs {other.amount} seats, but only "
                    f"{supply[low]} eligible nominees have '{low}', and the counts may "
                    f"differ by at most {bound.amount}",
                    [f"lower the minimum for '{other.value}' to {reach}, or seek more "
                     f"nominations with '{low}'"],
                )  # fmt: skip
        if size_min is not None and not bound.where and sum(supply.values()) == len(table):
            most = sum(min(n, reach) for n in supply.values())
            if most < size_min.amount:
                return Conflict(
                    [bound.name, size_min.name],
                    f"every nominee has one of the values of {bound.column} listed, and with "
                    f"only {supply[low]} nominees with '{low}' and counts at most "
                    f"{bound.amount} apart, a roster holds at most {most} members, fewer than "
                    f"the minimum size {size_min.amount}",
                    [f"lower the minimum size to {most}, allow a larger spread, or seek more "
                     f"nominations with '{low}'"],
                )  # fmt: skip
        fixed = [b for b in incl if str(b.value) in counted.index]
        for value in bound.values:
            held = [b for b in fixed if cells[str(b.value)] == value]
            if len(held) > reach:
                return Conflict(
                    [bound.name, *(b.name for b in held[: reach + 1])],
                    f"{len(held)} fixed members have {bound.column} '{value}', but only "
                    f"{supply[low]} eligible nominees have '{low}', and the counts may differ "
                    f"by at most {bound.amount}",
                    [f"fix at most {reach} of them, or allow a larger spread"],
                )
    return None


def _rotation(
    table: pd.DataFrame, bounds: list[Bound], incl: list[Bound], size_min: Bound | None
) -> Conflict | None:
    """A fixed member past the term limit; too few new members or incumbents for the shares."""
    atoms = {b.kind: b for b in bounds if b.family == "rotation"}
    if any(b.where for b in atoms.values()):
        return None  # counted among some members only: the solver names any conflict
    limit = atoms.get("max_terms")
    served = pd.Series(0, index=table.index)
    if limit is not None:
        served = table[str(limit.column)].astype(str).str.strip().replace("", "0").astype(int)
        for b in incl:
            terms = int(served[str(b.value)])
            if terms >= limit.amount:
                return Conflict(
                    [limit.name, b.name],
                    f"{b.value} is fixed in but has served {terms} consecutive terms",
                    [f"remove {b.value} from members.include, or raise max_consecutive_terms"],
                )
    eligible = served < (limit.amount if limit is not None else served.max() + 1)
    for kind, wanted in (("min_share", "new members"), ("max_share", "incumbents")):
        bound = atoms.get(kind)
        if bound is None or size_min is None:
            continue
        column = table[str(bound.column)].astype(str)
        new = column.map(lambda t: canonical("yes_no", t) != "yes").astype(bool)
        share = Fraction(bound.amount) if kind == "min_share" else 1 - Fraction(bound.amount)
        need = math.ceil(share * size_min.amount)
        holders = new if kind == "min_share" else ~new
        names = [bound.name, size_min.name]
        if int(holders.sum()) >= need and limit is not None:
            holders, names = holders & eligible, [*names, limit.name]
        if int(holders.sum()) < need:
            return Conflict(
                names,
                f"a roster of at least {size_min.amount} needs {need} {wanted}, but only "
                f"{int(holders.sum())} eligible nominees are {wanted}",
                [f"change the renewal share ({bound.name})", "or lower the minimum size"],
            )
    return None


def _check_bound(
    bound: Bound,
    table: pd.DataFrame,
    pool: Pool,
    caps: list[Bound],
    fixed: pd.DataFrame,
    incl: list[Bound],
    size_min: Bound | None,
    size_max: Bound | None,
    groups: tuple[_Groups, _Groups],
) -> Conflict | None:
    if bound.soft:
        return None
    if bound.family == "coverage" and bound.amount > 0:
        supply = groups[0].area_supply(pool, str(bound.column)).get(str(bound.value), 0)
        if supply < bound.amount:
            return Conflict(
                [bound.name],
                f"only {supply} eligible nominees have "
                f"{bound.column} '{bound.value}', fewer than {bound.amount}",
                [
                    f"lower the depth for '{bound.value}' to {supply}, "
                    "or seek nominees with that expertise"
                ],
            )
    if bound.family == "cap":
        counted = fixed[_mask(fixed, bound.where)]
        over = [
            (v, n)
            for v, n in Counter(counted[str(bound.column)].astype(str)).items()
            if n > bound.amount
        ]
        if over:
            value, n = sorted(over)[0]
            ids = set(counted.index[counted[str(bound.column)].astype(str) == value])
            return Conflict(
                [bound.name, *[b.name for b in incl if b.value in ids][: bound.amount + 1]],
                f"{n} fixed members share {bound.column} '{value}', more than {bound.amount}",
                [f"fix at most {bound.amount} of them, or raise the cap to {n}"],
            )
    if bound.family != "quota":
        return None
    supply = groups[0].size(str(bound.column), bound.where, bound.values)
    if bound.kind == "min":
        if supply < bound.amount:
            among = f" with {where_text(bound.where)}" if bound.where else ""
            return Conflict(
                [bound.name],
                f"only {supply} eligible nominees{among} have "
                f"{bound.column} '{bound.value}', fewer than the minimum "
                f"{bound.amount}",
                [f"lower the minimum for '{bound.value}' to {supply}, or seek more nominations"],
            )
        for cap in caps:
            reach = groups[0].reach_under_cap(str(bound.column), bound.where, bound.values, cap)
            if reach < bound.amount:
                return Conflict(
                    [bound.name, cap.name],
                    f"the {supply} nominees with {bound.column} '{bound.value}' "
                    f"can fill at most {reach} seats when at most {cap.amount} "
                    f"share a {cap.column}",
                    [f"lower the minimum for '{bound.value}' to {reach}", f"or relax '{cap.name}'"],
                )
    if bound.kind == "max" and groups[1].size(str(bound.column), bound.where, bound.values):
        held = groups[1].ids(str(bound.column), bound.where, bound.values)
        n = len(held)
        if n > bound.amount:
            ids = set(held)  # fixed members with the value only
            return Conflict(
                [bound.name, *[b.name for b in incl if b.value in ids][: bound.amount + 1]],
                f"{n} fixed members have {bound.column} '{bound.value}', more "
                f"than the maximum {bound.amount}",
                [f"raise the maximum for '{bound.value}' to {n}, or fix fewer of them"],
            )
    if bound.kind == "min_share" and not bound.where and size_min is not None:
        need = math.ceil(Fraction(bound.amount) * size_min.amount)
        if need > supply:
            return Conflict(
                [bound.name, size_min.name],
                f"a roster of at least {size_min.amount} needs {need} members "
                f"with {bound.column} '{bound.value}', but only {supply} "
                "are nominated",
                [f"lower the share for '{bound.value}'", "or lower the minimum size"],
            )
    return None


def _sum_of_minimums(bounds: list[Bound], size_max: Bound | None) -> Conflict | None:
    if size_max is None:
        return None
    by_column: dict[str, list[Bound]] = {}
    for b in bounds:
        # a union's minimum overlaps its values' own minimums: it is left out of the sum
        if b.family == "quota" and b.kind == "min" and not b.where and not b.soft and not b.any_of:
            by_column.setdefault(str(b.column), []).append(b)
    for column, all_mins in sorted(by_column.items()):
        # one minimum per value (two rules may both set one: only the larger counts), largest
        # first, and only as many as it takes to pass the maximum (so none can be dropped)
        largest: dict[str, Bound] = {}
        for b in all_mins:
            if str(b.value) not in largest or b.amount > largest[str(b.value)].amount:
                largest[str(b.value)] = b
        mins: list[Bound] = []
        for b in sorted(largest.values(), key=lambda b: -int(b.amount)):
            if sum(int(m.amount) for m in mins) > size_max.amount:
                break
            mins.append(b)
        total = sum(int(b.amount) for b in mins)
        if total > size_max.amount:
            return Conflict(
                [*(b.name for b in mins), size_max.name],
                f"the minimums for {column} add up to {total} seats, more than "
                f"the maximum size {size_max.amount}",
                [
                    f"raise the maximum size to {total}, or lower the minimums "
                    f"by {total - size_max.amount} seats in all"
                ],
            )
    return None


def _budget(
    scenario: Scenario, table: pd.DataFrame, bounds: list[Bound], size_min: Bound | None
) -> Conflict | None:
    """Each budget against the fixed members' cost and the cheapest roster of the minimum size.

    Costs and budget are exact whole numbers on one scale (``composer.numbers``)."""
    incl = [b for b in bounds if b.kind == "include"]
    for budget in (b for b in bounds if b.family == "budget"):
        numbers, scale = scaled_all([*table[str(budget.column)].tolist(), budget.amount])
        limit = numbers.pop()
        cost = dict(zip((str(i) for i in table.index), numbers, strict=True))
        paying = [b for b in incl if cost[str(b.value)] > 0]
        # any roster with the fixed members costs at least theirs plus every negative cost
        credit = sum(c for c in numbers if c < 0)
        fixed = sum(cost[str(b.value)] for b in paying)
        if paying and fixed + credit > limit:
            return Conflict(
                [budget.name, *(b.name for b in paying)],
                f"the {len(paying)} fixed members together cost {fixed / scale:g} in "
                f"{budget.column}, more than the budget {budget.amount:g}",
                [f"raise the budget to {(fixed + credit) / scale:g}, or fix fewer members"],
                minimal=len(paying) == 1,
            )
        if size_min is None or size_min.amount == 0:
            continue
        need = int(size_min.amount)
        costs = sorted(numbers)
        cheapest = sum(costs[:need]) + sum(c for c in costs[need:] if c < 0)
        if cheapest > limit:
            return Conflict(
                [budget.name, size_min.name],
                f"the {size_min.amount} cheapest nominees together cost "
                f"{cheapest / scale:g}, more than the budget {budget.amount:g}",
                [f"raise the budget to {cheapest / scale:g}, or lower the minimum size"],
            )
    return None


def _groups(bounds: list[Bound], incl: list[Bound], size_max: Bound | None) -> Conflict | None:
    """Two fixed members kept apart; a fixed member whose together group cannot fit or
    holds two nominees kept apart."""
    fixed = {str(b.value): b for b in incl}
    apart = [b for b in bounds if b.family == "apart"]
    for group in apart:
        inside = [fixed[i] for i in group.ids if i in fixed]
        if len(inside) > 1:
            return Conflict(
                [group.name, *(b.name for b in inside[:2])],
                f"{inside[0].value} and {inside[1].value} are both fixed in, but at most one of "
                f"{', '.join(group.ids)} may be selected",
                [f"fix only one of them, or drop the rule '{group.name}'"],
            )
    for together in (b for b in bounds if b.family == "together"):
        inside = [fixed[i] for i in together.ids if i in fixed]
        if not inside:
            continue
        if size_max is not None and len(together.ids) > size_max.amount:
            return Conflict(
                [together.name, inside[0].name, size_max.name],
                f"{inside[0].value} is fixed in, so all {len(together.ids)} nominees of the "
                f"group go in, more than the maximum size {size_max.amount}",
                [f"raise the maximum size to {len(together.ids)}", "or split the group"],
            )
        for group in apart:
            both = [i for i in together.ids if i in group.ids]
            if len(both) > 1:
                return Conflict(
                    [together.name, group.name, inside[0].name],
                    f"{inside[0].value} is fixed in, so {both[0]} and {both[1]} go in "
                    "together, but they are to be kept apart",
                    [f"drop {both[0]} or {both[1]} from one of the two groups"],
                )
    return None


def _person(pool: Pool, bounds: list[Bound], incl: list[Bound]) -> Conflict | None:
    """Two rows of one person both fixed in."""
    rule = next((b for b in bounds if b.family == "person"), None)
    if rule is None:
        return None
    fixed = {str(b.value): b for b in incl}
    for person, ids in sorted(persons(pool, str(rule.column)).items()):
        inside = [fixed[i] for i in ids if i in fixed]
        if len(inside) > 1:
            return Conflict(
                [rule.name, *(b.name for b in inside[:2])],
                f"{inside[0].value} and {inside[1].value} are both fixed in, but they are "
                f"rows of one person ({rule.column} '{person}'), who fills at most one seat",
                [f"fix only one of {inside[0].value} and {inside[1].value}"],
            )
    return None
