"""Infeasible scenarios: irreducible conflicts and the smallest relaxation, proven by brute force.

The brute force below runs the independent checker (``composer.engine.check``) on every subset of a
small pool, so every claim (these rules cannot hold together; without any one of them the rest
can; no smaller change to the rules exists) is verified without the solver.
"""

from __future__ import annotations

import functools
import itertools
import json
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from helpers import bound_scenario, make_pool, random_pool, restrict, run
from typer.testing import CliRunner

from composer import ComposerError, Pool, Scenario, Status
from composer.cli.app import app
from composer.engine.check import CheckReport, check
from composer.engine.elastic import ElasticModel
from composer.engine.objective import tie_priorities
from composer.engine.relax import explain_infeasible, smallest_relaxation

# ---------------------------------------------------------------------------- brute force


@dataclass
class Brute:
    """Every subset of a small pool with the checker's report on it."""

    pool: Pool
    scenario: Scenario
    rows: list[tuple[tuple[str, ...], CheckReport]]

    @classmethod
    def of(cls, pool: Pool, scenario: Scenario) -> Brute:
        ids = [str(i) for i in pool.ids]
        rows = [
            (subset, check(pool, scenario, subset))
            for k in range(len(ids) + 1)
            for subset in itertools.combinations(ids, k)
        ]
        return cls(pool, scenario, rows)

    def __post_init__(self) -> None:
        column = self.scenario.objective.maximise
        ids = [str(i) for i in self.pool.ids]
        values = self.pool.table[column] if column else dict.fromkeys(ids, 0)
        self.scores = {i: Decimal(str(values[i])) for i in ids}
        self.tie = tie_priorities(ids)
        self.broken = [{r.name for r in rep.failures} for _, rep in self.rows]

    def holds(self, rules: set[str]) -> bool:
        """Whether some roster keeps every rule in ``rules``."""
        return any(not (broken & rules) for broken in self.broken)

    def key(self, subset: tuple[str, ...], report: CheckReport) -> tuple[Any, ...]:
        score = sum((self.scores[i] for i in subset), Decimal(0))
        return (report.soft_shortfall, -score, -sum(self.tie[i] for i in subset))

    def best(
        self, allowed: Callable[[tuple[str, ...], CheckReport], bool]
    ) -> tuple[tuple[str, ...], CheckReport] | None:
        """The lexicographic optimum (least soft shortfall, most score, tie-break) among
        the subsets ``allowed`` accepts."""
        found = [(s, r) for s, r in self.rows if allowed(s, r)]
        return min(found, key=lambda sr: self.key(*sr)) if found else None

    def score(self, subset: tuple[str, ...]) -> float:
        return float(sum((self.scores[i] for i in subset), Decimal(0)))


def random_scenario(rnd: random.Random, pool: Pool) -> dict[str, Any]:
    """A random, often tight scenario over the values the pool has."""
    table = pool.table
    size_min = rnd.randint(1, 4)
    data: dict[str, Any] = {"size": {"min": size_min, "max": rnd.randint(size_min, 5)}}
    regions = sorted(set(table["region"]))
    groups = sorted(set(table["stakeholder_group"]))
    quotas = [{"column": "region", "min": {rnd.choice(regions): rnd.randint(1, 3)}}]
    if rnd.random() < 0.6:
        quotas.append(
            {"column": "stakeholder_group", "max": {rnd.choice(groups): rnd.randint(0, 2)}}
        )
    if rnd.random() < 0.4:
        quotas.append({"column": "gender", "min_share": {"female": "1/2"}})
    if rnd.random() < 0.3:
        quotas.append({"column": "gender", "min_share": {"male": "1/2"}, "soft": True, "weight": 3})
    data["quota"] = quotas
    if rnd.random() < 0.6:
        data["cap"] = [{"column": "country", "max_each": 1}]
    areas = sorted({a for v in pool.areas("expertise").values() for a in v})
    if areas and rnd.random() < 0.7:
        picked = rnd.sample(areas, min(len(areas), rnd.randint(1, 2)))
        data["coverage"] = [{"areas": picked, "min_each": rnd.randint(1, 3)}]
    if rnd.random() < 0.3:
        data["budget"] = {"max": rnd.randint(2, 10)}
    return data


@functools.cache
def cases(feasible: bool, count: int, n: int = 7) -> list[tuple[Pool, Scenario, Brute]]:
    """Seeded random (pool, scenario) pairs that are infeasible (or feasible), with brute force
    (computed once per test process)."""
    return list(_cases(feasible, count, n))


def _cases(feasible: bool, count: int, n: int) -> Iterator[tuple[Pool, Scenario, Brute]]:
    rnd = random.Random(20041111 if not feasible else 20041112)
    found = 0
    for attempt in range(400):
        pool = random_pool(n, seed=attempt)
        scenario = bound_scenario(pool, random_scenario(rnd, pool))
        brute = Brute.of(pool, scenario)
        hard = {b.name for b in scenario.bounds() if not b.soft}
        if brute.holds(hard) == feasible:
            found += 1
            yield pool, scenario, brute
            if found == count:
                return
    raise AssertionError("too few cases found")


# ---------------------------------------------------------------------------- crafted conflicts

SPAM_ROWS = [
    {"id": "a1", "country": "FRA", "stakeholder_group": "government", "expertise": "spam",
     "score": 5},
    {"id": "a2", "country": "FRA", "stakeholder_group": "government", "expertise": "spam",
     "score": 4},
    {"id": "a3", "country": "KEN", "stakeholder_group": "government", "expertise": "spam",
     "score": 3},
    {"id": "b1", "country": "IND", "stakeholder_group": "civil_society", "score": 3},
    {"id": "b2", "country": "BRA", "stakeholder_group": "civil_society", "score": 2},
]  # fmt: skip
SPAM = make_pool(SPAM_ROWS)
# Two irreducible conflicts of three rules: {spam >= 2, no African, one per country} and
# {spam >= 2, no African, at most 1 WEOG}; the spam holders are a1, a2 (France) and a3 (Kenya).
SPAM_SCENARIO = {
    "size": {"min": 2, "max": 3},
    "quota": [{"column": "region", "max": {"African": 0, "Western European and Others": 1}}],
    "cap": [{"column": "country", "max_each": 1}],
    "coverage": [{"areas": ["spam"], "min_each": 2}],
}
AFRICAN = make_pool(
    [{"id": f"k{i}", "country": c, "stakeholder_group": "government", "score": 9 - i}
     for i, c in enumerate(["KEN", "KEN", "NGA", "NGA", "GHA", "SEN", "ZAF"])]
    + [{"id": f"w{i}", "country": "FRA", "stakeholder_group": "civil_society", "score": 5}
       for i in range(3)]
)  # fmt: skip


def assert_irreducible(brute: Brute, rules: list[str]) -> None:
    """No roster keeps all ``rules``; for each rule, some roster keeps all the others."""
    assert rules
    assert not brute.holds(set(rules)), f"{rules} can all hold"
    for rule in rules:
        assert brute.holds(set(rules) - {rule}), f"{rule} can be spared from {rules}"


def test_three_rule_conflict_is_irreducible_and_in_plain_words() -> None:
    scenario = bound_scenario(SPAM, SPAM_SCENARIO)
    found = explain_infeasible(SPAM, scenario)
    assert found.conflict.minimal
    assert len(found.conflict.rules) == 3
    assert "coverage expertise: spam >= 2" in found.conflict.rules
    assert "quota region: African <= 0" in found.conflict.rules
    assert_irreducible(Brute.of(SPAM, scenario), found.conflict.rules)
    # dropping any one rule of the conflict lets the rest hold, solved end to end too
    for rule in found.conflict.rules:
        rest = [r for r in found.conflict.rules if r != rule]
        assert run(SPAM, restrict(scenario, rest)).ok
    assert run(SPAM, restrict(scenario, found.conflict.rules)).status == Status.INFEASIBLE
    words = found.words
    assert words.startswith("No African members")
    assert "at least 2 members with expertise in spam" in words
    assert "cannot all hold together" in words
    assert "the pool has 3 nominations with expertise in spam" in words


@pytest.mark.slow
def test_cap_and_minimum_conflict_says_how_many_countries() -> None:
    scenario = bound_scenario(
        AFRICAN,
        {
            "quota": [{"column": "region", "min": {"African": 6}}],
            "cap": [{"column": "country", "max_each": 1}],
        },
    )
    found = explain_infeasible(AFRICAN, scenario)
    assert sorted(found.conflict.rules) == [
        "cap country: at most 1 each",
        "quota region: African >= 6",
    ]
    assert_irreducible(Brute.of(AFRICAN, scenario), found.conflict.rules)
    assert found.words.startswith("At least 6 African members")
    assert "at most 1 member per country" in found.words
    assert "7 African nominations (from 5 different countries)" in found.words
    relaxation = found.relaxation
    assert relaxation is not None and relaxation.proven
    assert relaxation.total == 1
    assert [s.advice for s in relaxation.steps] == ["lower the African minimum from 6 to 5"]
    alone = {s.rule: s for s in relaxation.alternatives}
    assert alone["cap country: at most 1 each"].after == "2"
    assert "or, changing one rule alone: allow 2 members per country instead of 1" in " ".join(
        relaxation.advice()
    )


def test_share_conflict_of_three_rules_needs_the_solver() -> None:
    # three women, all government; four men, all civil society.  At least 4 members, at least
    # half women and at most 1 government member cannot all hold, and no arithmetic pre-check
    # sees it (there are 3 women, enough for half of 4 on supply alone).
    pool = make_pool(
        [{"id": f"f{i}", "country": c, "stakeholder_group": "government", "gender": "female",
          "score": 5} for i, c in enumerate(["KEN", "IND", "BRA"])]
        + [{"id": f"m{i}", "country": c, "stakeholder_group": "civil_society", "gender": "male",
            "score": 4} for i, c in enumerate(["FRA", "POL", "CHN", "GHA"])]
    )  # fmt: skip
    scenario = bound_scenario(
        pool,
        {
            "size": {"min": 4},
            "quota": [
                {"column": "gender", "min_share": {"female": "1/2"}},
                {"column": "stakeholder_group", "max": {"government": 1}},
                {"column": "region", "min": {"African": 1}},
            ],
        },
    )
    found = explain_infeasible(pool, scenario)
    assert sorted(found.conflict.rules) == [
        "quota gender: female >= 50%",
        "quota stakeholder_group: government <= 1",
        "size >= 4",
    ]
    assert found.conflict.minimal
    assert_irreducible(Brute.of(pool, scenario), found.conflict.rules)
    assert "at least 50% women" in found.words and "at most 1 government members" in found.words


@pytest.mark.slow
def test_sum_of_minimums_conflict_of_five_rules() -> None:
    pool = random_pool(10, seed=3)
    regions = sorted(set(pool.table["region"]))
    assert len(regions) >= 4
    scenario = bound_scenario(
        pool,
        {"size": {"max": 3}, "quota": [{"column": "region", "min": dict.fromkeys(regions[:4], 1)}]},
    )
    found = explain_infeasible(pool, scenario)
    assert len(found.conflict.rules) == 5 and found.conflict.minimal
    assert_irreducible(Brute.of(pool, scenario), found.conflict.rules)


@pytest.mark.slow
def test_random_conflicts_are_irreducible_by_brute_force() -> None:
    for pool, scenario, brute in cases(feasible=False, count=10):
        found = explain_infeasible(pool, scenario, time_limit=20)
        assert found.conflict.minimal
        assert_irreducible(brute, found.conflict.rules)


def _total_excess(model: ElasticModel, report: CheckReport) -> int:
    return sum(model.excess(r) for r in report.failures)


@pytest.mark.slow
def test_relaxation_is_minimal_by_brute_force() -> None:
    for pool, scenario, brute in cases(feasible=False, count=8):
        model = ElasticModel(pool, scenario, purpose="relax")
        relaxation = smallest_relaxation(pool, scenario, model=model)
        assert relaxation is not None and relaxation.proven
        best = min(_total_excess(model, report) for _, report in brute.rows)
        assert relaxation.total == best
        # the witness keeps every rule once the steps are applied (checked independently)
        report = check(pool, scenario, relaxation.witness)
        moved = {s.rule: s.seats for s in relaxation.steps}
        assert {r.name for r in report.failures} == set(moved)
        assert all(model.excess(r) == moved[r.name] for r in report.failures)
        # every single-rule alternative alone suffices, with exactly the amount it names
        for step in relaxation.alternatives:
            fits = [
                model.excess(next(r for r in rep.rules if r.name == step.rule))
                for _, rep in brute.rows
                if {r.name for r in rep.failures} <= {step.rule}
            ]
            assert fits and min(fits) == step.seats
        # and no other rule alone suffices
        names = {s.rule for s in relaxation.alternatives}
        for bound in model.hard:
            if bound.name not in names:
                assert not any(
                    {r.name for r in rep.failures} <= {bound.name} for _, rep in brute.rows
                )


def test_relaxation_advice_reaches_the_solve_path(tmp_path: Path) -> None:
    scenario = {
        "quota": [{"column": "region", "min": {"African": 6}}],
        "cap": [{"column": "country", "max_each": 1}],
    }
    result = run(AFRICAN, scenario)
    assert result.status == Status.INFEASIBLE
    assert result.advice[0] == (
        "The smallest change that lets every rule hold: lower the African minimum from 6 to 5."
    )
    data = json.loads(result.to_json())
    assert sorted(data["conflict"]) == ["cap country: at most 1 each", "quota region: African >= 6"]


def test_solver_found_conflict_reason_is_in_plain_words() -> None:
    result = run(SPAM, SPAM_SCENARIO)
    assert result.status == Status.INFEASIBLE
    assert "cannot all hold together" in result.conflict_reason
    assert "Dropping any one of these rules lets the others hold." in result.conflict_reason
    assert any(a.startswith("The smallest change") for a in result.advice)


def test_budget_and_members_relax_as_money_and_drops() -> None:
    pool = make_pool([
        {"id": "x", "country": "KEN", "stakeholder_group": "government", "score": 3,
         "travel_cost": 10},
        {"id": "y", "country": "FRA", "stakeholder_group": "government", "score": 2,
         "travel_cost": 7},
        {"id": "z", "country": "IND", "stakeholder_group": "government", "score": 1,
         "travel_cost": 1},
    ])  # fmt: skip
    scenario = bound_scenario(
        pool,
        {
            "size": {"min": 2},
            "budget": {"max": 12},
            "members": {"include": ["x"], "exclude": ["z"]},
        },
    )
    found = explain_infeasible(pool, scenario)
    assert_irreducible(Brute.of(pool, scenario), found.conflict.rules)
    relaxation = found.relaxation
    assert relaxation is not None
    advice = " ".join(relaxation.advice())
    assert "allow z back into the roster" in advice
    assert "raise the budget from 12 to 17" in advice


def test_rotation_rules_relax_by_seats() -> None:
    # 3 sitting members needed of 6 (at most half new), but i2 has served 3 terms (the limit)
    pool = make_pool(
        {"id": i, "country": "KEN", "stakeholder_group": "government", "incumbent": inc,
         "terms": terms, "score": score}
        for i, inc, terms, score in [
            ("i1", "yes", 1, 1), ("i2", "yes", 3, 2), ("i3", "yes", 2, 3), ("n1", "no", 0, 9),
            ("n2", "no", 0, 9), ("n3", "no", 0, 9), ("n4", "no", 0, 9)]
    )  # fmt: skip
    scenario = bound_scenario(
        pool,
        {
            "size": {"min": 6, "max": 6},
            "rotation": {"renew_max_share": "1/2", "max_consecutive_terms": 3},
        },
    )
    found = explain_infeasible(pool, scenario)
    brute = Brute.of(pool, scenario)
    assert_irreducible(brute, found.conflict.rules)
    assert "rotation: not eligible after 3 consecutive terms" in found.conflict.rules
    assert "nobody who has served 3 or more consecutive terms" in found.words
    relaxation = found.relaxation
    assert relaxation is not None and relaxation.proven
    model = ElasticModel(pool, scenario, purpose="relax")
    assert relaxation.total == min(_total_excess(model, rep) for _, rep in brute.rows)
    advice = " ".join(relaxation.advice())
    assert "let 1 member(s) who have served 3 or more consecutive terms stay" in advice


def test_feasible_scenario_has_no_conflict_to_explain() -> None:
    pool = random_pool(6)
    with pytest.raises(ComposerError) as caught:
        explain_infeasible(pool, bound_scenario(pool, {"size": {"max": 3}}))
    assert caught.value.code == "nothing_to_explain"
    assert "feasible" in caught.value.summary
    with pytest.raises(ComposerError, match="no hard rules"):
        explain_infeasible(
            pool,
            bound_scenario(
                pool, {"quota": [{"column": "gender", "min": {"female": 2}, "soft": True}]}
            ),
        )


def test_result_explain_on_infeasible_result() -> None:
    result = run(SPAM, SPAM_SCENARIO)
    explanation = result.explain()
    assert explanation.conflict_irreducible
    assert (
        set(explanation.conflict["rule"]) == set(result.conflict) or len(explanation.conflict) == 3
    )
    assert explanation.conflict_text.startswith("No African members")
    assert explanation.advice and explanation.advice[0].startswith("The smallest change")
    assert set(explanation.relaxation.columns) >= {"rule", "seats", "advice", "alone"}
    assert explanation.members.empty and explanation.prices.empty


def test_cli_explain_infeasible_exit_3(tmp_path: Path) -> None:
    pool = tmp_path / "pool.csv"
    pool.write_text(
        "id,name,country,stakeholder_group,expertise,score\n"
        + "\n".join(
            f"{r['id']},Person {r['id']},{r['country']},{r['stakeholder_group']},"
            f"{r.get('expertise', '')},{r['score']}"
            for r in SPAM_ROWS
        )
        + "\n",
        encoding="utf-8",
    )
    scenario = tmp_path / "s.toml"
    scenario.write_text(
        """
[size]
min = 2
max = 3
[[quota]]
column = "region"
max = { "African" = 0, "Western European and Others" = 1 }
[[cap]]
column = "country"
max_each = 1
[[coverage]]
areas = ["spam"]
min_each = 2
""",
        encoding="utf-8",
    )
    out = tmp_path / "why.json"
    result = CliRunner().invoke(
        app, ["explain", str(scenario), "-n", str(pool), "--json", str(out)]
    )
    assert result.exit_code == 3, result.output
    assert "cannot all hold together" in result.output
    data = json.loads(out.read_text())
    assert data["conflict"]["irreducible"] is True
    assert len(data["conflict"]["rules"]) == 3
    assert data["advice"][0].startswith("The smallest change")
