"""Reserve lists: every listed swap re-checked, and the screen agrees with the checker.

The screen that filters swaps before the checker sees them is held to ``composer.engine.check`` on
every (member, nominee) pair of small pools drawn over every rule family.
"""

from __future__ import annotations

import json
import random
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from helpers import make_pool, run
from typer.testing import CliRunner

from composer import ComposerError, Pool, Result, Status, reserves
from composer.cli.app import app
from composer.engine.check import check
from composer.inputs.examples import bundled_scenario

runner = CliRunner()
WGIG = bundled_scenario("wgig-2004.toml")


def _pool(seed: int, n: int = 12) -> Pool:
    rnd = random.Random(seed)
    rows = []
    for k in range(n):
        sitting = rnd.random() < 0.5
        rows.append(
            {
                "id": f"p{k:02d}",
                "country": rnd.choice(["KEN", "IND", "POL", "BRA", "FRA"]),
                "stakeholder_group": rnd.choice(["government", "private_sector", "civil_society"]),
                "gender": rnd.choice(["female", "male"]),
                "expertise": "; ".join(rnd.sample(["spam", "privacy", "dns"], rnd.randint(0, 2))),
                "score": rnd.randint(0, 9),
                "travel_cost": str(Decimal(rnd.randint(0, 40)) / 10),
                "nominated_by": rnd.choice(["A", "B", "C"]),
                "incumbent": "yes" if sitting else "no",
                "terms": rnd.randint(1, 3) if sitting else 0,
            }
        )
    return make_pool(rows)


SCENARIOS: list[dict[str, Any]] = [
    {
        "size": {"min": 5, "max": 6},
        "quota": [
            {"column": "stakeholder_group", "min": {"government": 1}, "max": {"civil_society": 3}},
            {"column": "gender", "min_share": {"female": "2/5"}, "soft": True, "weight": 4},
            {
                "column": "developing",
                "where": {"stakeholder_group": ["government", "civil_society"]},
                "max_share": {"no": "1/2"},
            },
        ],
        "cap": [
            {"column": "country", "max_each": 2},
            {"column": "nominated_by", "where": {"gender": "male"}, "max_each": 2},
        ],
        "coverage": [
            {"areas": ["spam"], "min_each": 1},
            {"areas": ["privacy", "dns"], "min_each": 2, "soft": True, "weight": 3},
        ],
    },
    {
        "size": {"min": 5, "max": 5},
        "budget": {"max": 12.5},
        "members": {"include": ["p03"], "exclude": ["p07"]},
        "rotation": {
            "renew_min_share": "1/5",
            "renew_max_share": "4/5",
            "max_consecutive_terms": 3,
        },
        "quota": [{"column": "region", "max": {"Western European and Others": 2}}],
    },
    {
        "size": {"min": 4, "max": 6},
        "quota": [
            {
                "column": "gender",
                "min": {"female": 2},
                "max": {"male": 3},
                "soft": True,
                "weight": 2,
            },
            {"column": "stakeholder_group", "min_share": {"private_sector": 0.25}},
        ],
        "cap": [{"column": "stakeholder_group", "where": {"developing": "yes"}, "max_each": 2}],
    },
]


def _brute(result: Result) -> dict[tuple[str, str], int]:
    """Every one-for-one swap the checker accepts, with its soft shortfall."""
    pool, scenario = result.pool, result.scenario
    found = {}
    for member in result.selected:
        for other in pool.ids:
            if other in result.selected:
                continue
            roster = [other if i == member else i for i in result.selected]
            rep = check(pool, scenario, roster)
            if rep.ok:
                found[(member, other)] = rep.soft_shortfall
    return found


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("number", range(len(SCENARIOS)))
def test_screen_agrees_with_the_checker_on_every_swap(seed: int, number: int) -> None:
    pool = _pool(seed)
    result = run(pool, SCENARIOS[number])
    if not result.ok:
        pytest.skip("this draw has no roster")
    found = reserves(result, per_member=len(pool))  # list every valid swap
    assert found.rejected == []
    assert found.stats["screen_complete"]
    brute = _brute(result)
    listed = {
        (row["member"], row["replacement"]): row["soft_shortfall"]
        for row in found.frame().to_dict("records")
        if isinstance(row["replacement"], str)
    }
    assert listed == brute
    assert found.valid_swaps == len(brute)
    counts: dict[str, int] = {}
    for _, other in brute:
        counts[other] = counts.get(other, 0) + 1
    ranking = found.ranking
    assert dict(zip(ranking["id"], ranking["can_replace"], strict=True)) == counts
    assert list(ranking["can_replace"]) == sorted(ranking["can_replace"], reverse=True)
    members_without = {m for m in result.selected if not any(k[0] == m for k in brute)}
    assert {m for m in result.selected if not found.for_member(m)} == members_without


def test_every_listed_wgig_swap_is_rechecked_and_ranked() -> None:
    from composer import compose

    result = compose(WGIG)
    found = reserves(result, per_member=3)
    assert found.rejected == []
    frame = found.frame()
    score = result.pool.table["score"]
    for member in result.selected:
        rows = frame[frame["member"] == member]
        ids = [r for r in rows["replacement"] if isinstance(r, str)]
        assert 1 <= len(ids) <= 3
        assert list(rows["rank"]) == list(range(1, len(ids) + 1))
        keys = []
        for row in rows.itertuples(index=False):
            swapped = [row.replacement if i == member else i for i in result.selected]
            rep = check(result.pool, result.scenario, swapped)
            assert rep.ok and rep.soft_shortfall == row.soft_shortfall
            assert row.score_change == score[row.replacement] - score[member]
            keys.append((-row.score_change, row.soft_shortfall))
        assert keys == sorted(keys)
    assert found.stats["seconds"] < 30


def test_rank_by_scenario_puts_soft_rules_first() -> None:
    from composer import compose

    result = compose(WGIG)
    found = reserves(result, per_member=3, rank_by="scenario")
    for member in result.selected[:10]:
        rows = found.frame()[found.frame()["member"] == member]
        keys = [(r.soft_shortfall, -r.score_change) for r in rows.itertuples(index=False)]
        assert keys == sorted(keys)


def test_fixed_members_have_no_replacement() -> None:
    pool = _pool(1)
    result = run(pool, SCENARIOS[1])
    assert result.ok
    found = reserves(result)
    assert found.for_member("p03") == []  # fixed in by members.include
    row = found.frame()[found.frame()["member"] == "p03"]
    assert row["rank"].isna().all()
    assert "p03" in found.summary()
    assert "p07" not in set(found.frame()["replacement"])  # excluded


def test_outputs_for_json_and_the_workbook() -> None:
    result = run(_pool(2), SCENARIOS[0])
    found = reserves(result, per_member=2)
    record = found.to_dict()
    json.dumps(record)
    assert set(record) == {"per_member", "by_member", "reserve_list", "valid_swaps"}
    assert set(record["by_member"]) == set(result.selected)
    sheet = found.to_sheet()
    assert list(sheet.columns) == [
        "Member",
        "Member name",
        "Reserve rank",
        "Reserve",
        "Reserve name",
        "Score change",
        "Soft-rule shortfall after the swap",
    ]
    assert len(sheet) == len(found.frame())


def test_bad_input() -> None:
    result = run(_pool(0), SCENARIOS[0])
    with pytest.raises(ComposerError, match="per_member must be at least 1"):
        reserves(result, per_member=0)
    infeasible = run(_pool(0), {"size": {"min": 20}})
    assert infeasible.status == Status.INFEASIBLE
    with pytest.raises(ComposerError, match="no roster") as info:
        reserves(infeasible)
    assert info.value.exit_code == 2


@pytest.mark.slow
def test_cli_reserves_json_and_workbook(tmp_path: Path) -> None:
    out, book = tmp_path / "reserves.json", tmp_path / "shortlist.xlsx"
    result = runner.invoke(
        app, ["reserves", str(WGIG), "--per-member", "2", "--json", str(out), "--xlsx", str(book)]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert data["status"] == "optimal"
    assert all(len(v) <= 2 for v in data["reserves"]["by_member"].values())
    assert data["reserves"]["reserve_list"][0]["rank"] == 1
    from openpyxl import load_workbook

    workbook = load_workbook(book, read_only=True)
    try:
        header = [c.value for c in next(workbook["Reserves"].iter_rows(max_row=1))]
        assert "Not selected" not in workbook.sheetnames
        kind = {r[0]: r[1] for r in workbook["Summary"].iter_rows(values_only=True) if len(r) > 1}
    finally:
        workbook.close()  # a read-only workbook keeps its file open until closed
    assert kind["Workbook"] == (
        "internal: decision and rule columns, no contact columns; the Reserves sheet "
        "names nominees not selected"
    )
    assert "(internal: its Reserves sheet names nominees not selected)" in " ".join(
        result.output.split()
    )
    assert header[:4] == ["Member", "Member name", "Reserve rank", "Reserve"]
    again = runner.invoke(app, ["reserves", str(WGIG), "--json", str(out)])
    assert again.exit_code == 2 and "--force" in again.output


def test_cli_reserves_bad_options_exit_2() -> None:
    result = runner.invoke(app, ["reserves", str(WGIG), "--per-member", "0"])
    assert result.exit_code == 2 and "per_member must be at least 1" in result.output
    result = runner.invoke(app, ["reserves", str(WGIG), "--rank-by", "luck"])
    assert result.exit_code == 2


@pytest.mark.parametrize("seed", range(3))
def test_reserves_agree_with_replace(seed: int) -> None:
    """A member with a one-for-one reserve is replaced by ``replace`` keeping every other
    member; a member with none is replaced, if at all, only by re-arranging other seats."""
    from composer.analysis.replace import replace

    pool = _pool(seed)
    result = run(pool, SCENARIOS[0])
    if not result.ok:
        pytest.skip("this draw has no roster")
    found = reserves(result, per_member=len(pool))
    for member in result.selected:
        swapped = replace(result, member)
        listed = found.for_member(member)
        if listed:
            assert swapped.ok and swapped.displaced == [], member
            assert swapped.newcomers[0] in listed
        elif swapped.ok:
            assert swapped.displaced or len(swapped.newcomers) != 1, member
    if any(not found.for_member(m) for m in result.selected):
        assert "no single nominee can take the seat" in found.summary()
