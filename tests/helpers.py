"""Shared helpers for the tests: small pools built in code, solving, scenario variants."""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from fractions import Fraction
from typing import Any

from composer import Pool, Result, Scenario, SolveOptions, load_nominations, load_scenario
from composer.engine.check import CheckReport, check
from composer.engine.solve import solve
from composer.rules.bind import bind
from composer.rules.scenario import Bound

#: ISO3 codes spanning the five UN regional groups (developing: KEN, IND, BRA; not: POL, FRA).
COUNTRIES = ("KEN", "IND", "POL", "BRA", "FRA")
GROUPS = ("government", "private_sector", "civil_society", "technical_academic")
GENDERS = ("female", "male")
AREAS = ("spam", "privacy", "dns", "access")
NOMINATORS = ("Alpha Caucus", "Beta Council", "Gamma Network")


def make_pool(rows: Iterable[Mapping[str, Any]]) -> Pool:
    """A validated pool from short rows: ``name`` defaults to the id."""
    filled = [{"name": f"Nominee {row['id']}", **row} for row in rows]
    return load_nominations(filled)


def random_rows(rnd: random.Random, n: int) -> list[dict[str, Any]]:
    """``n`` random nominations over the small vocabularies above (integer scores 0-20)."""
    rows = []
    for k in range(n):
        areas = rnd.sample(AREAS, rnd.randint(0, 3))
        rows.append(
            {
                "id": f"n{k:02d}",
                "country": rnd.choice(COUNTRIES),
                "stakeholder_group": rnd.choice(GROUPS),
                "gender": rnd.choice(GENDERS),
                "expertise": "; ".join(areas),
                "score": rnd.randint(0, 20),
                "travel_cost": rnd.randint(0, 5),
                "nominated_by": rnd.choice(NOMINATORS),
            }
        )
    return rows


def random_pool(n: int = 10, seed: int = 0) -> Pool:
    """A seeded random pool of ``n`` nominations."""
    return make_pool(random_rows(random.Random(seed), n))


def run(pool: Pool, scenario: Any, **options: Any) -> Result:
    """Solve ``scenario`` (a dict, TOML text or Scenario) on ``pool``, as ``compose`` does.

    An infeasible result is diagnosed: its conflict and advice are filled in.
    """
    return solve(pool, load_scenario(scenario), SolveOptions(**options)).diagnose()


def bound_scenario(pool: Pool, scenario: Any) -> Scenario:
    """``scenario`` loaded and bound to ``pool`` (values in the pool's spelling)."""
    return bind(load_scenario(scenario), pool)


def report(pool: Pool, scenario: Any, roster: Iterable[str]) -> CheckReport:
    """The independent checker's report on ``roster``."""
    return check(pool, bound_scenario(pool, scenario), roster)


def rule(rep: CheckReport, name: str) -> Any:
    """The check of the rule called ``name``."""
    found = [r for r in rep.rules if r.name == name]
    assert found, f"no rule {name!r} in {[r.name for r in rep.rules]}"
    return found[0]


def _share_text(amount: Any) -> str:
    share = Fraction(amount)
    return f"{share.numerator}/{share.denominator}"


def _where(bound: Bound) -> dict[str, Any]:
    """A bound's ``where`` tests as a scenario table again."""
    table: dict[str, Any] = {}
    for c in bound.where:
        if c.op == "in":
            table[c.column] = list(c.values)
        else:
            test = table.setdefault(c.column, {})
            test[c.op] = list(c.values) if c.op == "not" else float(c.values[0])
    return table


def scenario_from_bounds(bounds: Iterable[Bound], *, objective: str | None = "score") -> Scenario:
    """A scenario holding exactly ``bounds`` (one rule per atom, each keeping its name)."""
    data: dict[str, Any] = {
        "size": {},
        "quota": [],
        "cap": [],
        "coverage": [],
        "members": {"include": [], "exclude": []},
        "objective": {"maximise": objective},
    }
    for b in bounds:
        if b.family == "size":
            data["size"][b.kind] = b.amount
        elif b.family == "quota":
            amount = _share_text(b.amount) if b.is_share else b.amount
            data["quota"].append(
                {
                    "name": b.name,
                    "column": b.column,
                    "where": _where(b),
                    b.kind: {b.value: amount},
                    "soft": b.soft,
                    "weight": b.weight,
                }
            )
        elif b.family == "cap":
            data["cap"].append(
                {"name": b.name, "column": b.column, "where": _where(b), "max_each": b.amount}
            )
        elif b.family == "coverage":
            data["coverage"].append(
                {
                    "name": b.name,
                    "column": b.column,
                    "areas": [b.value],
                    "min_each": b.amount,
                    "soft": b.soft,
                    "weight": b.weight,
                }
            )
        elif b.family == "budget":
            data.setdefault("budget", []).append(
                {"name": b.name, "column": b.column, "max": b.amount}
            )
        else:
            data["members"][b.kind].append(b.value)
    return load_scenario(data)


def restrict(scenario: Scenario, names: Iterable[str]) -> Scenario:
    """The scenario reduced to the atomic rules called ``names`` (objective kept)."""
    wanted = set(names)
    bounds = [b for b in scenario.bounds() if b.name in wanted]
    missing = wanted - {b.name for b in bounds}
    assert not missing, f"no rules named {sorted(missing)}"
    return scenario_from_bounds(bounds, objective=scenario.objective.maximise)
