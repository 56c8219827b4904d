"""Size sweeps: the best roster per size (brute force on a small pool), binding rules, the
smallest roster that keeps every rule, bad ranges, and the runner behind sweeps and fronts."""

from __future__ import annotations

import importlib
import itertools
import json
import time
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from helpers import bound_scenario, make_pool, random_pool
from typer.testing import CliRunner

from composer import SolveOptions
from composer.analysis.sweep import binding_rules, size_sweep
from composer.cli.app import app
from composer.engine.check import check
from composer.engine.progress import (
    Run,
    SilentBar,
    TextBar,
    choose_processes,
    chunks,
    in_notebook,
    progress_bar,
    run_tasks,
)
from composer.engine.result import Status
from composer.errors import EXIT_BAD_INPUT, FrontierError

SCENARIO: dict[str, Any] = {
    "name": "sweep body",
    "size": {"min": 2, "max": 6},
    "quota": [
        {"name": "two governments", "column": "stakeholder_group", "min": {"government": 2}},
        {"column": "gender", "min_share": {"female": "1/2"}, "soft": True, "weight": 5},
    ],
    "cap": [{"column": "country", "max_each": 2}],
    "objective": {"maximise": "score"},
}
sweep_module = importlib.import_module("composer.analysis.sweep")
runner = CliRunner()


@pytest.mark.slow
def test_each_size_matches_brute_force_and_smallest_feasible() -> None:
    pool = random_pool(10, seed=5)
    any_size = bound_scenario(pool, {**SCENARIO, "size": {}})
    sweep = size_sweep(pool, SCENARIO, range(0, 9), progress=False)
    assert [p.size for p in sweep.points] == list(range(0, 9))
    for point in sweep.points:
        best: tuple[int, Fraction] | None = None
        for roster in itertools.combinations(pool.ids, point.size):
            report = check(pool, any_size, roster)
            if report.ok:
                score = sum(
                    (Fraction(str(pool.table.loc[i, "score"])) for i in roster), Fraction(0)
                )
                key = (-report.soft_shortfall, score)
                best = key if best is None or key > best else best
        if best is None:
            assert point.status == Status.INFEASIBLE and point.result.conflict
        else:
            assert point.status == Status.OPTIMAL
            assert (point.soft_shortfall, Fraction(str(point.score))) == (-best[0], best[1])
            assert len(point.result.selected) == point.size
    feasible = [p.size for p in sweep.points if p.ok]
    assert sweep.smallest_feasible == min(feasible) == 2 and sweep.feasible_sizes == feasible
    assert "2 members" in sweep.summary()


def test_binding_rules_are_those_at_their_bound() -> None:
    pool = make_pool(
        [
            {"id": "g1", "country": "KEN", "stakeholder_group": "government", "score": 1},
            {"id": "g2", "country": "IND", "stakeholder_group": "government", "score": 1},
            {"id": "p1", "country": "FRA", "stakeholder_group": "private_sector", "score": 9},
            {"id": "p2", "country": "FRA", "stakeholder_group": "private_sector", "score": 8},
            {"id": "c1", "country": "BRA", "stakeholder_group": "civil_society", "score": 7},
        ]
    )
    scenario = {
        "quota": [
            {"name": "governments", "column": "stakeholder_group", "min": {"government": 1}},
            {
                "name": "private",
                "column": "stakeholder_group",
                "max_share": {"private_sector": 0.5},
            },
        ],
        "cap": [{"name": "per country", "column": "country", "max_each": 1}],
    }
    sweep = size_sweep(pool, scenario, [2, 4], progress=False)
    two, four = sweep.points
    # at 2: one government (min 1, binds), one private (1 <= 1 = floor(2/2), binds), one per country
    assert set(two.binding) == {"governments", "private", "per country"}
    # at 4: both governments (2 > 1), one private of four (1 < 2): only the country cap binds
    assert set(four.binding) == {"per country"}
    assert two.result.report is not None
    assert binding_rules(two.result.scenario, two.result.report) == two.binding


def test_default_range_is_the_scenario_size_range_and_json(tmp_path: Path) -> None:
    pool = random_pool(10, seed=5)
    sweep = size_sweep(pool, SCENARIO, progress=False)
    assert [p.size for p in sweep.points] == [2, 3, 4, 5, 6]
    out = tmp_path / "sweep.json"
    sweep.to_json(out)
    data = json.loads(out.read_text())
    assert data["smallest_feasible"] == 2 and len(data["points"]) == 5
    assert data["points"][0]["selected"] == sorted(sweep.points[0].result.selected)
    frame = sweep.frame()
    assert list(frame["size"]) == [2, 3, 4, 5, 6] and set(frame["status"]) == {"optimal"}
    assert "<table" in sweep._repr_html_()


def test_parallel_sweep_gives_the_same_rosters() -> None:
    pool = random_pool(10, seed=5)
    one = size_sweep(pool, SCENARIO, range(1, 8), progress=False, processes=1)
    two = size_sweep(pool, SCENARIO, range(1, 8), progress=False, processes=2)
    assert [(p.size, p.status, p.result.selected) for p in one.points] == [
        (p.size, p.status, p.result.selected) for p in two.points
    ]
    assert two.stats["processes"] == 2 and two.points[0].result.pool is pool


@pytest.mark.parametrize("sizes", [[], range(5, 3), ["x"], [-1, 2]])
def test_bad_size_range_is_bad_input(sizes: Any) -> None:
    with pytest.raises(FrontierError) as error:
        size_sweep(random_pool(6, seed=1), SCENARIO, sizes, progress=False)
    assert error.value.exit_code == EXIT_BAD_INPUT


def test_ctrl_c_keeps_the_sizes_finished(monkeypatch: pytest.MonkeyPatch) -> None:
    real = sweep_module._solve_size

    def interrupted(setup: Any, size: int, previous: Any) -> Any:
        if size == 5:
            raise KeyboardInterrupt
        return real(setup, size, previous)

    monkeypatch.setattr(sweep_module, "_solve_size", interrupted)
    sweep = size_sweep(random_pool(10, seed=5), SCENARIO, range(2, 8), progress=False, processes=1)
    assert [p.size for p in sweep.points] == [2, 3, 4]
    assert any("interrupted" in note for note in sweep.notes)


# ---------------------------------------------------------------------------- command line

POOL_CSV = """id,name,country,stakeholder_group,gender,expertise,score
1,Ana,KEN,government,female,spam,9
2,Ben,FRA,private_sector,male,spam; privacy,7
3,Chi,CHN,civil_society,female,privacy,8
4,Dan,BRA,government,male,spam,6
5,Eve,IND,civil_society,female,dns,5
"""
SCENARIO_TOML = """
name = "five"
[[quota]]
column = "stakeholder_group"
min = { government = 2 }
"""


def _files(tmp_path: Path, toml: str = SCENARIO_TOML) -> tuple[Path, Path]:
    pool, scenario = tmp_path / "pool.csv", tmp_path / "s.toml"
    pool.write_text(POOL_CSV, encoding="utf-8")
    scenario.write_text(toml, encoding="utf-8")
    return pool, scenario


def test_cli_sweep_writes_json_and_png(tmp_path: Path) -> None:
    pool, scenario = _files(tmp_path)
    out, png = tmp_path / "s.json", tmp_path / "s.png"
    args = ["sweep", str(scenario), "-n", str(pool), "--from", "1", "--to", "4"]
    result = runner.invoke(app, [*args, "--json", str(out), "--png", str(png)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert data["smallest_feasible"] == 2
    assert [p["status"] for p in data["points"]] == ["infeasible", "optimal", "optimal", "optimal"]
    assert png.read_bytes()[:4] == b"\x89PNG"
    assert "smallest roster that keeps every hard rule has 2" in " ".join(result.output.split())
    again = runner.invoke(app, [*args, "--json", str(out)])
    assert again.exit_code == 2 and "--force" in again.output


def test_cli_sweep_exit_codes_for_bad_range_and_no_feasible_size(tmp_path: Path) -> None:
    pool, scenario = _files(tmp_path)
    empty = runner.invoke(
        app, ["sweep", str(scenario), "-n", str(pool), "--from", "4", "--to", "2"]
    )
    assert empty.exit_code == 2 and "empty" in empty.output and "Traceback" not in empty.output
    none = runner.invoke(app, ["sweep", str(scenario), "-n", str(pool), "--from", "0", "--to", "1"])
    assert none.exit_code == 3 and "no swept size" in none.output


# ---------------------------------------------------------------------------- the runner


def _running_sum(shared: int, task: int, previous: int | None) -> int:
    return task + (previous or 0)


def _square(shared: int, task: int, previous: int | None) -> int:
    return shared * task + (previous or 0) * 0


def test_runner_serial_chains_answers_and_parallel_matches() -> None:
    seen: list[int | None] = []

    def chained(shared: int, task: int, previous: int | None) -> int:
        seen.append(previous)
        return shared * task

    serial = run_tasks(chained, 3, [1, 2, 3])
    assert serial.answers == [3, 6, 9] and seen == [None, 3, 6] and not serial.interrupted
    parallel = run_tasks(_square, 3, [1, 2, 3, 4], processes=2)
    assert parallel.answers == [3, 6, 9, 12] and parallel.processes == 2
    chained = run_tasks(_running_sum, 0, [1, 2, 3, 4, 5, 6, 7, 8], processes=2)
    # four chunks of two, each chained inside: 1, 1+2, 3, 3+4, ...
    assert chained.answers == [1, 3, 3, 7, 5, 11, 7, 15]


def test_runner_interrupt_returns_what_finished() -> None:
    def stop_at_three(shared: int, task: int, previous: int | None) -> int:
        if task == 3:
            raise KeyboardInterrupt
        return task

    run: Run[int] = run_tasks(stop_at_three, 0, [1, 2, 3, 4])
    assert run.answers == [1, 2, None, None] and run.interrupted and run.finished == 2
    assert "2 of 4" in run.notes[0]


def _slow_after_two(shared: int, task: int, previous: int | None) -> int:
    if task > 2:
        time.sleep(30)
    return task


class _CtrlCAfterFirst(SilentBar):
    def advance(self, note: str = "") -> None:
        raise KeyboardInterrupt


def test_parallel_ctrl_c_keeps_finished_chunks_and_stops_the_workers() -> None:
    started = time.perf_counter()
    run = run_tasks(_slow_after_two, 0, list(range(1, 9)), processes=2, bar=_CtrlCAfterFirst())
    assert run.interrupted and run.answers[:2] == [1, 2] and run.answers[2:] == [None] * 6
    assert time.perf_counter() - started < 20  # the sleeping workers were stopped


def test_process_choice_follows_the_measured_costs(monkeypatch: pytest.MonkeyPatch) -> None:
    progress = importlib.import_module("composer.engine.progress")
    monkeypatch.setattr(progress, "usable_processes", lambda tasks, workers: min(tasks, 2))
    monkeypatch.setattr(progress, "idle_cores", lambda: 2.0)
    monkeypatch.setattr(progress, "start_method", lambda: "fork")
    assert choose_processes(20, 1, 0.02) == 1  # 0.4 s of work: not worth starting processes
    assert choose_processes(3, 1, 60.0) == 1  # fewer than 4 tasks
    assert choose_processes(20, 1, 0.1) == 2  # 2 s of work, two idle cores
    assert choose_processes(20, 2, 5.0) == 1  # two CP-SAT threads per solve fill both cores
    monkeypatch.setattr(progress, "idle_cores", lambda: 0.6)  # the other core is busy
    assert choose_processes(20, 1, 5.0) == 1
    monkeypatch.setattr(progress, "idle_cores", lambda: 2.0)
    monkeypatch.setattr(progress, "start_method", lambda: "spawn")
    assert choose_processes(20, 1, 0.1) == 1  # spawned processes import pandas first
    assert choose_processes(20, 1, 5.0) == 2


def test_chunks_cut_tasks_into_contiguous_pieces() -> None:
    assert chunks(10, 4) == [range(0, 2), range(2, 5), range(5, 8), range(8, 10)]
    assert chunks(3, 8) == [range(0, 1), range(1, 2), range(2, 3)]
    assert sum(len(c) for c in chunks(21, 4)) == 21


def test_text_bar_draws_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    bar = TextBar("Front", 5)
    bar.advance()
    bar.resize(4)
    bar.advance("point 2")
    bar.close()
    out = capsys.readouterr().out
    assert "\r" in out and "[##########..........] 2/4" in out and "point 2" in out
    assert out.endswith("\n")
    assert not in_notebook()
    assert isinstance(progress_bar("x", 3, enabled=False), SilentBar)
    assert isinstance(progress_bar("x", 3), SilentBar)  # tests do not run on a terminal


def test_sweep_of_the_bundled_scenario_is_quick() -> None:
    from composer.inputs.examples import bundled_scenario

    started = time.perf_counter()
    sweep = size_sweep(
        load_pool(), bundled_scenario(), range(20, 61, 10), SolveOptions(), progress=False
    )
    assert sweep.smallest_feasible == 20 and all(p.ok for p in sweep.points)
    scores = [p.score or 0 for p in sweep.points]
    assert scores == sorted(scores)  # more seats, more total score here
    assert time.perf_counter() - started < 30


def load_pool() -> Any:
    from composer import load_nominations, load_scenario
    from composer.inputs.examples import bundled_scenario

    path = load_scenario(bundled_scenario()).nominations_path()
    return load_nominations(path)
