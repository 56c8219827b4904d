"""The price of each hard rule and of balance, against independent solves and brute force."""

from __future__ import annotations

import pytest
from helpers import bound_scenario, make_pool, restrict, run, scenario_from_bounds
from test_relax import Brute, cases

import composer
from composer import Explanation
from composer.analysis.explain import explain
from composer.analysis.price import BALANCE_FAMILIES
from composer.engine.elastic import ElasticModel
from composer.inputs.examples import bundled_scenario
from composer.rules.scenario import Bound

WGIG = bundled_scenario("wgig-2004.toml")


@pytest.mark.slow
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


@pytest.mark.slow
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


def test_rotation_prices_match_brute_force() -> None:
    pool = make_pool(
        {"id": i, "country": "KEN", "stakeholder_group": "government", "incumbent": inc,
         "terms": terms, "score": score}
        for i, inc, terms, score in [
            ("i1", "yes", 1, 20), ("i2", "yes", 2, 19), ("i3", "yes", 3, 18), ("i4", "yes", 1, 17),
            ("n1", "no", 0, 9), ("n2", "no", 0, 8), ("n3", "no", 0, 7)]
    )  # fmt: skip
    scenario = bound_scenario(
        pool,
        {
            "size": {"min": 4, "max": 4},
            "rotation": {"renew_min_share": "1/2", "max_consecutive_terms": 3},
        },
    )
    result = run(pool, scenario)
    brute = Brute.of(pool, scenario)
    prices = explain(result, members=[], nominees=[]).prices.set_index("rule")
    base = brute.score(tuple(result.selected))
    for name in (
        "rotation: new members >= 50%",
        "rotation: not eligible after 3 consecutive terms",
    ):
        dropped = brute.best(lambda s, r, n=name: {f.name for f in r.failures} <= {n})
        assert dropped is not None
        assert prices.at[name, "gain_if_dropped"] == brute.score(dropped[0]) - base
    # i1, i2, n1, n2 (56); without the renewal share i4 (17) replaces n2 (8): +9
    assert prices.at["rotation: new members >= 50%", "gain_if_dropped"] == 9
    assert prices.at["rotation: not eligible after 3 consecutive terms", "loosened"] == (
        "1 member past the term limit allowed"
    )
