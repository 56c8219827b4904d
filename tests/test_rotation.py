"""The [rotation] rule: renewal shares and the term limit, in the model, the checker and bind.

Micro-models, feasible and infeasible, for each rotation atom; the checker's semantics on
hand-made rosters; bad columns and values (exit 2); and a brute-force cross-check on small
random pools.
"""

from __future__ import annotations

import random
import re
from fractions import Fraction
from itertools import combinations
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from helpers import bound_scenario, make_pool, report, rule, run
from typer.testing import CliRunner

from composer import NominationsError, ScenarioError, Status, load_scenario
from composer.cli.app import app
from composer.engine.check import check
from composer.engine.objective import tie_priorities
from composer.rules.families import rule_rows
from composer.rules.rows import RowSpace, slack_needed
from composer.rules.scenario import RotationRule
from composer.rules.words import rule_phrase

DOCS = Path(__file__).resolve().parent.parent / "docs"
def _pool(rows: list[tuple[str, str, int, int]], **extra: Any) -> Any:
    """Rows of (id, incumbent, terms, score); everyone a Kenyan government nominee."""
    return make_pool(
        {"id": i, "country": "KEN", "stakeholder_group": "government", "incumbent": inc,
         "terms": terms, "score": score, **extra}
        for i, inc, terms, score in rows
    )


# i1-i4 sitting members (high scores), n1-n4 applicants (low scores)
SITTING = _pool(
    [("i1", "yes", 1, 20), ("i2", "yes", 2, 19), ("i3", "yes", 3, 18), ("i4", "yes", 1, 17),
     ("n1", "no", 0, 9), ("n2", "no", 0, 8), ("n3", "no", 0, 7), ("n4", "no", 0, 6)]
)


def _solve(pool: Any, rotation: dict[str, Any], size: int = 6, **more: Any) -> Any:
    return run(pool, {"size": {"min": size, "max": size}, "rotation": rotation, **more})


# ---------------------------------------------------------------------------- names


def test_atoms_and_their_names() -> None:
    scenario = load_scenario({"rotation": {"renew_min_share": "1/3", "renew_max_share": 0.5,
                                           "max_consecutive_terms": 3}})
    atoms = [b for b in scenario.bounds() if b.family == "rotation"]
    assert [b.name for b in atoms] == [
        "rotation: new members >= 1/3",
        "rotation: new members <= 50%",
        "rotation: not eligible after 3 consecutive terms",
    ]
    assert [b.kind for b in atoms] == ["min_share", "max_share", "max_terms"]
    assert atoms[0].amount == Fraction(1, 3) and atoms[0].column == "incumbent"
    assert atoms[2].column == "terms" and atoms[2].amount == 3
    named = load_scenario({"rotation": {"renew_min_share": "1/3", "name": "renewal"}})
    assert [b.name for b in named.bounds()] == ["renewal"]
    two = load_scenario({"rotation": {"renew_min_share": "1/3", "max_consecutive_terms": 2,
                                      "name": "MAG"}})
    assert [b.name for b in two.bounds()] == [
        "MAG (new members >= 1/3)", "MAG (not eligible after 2 consecutive terms)"]


@pytest.mark.parametrize(
    ("rotation", "words"),
    [
        ({}, "needs renew_min_share, renew_max_share or max_consecutive_terms"),
        ({"renew_min_share": 0.6, "renew_max_share": 0.5}, "renew_min_share 0.6 is above"),
        ({"renew_min_share": 1.5}, "not between 0 and 1"),
        ({"max_consecutive_terms": 0}, "greater than or equal to 1"),
        ({"renew_min": 0.3}, "did you mean 'renew_min_share'?"),
    ],
)
def test_malformed_rotation_rules(rotation: dict[str, Any], words: str) -> None:
    with pytest.raises(ScenarioError) as info:
        load_scenario({"rotation": rotation})
    assert words in str(info.value)
    assert info.value.exit_code == 2


def test_every_rotation_key_is_documented() -> None:
    text = (DOCS / "scenarios.md").read_text(encoding="utf-8")
    start = text.index("## `[rotation]`")
    section = text[start : text.find("\n## ", start + 5)]
    missing = [key for key in RotationRule.model_fields if f"`{key}`" not in section]
    assert not missing
    top = text[text.index("## Top-level keys") :]
    assert "`rotation`" in top[: top.find("\n## ", 5)]


# ---------------------------------------------------------------------------- micro-models


def test_renew_min_share_feasible_takes_the_fewest_new_members() -> None:
    # size 6, at least 1/3 new: 2 applicants; the 4 sitting members score higher
    result = _solve(SITTING, {"renew_min_share": "1/3"})
    assert result.status == Status.OPTIMAL
    assert result.selected == ["i1", "i2", "i3", "i4", "n1", "n2"]
    check_ = rule(result.report, "rotation: new members >= 1/3")
    assert (check_.achieved, check_.counted, check_.met) == (2, 6, True)


def test_renew_min_share_exact_at_the_boundary() -> None:
    # 1/3 of 7 is 2.33: 3 new members are needed, not 2
    result = _solve(SITTING, {"renew_min_share": "1/3"}, size=7)
    assert result.status == Status.OPTIMAL
    assert sum(i.startswith("n") for i in result.selected) == 3


def test_renew_min_share_infeasible_names_the_rule_and_the_size() -> None:
    few = _pool([("i1", "yes", 1, 5), ("i2", "yes", 1, 5), ("i3", "yes", 1, 5),
                 ("n1", "no", 0, 1)])
    result = _solve(few, {"renew_min_share": "1/2"}, size=4)
    assert result.status == Status.INFEASIBLE
    assert set(result.conflict) == {"rotation: new members >= 50%", "size >= 4"}
    assert "needs 2 new members" in result.conflict_reason


def test_renew_max_share_keeps_enough_sitting_members() -> None:
    # applicants score higher here; at most half new keeps 3 sitting members of 6
    pool = _pool([("i1", "yes", 1, 1), ("i2", "yes", 1, 2), ("i3", "yes", 1, 3),
                  ("i4", "yes", 1, 4), ("n1", "no", 0, 9), ("n2", "no", 0, 9),
                  ("n3", "no", 0, 9), ("n4", "no", 0, 9)])
    result = _solve(pool, {"renew_max_share": "1/2"})
    assert result.status == Status.OPTIMAL
    assert sorted(i for i in result.selected if i.startswith("i")) == ["i2", "i3", "i4"]
    assert rule(result.report, "rotation: new members <= 50%").achieved == 3


def test_renew_max_share_infeasible_counts_the_term_limit() -> None:
    # 3 sitting members needed of 6, but one of the 3 has served 3 terms
    pool = _pool([("i1", "yes", 1, 1), ("i2", "yes", 3, 2), ("i3", "yes", 2, 3),
                  ("n1", "no", 0, 9), ("n2", "no", 0, 9), ("n3", "no", 0, 9),
                  ("n4", "no", 0, 9)])
    result = _solve(pool, {"renew_max_share": "1/2", "max_consecutive_terms": 3})
    assert result.status == Status.INFEASIBLE
    assert set(result.conflict) == {
        "rotation: new members <= 50%", "size >= 6",
        "rotation: not eligible after 3 consecutive terms"}
    without_limit = _solve(pool, {"renew_max_share": "1/2"})
    assert without_limit.status == Status.OPTIMAL


def test_term_limit_holds_out_the_best_scorer() -> None:
    result = _solve(SITTING, {"max_consecutive_terms": 3}, size=4)
    assert result.status == Status.OPTIMAL
    assert result.selected == ["i1", "i2", "i4", "n1"]  # i3 (3 terms) is not eligible
    check_ = rule(result.report, "rotation: not eligible after 3 consecutive terms")
    assert (check_.achieved, check_.met) == (0, True)
    looser = _solve(SITTING, {"max_consecutive_terms": 4}, size=4)
    assert looser.selected == ["i1", "i2", "i3", "i4"]


def test_term_limit_against_a_fixed_member_is_a_conflict() -> None:
    result = _solve(SITTING, {"max_consecutive_terms": 3}, size=4,
                    members={"include": ["i3"]})
    assert result.status == Status.INFEASIBLE
    assert set(result.conflict) == {"rotation: not eligible after 3 consecutive terms",
                                    "include i3"}
    assert "i3 is fixed in but has served 3 consecutive terms" in result.conflict_reason


def test_conflict_found_by_the_solver_names_rotation_and_quota() -> None:
    # every government nominee sits already; 3 governments of 4 seats leave 1 new seat < 1/2
    pool = make_pool(
        [{"id": f"g{k}", "country": "KEN", "stakeholder_group": "government",
          "incumbent": "yes", "score": 5} for k in range(4)]
        + [{"id": f"c{k}", "country": "FRA", "stakeholder_group": "civil_society",
            "incumbent": "no", "score": 5} for k in range(4)]
    )
    result = run(pool, {"size": {"min": 4, "max": 4},
                        "quota": [{"column": "stakeholder_group", "min": {"government": 3}}],
                        "rotation": {"renew_min_share": "1/2"}})
    assert result.status == Status.INFEASIBLE
    assert "rotation: new members >= 50%" in result.conflict
    assert "quota stakeholder_group: government >= 3" in result.conflict


@pytest.mark.parametrize("reduce", [True, False])
def test_reduction_never_drops_a_nominee_for_a_held_out_or_sitting_dominator(
    reduce: bool,
) -> None:
    # a and b share every rule value; a scores higher but has served 3 terms: with one seat
    # per country, b must still be eligible
    pool = _pool([("a", "yes", 3, 10), ("b", "yes", 1, 5)], nominated_by="X")
    result = run(pool, {"size": {"min": 1, "max": 1}, "cap": [{"column": "country",
                                                               "max_each": 1}],
                        "rotation": {"max_consecutive_terms": 3}}, reduce=reduce)
    assert result.selected == ["b"]
    # c sits already and outscores d, a new member: the renewal share needs d
    pool = _pool([("c", "yes", 1, 10), ("d", "no", 0, 5)])
    result = run(pool, {"size": {"min": 1, "max": 1},
                        "cap": [{"column": "country", "max_each": 1}],
                        "rotation": {"renew_min_share": 1}}, reduce=reduce)
    assert result.selected == ["d"]


# ---------------------------------------------------------------------------- checker


def test_checker_reads_yes_no_spellings_in_a_custom_column() -> None:
    pool = make_pool(
        {"id": i, "country": "KEN", "stakeholder_group": "government", "was_member": flag}
        for i, flag in zip("abcde", ["Y", "TRUE", "", "no", "x"], strict=True)
    )
    scenario = {"rotation": {"incumbent": "was_member", "renew_min_share": "1/2",
                             "renew_max_share": "1/2"}}
    rep = report(pool, scenario, ["a", "b", "c", "d"])  # c and d are new
    low = rule(rep, "rotation: new members >= 50%")
    assert (low.achieved, low.counted, low.met, low.shortfall) == (2, 4, True, 0)
    rep = report(pool, scenario, ["a", "b", "e", "c"])  # only c is new
    low = rule(rep, "rotation: new members >= 50%")
    assert (low.achieved, low.met, low.shortfall) == (1, False, 1)
    assert rule(rep, "rotation: new members <= 50%").met
    rep = report(pool, scenario, ["c", "d", "a"])  # 2 of 3 new: above 1/2 by 0.5 seat
    high = rule(rep, "rotation: new members <= 50%")
    assert (high.achieved, high.met, high.shortfall, high.bound) == (2, False, 1, "<= 50%")


def test_checker_counts_members_at_the_term_limit() -> None:
    rep = report(SITTING, {"rotation": {"max_consecutive_terms": 2}}, ["i1", "i2", "i3"])
    limit = rule(rep, "rotation: not eligible after 2 consecutive terms")
    assert (limit.achieved, limit.met, limit.shortfall) == (2, False, 2)
    assert limit.bound == "none with 2 or more consecutive terms"
    assert not rep.ok


def test_empty_terms_count_as_zero() -> None:
    pool = make_pool(
        {"id": i, "country": "KEN", "stakeholder_group": "government", "incumbent": "yes",
         "terms": terms, "score": score}
        for i, terms, score in [("a", "", 2), ("b", "4", 3)]
    )
    scenario = {"size": {"min": 1, "max": 1}, "rotation": {"max_consecutive_terms": 1}}
    assert run(pool, scenario).selected == ["a"]  # empty is 0 terms; b has served 4
    assert run(pool, {"size": {"min": 1, "max": 1}}).selected == ["b"]


# ---------------------------------------------------------------------------- bad input


def test_incumbent_column_with_other_values_names_the_rows() -> None:
    pool = make_pool(
        {"id": i, "country": "KEN", "stakeholder_group": "government", "sitting": flag}
        for i, flag in zip("abc", ["yes", "maybe", "?"], strict=True)
    )
    with pytest.raises(ScenarioError) as info:
        bound_scenario(pool, {"rotation": {"incumbent": "sitting", "renew_min_share": 0.5}})
    text = str(info.value)
    assert "the 'sitting' column must hold yes or no" in text
    assert "row 3 ('maybe')" in text and "row 4 ('?')" in text
    assert "rotation.incumbent" in text
    assert info.value.exit_code == 2


def test_terms_column_must_hold_whole_numbers() -> None:
    pool = make_pool(
        {"id": i, "country": "KEN", "stakeholder_group": "government", "terms": terms}
        for i, terms in zip("ab", ["two", "-1"], strict=True)
    )
    with pytest.raises(ScenarioError) as info:
        bound_scenario(pool, {"rotation": {"max_consecutive_terms": 3}})
    assert "a whole number of terms" in str(info.value)
    assert "row 2 ('two')" in str(info.value) and "row 3 ('-1')" in str(info.value)


def test_missing_columns_are_named() -> None:
    pool = make_pool([{"id": "a", "country": "KEN", "stakeholder_group": "government"}])
    with pytest.raises(ScenarioError) as info:
        bound_scenario(pool, {"rotation": {"incumbent": "sitting", "renew_min_share": 0.5,
                                           "max_consecutive_terms": 2}})
    text = str(info.value)
    assert "no column 'sitting'" in text and "no column 'terms'" in text
    # columns a rule does not use are not needed
    bound_scenario(pool, {"rotation": {"renew_min_share": 0.5}})


def test_cli_bad_incumbent_values_exit_2(tmp_path: Path) -> None:
    pool = tmp_path / "pool.csv"
    pool.write_text("id,name,country,stakeholder_group,incumbent\n"
                    "1,A,KEN,government,yes\n2,B,FRA,government,perhaps\n")
    scenario = tmp_path / "s.toml"
    scenario.write_text("[rotation]\nrenew_min_share = 0.5\n")
    result = CliRunner().invoke(app, ["solve", str(scenario), "-n", str(pool)])
    assert result.exit_code == 2, result.output
    assert "'perhaps' is not yes or no" in result.output
    assert "Traceback" not in result.output
    pool.write_text("id,name,country,stakeholder_group,member_before\n"
                    "1,A,KEN,government,yes\n2,B,FRA,government,perhaps\n")
    scenario.write_text('[rotation]\nincumbent = "member_before"\nrenew_min_share = 0.5\n')
    result = CliRunner().invoke(app, ["solve", str(scenario), "-n", str(pool)])
    assert result.exit_code == 2, result.output
    flat = re.sub(r"[\s│┃]+", " ", result.output)
    assert "member_before" in flat and "perhaps" in flat and "row 3" in flat


def test_contract_incumbent_column_is_checked_on_load() -> None:
    with pytest.raises(NominationsError, match="is not yes or no"):
        make_pool([{"id": "a", "country": "KEN", "stakeholder_group": "government",
                    "incumbent": "maybe"}])


# ---------------------------------------------------------------------------- brute force


def _random_rotation_pool(seed: int) -> Any:
    rnd = random.Random(seed)
    rows = []
    for k in range(9):
        sitting = rnd.random() < 0.5
        rows.append({"id": f"p{k}", "country": rnd.choice(["KEN", "FRA", "BRA"]),
                     "stakeholder_group": rnd.choice(["government", "civil_society"]),
                     "incumbent": "yes" if sitting else "no",
                     "terms": rnd.randint(1, 3) if sitting else 0,
                     "score": rnd.randint(0, 9)})
    return make_pool(rows)


@pytest.mark.parametrize("seed", range(3))
def test_optimum_matches_brute_force(seed: int) -> None:
    pool = _random_rotation_pool(seed)
    scenario = {"size": {"min": 3, "max": 5},
                "cap": [{"column": "country", "max_each": 2}],
                "rotation": {"renew_min_share": "1/3", "renew_max_share": "2/3",
                             "max_consecutive_terms": 3}}
    bound = bound_scenario(pool, scenario)
    tie = tie_priorities(pool.ids)
    best: tuple[int, int] | None = None
    for size in range(3, 6):
        for roster in combinations(pool.ids, size):
            if check(pool, bound, roster).ok:
                key = (sum(int(pool.table.at[i, "score"]) for i in roster),
                       sum(tie[i] for i in roster))
                best = key if best is None or key > best else best
    result = run(pool, scenario)
    if best is None:
        assert result.status == Status.INFEASIBLE
        return
    assert result.status == Status.OPTIMAL
    mine = (int(result.objective["score"]), sum(tie[i] for i in result.selected))
    assert mine == best


# ---------------------------------------------------------------------------- where


POSTS = make_pool(
    {"id": i, "country": c, "stakeholder_group": "government", "post": post,
     "incumbent": inc, "terms": terms, "score": score}
    for i, c, post, inc, terms, score in [
        ("c1", "KEN", "Chair", "yes", 2, 20),  # a chair re-elected once: out
        ("c2", "FRA", "Chair", "no", 0, 5),
        ("v1", "BRA", "Vice-Chair", "yes", 2, 19),  # a vice-chair: no limit
        ("v2", "IND", "Vice-Chair", "no", 0, 4),
        ("v3", "CHN", "Vice-Chair", "yes", 1, 18),
    ]
)  # fmt: skip
CHAIRS_LIMIT = {"size": {"min": 3, "max": 3},
                "rotation": {"max_consecutive_terms": 2, "where": {"post": "Chair"}}}  # fmt: skip


def test_a_term_limit_for_some_posts_only() -> None:
    result = run(POSTS, CHAIRS_LIMIT)
    assert result.status == Status.OPTIMAL
    assert result.selected == ["c2", "v1", "v3"]  # v1 has two terms too, but no limit applies
    (atom,) = [b for b in bound_scenario(POSTS, CHAIRS_LIMIT).bounds() if b.family == "rotation"]
    assert atom.name == "rotation where post=Chair: not eligible after 2 consecutive terms"
    report = check(POSTS, bound_scenario(POSTS, CHAIRS_LIMIT), ["c1", "v1", "v3"])
    assert [r.name for r in report.failures] == [atom.name]
    assert run(POSTS, CHAIRS_LIMIT, reduce=False).selected == result.selected


def test_a_fixed_chair_past_the_limit_is_a_conflict_naming_both() -> None:
    scenario = {**CHAIRS_LIMIT, "members": {"include": ["c1"]}}
    result = run(POSTS, scenario)
    assert result.status == Status.INFEASIBLE
    assert set(result.conflict) == {
        "rotation where post=Chair: not eligible after 2 consecutive terms", "include c1"}


def test_a_renewal_share_among_some_members() -> None:
    # among the vice-chairs, at least half new: v2 (score 4) must take a vice-chair seat
    rotation = {"renew_min_share": "1/2", "where": {"post": "Vice-Chair"}}
    scenario = {"size": {"min": 3, "max": 3}, "rotation": rotation}
    result = run(POSTS, scenario)
    assert result.status == Status.OPTIMAL
    assert result.selected == ["c1", "v1", "v2"]
    (atom,) = [b for b in bound_scenario(POSTS, scenario).bounds() if b.family == "rotation"]
    assert rule_phrase(atom) == (
        "among members with post 'Vice-Chair', at least 50% new members (not sitting members)"
    )


def test_rotation_where_names_an_unknown_value() -> None:
    scenario = {"rotation": {"max_consecutive_terms": 2, "where": {"post": "Chiar"}}}
    with pytest.raises(ScenarioError) as caught:
        bound_scenario(POSTS, scenario)
    assert "rotation.where.post" in str(caught.value.problems[0])


@pytest.mark.parametrize("seed", range(4))
def test_rows_and_optimum_with_where_match_brute_force(seed: int) -> None:
    pool = _random_rotation_pool(seed)
    scenario = {"size": {"min": 3, "max": 5},
                "rotation": {"renew_min_share": "1/2", "max_consecutive_terms": 2,
                             "where": {"stakeholder_group": "government"}}}  # fmt: skip
    bound = bound_scenario(pool, scenario)
    atoms = [b for b in bound.bounds() if b.family == "rotation"]
    space = RowSpace.of(pool)
    best = None
    for size in range(0, len(pool) + 1):
        for roster in combinations(pool.ids, size):
            report = {r.name: r for r in check(pool, bound, roster).rules}
            selected = np.isin(pool.text("id"), roster).astype(np.int64)
            for atom in atoms:  # the rows hold exactly when the checker says so
                rows = rule_rows(atom, space)
                assert rows is not None
                assert (slack_needed(rows, selected) == 0) == report[atom.name].met, roster
            if 3 <= size <= 5 and all(r.met for r in report.values()):
                score = sum(int(pool.table.at[i, "score"]) for i in roster)
                best = score if best is None else max(best, score)
    result = run(pool, scenario)
    if best is None:
        assert result.status == Status.INFEASIBLE
    else:
        assert result.status == Status.OPTIMAL and int(result.objective["score"]) == best


def test_a_renewal_share_when_every_nominee_is_ex_officio() -> None:
    # the pre-checks see no counted nominee at all: an empty roster, not a crash
    pool = make_pool(
        {"id": i, "country": "KEN", "stakeholder_group": "government", "incumbent": "no"}
        for i in ("a", "b")
    )
    members = {"ex_officio": ["a", "b"], "ex_officio_counted": False}
    rotation = {"incumbent": "incumbent", "renew_min_share": 0.5}
    result = run(pool, {"size": {"min": 0, "max": 2}, "members": members, "rotation": rotation})
    assert result.status.value == "optimal" and result.selected == []
    assert result.ex_officio == ["a", "b"]
