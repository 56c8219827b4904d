"""The person column: one person on several rows fills at most one seat.

Micro-models feasible and infeasible, the checker, words, bad input and the reserve screen.
Every expected roster is worked out by hand in the comments.
"""

from __future__ import annotations

import random
from typing import Any

import pytest
from helpers import make_pool, random_rows, rule, run
from test_model_rules import both, infeasible, optimal
from test_reserves import _brute
from test_scenario import at, problems

from composer.analysis.reserves import reserves
from composer.engine.check import check
from composer.rules.bind import bind
from composer.rules.scenario import load_scenario
from composer.rules.words import rule_label, rule_phrase

# P1 is a dual citizen nominated twice (KEN and FRA); P2 has two candidacies; e and f have
# no person id (each a person of their own)
ROWS = [
    ("a", "P1", "KEN", "female", 10, "X"),
    ("b", "P1", "FRA", "female", 9, "Y"),
    ("c", "P2", "IND", "male", 8, "X"),
    ("d", "P2", "IND", "male", 7, "Z"),
    ("e", "", "BRA", "male", 6, "Y"),
    ("f", "", "POL", "female", 5, "Z"),
]
POOL = make_pool(
    {"id": i, "person_id": p, "country": c, "gender": g, "score": s, "nominated_by": n}
    for i, p, c, g, s, n in ROWS
)
PERSON = {"person": {"column": "person_id"}}


def test_without_the_rule_a_person_can_take_two_seats() -> None:
    optimal(both(POOL, {"size": {"max": 3}}), ["a", "b", "c"], 27)


def test_one_seat_per_person() -> None:
    # a (P1) and c (P2), then the best person of their own, e
    result = both(POOL, {"size": {"max": 3}, **PERSON})
    optimal(result, ["a", "c", "e"], 24)
    check_ = rule(result.report, "one row per person_id")
    assert (check_.met, check_.achieved, check_.bound) == (True, 1, "at most 1 row per person")


def test_a_dual_citizen_serves_under_the_other_citizenship() -> None:
    # a Western European member is needed: only b (P1's French row) is one
    scenario = {
        "size": {"max": 3},
        "quota": [{"column": "region", "min": {"Western European and Others": 1}}],
        **PERSON,
    }
    optimal(both(POOL, scenario), ["b", "c", "e"], 23)


def test_two_fixed_rows_of_one_person_are_infeasible() -> None:
    result = both(POOL, {"members": {"include": ["a", "b"]}, **PERSON})
    infeasible(result, {"one row per person_id", "include a", "include b"})
    assert "rows of one person (person_id 'P1')" in result.conflict_reason


def test_more_seats_than_persons_is_infeasible() -> None:
    # six rows but four persons (P1, P2, e, f)
    result = both(POOL, {"size": {"min": 5}, **PERSON})
    infeasible(result, {"size >= 5", "one row per person_id"})
    assert any("let one person hold 2 seats" in a for a in result.advice)


def test_checker_counts_rows_beyond_one() -> None:
    scenario = bind(load_scenario(PERSON), POOL)
    report = check(POOL, scenario, ["a", "b", "c", "d", "e", "f"])
    person = rule(report, "one row per person_id")
    assert (person.met, person.achieved, person.shortfall) == (False, 2, 2)
    assert check(POOL, scenario, ["a", "c", "e", "f"]).ok


def test_words() -> None:
    bound = load_scenario(PERSON).bounds()[0]
    assert rule_phrase(bound) == "each person (person id) in at most one seat"
    assert rule_label(bound) == "one seat per person"


def test_rows_that_disagree_on_gender_are_an_error() -> None:
    cells = [("a", "P1", "female"), ("b", "P1", "male"), ("c", "P2", "male"), ("d", "P2", "")]
    pool = make_pool(dict(zip(("id", "person_id", "gender"), r, strict=True)) for r in cells)
    found = at(problems(PERSON, pool), "person.same")
    assert found.message == (  # an empty gender reads as undisclosed
        "2 person(s) have rows that disagree on 'gender': P1 (row 2 'female', row 3 'male'); "
        "P2 (row 4 'male', row 5 'undisclosed')"
    )
    assert "leave it out of person.same" in found.fix
    # listed by hand, the columns that must agree replace the default
    assert bind(load_scenario({"person": {"column": "person_id", "same": []}}), pool)


def test_same_names_columns_that_must_agree() -> None:
    found = at(
        problems({"person": {"column": "person_id", "same": ["country"]}}, POOL), "person.same"
    )
    assert "disagree on 'country': P1 (row 2 'KEN', row 3 'FRA')" in found.message
    # nominated_by differs for P2, but it is not listed: no error
    assert bind(load_scenario({"person": {"column": "person_id", "same": ["gender"]}}), POOL)


@pytest.mark.parametrize(
    ("data", "key", "text"),
    [
        ({"person": {"column": "persn_id"}}, "person.column", "no column 'persn_id'"),
        ({"person": {"column": "person_id", "same": ["gendr"]}}, "person.same", "'gendr'"),
        ({"person": {"column": "id"}}, "person.column", "cannot count by 'id'"),
    ],
)
def test_unknown_columns(data: dict[str, Any], key: str, text: str) -> None:
    assert text in at(problems(data, POOL), key).message


def test_the_person_table_is_checked_on_load() -> None:
    assert "column" in at(problems({"person": {}}), "person.column").message
    assert "unknown key 'colum'" in at(problems({"person": {"colum": "x"}}), "person.colum").message


@pytest.mark.parametrize("seed", range(3))
def test_reserve_screen_agrees_with_the_checker(seed: int) -> None:
    rnd = random.Random(seed)
    rows = random_rows(rnd, 12)
    for row in rows:
        row["person_id"] = rnd.choice(["", "", "P1", "P2", "P3"])
    pool = make_pool(rows)
    scenario = {
        "size": {"min": 4, "max": 5},
        "person": {"column": "person_id", "same": []},
        "cap": [{"column": "country", "max_each": 2}],
    }
    result = run(pool, scenario)
    assert result.ok
    found = reserves(result, per_member=len(pool))
    assert found.rejected == [] and found.stats["screen_complete"]
    listed = {
        (row["member"], row["replacement"]): row["soft_shortfall"]
        for row in found.frame().to_dict("records")
        if isinstance(row["replacement"], str)
    }
    assert listed == _brute(result)


def test_the_reader_is_told_the_columns_the_new_keys_name() -> None:
    from composer.rules.needs import needs_of

    scenario = load_scenario(
        {
            "person": {"column": "person_id", "same": ["gender"]},
            "role": [{"name": "chair", "seats": 1, "where": {"sector": "x"},
                      "quota": [{"column": "region", "min": {"African": 1}}]}],
        }
    )  # fmt: skip
    assert needs_of(scenario).columns == {
        "person_id": "person.column",
        "gender": "person.same",
        "sector": "role[1].where.sector",
        "region": "role[1].quota[1].column",
    }
