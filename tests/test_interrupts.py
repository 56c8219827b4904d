"""Ctrl-C (SIGINT) on real ``composer`` processes: exit 130, "Interrupted.", nothing written,
no worker process left."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from composer.inputs.examples import synthetic_pool

SCENARIO = """name = "many ties"
nominations = "pool.csv"
[size]
min = {size}
max = {size}
[[quota]]
column = "stakeholder_group"
min_share = {{ government = 0.3, private_sector = 0.3, civil_society = 0.3 }}
[[quota]]
column = "gender"
min_share = {{ female = 0.5 }}
[[cap]]
column = "country"
max_each = 1
[[cap]]
column = "nominated_by"
max_each = 1
"""


def _inputs(folder: Path) -> Path:
    table = synthetic_pool(2600, 7)
    rnd = random.Random(1)
    table["score"] = [rnd.randint(50, 54) for _ in range(len(table))]
    table.to_csv(folder / "pool.csv", index=False)
    scenario = folder / "ties.toml"
    scenario.write_text(SCENARIO.format(size=40))
    return scenario


def _wait_for_python(pid: int, limit: float = 20.0) -> None:
    """Wait until the process catches SIGINT (Python has installed its handler)."""
    end = time.monotonic() + limit
    while time.monotonic() < end:
        try:
            status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
        except OSError:
            return
        caught = next((ln.split()[1] for ln in status.splitlines() if ln.startswith("SigCgt")), "0")
        if int(caught, 16) & (1 << (signal.SIGINT - 1)):
            return
        time.sleep(0.01)


def _interrupt(args: list[str], after: float, cwd: Path) -> tuple[int, str, float, list[int]]:
    """Run composer, send SIGINT to its process group after ``after`` s; code, error output,
    seconds from the signal to the end, and the group's processes still alive."""
    process = subprocess.Popen(
        [sys.executable, "-m", "composer", *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    _wait_for_python(process.pid)  # a signal before Python handles SIGINT tests nothing of ours
    time.sleep(after)
    sent = time.monotonic()
    os.killpg(process.pid, signal.SIGINT)
    _, err = process.communicate(timeout=60)
    took = time.monotonic() - sent
    time.sleep(0.2)
    alive = [
        int(entry)
        for entry in os.listdir("/proc")
        if entry.isdigit() and _group(int(entry)) == process.pid
    ]
    return process.returncode, err.decode(), took, alive


def _group(pid: int) -> int | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return int(fields[2]) if fields[0] != "Z" else None  # process group, unless a zombie


@pytest.mark.slow
@pytest.mark.parametrize("after", [0.3, 1.5])
def test_ctrl_c_during_startup_and_solve(tmp_path: Path, after: float) -> None:
    scenario = _inputs(tmp_path)
    code, err, took, alive = _interrupt(
        ["solve", str(scenario), "--json", "r.json", "--time-limit", "60"], after, tmp_path
    )
    assert (code, err.strip().splitlines()[-1]) == (130, "Interrupted.")
    # stops long before the 60 s time limit (a generous bound: the machine may be busy)
    assert took < 20 and alive == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pool.csv", "ties.toml"]


@pytest.mark.slow
def test_ctrl_c_during_a_parallel_sweep_leaves_no_worker(tmp_path: Path) -> None:
    scenario = _inputs(tmp_path)
    args = ["sweep", str(scenario), "--from", "10", "--to", "100", "--processes", "2"]
    code, err, took, alive = _interrupt([*args, "--json", "s.json"], 5.0, tmp_path)
    assert (code, err.strip().splitlines()[-1]) == (130, "Interrupted.")
    # stops long before the 60 s time limit (a generous bound: the machine may be busy)
    assert took < 20 and alive == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pool.csv", "ties.toml"]
