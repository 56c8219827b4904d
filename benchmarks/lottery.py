"""Composer's lottery against the peer library sortition-algorithms, side by side.

Run from the repository root::

    uv run python benchmarks/lottery.py --peer /tmp/peer/bin/python          # 200/20, 600/60
    uv run python benchmarks/lottery.py --peer /tmp/peer/bin/python --big    # and 2,000/200

The peer (GPL) is never imported: it runs as an external process under its own Python
(``benchmarks/lottery_peer.py``), installed in a throwaway environment outside the
repository, for example ``uv venv /tmp/peer && uv pip install --python /tmp/peer
sortition-algorithms``.  Without ``--peer`` (or when that Python cannot import it) the peer's
columns say "not run" and composer alone is measured.

The instances are written here, the same pool and the same rules for both: n people, n/10
seats, four features (gender, age, region, education) whose pool shares differ from the
quotas' targets, min/max quotas per value, and households (about a quarter of the people
share an address with one other person; at most one per household).  Each run is a separate
process, composer and the peer alternating, each capped at ``--cap`` seconds; the report
gives medians, the ratio of composer's time to the peer's and the least selection probability
each achieves, and writes ``docs/benchmarks-lottery.md``.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
#: feature -> value -> (share in the pool, share the quotas aim at)
FEATURES: dict[str, dict[str, tuple[float, float]]] = {
    "gender": {"female": (0.45, 0.50), "male": (0.55, 0.50)},
    "age": {
        "16-29": (0.15, 0.22),
        "30-44": (0.25, 0.25),
        "45-64": (0.35, 0.33),
        "65+": (0.25, 0.20),
    },
    "region": {
        "north": (0.30, 0.25),
        "south": (0.25, 0.22),
        "east": (0.20, 0.20),
        "west": (0.15, 0.18),
        "islands": (0.10, 0.15),
    },
    "education": {"low": (0.20, 0.30), "medium": (0.40, 0.40), "high": (0.40, 0.30)},
}


def _pick(rng: random.Random, values: dict[str, tuple[float, float]]) -> str:
    names = list(values)
    return rng.choices(names, weights=[values[v][0] for v in names])[0]


def quotas(seats: int) -> dict[str, dict[str, tuple[int, int]]]:
    """Per feature and value: (min, max) seats, 10% either side of the target (at least 1)."""
    out: dict[str, dict[str, tuple[int, int]]] = {}
    for feature, values in FEATURES.items():
        out[feature] = {}
        for value, (_, target) in values.items():
            aim = target * seats
            slack = max(1.0, 0.1 * aim)
            out[feature][value] = (math.floor(aim - slack), math.ceil(aim + slack))
    return out


def write_instance(folder: Path, people: int, seats: int, seed: int = 1) -> None:
    """The pool and the rules in both tools' formats, in ``folder``."""
    rng = random.Random(seed)
    rows: list[dict[str, str]] = []
    household = 0
    while len(rows) < people:
        household += 1
        size = 2 if rng.random() < 0.14 and len(rows) < people - 1 else 1
        for _ in range(size):
            ident = f"p{len(rows) + 1:05d}"
            row = {"id": ident, "name": f"Person {len(rows) + 1}"}
            row.update({f: _pick(rng, v) for f, v in FEATURES.items()})
            row |= {"household": f"h{household:05d}", "address": f"{household} Main St"}
            row["postcode"] = f"Z{household % 97:02d}"
            rows.append(row)
    limits = quotas(seats)
    with open(folder / "people.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    with open(folder / "features.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["feature", "value", "min", "max"])
        for feature, values in limits.items():
            for value, (low, high) in values.items():
                writer.writerow([feature, value, low, high])
    lines = [
        f'name = "lottery benchmark {people}/{seats}"',
        'nominations = "people.csv"',
        f"[size]\nmin = {seats}\nmax = {seats}",
    ]
    for feature, values in limits.items():
        low = ", ".join(f'"{v}" = {lo}' for v, (lo, _) in values.items())
        high = ", ".join(f'"{v}" = {hi}' for v, (_, hi) in values.items())
        lines.append(
            f'[[quota]]\nname = "{feature}"\ncolumn = "{feature}"\n'
            f"min = {{ {low} }}\nmax = {{ {high} }}"
        )
    lines.append('[[cap]]\nname = "one per household"\ncolumn = "household"\nmax_each = 1')
    (folder / "scenario.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")


COMPOSER_RUN = """
import json, resource, sys, time
import composer
started = time.perf_counter()
lot = composer.lottery(sys.argv[1], method=sys.argv[2], time_limit=float(sys.argv[3]))
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"seconds": time.perf_counter() - started,
                  "cpu_seconds": usage.ru_utime + usage.ru_stime,
                  "status": lot.status.value, "min_probability": lot.min_probability,
                  "bound": lot.bound, "rosters": len(lot.distribution),
                  "pricing_rounds": lot.stats.get("pricing_rounds")}))
"""


def _run(command: list[str], cap: float) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=cap + 30)
    except subprocess.TimeoutExpired:
        return {"error": f"did not finish in {cap:.0f} s", "seconds": time.perf_counter() - started}
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        tail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        return {"error": tail[0][:200], "seconds": time.perf_counter() - started}
    result: dict[str, Any] = json.loads(lines[-1])
    if result.get("status") == "feasible":
        result["error"] = f"did not finish in {cap:.0f} s (best found, bound {result['bound']})"
    return result


def run_composer(folder: Path, method: str, cap: float) -> dict[str, Any]:
    command = [sys.executable, "-c", COMPOSER_RUN, str(folder / "scenario.toml"), method, str(cap)]
    return _run(command, cap)


def run_peer(python: str, folder: Path, seats: int, method: str, cap: float) -> dict[str, Any]:
    command = ["timeout", str(int(cap)), python, str(HERE / "lottery_peer.py"), str(folder)]
    result = _run([*command, str(seats), method], cap)
    if "error" in result and result["seconds"] >= cap:
        result["error"] = f"did not finish in {cap:.0f} s"
    return result


def peer_available(python: str | None) -> bool:
    if not python:
        return False
    try:
        probe = [python, "-c", "import sortition_algorithms"]
        return subprocess.run(probe, capture_output=True, timeout=60).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def _median(runs: list[dict[str, Any]], key: str) -> float | None:
    values = [r[key] for r in runs if key in r and "error" not in r]
    return statistics.median(values) if values else None


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _fmt(value: float | None, digits: int = 2) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def measure(args: argparse.Namespace) -> list[dict[str, Any]]:
    sizes = [(200, 20), (600, 60)] + ([(2000, 200)] if args.big else [])
    if args.only:
        sizes = [(n, k) for n, k in sizes if n in args.only]
    peer = args.peer if peer_available(args.peer) else None
    rows = []
    for people, seats in sizes:
        repeats = 1 if people >= 2000 else args.repeats
        with tempfile.TemporaryDirectory() as temp:
            folder = Path(temp)
            write_instance(folder, people, seats)
            ours, theirs = [], []
            for _ in range(repeats):  # alternating: composer, peer, composer, peer...
                ours.append(run_composer(folder, "maximin", args.cap))
                print(f"{people}/{seats} composer maximin: {ours[-1]}", flush=True)
                if peer:
                    theirs.append(run_peer(peer, folder, seats, "maximin", args.cap))
                    print(f"{people}/{seats} peer maximin: {theirs[-1]}", flush=True)
            lexi = run_composer(folder, "leximin", args.cap) if people >= 2000 else None
            if lexi:
                print(f"{people}/{seats} composer leximin: {lexi}", flush=True)
        rows.append(
            {
                "people": people,
                "seats": seats,
                "repeats": repeats,
                "composer": ours,
                "peer": theirs,
                "peer_ran": peer is not None,
                "leximin": lexi,
                "finished": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
                "load": ", ".join(f"{x:.2f}" for x in os.getloadavg()),
            }
        )
    return rows


def _cell(runs: list[dict[str, Any]], ran: bool) -> tuple[str, str, str, float | None]:
    if not ran:
        return "not run", "not run", "not run", None
    errors = [r["error"] for r in runs if "error" in r]
    wall = _median(runs, "seconds")
    if wall is None:
        best = [r["min_probability"] for r in runs if r.get("min_probability") is not None]
        found = f"{statistics.median(best):.6f} (best found)" if best else "n/a"
        return errors[0] if errors else "n/a", "n/a", found, None
    cpu = _median(runs, "cpu_seconds")
    low = _median(runs, "min_probability")
    return _fmt(wall), _fmt(cpu), _fmt(low, 6), wall


def report(rows: list[dict[str, Any]], args: argparse.Namespace) -> str:
    lines = [
        "# Lottery benchmark: composer against sortition-algorithms",
        "",
        "Written by `benchmarks/lottery.py`; do not edit by hand. Maximin lottery (the least",
        "selection probability as large as possible) on the same pool and rules for both tools:",
        "n people, n/10 seats, quotas on gender, age, region and education (pool shares differ",
        "from the quotas' targets), at most one person per household. Each run is a separate",
        "process; composer and the peer alternate; times are medians. Wall: seconds of the",
        "lottery call (composer's includes reading and checking the pool; the peer's is its",
        "distribution alone). CPU: the whole process, start-up and reading included. Ratios:",
        "composer's time / the peer's (below 1: composer is faster).",
        "",
        f"- Date: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- Machine: {os.cpu_count()} cores (`nproc`), {_cpu()}; shared with other work, so",
        "  times vary; load average at the end: " + ", ".join(f"{x:.2f}" for x in os.getloadavg()),
        f"- Python {platform.python_version()}; cap per run {args.cap:.0f} s;"
        f" repeats {args.repeats} (1 at 2,000 people: run once, late)",
        "",
        "| people / seats | runs | composer s (CPU) | peer s (CPU) | wall ratio | CPU ratio "
        "| composer least chance | peer least chance |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        ours = _cell(row["composer"], True)
        theirs = _cell(row["peer"], row["peer_ran"])
        ratio = f"{ours[3] / theirs[3]:.2f}" if ours[3] and theirs[3] else "n/a"
        cpu_ours, cpu_theirs = (
            _median(row["composer"], "cpu_seconds"),
            _median(row["peer"], "cpu_seconds"),
        )
        cpu_ratio = f"{cpu_ours / cpu_theirs:.2f}" if cpu_ours and cpu_theirs else "n/a"
        lines.append(
            f"| {row['people']:,} / {row['seats']} | {row['repeats']} | {ours[0]} ({ours[1]}) "
            f"| {theirs[0]} ({theirs[1]}) | {ratio} | {cpu_ratio} | {ours[2]} | {theirs[2]} |"
        )
    lines += ["", "When each size finished, and the load average (1, 5, 15 min) then:", ""]
    lines += [
        f"- {row['people']:,} / {row['seats']}: {row.get('finished', 'n/a')}, load "
        f"{row.get('load', 'n/a')}"
        for row in rows
    ]
    for row in rows:
        if row["leximin"]:
            lexi = row["leximin"]
            state = lexi.get("error", lexi.get("status", ""))
            lines += [
                "",
                f"Leximin at {row['people']:,} / {row['seats']} (composer; the peer needs Gurobi "
                f"for leximin): {_fmt(lexi.get('seconds'))} s wall, "
                f"{_fmt(lexi.get('cpu_seconds'))} s CPU, least chance "
                f"{_fmt(lexi.get('min_probability'), 6)}, {state}.",
            ]
    lines += ["", "Every run:", "", "```json", json.dumps(rows, indent=1), "```", ""]
    return "\n".join(lines)


def _rows_of(path: Path) -> list[dict[str, Any]]:
    """The runs recorded in an earlier report's JSON block."""
    text = path.read_text(encoding="utf-8")
    rows: list[dict[str, Any]] = json.loads(text.split("```json\n", 1)[1].split("```", 1)[0])
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--peer", help="the Python of an environment with sortition-algorithms")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--cap", type=float, default=600.0, help="seconds per run")
    parser.add_argument("--big", action="store_true", help="also 2,000 people / 200 seats")
    parser.add_argument("--only", type=int, nargs="*", help="only these pool sizes (people)")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "benchmarks-lottery.md")
    parser.add_argument(
        "--combine",
        type=Path,
        nargs="*",
        help="write the report from the runs of earlier reports (their JSON block), no run",
    )
    args = parser.parse_args()
    combined = [r for path in args.combine or [] for r in _rows_of(path)]
    rows = combined or measure(args)
    args.output.write_text(report(rows, args), encoding="utf-8")
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
