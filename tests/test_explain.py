"""Why each member is in and why a nominee is out: every answer checked against re-solves and,
on small pools, against a brute-force optimum over every subset (via ``composer.engine.check``)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from helpers import make_pool, run
from test_relax import cases
from typer.testing import CliRunner

import composer
from composer import ComposerError, Explanation, Status
from composer.analysis.explain import explain, top_nominees
from composer.cli.app import app
from composer.engine.check import check
from composer.inputs.examples import bundled_scenario
from composer.rules.scenario import Scenario

WGIG = bundled_scenario("wgig-2004.toml")
runner = CliRunner()


@pytest.fixture(scope="module")
def wgig() -> tuple[composer.Result, Explanation]:
    result = composer.compose(WGIG)
    return result, result.explain(top=10)


def _excluding(scenario: Scenario, ident: str, kind: str) -> Scenario:
    members = scenario.members.model_copy(update={kind: [*getattr(scenario.members, kind), ident]})
    return scenario.model_copy(update={"members": members})


@pytest.mark.slow
def test_members_and_nominees_match_brute_force_on_small_pools() -> None:
    for pool, scenario, brute in cases(feasible=True, count=6):
        result = run(pool, scenario)
        assert result.ok
        best = brute.best(lambda s, r: r.ok)
        assert best is not None and best[0] == tuple(result.selected)
        base = brute.score(best[0])
        outside = [i for i in pool.ids if i not in result.selected]
        explanation = explain(result, nominees=outside, prices=False)
        for row in explanation.members.to_dict("records"):
            m = row["id"]
            alt = brute.best(lambda s, r, m=m: r.ok and m not in s)
            if alt is None:
                assert row["status"] == "infeasible"
                assert "irreplaceable" in row["reason"]
                continue
            assert row["score_change"] == pytest.approx(brute.score(alt[0]) - base)
            assert row["replaced_by"] == "; ".join(sorted(set(alt[0]) - set(best[0])))
            rest = [i for i in result.selected if i != m]
            broken = {r.name for r in check(pool, scenario, rest).failures}
            assert bool(row["needed_for"]) == bool(broken) or "(soft)" in row["needed_for"]
        for row in explanation.nominees.to_dict("records"):
            n = row["id"]
            alt = brute.best(lambda s, r, n=n: r.ok and n in s)
            if alt is None:
                assert row["status"] == "infeasible"
                continue
            assert row["score_change"] == pytest.approx(brute.score(alt[0]) - base)
            assert row["displaces"] == "; ".join(sorted(set(best[0]) - set(alt[0])))


def test_needed_for_names_the_rules_that_fail_without_the_member() -> None:
    # a is the only African and the only spam expert; b and c are interchangeable French members
    pool = make_pool([
        {"id": "a", "country": "KEN", "stakeholder_group": "government", "expertise": "spam",
         "score": 1},
        {"id": "b", "country": "FRA", "stakeholder_group": "government", "score": 9},
        {"id": "c", "country": "DEU", "stakeholder_group": "government", "score": 8},
        {"id": "d", "country": "ITA", "stakeholder_group": "government", "score": 2},
    ])  # fmt: skip
    scenario = {
        "size": {"max": 3},
        "quota": [{"column": "region", "min": {"African": 1}}],
        "coverage": [{"areas": ["spam"], "min_each": 1}],
    }
    result = run(pool, scenario)
    assert result.selected == ["a", "b", "c"]
    members = result.explain().members.set_index("id")
    assert members.at["a", "needed_for"] == "African minimum; spam coverage"
    assert members.at["a", "status"] == "infeasible"
    assert "irreplaceable" in members.at["a", "reason"]
    assert members.at["b", "needed_for"] == ""
    assert members.at["b", "replaced_by"] == "d"
    assert members.at["b", "score_change"] == -7
    assert members.at["b", "reason"] == "needed for no rule; replaceable by d at -7 score"


def test_nominee_kept_out_by_a_cap_names_who_holds_the_seat() -> None:
    pool = make_pool([
        {"id": "n1", "country": "FRA", "stakeholder_group": "government", "score": 9},
        {"id": "n2", "country": "FRA", "stakeholder_group": "government", "score": 8},
        {"id": "n3", "country": "KEN", "stakeholder_group": "government", "score": 5},
    ])  # fmt: skip
    result = run(pool, {"size": {"max": 2}, "cap": [{"column": "country", "max_each": 1}]})
    assert result.selected == ["n1", "n3"]
    row = result.explain(nominees=["n2"]).nominees.set_index("id").loc["n2"]
    assert row["held_by"] == "n1"
    assert row["displaces"] == "n1"
    assert row["score_change"] == -1
    assert row["reason"] == (
        "the roster is full (2 of 2 seats); would exceed 'at most 1 member per country' for "
        "France, held by n1 (score 9); the best roster with them scores 1 less, displacing "
        "n1 (score 9)"
    )


@pytest.mark.slow
def test_wgig_members_are_checked_against_independent_solves(
    wgig: tuple[composer.Result, Explanation],
) -> None:
    result, explanation = wgig
    members = explanation.members.set_index("id")
    assert list(members.index) == result.selected
    assert (members["status"] == "optimal").all()
    assert (members["score_change"] <= 0).all()
    for ident in result.selected[:3]:
        again = composer.solve(result.pool, _excluding(result.scenario, ident, "exclude"))
        row = members.loc[ident]
        assert again.objective["score"] - result.objective["score"] == row["score_change"]
        assert "; ".join(sorted(set(again.selected) - set(result.selected))) == row["replaced_by"]


def test_wgig_nominees_are_checked_against_independent_solves(
    wgig: tuple[composer.Result, Explanation],
) -> None:
    result, explanation = wgig
    nominees = explanation.nominees.set_index("id")
    assert list(nominees.index) == top_nominees(result, 10)
    table = result.pool.table
    for ident in list(nominees.index)[:3]:
        row = nominees.loc[ident]
        again = composer.solve(result.pool, _excluding(result.scenario, ident, "include"))
        assert again.objective["score"] - result.objective["score"] == row["score_change"]
        assert "; ".join(sorted(set(result.selected) - set(again.selected))) == row["displaces"]
        for holder in filter(None, str(row["held_by"]).split("; ")):
            assert holder in result.selected
            assert table.at[holder, "country"] == table.at[ident, "country"]
    # the best-scored nominee left out shares a country with a member: the cap keeps them out
    first = nominees.iloc[0]
    assert "one per country" in first["kept_out_by"] and first["held_by"]


def test_workbook_hooks(wgig: tuple[composer.Result, Explanation]) -> None:
    result, explanation = wgig
    reasons = explanation.not_selected_reasons()
    assert list(reasons.columns) == ["id", "Reason"]
    assert len(reasons) == 10 and reasons["Reason"].str.len().min() > 10
    needed = explanation.needed_for()
    assert list(needed.columns) == ["id", "Needed for"]
    assert list(needed["id"]) == result.selected


def test_reason_column_in_the_shortlist_workbook(
    tmp_path: Path, wgig: tuple[composer.Result, Explanation]
) -> None:
    from openpyxl import load_workbook

    from composer.export.excel import write_shortlist

    result, explanation = wgig
    path = write_shortlist(
        result,
        tmp_path / "shortlist.xlsx",
        not_selected_extra=explanation.not_selected_reasons(),
        internal=True,
    )
    book = load_workbook(path, read_only=True)
    try:
        rows = [list(r) for r in book["Not selected"].iter_rows(values_only=True)]
    finally:
        book.close()  # a read-only workbook keeps its file open until closed
    header = next(r for r in rows if "Reason" in r)
    column = header.index("Reason")
    reasons = [r[column] for r in rows[rows.index(header) + 1 :] if r[column]]
    assert len(reasons) == 10
    assert set(reasons) == set(explanation.nominees["reason"])


def test_explanation_json_and_html(
    tmp_path: Path, wgig: tuple[composer.Result, Explanation]
) -> None:
    _, explanation = wgig
    path = tmp_path / "why.json"
    explanation.to_json(path)
    data = json.loads(path.read_text())
    assert len(data["members"]) == 40 and len(data["nominees"]) == 10
    assert data["price_of_balance"]["price"] >= 0
    with pytest.raises(ComposerError, match="exists"):
        explanation.to_json(path)
    html = explanation._repr_html_()
    assert "Why each member is in" in html and "The price of each rule" in html


def test_same_answers_with_two_threads(wgig: tuple[composer.Result, Explanation]) -> None:
    result, explanation = wgig
    again = result.explain(members=result.selected[:12], top=4, prices=False, workers=2)
    pd.testing.assert_frame_equal(
        again.members.reset_index(drop=True),
        explanation.members.iloc[:12].reset_index(drop=True),
    )
    pd.testing.assert_frame_equal(again.nominees, explanation.nominees.iloc[:4])


def test_bad_ids_say_what_to_do(wgig: tuple[composer.Result, Explanation]) -> None:
    result, _ = wgig
    with pytest.raises(ComposerError) as caught:
        result.explain(nominees=["N-9999"], prices=False)
    assert caught.value.code == "unknown_id"
    assert "N-9999" in str(caught.value)
    with pytest.raises(ComposerError) as caught:
        result.explain(members=["N-21O"], prices=False)
    assert "did you mean" in str(caught.value)
    outsider = top_nominees(result, 1)[0]
    with pytest.raises(ComposerError) as caught:
        result.explain(members=[outsider], prices=False)
    assert caught.value.code == "wrong_side" and "--nominee" in str(caught.value)


def test_excluded_nominee_and_no_hard_rules() -> None:
    pool = make_pool([
        {"id": "p", "country": "KEN", "stakeholder_group": "government", "score": 3},
        {"id": "q", "country": "FRA", "stakeholder_group": "government", "score": 2},
    ])  # fmt: skip
    result = run(pool, {"members": {"exclude": ["p"]}})
    row = result.explain(nominees=["p"]).nominees.iloc[0]
    assert row["status"] == "excluded" and "members.exclude" in row["reason"]
    soft = run(pool, {"quota": [{"column": "gender", "min": {"female": 1}, "soft": True}]})
    explanation = soft.explain()
    assert explanation.prices.empty
    assert "no hard rules" in " ".join(explanation.notes)


def test_unknown_status_cannot_be_explained() -> None:
    pool = make_pool([{"id": "p", "country": "KEN", "stakeholder_group": "government"}])
    result = run(pool, {})
    result.status = Status.UNKNOWN
    with pytest.raises(ComposerError, match="no roster to explain"):
        result.explain()


def test_cli_explain(tmp_path: Path) -> None:
    out = tmp_path / "why.json"
    result = runner.invoke(
        app,
        [
            "explain",
            str(WGIG),
            "--member",
            "N-016",
            "--nominee",
            "N-210",
            "--no-prices",
            "--json",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Why each member is in" in result.output and "N-210" in result.output
    data = json.loads(out.read_text())
    assert [m["id"] for m in data["members"]] == ["N-016"]
    again = runner.invoke(app, ["explain", str(WGIG), "--nominee", "N-210", "--json", str(out)])
    assert again.exit_code == 2 and "--force" in again.output
    bad = runner.invoke(app, ["explain", str(WGIG), "--nominee", "N-9999", "--no-prices"])
    assert bad.exit_code == 2 and "N-9999" in bad.output
    assert "Traceback" not in bad.output
