"""Instances for the brute-force property: random pools of at most 12 nominees and random
scenarios drawn from every rule family, and the hypothesis settings the properties run under."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from helpers import AREAS, COUNTRIES, GENDERS, GROUPS, NOMINATORS, make_pool
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from composer import Pool

# the first three twice as often: several rules on one column meet more often
QUOTA_COLUMNS = (
    "region",
    "stakeholder_group",
    "gender",
    "developing",
    "country",
    "nominated_by",
    "region",
    "stakeholder_group",
    "gender",
)
WHERE_COLUMNS = ("stakeholder_group", "gender", "developing", "region")
NUMBER_COLUMNS = ("score", "travel_cost")
CAP_COLUMNS = ("country", "nominated_by", "region", "stakeholder_group")
SHARES = ("1/4", "1/3", 0.4, "1/2", "60%", "2/3", "3/4", 1)
#: Prices per seat, in the units of the objective column.
SEAT_PRICES = (0, 0.5, 3, 7, 12.25)
#: Person ids: empty (a person of their own) half the time, else one of three persons.
PERSONS = ("", "", "", "P1", "P2", "P3")


# ---------------------------------------------------------------------------- strategies


#: How an example draws its merit column: the usual small integers, ties on a narrow scale,
#: negative values, six to nine decimals, and magnitudes near the solver's exact range.
SCORE_KINDS = ("small", "ties", "negative", "decimals", "large")


def _merit(draw: st.DrawFn, kind: str) -> Any:
    if kind == "ties":
        return draw(st.integers(1, 2))
    if kind == "negative":
        return draw(st.integers(-10, 10))
    if kind == "decimals":
        return str(Decimal(draw(st.integers(-(10**9), 10**9))).scaleb(-draw(st.integers(6, 9))))
    if kind == "large":
        return draw(st.integers(0, 3)) * 10**13 + draw(st.integers(0, 5))
    return draw(st.integers(0, 20))


@st.composite
def rows_strategy(draw: st.DrawFn) -> list[dict[str, Any]]:
    n = draw(st.integers(1, 12))
    kind = draw(st.sampled_from(SCORE_KINDS))
    rows = []
    for k in range(n):
        areas = draw(st.lists(st.sampled_from(AREAS), max_size=3, unique=True))
        rows.append(
            {
                "id": f"n{k:02d}",
                "country": draw(st.sampled_from(COUNTRIES)),
                "stakeholder_group": draw(st.sampled_from(GROUPS)),
                "gender": draw(st.sampled_from(GENDERS)),
                "expertise": "; ".join(areas),
                "score": draw(st.integers(0, 20)),
                "travel_cost": draw(st.integers(0, 10)) / 2,  # 0 to 5 in halves
                "nominated_by": draw(st.sampled_from(NOMINATORS)),
                "value_b": _merit(draw, kind),
                "honoraria": draw(st.integers(0, 4)),
                "person_id": draw(st.sampled_from(PERSONS)),
            }
        )
    for row in rows:  # rotation columns from the draws above (so earlier draws stay as they were)
        sitting = row["score"] % 3 == 0
        row["incumbent"] = "yes" if sitting else "no"
        row["terms"] = row["score"] % 4 if sitting else 0
    return rows


def _values(pool: Pool, column: str) -> list[str]:
    return sorted(set(pool.table[column].astype(str)))


def _where(draw: st.DrawFn, pool: Pool, column: str) -> dict[str, Any]:
    if not draw(st.booleans()) or draw(st.booleans()):  # a quarter of the rules
        return {}
    kind = draw(st.sampled_from(["values", "values", "not", "compare"]))
    if kind == "compare":  # numbers: one test or a range, on whole or half numbers
        other = draw(st.sampled_from(NUMBER_COLUMNS))
        ops = draw(st.lists(st.sampled_from(["lt", "le", "gt", "ge"]), min_size=1, max_size=2))
        limits = sorted(draw(st.integers(0, 20)) / 2 for _ in ops)
        test: dict[str, Any] = {}
        for op, limit in zip(sorted(ops, key=lambda o: o in ("lt", "le")), limits, strict=True):
            test.setdefault(op, limit)
        low = max((test[k] for k in ("gt", "ge") if k in test), default=None)
        high = min((test[k] for k in ("lt", "le") if k in test), default=None)
        if low is not None and high is not None and low >= high:
            test = {"ge": low}
        return {other: test}
    other = draw(st.sampled_from([c for c in WHERE_COLUMNS if c != column]))
    values = draw(
        st.lists(st.sampled_from(_values(pool, other)), min_size=1, max_size=2, unique=True)
    )
    if kind == "not":
        return {other: {"not": values[0] if len(values) == 1 else values}}
    return {other: values[0] if len(values) == 1 else values}


def _share_at_least(share: Any) -> list[Any]:
    low = Fraction(str(share).rstrip("%")) / (100 if str(share).endswith("%") else 1)
    return [
        s
        for s in SHARES
        if Fraction(str(s).rstrip("%")) / (100 if str(s).endswith("%") else 1) >= low
    ]


@st.composite
def quota_strategy(draw: st.DrawFn, pool: Pool) -> dict[str, Any]:
    column = draw(st.sampled_from(QUOTA_COLUMNS))
    values = _values(pool, column)
    order = ["min", "max", "min_share", "max_share"]
    kinds = draw(st.lists(st.sampled_from(order), min_size=1, max_size=2, unique=True))
    kinds.sort(key=order.index)  # minimums first, so each maximum is drawn above them
    quota: dict[str, Any] = {"column": column}
    for kind in kinds:
        chosen = draw(st.lists(st.sampled_from(values), min_size=1, max_size=3, unique=True))
        if len(chosen) > 1 and draw(st.integers(0, 3)) == 0:  # a union: any of two values
            chosen = [f"{chosen[0]}|{chosen[1]}", *chosen[2:]]
        table: dict[str, Any] = {}
        for value in chosen:
            if kind == "min":  # often right at the supply, where exclusions matter
                supply = int(pool.table[column].astype(str).isin(value.split("|")).sum())
                table[value] = draw(st.sampled_from([0, 1, 2, 3, 4, supply, supply]))
            elif kind == "max":
                low = quota.get("min", {}).get(value, 0)
                table[value] = low + draw(st.integers(0, 4))
            elif kind == "min_share":
                table[value] = draw(st.sampled_from(SHARES[:6]))
            else:
                low = quota.get("min_share", {}).get(value, 0)
                table[value] = draw(st.sampled_from(_share_at_least(low)))
        quota[kind] = table
    quota["where"] = _where(draw, pool, column)
    if draw(st.integers(0, 3)) == 0:
        quota["soft"] = True
        quota["weight"] = draw(st.integers(1, 5))
    return quota


@st.composite
def scenario_strategy(
    draw: st.DrawFn, pool: Pool, focus: bool = False, roles: bool = False
) -> dict[str, Any]:
    n = len(pool)
    scenario: dict[str, Any] = {"name": "oracle"}
    size: dict[str, int] = {}
    if draw(st.booleans()):
        size["min"] = draw(st.integers(0, n))
    if draw(st.integers(0, 3)) > 0:
        size["max"] = draw(st.integers(size.get("min", 0), n + 1))
    scenario["size"] = size
    scenario["quota"] = draw(st.lists(quota_strategy(pool), max_size=3))
    caps = []
    for _ in range(draw(st.integers(0, 2))):
        column = draw(st.sampled_from(CAP_COLUMNS))
        caps.append(
            {
                "column": column,
                "max_each": draw(st.integers(1, 3)),
                "where": _where(draw, pool, column),
            }
        )
    scenario["cap"] = caps
    held = sorted({a for areas in pool.areas("expertise").values() for a in areas})
    coverage = []
    if held:
        for _ in range(draw(st.integers(0, 2))):
            cov: dict[str, Any] = {
                "column": "expertise",
                "areas": draw(st.lists(st.sampled_from(held), min_size=1, max_size=2, unique=True)),
                "min_each": draw(st.integers(1, 2)),
            }
            if draw(st.integers(0, 2)) == 0:
                cov["soft"] = True
                cov["weight"] = draw(st.integers(1, 5))
            coverage.append(cov)
    scenario["coverage"] = coverage
    distinct = []
    # a quarter of the examples; with ``focus``, one distinct or equal rule in every example
    extra = draw(st.sampled_from(["distinct", "equal"])) if focus else None
    for _ in range(1 if extra == "distinct" else draw(st.integers(0, 3)) // 3):
        rule: dict[str, Any] = {
            "column": draw(st.sampled_from(CAP_COLUMNS)),
            "min": draw(st.integers(1, 3)),
        }
        rule["where"] = _where(draw, pool, rule["column"])
        if draw(st.integers(0, 2)) == 0:
            rule["soft"] = True
            rule["weight"] = draw(st.integers(1, 5))
        distinct.append(rule)
    scenario["distinct"] = distinct
    equal = []
    for _ in range(1 if extra == "equal" else draw(st.integers(0, 3)) // 3):
        column = draw(st.sampled_from(QUOTA_COLUMNS))
        values = _values(pool, column)
        if len(values) < 2:
            continue
        rule = {
            "column": column,
            "values": draw(st.lists(st.sampled_from(values), min_size=2, max_size=3, unique=True)),
            "spread": draw(st.sampled_from([0, 1, 1, 2])),
            "where": _where(draw, pool, column),
        }
        if draw(st.integers(0, 2)) == 0:
            rule["soft"] = True
            rule["weight"] = draw(st.integers(1, 5))
        equal.append(rule)
    scenario["equal"] = equal
    budgets = [{"max": draw(st.integers(0, 30)) / 2}] if draw(st.integers(0, 2)) == 0 else []
    if draw(st.integers(0, 3)) == 0:  # a second budget, on another cost column
        budgets.append({"column": "honoraria", "max": draw(st.integers(0, 12))})
    if len(budgets) == 1 and "column" not in budgets[0]:
        scenario["budget"] = budgets[0]  # the single [budget] table
    elif budgets:
        scenario["budget"] = budgets
    ids = pool.ids
    if draw(st.booleans()):
        picked = draw(st.lists(st.sampled_from(ids), min_size=1, max_size=4, unique=True))
        cut = draw(st.integers(0, len(picked)))
        scenario["members"] = {"include": picked[:cut], "exclude": picked[cut:]}
    if len(ids) >= 2 and draw(st.integers(0, 2)) == 0:
        groups = st.lists(st.sampled_from(ids), min_size=2, max_size=3, unique=True)
        for family in ("together", "apart"):
            scenario[family] = [{"ids": g} for g in draw(st.lists(groups, max_size=2))]
    if draw(st.integers(0, 2)) == 0:  # the rows' genders may differ: none must agree
        scenario["person"] = {"column": "person_id", "same": []}
    if draw(st.integers(0, 2)) == 0:
        _ex_officio(draw, scenario, ids)
    wanted = draw(st.integers(0, 3)) == 0
    if wanted or roles:  # one role: several would need the joint search here
        scenario["role"] = [_role(draw, pool)]
    scenario["objective"] = {
        "maximise": draw(
            st.sampled_from(
                ["score", "score", "score", "value_b", "value_b", "value_b", "travel_cost", None]
            )
        )
    }
    goal = draw(st.sampled_from([None, "price", "smallest", "largest", None, None]))
    if goal == "price":
        scenario["objective"]["seat_price"] = draw(st.sampled_from(SEAT_PRICES))
    elif goal is not None:
        scenario["objective"]["size"] = goal
    if draw(st.integers(0, 3)) == 0:  # drawn last, so the other draws stay as they were
        scenario["rotation"] = _rotation(draw, pool)
    return scenario


def _rotation(draw: st.DrawFn, pool: Pool) -> dict[str, Any]:
    """Renewal shares, a term limit, or both; for everyone or for those ``where`` selects."""
    rotation: dict[str, Any] = {}
    kinds = draw(st.sampled_from(["min", "max", "terms", "min+terms", "min+max"]))
    if "min" in kinds:
        rotation["renew_min_share"] = draw(st.sampled_from(["1/4", "1/3", "1/2"]))
    if "max" in kinds:
        rotation["renew_max_share"] = draw(st.sampled_from(["1/2", "2/3", 1]))
    if "terms" in kinds:
        rotation["max_consecutive_terms"] = draw(st.integers(1, 3))
    if draw(st.booleans()):  # half of them for some members only
        column = draw(st.sampled_from(WHERE_COLUMNS))
        rotation["where"] = {column: draw(st.sampled_from(_values(pool, column)))}
    return rotation


def _ex_officio(draw: st.DrawFn, scenario: dict[str, Any], ids: list[str]) -> None:
    """Ex-officio members: counted (like include) or outside the selection."""
    members = scenario.setdefault("members", {})
    counted = draw(st.booleans())
    free = [i for i in ids if i not in members.get("exclude", [])]
    if not counted:  # outside the selection: in no group, not included, and no person rule
        grouped = {i for f in ("together", "apart") for g in scenario.get(f, []) for i in g["ids"]}
        grouped |= set(members.get("include", []))
        free = [i for i in free if i not in grouped] if "person" not in scenario else []
    if free:
        members["ex_officio"] = draw(
            st.lists(st.sampled_from(free), min_size=1, max_size=2, unique=True)
        )
        members["ex_officio_counted"] = counted


def _role(draw: st.DrawFn, pool: Pool) -> dict[str, Any]:
    """A role of 1 or 2 seats or a range of 0-3, perhaps restricted by a where, perhaps with
    a quota (counts or shares of the holders), a cap, a distinct and a coverage rule (each
    perhaps soft), perhaps filled later by the body."""
    role: dict[str, Any] = {"name": "chair"}
    if draw(st.booleans()):
        role["seats"] = draw(st.integers(1, 2))
    else:
        low = draw(st.integers(0, 2))
        role["min_seats"] = low
        role["max_seats"] = draw(st.integers(max(1, low), 3))
    if draw(st.booleans()):
        column = draw(st.sampled_from(WHERE_COLUMNS))
        role["where"] = {column: draw(st.sampled_from(_values(pool, column)))}
    if draw(st.booleans()):
        column = draw(st.sampled_from(("gender", "developing", "region")))
        value = draw(st.sampled_from(_values(pool, column)))
        side = draw(st.sampled_from(("min", "max", "min_share", "max_share")))
        amount = (
            draw(st.integers(0, 1)) if side in ("min", "max") else draw(st.sampled_from(SHARES))
        )
        role["quota"] = [{"column": column, side: {value: amount}}]
    if draw(st.integers(0, 2)) == 0:
        column = draw(st.sampled_from(("gender", "developing", "region")))
        role["cap"] = [{"column": column, "max_each": draw(st.integers(1, 2))}]
    held = draw(st.integers(0, 3))
    if held == 0:
        role["filled_later"] = True
    elif held == 1:  # holders outside the selection, chosen on merit too
        role["counted"] = False
    if "quota" in role and draw(st.integers(0, 2)) == 0:  # a soft quota among the holders
        role["quota"][0].update(soft=True, weight=draw(st.integers(1, 3)))
    most = role.get("seats", role.get("max_seats", 1))
    if draw(st.integers(0, 2)) == 0:  # holders from several regions (or countries)
        column = draw(st.sampled_from(("region", "country")))
        role["distinct"] = [{"column": column, "min": draw(st.integers(1, most))}]
    held = sorted({a for areas in pool.areas("expertise").values() for a in areas})
    if held and draw(st.integers(0, 2)) == 0:  # an area held by some holders
        areas = draw(st.lists(st.sampled_from(held), min_size=1, max_size=2, unique=True))
        role["coverage"] = [{"areas": areas, "min_each": draw(st.integers(1, most))}]
    for key in ("cap", "distinct", "coverage"):  # soft rules among the holders, drawn last
        if key in role and draw(st.integers(0, 2)) == 0:
            role[key][0].update(soft=True, weight=draw(st.integers(1, 3)))
            if key == "distinct":  # a soft minimum may ask more than the seats
                role[key][0]["min"] += draw(st.integers(0, 1))
    return role


@st.composite
def cases(
    draw: st.DrawFn, focus: bool = False, roles: bool = False
) -> tuple[list[dict[str, Any]], dict[str, Any], int]:
    rows = draw(rows_strategy())
    pool = make_pool(rows)
    return rows, draw(scenario_strategy(pool, focus, roles)), draw(st.integers(0, 2**31))


def oracle_settings(examples: int) -> Any:
    """Hypothesis settings for the brute-force properties: derandomised, no deadline."""
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


# ---------------------------------------------------------------------------- brute force
