"""The lottery against brute force on tiny pools: every legal roster enumerated, LPs by CBC."""

from __future__ import annotations

import itertools
import json
import random
from fractions import Fraction
from typing import Any

import highspy
import numpy as np
import pytest
from typer.testing import CliRunner

from composer import Pool, lottery
from composer.analysis.lottery_draw import UNITS, ticket
from composer.cli.app import app
from composer.engine.check import check
from tests.helpers import bound_scenario, make_pool, random_rows

SCENARIO: dict[str, Any] = {
    "name": "tiny",
    "size": {"min": 3, "max": 3},
    "quota": [{"name": "women", "column": "gender", "min": {"female": 1}}],
    "cap": [{"name": "one per country", "column": "country", "max_each": 1}],
    "objective": {"maximise": "score"},
}


def legal_rosters(pool: Pool, scenario: dict[str, Any], band: int) -> list[tuple[str, ...]]:
    """Every roster the checker accepts, within ``band`` points of the best score."""
    bound = bound_scenario(pool, scenario)
    ids = sorted(pool.ids)
    rosters = []
    for k in range(len(ids) + 1):
        for combo in itertools.combinations(ids, k):
            if check(pool, bound, list(combo)).ok:
                rosters.append(combo)
    score = {i: int(pool.table.loc[i, "score"]) for i in ids}
    best = max(sum(score[i] for i in r) for r in rosters)
    return [r for r in rosters if sum(score[i] for i in r) >= best - band]


def _lp(rosters: list[tuple[str, ...]], fixed: dict[str, float], open_ids: list[str]) -> float:
    """max z: sum q = 1, p_i >= z (open), p_i >= f_i (fixed); solved by HiGHS."""
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    # one thread, as the MIP cross-checks ask: HiGHS's scheduler is set once per process,
    # and a later Highs() asking for another thread count would fail to run
    h.setOptionValue("threads", 1)
    m = len(rosters)
    inf = highspy.kHighsInf
    empty_i, empty_f = np.array([], dtype=np.int32), np.array([], dtype=np.float64)
    for _ in range(m):
        h.addCol(0.0, 0.0, inf, 0, empty_i, empty_f)
    h.addCol(-1.0, 0.0, 1.0, 0, empty_i, empty_f)  # z; HiGHS minimises, so cost -1
    h.addRow(1.0, 1.0, m, np.arange(m, dtype=np.int32), np.ones(m))
    for ident in [*open_ids, *fixed]:
        cols = [k for k, r in enumerate(rosters) if ident in r]
        values = [1.0] * len(cols)
        low = fixed[ident] - 1e-9 if ident in fixed else 0.0
        if ident not in fixed:
            cols, values = [*cols, m], [*values, -1.0]
        h.addRow(low, inf, len(cols), np.array(cols, dtype=np.int32), np.array(values))
    h.run()
    assert h.getModelStatus() == highspy.HighsModelStatus.kOptimal
    return float(h.getSolution().col_value[m])


def brute_leximin(rosters: list[tuple[str, ...]]) -> list[float]:
    """The leximin vector: each level's value, and who cannot rise above it (one LP each)."""
    reach = sorted({i for r in rosters for i in r})
    fixed: dict[str, float] = {}
    while len(fixed) < len(reach):
        open_ids = [i for i in reach if i not in fixed]
        z = _lp(rosters, fixed, open_ids)
        stuck = [
            i
            for i in open_ids
            if _lp(rosters, {**fixed, **{j: z for j in open_ids if j != i}}, [i]) <= z + 1e-7
        ]
        for i in stuck or open_ids:
            fixed[i] = z
    return sorted(fixed.values())


def tiny_pool(seed: int, n: int = 7) -> Pool:
    return make_pool(random_rows(random.Random(seed), n))


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("band", [0, 6])
def test_maximin_and_leximin_match_brute_force(seed: int, band: int) -> None:
    pool = tiny_pool(seed)
    rosters = legal_rosters(pool, SCENARIO, band)
    reach = sorted({i for r in rosters for i in r})
    expected = brute_leximin(rosters)
    for method in ("maximin", "leximin"):
        lot = lottery(pool, SCENARIO, method=method, band=band, seed="s", time_limit=60)
        assert lot.status == "optimal"
        assert lot.min_probability == pytest.approx(expected[0], abs=1e-6)
        assert lot.bound == pytest.approx(expected[0], abs=1e-6)
        assert sorted(lot.unreachable) == sorted(set(pool.ids) - set(reach))
        assert all(lot.probabilities[i] == 0 for i in lot.unreachable)
        assert lot.expected_size == 3  # exact: units are whole numbers summing to 10**9
        assert sum(u for _, u in lot.distribution) == UNITS
        assert all(set(r) in map(set, rosters) for r, _ in lot.distribution)
        assert all(report.ok for report in lot.checks)
        if method == "leximin":
            chances = sorted(float(lot.probabilities[i]) for i in reach)
            assert chances == pytest.approx(expected, abs=1e-6)


def test_nash_is_at_least_as_good_as_maximin_in_product() -> None:
    import math

    pool = tiny_pool(4)
    maxi = lottery(pool, SCENARIO, method="maximin", band=6, time_limit=60)
    nash = lottery(pool, SCENARIO, method="nash", band=6, time_limit=60)
    reach = maxi.reachable

    def welfare(lot: Any) -> float:
        return sum(math.log(float(lot.probabilities[i])) for i in reach)

    assert welfare(nash) >= welfare(maxi) - 1e-6
    assert nash.nash_gap is not None and nash.nash_gap <= 1e-3


def test_same_draw_whatever_the_row_order() -> None:
    rows = random_rows(random.Random(5), 7)
    first = lottery(
        make_pool(rows), SCENARIO, method="leximin", band=6, seed="public", time_limit=60
    )
    shuffled = rows[:]
    random.Random(9).shuffle(shuffled)
    second = lottery(
        make_pool(shuffled), SCENARIO, method="leximin", band=6, seed="public", time_limit=60
    )
    assert first.distribution == second.distribution
    assert first.selected == second.selected
    renamed = [{**r, "id": f"Z-{99 - int(r['id'][1:])}"} for r in rows]
    third = lottery(make_pool(renamed), SCENARIO, method="leximin", band=6, seed="x", time_limit=60)
    assert sorted(map(float, third.probabilities.values())) == pytest.approx(
        sorted(map(float, first.probabilities.values())), abs=1e-6
    )


def test_the_draw_is_reproducible_by_hand() -> None:
    lot = lottery(tiny_pool(2), SCENARIO, band=6, seed="2026-12-03", time_limit=60)
    number = ticket("2026-12-03")
    running = 0
    for index, (roster, units) in enumerate(sorted(lot.distribution)):
        running += units
        if number < running:
            assert list(roster) == lot.selected and index == lot.drawn
            break


runner = CliRunner()


def _cli(*args: str) -> Any:
    return runner.invoke(app, ["lottery", *args])


@pytest.fixture
def scenario_file(tmp_path: Any) -> Any:
    pool_path = tmp_path / "pool.csv"
    rows = random_rows(random.Random(3), 7)
    pool_path.write_text(
        "id,name,country,stakeholder_group,gender,score\n"
        + "".join(
            f"{r['id']},N {r['id']},{r['country']},{r['stakeholder_group']},{r['gender']},"
            f"{r['score']}\n"
            for r in rows
        ),
        encoding="utf-8",
    )
    path = tmp_path / "tiny.toml"
    path.write_text(
        'name = "tiny"\nnominations = "pool.csv"\n[size]\nmin = 3\nmax = 3\n'
        '[[quota]]\nname = "women"\ncolumn = "gender"\nmin = { female = 1 }\n',
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--method", "maximum"], "lottery: unknown method 'maximum'"),
        (["--band", "-2"], "lottery: the merit band must be 0 or more, not -2"),
        (["--band", "-1%"], "lottery: the merit band must be 0 or more, not -1%"),
        (["--seed", " "], "lottery: the seed is empty"),
    ],
)
def test_bad_input_is_exit_2_with_a_clear_message(
    scenario_file: Any, args: list[str], message: str
) -> None:
    answer = _cli(str(scenario_file), *args)
    assert answer.exit_code == 2
    assert message in " ".join(answer.output.split())
    assert "Traceback" not in answer.output


def test_infeasible_rules_exit_3_with_the_conflict(scenario_file: Any) -> None:
    text = scenario_file.read_text(encoding="utf-8").replace("female = 1", "female = 9")
    scenario_file.write_text(text, encoding="utf-8")
    answer = _cli(str(scenario_file), "--seed", "x")
    assert answer.exit_code == 3
    assert "women" in answer.output


def test_cli_writes_json_and_workbook(scenario_file: Any, tmp_path: Any) -> None:
    out, book = tmp_path / "lot.json", tmp_path / "lot.xlsx"
    answer = _cli(str(scenario_file), "--seed", "abc", "--json", str(out), "--out", str(book))
    assert answer.exit_code == 0, answer.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["seed"] == "abc" and data["method"] == "maximin"
    assert sum(r["units"] for r in data["distribution"]) == UNITS
    assert all(r["checked"] for r in data["distribution"])
    assert sum(data["probabilities"].values()) == pytest.approx(3)
    assert Fraction(data["seed_sha256_ticket"]) == ticket("abc")
    from openpyxl import load_workbook

    workbook = load_workbook(book, read_only=True)
    try:
        assert "Probabilities" in workbook.sheetnames
        kind = {r[0]: r[1] for r in workbook["Summary"].iter_rows(values_only=True) if len(r) > 1}
    finally:
        workbook.close()
    assert kind["Workbook"] == (
        "internal: decision and rule columns, no contact columns; the Probabilities sheet "
        "names nominees not selected"
    )
    assert "(internal: its Probabilities sheet names every nominee)" in answer.output


def test_group_chart_plots_the_chances_per_group() -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from composer.export.probabilities import group_chart, group_frame

    lot = lottery(tiny_pool(2), SCENARIO, band=6, seed="s", time_limit=60)
    ax = group_chart(lot, "gender")
    heights = [bar.get_height() for bar in ax.patches]
    frame = lot.by_group("gender")
    assert heights == pytest.approx(list(frame["mean"]))
    assert sum(frame["expected_members"]) == pytest.approx(3)
    plt.close(ax.figure)
    groups = group_frame(lot)
    assert "Name" not in groups.columns and set(groups["Group"]) >= {"Gender"}


def test_statement_names_no_nominee_who_was_not_drawn(scenario_file: Any, tmp_path: Any) -> None:
    page = tmp_path / "statement.html"
    answer = _cli(str(scenario_file), "--seed", "abc", "--statement", str(page))
    assert answer.exit_code == 0, answer.output
    text = page.read_text(encoding="utf-8")
    assert "by lot" in text and "abc" in text
    data = lottery(None, scenario_file, seed="abc", time_limit=60)
    for ident in set(data.probabilities) - set(data.selected):
        assert f"N {ident}" not in text


@pytest.mark.parametrize(
    ("args", "summary", "problem", "fix"),
    [
        (
            ["--method", "maximum"],
            "Error: lottery: unknown method 'maximum'",
            "unknown method 'maximum'",
            "use one of: maximin, leximin, nash (did you mean 'maximin'?)",
        ),
        (
            ["--band", "-0.5"],
            "Error: lottery: the merit band must be 0 or more, not -0.5",
            "band -0.5",
            "give points (--band 3) or a percent of the best score (--band 2%)",
        ),
        (
            ["--band", "two"],
            "Error: lottery: the merit band must be a number of points or a percent, not two",
            "band two",
            "give points (--band 3) or a percent of the best score (--band 2%)",
        ),
        (
            ["--seed", ""],
            "Error: lottery: the seed is empty",
            "the draw needs a seed text published before the draw",
            'give --seed TEXT, e.g. --seed "2026-12-03 EuroMillions 4 17 23 38 45"',
        ),
    ],
)
def test_bad_input_messages_in_full(
    scenario_file: Any, args: list[str], summary: str, problem: str, fix: str
) -> None:
    from composer.errors import ComposerError

    answer = _cli(str(scenario_file), *args)
    assert answer.exit_code == 2
    assert answer.output.splitlines()[0] == summary
    with pytest.raises(ComposerError) as caught:
        options = {"method": "maximin", "band": None, "seed": None}
        pairs = zip(args[::2], args[1::2], strict=True)
        options.update({a.removeprefix("--"): b for a, b in pairs})
        lottery(None, scenario_file, time_limit=10, **options)
    assert str(caught.value).splitlines()[0] == summary.removeprefix("Error: ")
    (only,) = caught.value.problems
    assert (only.message, only.fix) == (problem, fix)


def test_infeasible_rules_message_in_full(scenario_file: Any, tmp_path: Any) -> None:
    text = scenario_file.read_text(encoding="utf-8").replace("female = 1", "female = 9")
    scenario_file.write_text(text, encoding="utf-8")
    out = tmp_path / "lot.json"
    answer = _cli(str(scenario_file), "--seed", "x", "--json", str(out))
    assert answer.exit_code == 3
    words = " ".join(answer.output.split())
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["status"] == "infeasible" and data["distribution"] == []
    assert data["conflict"] and data["advice"]
    expected = (
        "tiny: no roster keeps every hard rule, so there is nothing to draw from. "
        f"Rules in conflict: {'; '.join(data['conflict'])}"
    )
    assert words.startswith(expected)
    assert f"Advice: {'; '.join(data['advice'])}" in words
    assert "Traceback" not in answer.output


def test_time_limit_reports_the_best_lottery_and_its_guarantee(
    scenario_file: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The clock runs out just after the first rosters are found (made exact by a stub clock
    so the test does not depend on the machine's speed)."""
    import composer.analysis.lottery as module
    import composer.analysis.lottery_lp as lp
    import composer.analysis.lottery_walk as walk

    real_cover = module.cover

    class Expired:
        @staticmethod
        def monotonic() -> float:
            return float("inf")

    def cover_then_expire(*args: Any) -> list[str]:
        agents = real_cover(*args)
        monkeypatch.setattr(lp, "time", Expired)
        monkeypatch.setattr(walk, "time", Expired)
        return agents

    monkeypatch.setattr(module, "cover", cover_then_expire)
    out = tmp_path / "lot.json"
    answer = _cli(str(scenario_file), "--seed", "x", "--json", str(out))
    assert answer.exit_code == 0, answer.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["status"] == "feasible"
    assert data["time_limit_reached"] is True and data["proven"] is False
    reachable = [i for i in data["probabilities"] if i not in data["unreachable"]]
    # uniform weights prove the bound size / reachable even before any pricing round
    assert data["bound"] == pytest.approx(min(1.0, 3 / len(reachable)))
    assert data["min_probability"] <= data["bound"]
    assert data["gap"] == pytest.approx(data["bound"] - data["min_probability"])
    assert all(r["checked"] for r in data["distribution"])
    words = " ".join(answer.output.split())
    assert (
        f"TIME LIMIT: best lottery found, not proven fair: least chance "
        f"{data['min_probability']:.6f}; proven: no lottery can give everyone more than "
        f"{data['bound']:.6f} (gap {data['gap']:.6f})"
    ) in words


def test_finished_lottery_is_proven(scenario_file: Any, tmp_path: Any) -> None:
    out = tmp_path / "lot.json"
    answer = _cli(str(scenario_file), "--seed", "x", "--json", str(out))
    assert answer.exit_code == 0, answer.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["status"] == "optimal" and data["proven"] is True
    assert data["time_limit_reached"] is False
    assert data["gap"] <= 1e-5 * data["bound"] + 1e-7
    assert "TIME LIMIT" not in answer.output
