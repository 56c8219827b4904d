"""The price of each hard rule and of balance, against independent solves and brute force."""

from __future__ import annotations

import pytest
from helpers import restrict, run, scenario_from_bounds
from test_relax import cases

import composer
from composer import Explanation
from composer.analysis.elastic import ElasticModel
from composer.analysis.explain import explain
from composer.analysis.price import BALANCE_FAMILIES
from composer.examples import bundled_scenario
from composer.scenario import Bound

WGIG = bundled_scenario("wgig-2004.toml")


def test_prices_match_brute_force_on_small_pools() -> None:
    for pool, scenario, brute in cases(feasible=True, count=6):
        result = run(pool, scenario)
        explanation = explain(result, members=[], nominees=[])
        model = ElasticModel(pool, scenario)
        best = brute.best(lambda s, r: r.ok)
        assert best is not None
        base = brute.score(best[0])
        prices = explanation.prices.set_index("rule")
        assert len(prices) == len(model.hard)
        for bound in model.hard:
            row = prices.loc[bound.name]
            dropped = brute.best(lambda s, r, b=bound: {f.name for f in r.failures} <= {b.name})
            assert dropped is not None
            assert row["gain_if_dropped"] == pytest.approx(brute.score(dropped[0]) - base)

            def one_seat(
                s: tuple[str, ...],
                r: composer.CheckReport,
                b: Bound = bound,
                m: ElasticModel = model,
            ) -> bool:
                return all(f.name == b.name and m.excess(f) <= 1 for f in r.failures)

            loosened = brute.best(one_seat)
            assert loosened is not None
            assert row["gain_if_loosened"] == pytest.approx(brute.score(loosened[0]) - base)
        gains = list(explanation.prices["gain_if_dropped"])
        assert gains == sorted(gains, reverse=True)


@pytest.fixture(scope="module")
def wgig() -> tuple[composer.Result, Explanation]:
    result = composer.compose(WGIG)
    return result, result.explain(members=[], nominees=[])


def test_wgig_prices_match_solves_without_the_rule(
    wgig: tuple[composer.Result, Explanation],
) -> None:
    result, explanation = wgig
    prices = explanation.prices.set_index("rule")
    bounds = {b.name: b for b in result.scenario.bounds()}
    for name in (
        "one per country",
        "stakeholder thirds (government >= 30%)",
        "all regions (Western European and Others <= 12)",
        "size >= 30",
    ):
        others = [n for n in bounds if n != name]
        again = run(result.pool, restrict(result.scenario, others))
        gain = again.objective["score"] - result.objective["score"]
        assert prices.at[name, "gain_if_dropped"] == gain
    # moved by one seat: a count bound one seat looser, solved as a scenario of its own
    for name, looser in (
        ("one per country", 2),
        ("all regions (Western European and Others <= 12)", 13),
    ):
        moved = [
            Bound(**{**b.__dict__, "amount": looser}) if b.name == name else b
            for b in bounds.values()
        ]
        again = run(result.pool, scenario_from_bounds(moved))
        assert prices.at[name, "gain_if_loosened"] == (
            again.objective["score"] - result.objective["score"]
        )
    top = explanation.prices.iloc[0]
    assert top["gain_if_dropped"] == explanation.prices["gain_if_dropped"].max()
    assert prices.at["one per country", "loosened"] == "2 per country instead of 1"


def test_price_of_balance_drops_every_balance_rule_together(
    wgig: tuple[composer.Result, Explanation],
) -> None:
    result, explanation = wgig
    balance = explanation.balance
    assert balance is not None
    kept = [b.name for b in result.scenario.bounds() if b.soft or b.family not in BALANCE_FAMILIES]
    free = run(result.pool, restrict(result.scenario, kept))
    assert balance.score_without_balance == free.objective["score"]
    assert balance.price == free.objective["score"] - result.objective["score"]
    assert balance.price >= 0 and 0 <= balance.percent < 100
