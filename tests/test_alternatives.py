"""Alternative rosters: pairwise different, inside the score band, and greedy-optimal.

The brute force enumerates every roster of a small pool (n <= 12) that the independent checker
accepts and replays the documented greedy rule: roster j + 1 is the best roster, in the
scenario's order (least soft shortfall, most merit, tie-break priorities), among those that
differ from each earlier roster by at least d, score at least (1 - within) of the best, and
miss the soft rules by no more than the best.
"""

from __future__ import annotations

import json
from fractions import Fraction
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest
from helpers import bound_scenario, make_pool, random_pool
from typer.testing import CliRunner

from composer import ComposerError, Pool, Status, alternatives, load_scenario
from composer.analysis.alternatives import differs_by
from composer.cli.app import app
from composer.engine.check import check
from composer.engine.objective import tie_priorities
from composer.inputs.examples import bundled_scenario

runner = CliRunner()
WGIG = bundled_scenario("wgig-2004.toml")

SCENARIOS: list[dict[str, Any]] = [
    # a size range, so rosters of different sizes compete
    {
        "size": {"min": 3, "max": 5},
        "quota": [{"column": "stakeholder_group", "max": {"government": 2}}],
        "cap": [{"column": "country", "max_each": 2}],
    },
    # a soft rule and a coverage rule
    {
        "size": {"min": 4, "max": 4},
        "quota": [
            {"column": "gender", "min_share": {"female": "1/2"}, "soft": True, "weight": 7}
        ],
        "coverage": [{"areas": ["spam", "privacy"], "min_each": 1}],
    },
    # a soft rule the best roster misses: alternatives may not miss it by more
    {
        "size": {"min": 5, "max": 5},
        "quota": [
            {"column": "gender", "min_share": {"female": "4/5"}, "soft": True, "weight": 3}
        ],
    },
    # a share of the roster
    {
        "size": {"min": 4, "max": 5},
        "quota": [{"column": "developing", "min_share": {"yes": 0.5}}],
        "cap": [{"column": "nominated_by", "max_each": 2}],
    },
]
CASES = [(10, 3, 2, "0.2"), (11, 5, 1, "0.1"), (10, 3, 1, "0.3"), (10, 7, 2, "0.25")]


def _valid_rosters(pool: Pool, scenario: Any) -> list[tuple[tuple[str, ...], int, int, int]]:
    """(roster, soft shortfall, merit, tie sum) for every roster the checker accepts."""
    bound = bound_scenario(pool, scenario)
    ids = pool.ids
    tie = tie_priorities(ids)
    score = {i: int(pool.table.at[i, "score"]) for i in ids}
    low, high = bound.size.min or 0, bound.size.max or len(ids)
    found = []
    for size in range(low, high + 1):
        for roster in combinations(ids, size):
            report = check(pool, bound, roster)
            if report.ok:
                merit = sum(score[i] for i in roster)
                found.append((roster, report.soft_shortfall, merit, sum(tie[i] for i in roster)))
    return found


def _greedy_check(
    valid: list[tuple[tuple[str, ...], int, int, int]],
    rosters: list[list[str]],
    k: int,
    d: int,
    within: Fraction,
) -> None:
    """Each roster is the best admissible one given the earlier ones; stops only when none is."""

    def key(item: tuple[tuple[str, ...], int, int, int]) -> tuple[int, int, int]:
        return (-item[1], item[2], item[3])

    best = max(valid, key=key)
    for j in range(k):
        admissible = [
            v
            for v in valid
            if all(differs_by(v[0], r) >= d for r in rosters[:j])
            and v[2] >= (1 - within) * best[2]
            and v[1] <= best[1]
        ]
        if not admissible:
            assert len(rosters) == j, "a roster was returned where none is admissible"
            return
        assert j < len(rosters), f"roster {j + 1} was missed: {max(admissible, key=key)}"
        mine = next(v for v in valid if set(v[0]) == set(rosters[j]))
        assert mine in admissible
        assert key(mine) == key(max(admissible, key=key)), (j, mine, max(admissible, key=key))
    assert len(rosters) == k


@pytest.mark.parametrize(("case", "scenario"), list(zip(CASES, SCENARIOS, strict=True)))
def test_brute_force_confirms_the_greedy_rosters(
    case: tuple[int, int, int, str], scenario: dict[str, Any]
) -> None:
    n, seed, d, within = case
    pool = random_pool(n, seed)
    valid = _valid_rosters(pool, scenario)
    assert valid
    found = alternatives(pool, scenario, k=3, min_difference=d, within=within)
    rosters = [r.selected for r in found.rosters]
    _greedy_check(valid, rosters, 3, d, Fraction(within))
    for k in (1, 2):  # asking for fewer gives the same first rosters
        fewer = alternatives(pool, scenario, k=k, min_difference=d, within=within)
        assert [r.selected for r in fewer.rosters] == rosters[:k]


def test_wgig_five_alternatives_differ_pairwise_and_stay_in_band() -> None:
    found = alternatives(None, WGIG, k=5, min_difference=4, within=0.01)
    assert len(found.rosters) == 5
    best = found.rosters[0]
    assert best.status == Status.OPTIMAL
    floor = Fraction(99, 100) * Fraction(str(best.objective["score"]))
    for j, roster in enumerate(found.rosters):
        assert roster.report is not None and roster.report.ok
        assert check(roster.pool, roster.scenario, roster.selected).ok
        assert Fraction(str(roster.objective["score"])) >= floor
        assert roster.objective["soft_shortfall"] <= best.objective["soft_shortfall"]
        for earlier in found.rosters[:j]:
            assert differs_by(roster.selected, earlier.selected) >= 4
    scores = [r.objective["score"] for r in found.rosters]
    assert scores == sorted(scores, reverse=True)
    frame = found.frame()
    assert list(frame["roster"]) == [1, 2, 3, 4, 5]
    differs = list(frame["differs_by"])
    assert differs[0] == 0 and min(differs[1:]) >= 4
    core = set(found.core()["id"])
    assert core == set.intersection(*(set(r.selected) for r in found.rosters))
    varying = found.varying()
    union = set().union(*(set(r.selected) for r in found.rosters))
    assert set(varying["id"]) == union - core
    assert all(1 <= n < 5 for n in varying["in_rosters"])
    records = found.to_list()
    assert records[0]["selected"] == best.selected and records[0]["differs_by"] == 0
    json.dumps(records)


def test_differs_by_is_symmetric_and_ignores_pure_growth() -> None:
    assert differs_by(["a", "b", "c"], ["a", "b", "d"]) == 1
    assert differs_by(["a", "b", "d"], ["a", "b", "c"]) == 1
    assert differs_by(["a", "b"], ["a", "b", "c", "d"]) == 0  # only adds members
    assert differs_by(["a", "b", "c"], ["d", "e"]) == 2
    assert differs_by([], []) == 0


def test_rosters_of_different_sizes_differ_both_ways() -> None:
    pool = random_pool(10, 3)
    found = alternatives(pool, SCENARIOS[0], k=4, min_difference=2, within=0.5)
    for j, roster in enumerate(found.rosters):
        for earlier in found.rosters[:j]:
            a, b = set(roster.selected), set(earlier.selected)
            assert len(a - b) >= 2 and len(b - a) >= 2


def test_stops_with_a_reason_when_no_roster_is_left() -> None:
    pool = make_pool(
        {"id": f"n{k}", "country": "KEN", "stakeholder_group": "government", "score": 10 - k}
        for k in range(4)
    )
    found = alternatives(pool, {"size": {"min": 3, "max": 3}}, k=5, min_difference=1, within=1)
    # 4 rosters of 3 from 4 nominees, each pair differs by exactly 1
    assert len(found.rosters) == 4
    assert "no further roster" in found.stopped
    tight = alternatives(pool, {"size": {"min": 3, "max": 3}}, k=5, min_difference=1, within=0)
    assert len(tight.rosters) == 1 and "lower min_difference or widen within" in tight.stopped


def test_infeasible_scenario_gives_no_rosters() -> None:
    pool = random_pool(6, 1)
    found = alternatives(pool, {"size": {"min": 7}}, k=3, min_difference=1)
    assert not found.ok and found.rosters == []
    assert found.best.status == Status.INFEASIBLE


@pytest.mark.parametrize(
    ("options", "words"),
    [
        ({"k": 0}, "k must be a whole number of at least 1"),
        ({"k": -2}, "k must be"),
        ({"min_difference": 0}, "min_difference must be at least 1"),
        ({"within": 1.5}, "within must be a fraction between 0 and 1"),
        ({"within": "lots"}, "within must be a fraction"),
        ({"min_difference": 5}, "min_difference 5 is larger than the roster (4 members at most)"),
    ],
)
def test_bad_options_raise_clear_errors(options: dict[str, Any], words: str) -> None:
    pool = random_pool(8, 2)
    with pytest.raises(ComposerError) as info:
        alternatives(pool, {"size": {"min": 2, "max": 4}}, **options)
    assert words in str(info.value)
    assert info.value.exit_code == 2


def test_min_difference_larger_than_the_roster_found() -> None:
    pool = random_pool(8, 2)
    with pytest.raises(ComposerError, match=r"larger than the roster \(3 members\)"):
        alternatives(pool, {"quota": [{"column": "gender", "max": {"female": 0, "male": 3}}]},
                     min_difference=4)


def test_cli_alternatives_json(tmp_path: Path) -> None:
    out = tmp_path / "alt.json"
    result = runner.invoke(app, ["alternatives", str(WGIG), "-k", "3", "--min-difference",
                                 "3", "--json", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert data["status"] == "optimal"
    alts = data["alternatives"]
    assert len(alts) == 3
    assert alts[0]["selected"] == data["selected"] and alts[0]["differs_by"] == 0
    assert all(a["differs_by"] >= 3 for a in alts[1:])
    assert set(alts[1]["objective"]) == {"score", "soft_shortfall"}
    assert "members are in every roster" in result.output


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["-k", "0"], "k must be a whole number"),
        (["--min-difference", "41"], "larger than the roster"),
        (["--within", "2"], "within must be a fraction"),
    ],
)
def test_cli_alternatives_bad_options_exit_2(args: list[str], words: str) -> None:
    result = runner.invoke(app, ["alternatives", str(WGIG), *args])
    assert result.exit_code == 2, result.output
    assert words in result.output
    assert "Traceback" not in result.output


def test_cli_alternatives_infeasible_exit_3(tmp_path: Path) -> None:
    pool = tmp_path / "pool.csv"
    pool.write_text("id,name,country,stakeholder_group\n1,A,KEN,government\n2,B,FRA,government\n")
    scenario = tmp_path / "s.toml"
    scenario.write_text("[size]\nmin = 3\n")
    result = runner.invoke(app, ["alternatives", str(scenario), "-n", str(pool)])
    assert result.exit_code == 3, result.output


def test_scenario_objects_and_paths_both_work() -> None:
    by_path = alternatives(None, WGIG, k=2, min_difference=3)
    by_object = alternatives(by_path.best.pool, load_scenario(WGIG), k=2, min_difference=3)
    assert [r.selected for r in by_path.rosters] == [r.selected for r in by_object.rosters]
