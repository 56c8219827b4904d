"""Ex-officio members: in the body by office; by default counted by no rule.

The small pool is ``BASE`` of test_model_rules (a..h, scores 10..3; women: a, c, e, g).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import make_pool, rule, run
from test_model_rules import BASE, both, infeasible, optimal
from test_scenario import at, problems

from composer.engine.check import check
from composer.export.report import build_statement
from composer.export.sheets import not_selected_frame, shortlist_frame
from composer.rules.bind import bind
from composer.rules.scenario import load_scenario

CHAIR = {"members": {"ex_officio": ["a"]}}


def test_not_counted_in_size_or_score() -> None:
    # a sits ex officio: the two seats go to the best others, b and c (score 17, a not counted)
    result = both(BASE, {"size": {"max": 2}, **CHAIR})
    optimal(result, ["b", "c"], 17)
    assert result.ex_officio == ["a"]
    assert rule(result.report, "size <= 2").achieved == 2
    assert result.to_dict()["ex_officio"] == {"ids": ["a"], "counted": False}


def test_not_counted_in_quotas() -> None:
    # a is a woman, but two more women are needed among the selected: c and e
    scenario = {"size": {"max": 2}, "quota": [{"column": "gender", "min": {"female": 2}}], **CHAIR}
    optimal(both(BASE, scenario), ["c", "e"], 14)


def test_counted_like_a_fixed_member() -> None:
    scenario = {
        "size": {"max": 2},
        "members": {"ex_officio": ["h"], "ex_officio_counted": True},
    }
    result = both(BASE, scenario)
    optimal(result, ["a", "h"], 13)
    assert result.ex_officio == []
    assert rule(result.report, "ex officio h").met
    assert result.to_dict()["ex_officio"] == {"ids": ["h"], "counted": True}


def test_counted_ex_officio_above_the_size_is_infeasible() -> None:
    scenario = {
        "size": {"max": 1},
        "members": {"ex_officio": ["g", "h"], "ex_officio_counted": True},
    }
    infeasible(both(BASE, scenario), {"size <= 1", "ex officio g", "ex officio h"})


def test_the_checker_refuses_them_in_a_roster() -> None:
    scenario = bind(load_scenario(CHAIR), BASE)
    assert check(BASE, scenario, ["b", "c"]).ok
    with pytest.raises(ValueError, match="ex-officio members outside the selection"):
        check(BASE, scenario, ["a", "b"])


def test_bad_input() -> None:
    found = problems({"members": {"ex_officio": ["aa"]}}, BASE)
    assert at(found, "members.ex_officio").fix == "did you mean 'a'?"
    assert (
        "both ex officio and excluded: a"
        in at(problems({"members": {"ex_officio": ["a"], "exclude": ["a"]}}), "members").message
    )
    assert (
        "listed twice" in at(problems({"members": {"ex_officio": ["a", "a"]}}), "members").message
    )
    grouped = at(problems({**CHAIR, "apart": [{"ids": ["a", "b"]}]}, BASE), "apart[1].ids")
    assert grouped.message == "a sit(s) ex officio, outside the selection"


def test_ex_officio_sharing_a_person_is_an_error() -> None:
    pool = make_pool([{"id": "a", "person_id": "P"}, {"id": "b", "person_id": "P"}, {"id": "c"}])
    scenario = {**CHAIR, "person": {"column": "person_id"}}
    found = at(problems(scenario, pool), "members.ex_officio")
    assert found.message == "a sits ex officio, but rows b are the same person (person_id 'P')"
    assert found.fix == "add b to members.exclude, or remove those rows"


def test_workbook_and_statement_mark_them(tmp_path: Path) -> None:
    result = run(BASE, {"size": {"max": 2}, **CHAIR})
    shortlist = shortlist_frame(result)
    seats = dict(zip(shortlist["id"], shortlist["Seat"], strict=True))
    assert seats == {"a": "ex officio (not counted in the rules)", "b": "selected", "c": "selected"}
    assert list(shortlist.columns).index("Seat") == list(shortlist.columns).index("name") + 1
    assert "a" not in set(not_selected_frame(result)["id"])
    statement = build_statement(result)
    assert ("Ex officio (not counted in the rules)", "Nominee a (a)") in statement.facts
    assert dict(zip(statement.members["Id"], statement.members["Seat"], strict=True))["a"] == (
        "ex officio (not counted in the rules)"
    )


def test_explain_and_reserves_leave_them_alone() -> None:
    from composer.analysis.reserves import reserves

    result = run(BASE, {"size": {"max": 3}, **CHAIR})
    explanation = result.explain()
    assert "a" not in set(explanation.nominees["id"])
    found = reserves(result, per_member=8)
    assert "a" not in set(found.frame()["replacement"].dropna())


def test_the_console_names_ex_officio_members_and_role_holders() -> None:
    from rich.console import Console

    from composer.analysis.summary import result_panel

    co_chairs = {"name": "co-chair", "seats": 2,
                 "quota": [{"column": "developing", "min": {"yes": 1, "no": 1}}]}  # fmt: skip
    scenario = {"size": {"max": 4}, "members": {"ex_officio": ["h"]}, "role": [co_chairs]}
    result = run(BASE, {**scenario, "objective": {"seat_price": 1}})
    console = Console(record=True, width=120)
    console.print(result_panel(result))
    text = console.export_text()
    assert "4 members  |  score 34  |  net of the seat price 30" in text
    # people by name and id
    assert "Ex officio, not counted in the rules: Nominee h (h)" in text
    assert "Role co-chair: Nominee a (a), Nominee d (d)" in text


def test_the_lottery_draws_the_selection_only() -> None:
    from helpers import random_pool

    from composer.analysis.lottery import lottery

    pool = random_pool(10, seed=3)
    scenario = {
        "size": {"min": 2, "max": 4},
        "members": {"ex_officio": ["n00"]},
        "objective": {"maximise": "", "size": "smallest"},
    }
    lot = lottery(pool, scenario, seed="2026-12-03")
    assert len(lot.selected) == 2 and "n00" not in lot.selected
    assert lot.min_probability == pytest.approx(2 / 9, abs=1e-6)  # 9 candidates, 2 seats
