"""The rules' rows (``composer.rules.families``) hold exactly when the independent checker says
the rule holds, on random small pools and scenarios of every family (the oracle's draws).

The rows are what the CP-SAT model, the elastic model and the reserves screen read; the
checker is the specification.  For a soft rule the slack the rows need is the checker's
shortfall (seats missing).
"""

from __future__ import annotations

import random
from typing import Any

import numpy as np
import pytest
from helpers import make_pool
from hypothesis import given
from oracle_cases import cases, oracle_settings

from composer import load_scenario
from composer.engine.check import check
from composer.rules.bind import bind
from composer.rules.ex_officio import uncounted
from composer.rules.families import ROW_FAMILIES, rule_rows
from composer.rules.rows import Row, RowSpace, RuleRows, Term, row_values, slack_needed


def _rosters(ids: list[str], seed: int) -> list[list[str]]:
    """Every roster of a pool of at most 8, else 200 random ones (and the empty and full)."""
    if len(ids) <= 8:
        return [[i for k, i in enumerate(ids) if mask >> k & 1] for mask in range(2 ** len(ids))]
    rnd = random.Random(seed)
    return [[], list(ids), *([i for i in ids if rnd.random() < 0.5] for _ in range(200))]


@pytest.mark.slow
@oracle_settings(120)
@given(cases())
def test_rows_hold_exactly_when_the_checker_says_so(
    case: tuple[list[dict[str, Any]], dict[str, Any], int],
) -> None:
    rows, data, seed = case
    pool = make_pool(rows)
    scenario = bind(load_scenario(data), pool)
    outside = uncounted(scenario)
    ids = [i for i in pool.ids if i not in outside]
    space = RowSpace.of(pool, ids)
    compiled = [r for r in (rule_rows(b, space) for b in scenario.bounds()) if r is not None]
    position = {i: k for k, i in enumerate(pool.ids)}
    for roster in _rosters(ids, seed):
        selected = np.zeros(len(pool), dtype=np.int64)
        selected[[position[i] for i in roster]] = 1
        report = {r.name: r for r in check(pool, scenario, roster).rules}
        for rule in compiled:
            verdict, need = report[rule.bound.name], slack_needed(rule, selected)
            assert (need == 0) == verdict.met, (rule.bound, roster, need, verdict)
            if rule.bound.soft:
                assert need == verdict.shortfall, (rule.bound, roster, need, verdict)
            assert need <= max(rule.limit, 0) or not verdict.met, (rule.bound, roster)


def test_every_row_family_compiles_in_the_family_examples() -> None:
    from test_families import EXAMPLES, POOL

    seen = set()
    for family, example in EXAMPLES.items():
        scenario = bind(load_scenario({"size": {"max": 3}, **example}), POOL)
        for bound in scenario.bounds():
            rows = rule_rows(bound, RowSpace.of(POOL))
            assert (rows is None) == (bound.family not in ROW_FAMILIES), bound
            if rows is not None:
                seen.add(bound.family)
        assert family in seen or family not in ROW_FAMILIES, family
    assert seen == set(ROW_FAMILIES)


def test_a_share_row_is_exact_in_integers() -> None:
    pool = make_pool(
        {"id": i, "country": "KEN", "stakeholder_group": g, "gender": s, "score": 1}
        for i, g, s in [("a", "government", "female"), ("b", "civil_society", "male"),
                        ("c", "government", "male")]
    )  # fmt: skip
    scenario = bind(load_scenario({"quota": [{"column": "gender",
                                              "min_share": {"female": "1/3"}}]}), pool)  # fmt: skip
    (bound,) = [b for b in scenario.bounds() if b.family == "quota"]
    rows = rule_rows(bound, RowSpace.of(pool))
    assert rows is not None
    (row,) = rows.rows
    # 3 * female - 1 * everyone >= 0, one seat of slack counting 3
    assert [k for k, _ in row.terms] == [3, -1] and row.lower and row.rhs == 0 and row.unit == 3
    assert row_values(row, 3).tolist() == [2, -1, -1]
    assert slack_needed(rows, np.asarray([0, 1, 1])) == 1  # no woman among 2: one seat short
    assert slack_needed(rows, np.asarray([1, 1, 1])) == 0  # 1 of 3 is exactly a third


def test_slack_counts_whole_units() -> None:
    term = Term(np.asarray([0, 1]), None, np.asarray([150, 250]))
    rows = RuleRows(_bound(), (Row(((1, term),), False, 300, unit=100),), 1)
    assert slack_needed(rows, np.asarray([1, 1])) == 1  # 400 against 300: one unit of 100
    assert slack_needed(rows, np.asarray([0, 1])) == 0


def _bound() -> Any:
    from composer.rules.bounds import Bound

    return Bound("budget <= 300", "budget", 0, "budget", "travel_cost", None, 300)


@pytest.mark.parametrize("family", sorted(ROW_FAMILIES))
def test_each_row_family_names_its_rows(family: str) -> None:
    from test_families import EXAMPLES, POOL

    scenario = bind(load_scenario({"size": {"max": 3}, **EXAMPLES[family]}), POOL)
    for bound in (b for b in scenario.bounds() if b.family == family):
        rows = rule_rows(bound, RowSpace.of(POOL))
        assert rows is not None and rows.limit >= 0
        parts = [r.part for r in rows.rows]
        assert len(parts) == len(set(parts)), parts  # each row of an atom has its own name
