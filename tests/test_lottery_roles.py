"""The lottery draws role holders with the roster: every turn checked, chances per role.

The pool is seven nominees, four from developing countries (KEN, NGA, IND, BRA) and three
not (FRA, POL, DEU), for a body of three with two co-chairs (one developed, one developing)
and, in some tests, a chair outside the selection.  Every roster and holder set is
enumerated by hand-written rules below (no solver), and every chance recomputed from the JSON.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import random
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from composer import Pool, lottery
from composer.analysis.lottery_draw import UNITS, ticket
from composer.analysis.lottery_result import Lottery
from composer.engine.check import check
from composer.export.probabilities import role_column
from tests.helpers import bound_scenario, make_pool

COUNTRIES = ["KEN", "NGA", "IND", "FRA", "BRA", "POL", "DEU"]
DEVELOPING = {"KEN", "NGA", "IND", "BRA"}
ROWS = [{"id": f"n{k}", "country": c} for k, c in enumerate(COUNTRIES)]
CO_CHAIRS = {
    "name": "co-chair",
    "seats": 2,
    "quota": [{"column": "developing", "min": {"yes": 1, "no": 1}}],
}
CHAIR = {"name": "chair", "seats": 1, "counted": False}


def scenario(*roles: dict[str, Any]) -> dict[str, Any]:
    """A body of three with ``roles``."""
    return {"name": "roles", "size": {"min": 3, "max": 3}, "role": list(roles)}


def developing(ident: str) -> bool:
    """Whether nominee ``ident`` is from a developing country."""
    return COUNTRIES[int(ident[1:])] in DEVELOPING


def co_chair_sets(roster: tuple[str, ...]) -> set[tuple[str, ...]]:
    """Every pair of the roster with one developing and one developed member."""
    return {
        pair
        for pair in itertools.combinations(sorted(roster), 2)
        if developing(pair[0]) != developing(pair[1])
    }


def legal_rosters() -> set[tuple[str, ...]]:
    """Every roster of three that can seat the co-chairs."""
    ids = [row["id"] for row in ROWS]
    return {r for r in itertools.combinations(ids, 3) if co_chair_sets(r)}


def draw(pool: Pool, *roles: dict[str, Any], seed: str = "2026-12-04") -> Lottery:
    """A maximin lottery over the pool with ``roles``, drawn with ``seed``."""
    lot = lottery(pool, scenario(*roles), seed=seed, time_limit=60)
    assert lot.ok
    return lot


def test_every_roster_carries_co_chairs_that_keep_the_rules() -> None:
    pool = make_pool(ROWS)
    lot = draw(pool, CO_CHAIRS)
    data = lot.to_dict()
    bound = bound_scenario(pool, scenario(CO_CHAIRS))
    for entry in data["distribution"]:
        roster = tuple(entry["roster"])
        assert roster in legal_rosters()
        assert sum(turn["units"] for turn in entry["holders"]) == entry["units"]
        valid = co_chair_sets(roster)
        for turn in entry["holders"]:
            pair = tuple(turn["roles"]["co-chair"])
            assert pair in valid
            assert check(pool, bound, roster, inside=turn["roles"]).ok
        held = {i for turn in entry["holders"] for i in turn["roles"]["co-chair"]}
        assert held == {i for pair in valid for i in pair}  # everyone who can, in turn
    chances = lot.role_probabilities["co-chair"]
    assert sum(chances.values()) == 2
    assert lot.result is not None and lot.roles == lot.result.roles
    assert tuple(lot.roles["co-chair"]) in co_chair_sets(tuple(lot.selected))


def test_role_chances_match_an_enumeration_of_the_published_turns() -> None:
    pool = make_pool(ROWS)
    lot = draw(pool, CO_CHAIRS, CHAIR)
    data = json.loads(lot.to_json())
    units: dict[str, dict[str, int]] = {"co-chair": {}, "chair": {}}
    for entry in data["distribution"]:
        roster = tuple(entry["roster"])
        outside = [row["id"] for row in ROWS if row["id"] not in roster]
        for turn in entry["holders"]:
            assert tuple(turn["roles"]["co-chair"]) in co_chair_sets(roster)
            (chair,) = turn["roles"]["chair"]
            assert chair in outside
            for role, ids in turn["roles"].items():
                for ident in ids:
                    units[role][ident] = units[role].get(ident, 0) + turn["units"]
    for role, seats in (("co-chair", 2), ("chair", 1)):
        expected = {row["id"]: units[role].get(row["id"], 0) / UNITS for row in ROWS}
        assert data["role_probabilities"][role] == pytest.approx(expected, abs=0)
        assert sum(lot.role_probabilities[role].values()) == seats
    # every nominee is selected with chance 3/7 and so outside with 4/7; the chair goes
    # round those outside, each turn to the one who held it least: 1/7 each, to a unit
    assert all(
        abs(p - Fraction(1, 7)) < Fraction(4, UNITS)
        for p in lot.role_probabilities["chair"].values()
    )


def redraw(data: dict[str, Any]) -> tuple[int, int]:
    """The roster and turn the seed's ticket falls on, from the JSON alone."""
    number, running = ticket(data["seed"]), 0
    for index, entry in enumerate(data["distribution"]):
        for turn, holders in enumerate(entry["holders"]):
            running += holders["units"]
            if number < running:
                return index, turn
    raise AssertionError("the units do not add up")


def test_the_ticket_draws_the_roster_and_its_holders() -> None:
    lot = draw(make_pool(ROWS), CO_CHAIRS, CHAIR, seed="public 4 17 23")
    data = lot.to_dict()
    index, turn = redraw(data)
    assert (index, turn) == (data["drawn_roster"], data["drawn_turn"])
    holders = data["distribution"][index]["holders"][turn]["roles"]
    assert data["roles"] == holders == lot.roles
    assert lot.result is not None
    assert lot.result.roles == holders and lot.result.to_dict()["roles"] == holders
    assert lot.result.seated_outside == holders["chair"]


def _digest(lot: Lottery) -> str:
    """The sha256 of the JSON distribution (rosters, units and holders)."""
    text = json.dumps(lot.to_dict()["distribution"], sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def test_same_holders_whatever_the_row_order() -> None:
    first = draw(make_pool(ROWS), CO_CHAIRS, CHAIR)
    for seed in (1, 2):
        rows = ROWS[:]
        random.Random(seed).shuffle(rows)
        again = draw(make_pool(rows), CO_CHAIRS, CHAIR)
        assert _digest(again) == _digest(first)
        assert again.to_dict()["role_probabilities"] == first.to_dict()["role_probabilities"]
        assert (again.selected, again.roles) == (first.selected, first.roles)


def test_a_role_filled_later_names_no_holders() -> None:
    lot = draw(make_pool(ROWS), {**CO_CHAIRS, "filled_later": True})
    data = lot.to_dict()
    assert lot.role_probabilities == {} and lot.roles == {}
    assert "holders" not in data["distribution"][0] and "role_probabilities" not in data


def test_the_probabilities_sheet_has_a_column_per_role(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    lot = draw(make_pool(ROWS), CO_CHAIRS, CHAIR)
    path = lot.to_excel(tmp_path / "lot.xlsx")
    workbook = load_workbook(path, read_only=True)
    try:
        rows = list(workbook["Probabilities"].iter_rows(values_only=True))
    finally:
        workbook.close()
    header = list(rows[0])
    assert header[-2:] == [role_column("co-chair"), role_column("chair")]
    assert role_column("chair") == "Probability chair"
    ids = header.index("Id")
    for role in ("co-chair", "chair"):
        column = header.index(role_column(role))
        read = {row[ids]: row[column] for row in rows[1:]}
        chances = lot.role_probabilities[role]
        assert read == pytest.approx({i: float(p) for i, p in chances.items()})
    assert sum(row[header.index(role_column("co-chair"))] for row in rows[1:]) == pytest.approx(2)


def test_the_checker_rejects_holders_that_break_a_role_rule() -> None:
    pool = make_pool(ROWS)
    bound = bound_scenario(pool, scenario(CO_CHAIRS, CHAIR))
    roster = ["n0", "n1", "n3"]  # KEN, NGA developing; FRA not
    assert check(
        pool, bound, roster, inside={"co-chair": ["n0", "n3"]}, outside={"chair": ["n2"]}
    ).ok
    for inside, outside in (
        ({"co-chair": ["n0", "n1"]}, {"chair": ["n2"]}),  # both developing
        ({"co-chair": ["n0", "n4"]}, {"chair": ["n2"]}),  # n4 is not a member
        ({"co-chair": ["n0", "n3"]}, {"chair": ["n1"]}),  # the chair sits outside
    ):
        report = check(pool, bound, roster, inside=inside, outside=outside)
        assert not report.ok and report.failures
