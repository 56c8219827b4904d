"""Withdrawals and pins: most current members kept (brute force), every change explained."""

from __future__ import annotations

import json
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest
from helpers import bound_scenario, make_pool, random_pool, run
from typer.testing import CliRunner

from composer import ComposerError, Status, compose, replace
from composer.cli.app import app
from composer.cli.resolve import read_roster
from composer.engine.check import check
from composer.engine.objective import tie_priorities
from composer.inputs.examples import bundled_scenario

runner = CliRunner()
WGIG = bundled_scenario("wgig-2004.toml")

# f1, f2 women in; f3 the only other woman, from the same country as m1 (one per country)
ROWS = [
    ("f1", "KEN", "female", 9), ("f2", "IND", "female", 8), ("m1", "BRA", "male", 7),
    ("m2", "POL", "male", 6), ("f3", "BRA", "female", 1), ("m3", "FRA", "male", 2),
    ("m4", "CHN", "male", 1),
]
POOL = make_pool(
    {"id": i, "country": c, "stakeholder_group": "government", "gender": g, "score": s}
    for i, c, g, s in ROWS
)
RULES: dict[str, Any] = {
    "size": {"min": 4, "max": 4},
    "quota": [{"column": "gender", "min": {"female": 2}}],
    "cap": [{"column": "country", "max_each": 1}],
}


def test_one_withdrawal_one_newcomer_everyone_else_kept() -> None:
    result = compose(WGIG)
    gone = result.selected[3]
    change = result.replace(withdrawn=[gone])
    assert change.after.status == Status.OPTIMAL
    after = change.after
    assert after.report is not None and after.report.ok
    assert gone not in after.selected
    assert f"exclude {gone}" in [r.name for r in after.report.rules]
    assert change.withdrawn == [gone] and change.displaced == []
    assert len(change.kept) == result.size - 1
    assert len(change.newcomers) == len(after.selected) - len(change.kept)
    frame = change.frame()
    assert list(frame["change"]) == ["withdrawn", *["newcomer"] * len(change.newcomers)]
    assert frame["reason"].str.len().min() > 0
    assert after.run["replaced"]["withdrawn"] == [gone]
    json.dumps(change.to_dict(), default=str)


def test_forced_displacement_is_explained() -> None:
    result = run(POOL, RULES)
    assert result.selected == ["f1", "f2", "m1", "m2"]
    change = replace(result, withdrawn=["f1"])
    # a second woman is needed: only f3, who shares Brazil with m1, so m1 must go
    assert change.after.selected == ["f2", "f3", "m2", "m3"]
    assert change.kept == ["f2", "m2"]
    assert change.displaced == ["m1"]
    assert change.newcomers == ["f3", "m3"]
    assert "include m1" in change.why_displaced
    assert "cap country: at most 1 each" in change.why_displaced
    assert "quota gender: female >= 2" in change.why_displaced
    reasons = dict(zip(change.frame()["id"], change.frame()["reason"], strict=True))
    assert "cap country: at most 1 each" in reasons["m1"]
    assert "quota gender: female >= 2" in reasons["f3"]
    assert "size >= 4" in reasons["m3"]
    assert "Kept 2 of 3" in change.summary()


def test_pins_bring_a_nominee_in() -> None:
    result = run(POOL, RULES)
    change = replace(result, withdrawn=["m2"], keep=["m4"])
    assert "m4" in change.after.selected
    assert change.pinned == ["m4"]
    assert "include m4" in [r.name for r in change.after.report.rules]  # type: ignore[union-attr]
    reasons = dict(zip(change.frame()["id"], change.frame()["reason"], strict=True))
    assert reasons["m4"] == "kept by request"
    only_pin = replace(result, withdrawn=[], keep=["m4"])
    assert "m4" in only_pin.after.selected and only_pin.withdrawn == []


def test_withdrawing_a_fixed_member_lifts_the_fixing() -> None:
    rules = {**RULES, "members": {"include": ["m2"]}}
    result = run(POOL, rules)
    change = replace(result, withdrawn=["m2"])
    assert change.after.ok and "m2" not in change.after.selected
    reasons = dict(zip(change.frame()["id"], change.frame()["reason"], strict=True))
    assert "the fixing is lifted" in reasons["m2"]


def test_infeasible_after_withdrawal_is_reported() -> None:
    rules = {**RULES, "quota": [{"column": "gender", "min": {"female": 3}}]}
    result = run(POOL, {**rules, "cap": []})
    assert result.ok
    change = replace(result, withdrawn=["f1"])
    assert change.after.status == Status.INFEASIBLE
    assert not change.ok and "quota gender: female >= 3" in change.after.conflict
    assert "No new roster" in change.summary()


@pytest.mark.parametrize("seed", range(3))
def test_most_members_kept_then_best_score_brute_force(seed: int) -> None:
    pool = random_pool(9, seed)
    rules = {"size": {"min": 4, "max": 5},
             "quota": [{"column": "stakeholder_group", "min": {"government": 1}}],
             "cap": [{"column": "country", "max_each": 1}]}
    result = run(pool, rules)
    assert result.ok
    gone = result.selected[:2]
    change = replace(result, withdrawn=gone)
    stay = set(result.selected) - set(gone)
    changed = bound_scenario(pool, {**rules, "members": {"exclude": gone}})
    tie = tie_priorities(pool.ids)
    best: tuple[int, int, int] | None = None
    for size in range(4, 6):
        for roster in combinations(pool.ids, size):
            if check(pool, changed, roster).ok:
                key = (len(stay & set(roster)),
                       sum(int(pool.table.at[i, "score"]) for i in roster),
                       sum(tie[i] for i in roster))
                best = key if best is None or key > best else best
    if best is None:
        assert change.after.status == Status.INFEASIBLE
        return
    after = change.after.selected
    mine = (len(stay & set(after)), sum(int(pool.table.at[i, "score"]) for i in after),
            sum(tie[i] for i in after))
    assert mine == best


@pytest.mark.parametrize(
    ("withdrawn", "keep", "words"),
    [
        (["m3"], None, "'m3' is not on the roster"),
        (["N-999"], None, "'N-999' is not a nomination"),
        (["f1"], ["f1"], "'f1' is both withdrawn and kept"),
        (["f1"], ["zz"], "'zz' is not a nomination"),
        ([], None, "nothing to change"),
    ],
)
def test_bad_requests(withdrawn: list[str], keep: list[str] | None, words: str) -> None:
    result = run(POOL, RULES)
    with pytest.raises(ComposerError) as info:
        replace(result, withdrawn=withdrawn, keep=keep)
    assert words in str(info.value)
    assert info.value.exit_code == 2


def test_a_pin_excluded_by_the_scenario_is_refused() -> None:
    result = run(POOL, {**RULES, "members": {"exclude": ["m4"]}})
    with pytest.raises(ComposerError, match="'m4' is excluded by the scenario"):
        replace(result, withdrawn=["m2"], keep=["m4"])


def test_cli_replace_from_result_json(tmp_path: Path) -> None:
    current = tmp_path / "result.json"
    assert runner.invoke(app, ["solve", str(WGIG), "--json", str(current)]).exit_code == 0
    members = json.loads(current.read_text())["selected"]
    out = tmp_path / "new.json"
    result = runner.invoke(app, ["replace", str(WGIG), "--keep", str(current), "--withdrawn",
                                 members[0], "--withdrawn", members[1], "--json", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert data["status"] == "optimal"
    assert data["changes"]["withdrawn"] == members[:2]
    assert members[0] not in data["selected"] and members[1] not in data["selected"]
    assert data["changes"]["kept"] == len(members) - 2
    assert "withdrawn" in result.output


def test_cli_replace_bad_withdrawn_exit_2(tmp_path: Path) -> None:
    current = tmp_path / "roster.csv"
    current.write_text("Shortlist\n\nid,name\nN-016,A\nN-019,B\n")
    result = runner.invoke(app, ["replace", str(WGIG), "--keep", str(current), "--withdrawn",
                                 "N-001"])
    assert result.exit_code == 2, result.output
    assert "is not on the roster" in result.output
    assert "Traceback" not in result.output


def test_cli_replace_infeasible_exit_3(tmp_path: Path) -> None:
    pool = tmp_path / "pool.csv"
    pool.write_text("id,name,country,stakeholder_group\n1,A,KEN,government\n2,B,FRA,government\n"
                    "3,C,BRA,government\n")
    scenario = tmp_path / "s.toml"
    scenario.write_text("[size]\nmin = 3\n")
    current = tmp_path / "roster.csv"
    current.write_text("id\n1\n2\n3\n")
    result = runner.invoke(app, ["replace", str(scenario), "-n", str(pool), "--keep",
                                 str(current), "--withdrawn", "2"])
    assert result.exit_code == 3, result.output


def test_read_roster_formats(tmp_path: Path) -> None:
    (tmp_path / "r.json").write_text(json.dumps({"selected": ["a", "b"]}))
    assert read_roster(tmp_path / "r.json") == ["a", "b"]
    (tmp_path / "r.csv").write_text("Roster of 2026\n\nID,Name\n007,x\n008,y\n\n")
    assert read_roster(tmp_path / "r.csv") == ["007", "008"]
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Summary"
    sheet = book.create_sheet("Shortlist")
    sheet.append(["Shortlist"])
    sheet.append(["id", "name"])
    sheet.append(["N-1", "A"])
    sheet.append([7, "B"])
    book.save(tmp_path / "r.xlsx")
    assert read_roster(tmp_path / "r.xlsx") == ["N-1", "7"]
    for name, text in [("bad.json", "{}"), ("bad.csv", "name\nA\n"), ("bad.txt2", "")]:
        (tmp_path / name).write_text(text)
        with pytest.raises(ComposerError, match="cannot read a roster"):
            read_roster(tmp_path / name)
    with pytest.raises(ComposerError, match="not found"):
        read_roster(tmp_path / "missing.csv")
