"""Pareto fronts: equal to the brute-force front on small pools, exact, deterministic, robust."""

from __future__ import annotations

import importlib
import itertools
import json
from collections.abc import Callable
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from helpers import bound_scenario, random_pool

from composer import Pool, SolveOptions, load_nominations, load_scenario
from composer.analysis.criteria import parse_criterion
from composer.analysis.frontier import Frontier, frontier
from composer.engine.check import check
from composer.engine.result import Status
from composer.errors import EXIT_BAD_INPUT, EXIT_INFEASIBLE, FrontierError
from composer.inputs.examples import bundled_scenario

SCENARIO: dict[str, Any] = {
    "name": "small body",
    "size": {"min": 1, "max": 7},
    "quota": [
        {"column": "stakeholder_group", "max": {"government": 2}},
        {"column": "gender", "min_share": {"female": "1/3"}, "soft": True, "weight": 3},
    ],
    "cap": [{"column": "country", "max_each": 2}],
    "coverage": [{"column": "expertise", "areas": ["spam", "privacy"], "min_each": 1}],
    "objective": {"maximise": "score"},
}
#: The same body with a soft rule that costs score: most of the members women.
SOFT_HEAVY: dict[str, Any] = {
    **SCENARIO,
    "quota": [
        SCENARIO["quota"][0],
        {"column": "gender", "min_share": {"female": "2/3"}, "soft": True, "weight": 3},
    ],
}
SCENARIOS = {"base": SCENARIO, "soft": SOFT_HEAVY}
Roster = tuple[str, ...]
#: A criterion in plain Python: (pool, roster, the checker's soft shortfall) -> value.
Value = Callable[[Pool, Roster, int], Fraction]


@cache
def _pool(n: int, seed: int) -> Pool:
    return random_pool(n, seed)


@cache
def _feasible(n: int, seed: int, which: str = "base") -> dict[Roster, int]:
    """Every roster of the small pool that the independent checker accepts: its soft shortfall."""
    pool = _pool(n, seed)
    scenario = bound_scenario(pool, SCENARIOS[which])
    found = {}
    for k in range(1, 8):
        for roster in itertools.combinations(pool.ids, k):
            report = check(pool, scenario, roster)
            if report.ok:
                found[roster] = report.soft_shortfall
    return found


def _sum(column: str) -> Value:
    def value(pool: Pool, r: Roster, _: int) -> Fraction:
        return sum((Fraction(str(pool.table.loc[i, column])) for i in r), Fraction(0))

    return value


def _share(column: str, wanted: str) -> Value:
    def value(pool: Pool, r: Roster, _: int) -> Fraction:
        return Fraction(sum(str(pool.table.loc[i, column]) == wanted for i in r), len(r))

    return value


def _areas(pool: Pool, ident: str) -> set[str]:
    return {a.strip() for a in str(pool.table.loc[ident, "expertise"]).split(";") if a.strip()}


def _coverage(kind: str) -> Value:
    def value(pool: Pool, r: Roster, _: int) -> Fraction:
        counts = [sum(area in _areas(pool, i) for i in r) for area in ("spam", "privacy")]
        return Fraction(min(counts) if kind == "min" else sum(counts))

    return value


#: The module (the package exports the function of the same name).
frontier_module = importlib.import_module("composer.analysis.frontier")

#: Each criterion computed in plain Python from the table, with its direction (+1: larger).
PLAIN: dict[str, tuple[Value, int]] = {
    "size": (lambda pool, r, _: Fraction(len(r)), -1),
    "score": (_sum("score"), 1),
    "budget": (_sum("travel_cost"), -1),
    "share:developing=yes": (_share("developing", "yes"), 1),
    "min:share:gender=male": (_share("gender", "male"), -1),
    "share:gender=female": (_share("gender", "female"), 1),
    "coverage:min": (_coverage("min"), 1),
    "coverage:total": (_coverage("total"), 1),
    "shortfall": (lambda pool, r, shortfall: Fraction(shortfall), -1),
}


def brute_front(
    n: int, seed: int, x: str, y: str, keep_soft: bool = True, which: str = "base"
) -> set[tuple[Fraction, Fraction]]:
    """The non-dominated (x, y) values over every feasible roster (with ``keep_soft``: over
    those whose soft shortfall is the least, unless a criterion is the shortfall)."""
    pool = _pool(n, seed)
    (fx, sx), (fy, sy) = PLAIN[x], PLAIN[y]
    feasible = _feasible(n, seed, which)
    if keep_soft and "shortfall" not in (x, y):
        least = min(feasible.values())
        feasible = {r: s for r, s in feasible.items() if s == least}
    values = {(fx(pool, r, s), fy(pool, r, s)) for r, s in feasible.items()}

    def dominates(a: tuple[Fraction, Fraction], b: tuple[Fraction, Fraction]) -> bool:
        ax, ay, bx, by = sx * a[0], sy * a[1], sx * b[0], sy * b[1]
        return ax >= bx and ay >= by and (ax > bx or ay > by)

    return {v for v in values if not any(dominates(w, v) for w in values)}


def _front(n: int, seed: int, x: str, y: str, points: int | None = None, **kw: Any) -> Frontier:
    return frontier(_pool(n, seed), SCENARIO, x, y, points=points, progress=False, **kw)


PAIRS = [
    ("size", "score"),
    ("share:developing=yes", "score"),
    ("score", "share:developing=yes"),
    ("coverage:min", "score"),
    ("size", "coverage:total"),
    ("shortfall", "score"),
    ("budget", "score"),
    ("min:share:gender=male", "score"),
    ("size", "share:gender=female"),
    ("budget", "min:share:gender=male"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("n", "seed"), [(10, 1), (10, 7)])
@pytest.mark.parametrize(("x", "y"), PAIRS)
def test_complete_front_equals_brute_force(n: int, seed: int, x: str, y: str) -> None:
    front = _front(n, seed, x, y)
    found = {(p.x, p.y) for p in front.points}
    assert found == brute_front(n, seed, x, y)
    assert front.complete and not front.dominated and not front.skipped
    pool = _pool(n, seed)
    scenario = bound_scenario(pool, SCENARIO)
    for point in front.points:
        assert point.status == Status.OPTIMAL and point.gap == 0.0
        report = check(pool, scenario, point.selected)
        roster, shortfall = tuple(point.selected), report.soft_shortfall
        assert report.ok
        assert PLAIN[x][0](pool, roster, shortfall) == point.x
        assert PLAIN[y][0](pool, roster, shortfall) == point.y


@pytest.mark.slow
@pytest.mark.parametrize(("x", "y"), [("size", "score"), ("share:developing=yes", "score")])
def test_soft_rules_held_or_traded_match_brute_force(x: str, y: str) -> None:
    pool = _pool(10, 7)
    kept = frontier(pool, SOFT_HEAVY, x, y, points=None, progress=False)
    traded = frontier(pool, SOFT_HEAVY, x, y, points=None, progress=False, keep_soft=False)
    held, free = brute_front(10, 7, x, y, which="soft"), brute_front(10, 7, x, y, False, "soft")
    assert held != free  # the soft rule costs score here
    assert {(p.x, p.y) for p in kept.points} == held
    assert {(p.x, p.y) for p in traded.points} == free
    assert kept.complete and traded.complete
    least = min(_feasible(10, 7, "soft").values())
    assert all(p.result.objective["soft_shortfall"] == least for p in kept.points)
    assert any(p.result.objective["soft_shortfall"] > least for p in traded.points)
    assert any("soft rules held" in note for note in kept.notes)
    assert not any("soft rules held" in note for note in traded.notes)


def test_grid_of_20_on_a_short_range_is_the_whole_front() -> None:
    front = _front(10, 1, "size", "score", points=20)
    assert {(p.x, p.y) for p in front.points} == brute_front(10, 1, "size", "score")
    assert front.complete


@pytest.mark.parametrize(("x", "y"), [("share:developing=yes", "score"), ("score", "size")])
def test_a_small_grid_returns_only_non_dominated_points(x: str, y: str) -> None:
    truth = brute_front(10, 7, x, y)
    front = _front(10, 7, x, y, points=3)
    found = {(p.x, p.y) for p in front.points}
    assert 1 <= len(found) <= 3 and found <= truth
    assert front.complete == (found == truth)


def test_same_front_and_rosters_with_or_without_hints_and_processes() -> None:
    base = _front(10, 7, "share:developing=yes", "score", points=6, hints=True, processes=1)
    for kw in ({"hints": False, "processes": 1}, {"hints": True, "processes": 2}):
        other = _front(10, 7, "share:developing=yes", "score", points=6, **kw)
        assert [(p.x, p.y, p.selected) for p in other.points] == [
            (p.x, p.y, p.selected) for p in base.points
        ]
    assert all(p.result.pool is base.points[0].result.pool for p in base.points)


def test_json_contract_and_no_overwrite(tmp_path: Path) -> None:
    front = _front(10, 1, "size", "share:gender=female")
    out = tmp_path / "front.json"
    front.to_json(out)
    data = json.loads(out.read_text())
    assert data["x"] == "size" and data["y"] == "share:gender=female"
    assert data["directions"] == {"size": "min", "share:gender=female": "max"}
    assert len(data["points"]) == len(front.points)
    for row, point in zip(data["points"], front.points, strict=True):
        assert row["size"] == int(point.x) and row["share:gender=female"] == float(point.y)
        assert row["status"] == "optimal" and row["selected"] == sorted(point.selected)
    with pytest.raises(FrontierError.__mro__[1]) as error:  # ComposerError: output exists
        front.to_json(out)
    assert "--force" in str(error.value.problems[0])
    front.to_json(out, force=True)


def test_frame_and_sheet_and_best() -> None:
    front = _front(10, 1, "size", "score")
    frame = front.frame()
    assert list(frame.columns[:4]) == ["size", "score", "status", "gap"]
    assert frame["size"].tolist() == sorted(frame["size"])
    best = front.best()
    assert best.y == max(p.y for p in front.points)
    sheet = front.to_sheet()
    assert sheet.loc[sheet["Chosen"] == "yes", "Members"].tolist() == [len(best.selected)]
    assert "Members (roster size)" in sheet.columns
    assert "complete" in front.summary() and "<table" in front._repr_html_()


@pytest.mark.slow
def test_share_front_on_the_bundled_pool_is_exact() -> None:
    scenario = load_scenario(bundled_scenario())
    pool = load_nominations(scenario.nominations_path())
    front = frontier(pool, scenario, "share:developing=yes", "score", points=5, progress=False)
    assert len(front.points) == 5
    shares = [p.x for p in front.points]
    assert shares == sorted(shares) and shares[0] >= Fraction(1, 2)
    scores = [p.y for p in front.points]
    assert scores == sorted(scores, reverse=True)  # more developing seats cost score
    bound = front.scenario
    for point in front.points:
        developing = sum(pool.table.loc[i, "developing"] == "yes" for i in point.selected)
        assert point.x == Fraction(developing, len(point.selected))
        assert check(pool, bound, point.selected).ok


def test_time_limited_points_are_feasible_with_a_gap(monkeypatch: pytest.MonkeyPatch) -> None:
    criteria = importlib.import_module("composer.analysis.criteria")
    made = criteria.stage_solver

    def first_solution_only(options: SolveOptions, seconds: float) -> Any:
        solver = made(options, seconds)
        solver.parameters.stop_after_first_solution = True
        solver.parameters.linearization_level = 0
        return solver

    monkeypatch.setattr(criteria, "stage_solver", first_solution_only)
    front = _front(10, 7, "size", "score", points=4, options=SolveOptions(time_limit=10))
    found = front.points + front.dominated
    unproven = [p for p in found if p.status == Status.FEASIBLE]
    assert unproven and not front.complete
    truth = brute_front(10, 7, "size", "score")
    for point in unproven:
        assert point.gap is not None and point.gap > 0  # the first stage's bound is known
        assert point.result.status == Status.FEASIBLE and point.result.gap == point.gap
        assert check(front.pool, front.scenario, point.selected).ok
    best_score = max(y for _, y in truth)
    for point in found:  # no point claims more than the true best
        assert point.y <= best_score


def test_ctrl_c_returns_the_points_so_far(monkeypatch: pytest.MonkeyPatch) -> None:
    real = frontier_module._solve_task
    calls = {"n": 0}

    def interrupted(*args: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 4:
            raise KeyboardInterrupt
        return real(*args)

    monkeypatch.setattr(frontier_module, "_solve_task", interrupted)
    front = _front(10, 7, "size", "score", points=7, processes=1)
    assert len(front.points) == 3 and not front.complete
    assert any("interrupted" in note for note in front.notes)


# ---------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("share:colour=red", ["no column 'colour'"]),
        ("share:gender=femal", ["femal", "female"]),
        ("share:gender", ["share:COLUMN=VALUE"]),
        ("sise", ["did you mean 'size'"]),
        ("max:shortfall", ["only be minimised"]),
    ],
)
def test_bad_criterion_names_the_problem(text: str, words: list[str]) -> None:
    with pytest.raises(FrontierError) as error:
        _front(10, 1, text, "score")
    assert error.value.exit_code == EXIT_BAD_INPUT
    message = str(error.value)
    assert all(word in message for word in words), message


def test_coverage_criterion_needs_coverage_areas() -> None:
    pool = _pool(10, 1)
    plain = bound_scenario(pool, {"size": {"max": 3}})
    with pytest.raises(FrontierError, match=r"\[\[coverage\]\]"):
        parse_criterion("coverage:min", pool, plain)


@pytest.mark.parametrize("points", [1, 0, -3])
def test_fewer_than_two_points_is_bad_input(points: int) -> None:
    with pytest.raises(FrontierError) as error:
        _front(10, 1, "size", "score", points=points)
    assert error.value.exit_code == EXIT_BAD_INPUT and "at least 2 points" in str(error.value)


def test_same_criterion_twice_is_bad_input() -> None:
    with pytest.raises(FrontierError, match="two different criteria"):
        _front(10, 1, "score", "merit")


def test_no_feasible_point_is_infeasible_with_the_conflict() -> None:
    pool = _pool(10, 1)
    impossible = {**SCENARIO, "quota": [{"column": "stakeholder_group", "min": {"government": 6}}]}
    with pytest.raises(FrontierError) as error:
        frontier(pool, impossible, "size", "score", progress=False)
    assert error.value.exit_code == EXIT_INFEASIBLE
    assert "government >= 6" in str(error.value)


# ---------------------------------------------------------------------------- command line

POOL_CSV = """id,name,country,stakeholder_group,gender,expertise,score
1,Ana,KEN,government,female,spam,9
2,Ben,FRA,private_sector,male,spam; privacy,7
3,Chi,CHN,civil_society,female,privacy,8
4,Dan,BRA,government,male,spam,6
5,Eve,IND,civil_society,female,dns,5
"""


def _cli_files(tmp_path: Path, toml: str = "[size]\nmin = 1\nmax = 4\n") -> list[str]:
    pool, scenario = tmp_path / "pool.csv", tmp_path / "s.toml"
    pool.write_text(POOL_CSV, encoding="utf-8")
    scenario.write_text(toml, encoding="utf-8")
    return [str(scenario), "-n", str(pool)]


def test_cli_frontier_writes_json_png_and_the_workbook(tmp_path: Path) -> None:
    from openpyxl import load_workbook
    from typer.testing import CliRunner

    from composer.cli.app import app

    out, png, xlsx = tmp_path / "f.json", tmp_path / "f.png", tmp_path / "f.xlsx"
    args = ["frontier", *_cli_files(tmp_path), "--x", "size", "--y", "score", "--all"]
    result = CliRunner().invoke(
        app, [*args, "--json", str(out), "--png", str(png), "--xlsx", str(xlsx)]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert [(p["size"], p["score"]) for p in data["points"]] == [(1, 9), (2, 17), (3, 24), (4, 30)]
    assert data["complete"] is True and data["directions"] == {"size": "min", "score": "max"}
    assert png.read_bytes()[:4] == b"\x89PNG"
    book = load_workbook(xlsx)
    assert "Trade-offs" in book.sheetnames and "Shortlist" in book.sheetnames
    sheet = book["Trade-offs"]
    assert [c.value for c in sheet[1]][:3] == ["Point", "Members (roster size)", "Total score"]
    assert [c.value for c in sheet[5]][1:3] == [4, 30] and len(sheet._images) == 1
    again = CliRunner().invoke(app, [*args, "--json", str(out)])
    assert again.exit_code == 2 and "--force" in again.output


@pytest.mark.parametrize(
    ("options", "words"),
    [
        (["--x", "share:colour=red"], ["share:colour=red", "colour", "'country'?"]),
        (["--y", "share:gender=femal"], ["femal", "'female'?"]),
        (["--points", "1"], ["at least 2 points"]),
        (["--x", "sise"], ["'sise'", "'size'?"]),
    ],
)
def test_cli_frontier_bad_input_exit_2(
    tmp_path: Path, options: list[str], words: list[str]
) -> None:
    from typer.testing import CliRunner

    from composer.cli.app import app

    result = CliRunner().invoke(app, ["frontier", *_cli_files(tmp_path), *options])
    assert result.exit_code == EXIT_BAD_INPUT, result.output
    assert "Traceback" not in result.output
    for word in words:
        assert word in result.output, result.output


def test_cli_frontier_no_feasible_point_exit_3(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from composer.cli.app import app

    toml = '[size]\nmax = 2\n[[quota]]\ncolumn = "stakeholder_group"\nmin = { government = 3 }\n'
    result = CliRunner().invoke(app, ["frontier", *_cli_files(tmp_path, toml)])
    assert result.exit_code == 3, result.output
    assert "only 2 eligible nominees" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("verb", ["frontier", "compare", "sweep"])
def test_every_tradeoff_verb_has_help_with_example(verb: str) -> None:
    from typer.testing import CliRunner

    from composer.cli.app import app

    result = CliRunner().invoke(app, [verb, "--help"])
    assert result.exit_code == 0 and "Example" in result.output
