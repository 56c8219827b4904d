"""A quota listing thousands of values: bound, prechecked and built in one pass per column,
and printed as a short table that says what it leaves out."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import make_pool, run
from typer.testing import CliRunner

from composer import Status
from composer.cli.app import app

#: Thousands of atoms: a robustness check at scale, run in the full suite.
pytestmark = pytest.mark.slow

VALUES = 1_500


def _rows(values: int) -> list[dict[str, object]]:
    return [
        {"id": f"p{i}", "country": "KEN", "stakeholder_group": "government", "score": i % 97,
         "tag": f"t{i // 2}"}  # two nominees per tag
        for i in range(2 * values)
    ]


def _table(values: int, amount: int) -> dict[str, int]:
    return {f"t{k}": amount for k in range(values)}


def test_at_most_one_per_tag_over_many_tags_is_optimal_and_checked() -> None:
    pool = make_pool(_rows(VALUES))
    result = run(
        pool,
        {"size": {"min": 40, "max": 40}, "quota": [{"column": "tag", "max": _table(VALUES, 1)}]},
    )
    assert result.status == Status.OPTIMAL and result.report is not None and result.report.ok
    tags = [pool.table.at[i, "tag"] for i in result.selected]
    assert len(set(tags)) == 40  # one per tag
    # the best 40 distinct tags: the top score of each tag, highest first
    best: dict[str, int] = {}
    for row in _rows(VALUES):
        best[str(row["tag"])] = max(best.get(str(row["tag"]), 0), int(str(row["score"])))
    expected = sum(sorted(best.values(), reverse=True)[:40])
    assert result.objective["score"] == expected


def test_a_minimum_above_the_supply_among_many_values_is_named() -> None:
    pool = make_pool(_rows(VALUES))
    table = _table(VALUES, 0)
    table[f"t{VALUES - 1}"] = 3  # only two nominees have this tag
    result = run(pool, {"size": {"max": 40}, "quota": [{"column": "tag", "min": table}]})
    assert result.status == Status.INFEASIBLE
    assert result.conflict == [f"quota tag: t{VALUES - 1} >= 3"]
    assert "only 2 eligible nominees have tag" in str(result.conflict_reason)


def test_the_console_shows_thirty_values_and_says_how_many_are_left_out(tmp_path: Path) -> None:
    rows = _rows(VALUES)
    lines = ["id,country,stakeholder_group,score,tag"]
    lines += [",".join(str(r[c]) for c in ("id", "country", "stakeholder_group", "score", "tag"))
              for r in rows]
    (tmp_path / "pool.csv").write_text("\n".join(lines) + "\n")
    table = _table(VALUES, 1)
    quota = ", ".join(f'"{k}" = {v}' for k, v in table.items())
    (tmp_path / "s.toml").write_text(
        'nominations = "pool.csv"\n[size]\nmin = 40\nmax = 40\n[objective]\nmaximise = "score"\n'
        f"[[quota]]\ncolumn = \"tag\"\nmax = {{ {quota} }}\n"
        # a soft minimum no roster can meet: its value comes first in the table
        '[[quota]]\ncolumn = "tag"\nmin = { "t7" = 3 }\nsoft = true\n'
    )
    result = CliRunner().invoke(app, ["solve", str(tmp_path / "s.toml")], terminal_width=200)
    assert result.exit_code == 0, result.output
    assert (
        f"{VALUES - 30} more values not shown: every value is in the result JSON and the "
        "workbook" in " ".join(result.output.split())  # the note wraps at the table's width
    )
    row = next(line for line in result.output.splitlines() if "│ t7 " in line)
    assert "missed (soft)" in row
