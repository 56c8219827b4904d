"""End-to-end solve time of composer against HiGHS and CBC on the WGIG rule set.

Run from the repository root::

    uv run python benchmarks/solve.py            # 5 repeats, three sizes (several minutes)
    uv run python benchmarks/solve.py --quick    # 1 repeat, skips 20,000 nominations

It times ``composer.solve(pool, scenario, SolveOptions(...))`` (bind, pre-checks, build, the
lexicographic solve, read and check the roster) and the same model written for HiGHS
(highspy) and for CBC (PuLP), reports the median of the repeats, checks that the three solvers
reach the same optimal score, runs composer's independent checker on every roster, and writes
``docs/benchmarks.md``.  See ``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shlex
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make `benchmarks` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import composer
from benchmarks.instances import ROOT, instance, pool_source
from benchmarks.yardsticks import YardstickRun, solve_cbc, solve_highs
from composer import Pool, Scenario, SolveOptions
from composer.rules.bind import bind

SOLVERS = ("composer", "HiGHS", "CBC")
SCORE_TOLERANCE = 1e-6


@dataclass(frozen=True)
class Size:
    """One benchmark instance: ``n`` nominations, at most ``seats`` members."""

    n: int
    seats: int
    seed: int

    @property
    def label(self) -> str:
        """'2,000 / 40'."""
        return f"{self.n:,} / {self.seats}"


SIZES = (Size(300, 40, 2004), Size(2_000, 40, 1), Size(20_000, 200, 1))


@dataclass
class Measurement:
    """One timed solve and what it produced."""

    solver: str
    seconds: float
    status: str
    selected: list[str]
    score: float
    soft_shortfall: int
    check_ok: bool
    cpu_seconds: float = 0.0  # this process plus child processes (CBC), user + system
    failures: list[str] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)


@dataclass
class SizeResult:
    """All measurements at one size, and the warnings they raised."""

    size: Size
    source: str
    load_seconds: float
    runs: dict[str, list[Measurement]]
    warnings: list[str] = field(default_factory=list)

    def median(self, solver: str) -> float:
        """Median seconds of ``solver``."""
        return statistics.median(m.seconds for m in self.runs[solver])

    def median_cpu(self, solver: str) -> float:
        """Median CPU seconds of ``solver``."""
        return statistics.median(m.cpu_seconds for m in self.runs[solver])

    def typical(self, solver: str) -> Measurement:
        """The run whose time is nearest the median (the median run for odd repeats)."""
        mid = self.median(solver)
        return min(self.runs[solver], key=lambda m: abs(m.seconds - mid))


# ---------------------------------------------------------------------------- measuring


def _score(pool: Pool, scenario: Scenario, selected: list[str]) -> float:
    column = scenario.objective.maximise
    return float(pool.table.loc[selected, column].sum()) if column and selected else 0.0


def cpu_clock() -> float:
    """CPU seconds used so far by this process (all threads) and its finished children."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def _measured(solver: str, seconds: float, cpu: float, status: str, selected: list[str],
              pool: Pool, bound: Scenario, stats: dict[str, Any] | None = None) -> Measurement:
    report = composer.check(pool, bound, selected)
    return Measurement(solver, seconds, status, selected, _score(pool, bound, selected),
                       report.soft_shortfall, report.ok and bool(selected), cpu,
                       [r.name for r in report.failures], dict(stats or {}))


def run_composer(pool: Pool, scenario: Scenario, bound: Scenario,
                 options: SolveOptions) -> Measurement:
    """Time ``composer.engine.solve`` (the unbound scenario: composer binds it itself)."""
    cpu = cpu_clock()
    started = time.perf_counter()
    result = composer.solve(pool, scenario, options)
    seconds = time.perf_counter() - started
    cpu = cpu_clock() - cpu
    return _measured("composer", seconds, cpu, str(result.status.value),
                     list(result.selected), pool, bound, result.stats)


def run_yardstick(solve: Callable[[Pool, Scenario, float], YardstickRun], pool: Pool,
                  bound: Scenario, time_limit: float) -> Measurement:
    """Time a yardstick (it times itself: rows from bounds, solver model, both stages)."""
    cpu = cpu_clock()
    run = solve(pool, bound, time_limit)
    cpu = cpu_clock() - cpu
    stats = {"stage_seconds": [round(s, 4) for s in run.stage_seconds]}
    return _measured(run.solver, run.seconds, cpu, run.status, run.selected, pool, bound,
                     stats)


def _runner(solver: str, pool: Pool, scenario: Scenario, bound: Scenario,
            args: argparse.Namespace) -> Callable[[], Measurement]:
    options = SolveOptions(workers=args.workers, time_limit=args.time_limit)
    if solver == "composer":
        return lambda: run_composer(pool, scenario, bound, options)
    solve = solve_highs if solver == "HiGHS" else solve_cbc
    return lambda: run_yardstick(solve, pool, bound, args.time_limit)


def _agreement(result: SizeResult) -> None:
    """Warn (loudly) unless every run is optimal, checked, and all scores agree."""
    everything = [m for solver in SOLVERS for m in result.runs[solver]]
    for m in everything:
        if m.status != "optimal":
            result.warnings.append(f"{m.solver} ended '{m.status}', not optimal")
        if not m.check_ok:
            broken = ", ".join(m.failures) or "empty roster"
            result.warnings.append(f"{m.solver} roster fails composer.engine.check: {broken}")
    scores = {m.solver: m.score for m in everything}
    if max(m.score for m in everything) - min(m.score for m in everything) > SCORE_TOLERANCE:
        found = sorted({(m.solver, m.score) for m in everything})
        result.warnings.append(f"OPTIMAL SCORES DISAGREE: {found}")
    if len({m.soft_shortfall for m in everything}) > 1:
        found = sorted({(m.solver, m.soft_shortfall) for m in everything})
        result.warnings.append(f"SOFT SHORTFALLS DISAGREE: {found}")
    result.warnings = list(dict.fromkeys(result.warnings))
    for text in result.warnings:
        print(f"\n!!!!!!!! WARNING at {result.size.label}: {text} !!!!!!!!\n", flush=True)
    if not result.warnings:
        print(f"  all three agree: score {scores['composer']:g}, every roster checked",
              flush=True)


def measure(size: Size, repeats: int, args: argparse.Namespace) -> SizeResult:
    """Repeat the three solvers at one size (interleaved, so drift hits all alike)."""
    started = time.perf_counter()
    pool, scenario = instance(size.n, size.seats, size.seed)
    load_seconds = time.perf_counter() - started
    bound = bind(scenario, pool)
    runners = {s: _runner(s, pool, scenario, bound, args) for s in SOLVERS}
    runs: dict[str, list[Measurement]] = {s: [] for s in SOLVERS}
    for repeat in range(repeats):
        for solver in SOLVERS:
            m = runners[solver]()
            runs[solver].append(m)
            print(f"  {size.label:>13}  repeat {repeat + 1}/{repeats}  {solver:<8} "
                  f"{m.seconds:8.3f} s (cpu {m.cpu_seconds:7.3f})  {m.status:<8} "
                  f"score {m.score:g}  "
                  f"size {len(m.selected)}", flush=True)
    result = SizeResult(size, pool_source(size.n, size.seed), load_seconds, runs)
    _agreement(result)
    return result


def warm_up(args: argparse.Namespace) -> None:
    """One untimed solve per solver on the smallest instance (lazy imports, first-call setup)."""
    size = SIZES[0]
    pool, scenario = instance(size.n, size.seats, size.seed)
    bound = bind(scenario, pool)
    for solver in SOLVERS:
        _runner(solver, pool, scenario, bound, args)()


# ---------------------------------------------------------------------------- memory


def memory_child(solver: str, n: int, seats: int, seed: int, args: argparse.Namespace) -> None:
    """In a fresh process: load, solve once, print peak RSS (KiB) as JSON."""
    pool, scenario = instance(n, seats, seed)
    bound = bind(scenario, pool)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    m = _runner(solver, pool, scenario, bound, args)()
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"solver": solver, "before_kib": before, "after_kib": after,
                      "children_kib": children, "status": m.status, "seconds": m.seconds}))


def memory_probe(solver: str, size: Size, args: argparse.Namespace) -> dict[str, Any]:
    """Run ``memory_child`` in a subprocess; the parent reads RUSAGE_CHILDREN.ru_maxrss."""
    command = [sys.executable, str(Path(__file__).resolve()), "--memory-child", solver,
               str(size.n), str(size.seats), str(size.seed), "--workers", str(args.workers),
               "--time-limit", str(args.time_limit)]
    parent_before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    parent_after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    report: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    # RUSAGE_CHILDREN is the peak of the largest child waited for so far (CBC's own process
    # counts for the CBC probe): it names this child only when it grew.
    report["rusage_children_kib"] = parent_after if parent_after > parent_before else None
    print(f"  memory {solver:<8} at {size.label}: peak {report['after_kib'] / 1024:.0f} MiB "
          f"(before solving {report['before_kib'] / 1024:.0f} MiB)", flush=True)
    return report


# ---------------------------------------------------------------------------- report


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _ram_gib() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                return f"{int(line.split()[1]) / 1024**2:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def _cbc_version() -> str:
    import pulp  # type: ignore[import-untyped]

    try:
        done = subprocess.run([pulp.PULP_CBC_CMD().path, "-quit"], capture_output=True,
                              text=True, timeout=30, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    for line in done.stdout.splitlines():
        if line.startswith("Version:"):
            return line.split(":", 1)[1].strip()
    return "unknown"


def _load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def machine(load_at_start: str) -> dict[str, str]:
    """Facts about the machine and the software versions."""
    cores = os.cpu_count() or 0
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cores
    return {
        "CPU": _cpu_model(),
        "logical cores": f"{cores} ({usable} usable by this process)",
        "RAM": _ram_gib(),
        "OS": platform.platform(),
        "Python": platform.python_version(),
        "composer": version("composer"),
        "ortools": version("ortools"),
        "highspy": version("highspy"),
        "pulp": f"{version('pulp')} (bundled CBC {_cbc_version()})",
        "numpy / pandas": f"{version('numpy')} / {version('pandas')}",
        "load average (1/5/15 min)": f"{load_at_start} at start, {_load()} at end "
        "(other processes on the machine skew the times)",
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def _s(seconds: float) -> str:
    return f"{seconds:.3f}" if seconds < 10 else f"{seconds:.1f}"


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.1f}x" if b > 0 else "n/a"


def _stat_text(stats: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in stats.items())


def render(results: list[SizeResult], memory: dict[str, dict[str, Any]], command: str,
           facts: dict[str, str], args: argparse.Namespace, repeats: int) -> str:
    """The markdown report."""
    lines = [
        "# Benchmarks",
        "",
        "End-to-end solve time of composer against the same model solved by HiGHS and by CBC,",
        "on the WGIG rule set (`benchmarks/instances.py`). Generated by `benchmarks/solve.py`:",
        "do not edit by hand, re-run the script (see `benchmarks/README.md`).",
        "",
        "```",
        command,
        "```",
        "",
        f"Median of {repeats} repeat(s), wall-clock seconds (`time.perf_counter`). composer: "
        f"`SolveOptions(workers={args.workers}, time_limit={args.time_limit:g})`; HiGHS "
        "`threads=1, mip_rel_gap=0`; CBC `threads=1, gapRel=0`.",
        "",
        "## Results",
        "",
        "| nominations / seats | composer (s) | HiGHS (s) | CBC (s) | composer / HiGHS "
        "| composer / CBC | composer / best | optimal score (composer, HiGHS, CBC) "
        "| roster size | soft shortfall | agree |",
        "|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---|",
    ]
    for r in results:
        c, h, b = (r.median(s) for s in SOLVERS)
        scores = ", ".join(f"{r.typical(s).score:g}" for s in SOLVERS)
        sizes = "/".join(sorted({str(len(m.selected)) for s in SOLVERS for m in r.runs[s]}))
        short = "/".join(sorted({str(m.soft_shortfall) for s in SOLVERS for m in r.runs[s]}))
        agree = "yes" if not r.warnings else "**NO (see warnings)**"
        lines.append(f"| {r.size.label} | {_s(c)} | {_s(h)} | {_s(b)} | {_ratio(c, h)} "
                     f"| {_ratio(c, b)} | {_ratio(c, min(h, b))} | {scores} | {sizes} "
                     f"| {short} | {agree} |")
    lines += [
        "",
        "Ratios above 1 mean composer is slower. `best` is the faster of HiGHS and CBC.",
        "",
        "CPU time (user + system of this process, all threads, plus its child processes: CBC "
        "runs as one), median, seconds. Less sensitive than wall time to other work on the "
        "machine (see the load average under Machine):",
        "",
        "| nominations / seats | composer | HiGHS | CBC | composer / HiGHS | composer / CBC "
        "| composer / best |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        c, h, b = (r.median_cpu(s) for s in SOLVERS)
        lines.append(f"| {r.size.label} | {_s(c)} | {_s(h)} | {_s(b)} | {_ratio(c, h)} "
                     f"| {_ratio(c, b)} | {_ratio(c, min(h, b))} |")
    lines += ["", "## Agreement", ""]
    warned = [(r, w) for r in results for w in r.warnings]
    if warned:
        lines += [f"- **WARNING** at {r.size.label}: {w}" for r, w in warned]
    else:
        lines.append("At every size all three solvers reported `optimal`, reached the same "
                     "optimal score and soft shortfall in every repeat, and "
                     "`composer.check(pool, bound_scenario, selected)` accepted every roster "
                     "(composer's, HiGHS's and CBC's).")
    lines += ["", "## Instances", "",
              "| nominations / seats | pool | size | loading (s, not timed) |",
              "|---|---|---|---:|"]
    for r in results:
        low = (3 * r.size.seats) // 4
        lines.append(f"| {r.size.label} | `{r.source}` | {low}-{r.size.seats} "
                     f"| {_s(r.load_seconds)} |")
    lines += ["", "## composer statistics (the run nearest the median)", ""]
    for r in results:
        lines.append(f"- **{r.size.label}**: {_stat_text(r.typical('composer').stats)}")
    lines += ["", "Yardstick stage times (stage 1 = least soft shortfall, stage 2 = most score):",
              ""]
    for r in results:
        parts = [f"{s} {r.typical(s).stats.get('stage_seconds')}" for s in ("HiGHS", "CBC")]
        lines.append(f"- **{r.size.label}**: " + "; ".join(parts))
    lines += ["", "## Peak memory", ""]
    if memory:
        label = next(iter(memory.values()))["size"]
        lines += [
            f"One solve at {label} in a fresh subprocess each. The parent reads "
            "`resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss` after the child exits "
            "(peak resident set size, so it includes the interpreter, imports and the loaded "
            "pool); the child also reports its own `RUSAGE_SELF.ru_maxrss` before and after "
            "the solve. tracemalloc is not used: it cannot see the solvers' C++ memory.",
            "",
            "| solver | peak RSS (MiB) | before solving (MiB) | solve adds (MiB) "
            "| RUSAGE_CHILDREN (MiB) |",
            "|---|---:|---:|---:|---:|",
        ]
        for solver, rep in memory.items():
            children = rep.get("rusage_children_kib")
            peak = rep["after_kib"]
            extra = ""
            if solver == "CBC":
                extra = f" (CBC process: {rep['children_kib'] / 1024:.0f})"
            parent = f"{children / 1024:.0f}" if children else "not above an earlier child"
            lines.append(
                f"| {solver} | {peak / 1024:.0f}{extra} | {rep['before_kib'] / 1024:.0f} "
                f"| {(peak - rep['before_kib']) / 1024:.0f} | {parent} |")
    else:
        lines.append("Not measured in this run (`--quick` skips 20,000 nominations; "
                     "`--no-memory` skips the probe).")
    lines += ["", "## Raw times (s, every repeat in order)", ""]
    for r in results:
        for s in SOLVERS:
            times = ", ".join(f"{m.seconds:.3f}" for m in r.runs[s])
            cpu = ", ".join(f"{m.cpu_seconds:.3f}" for m in r.runs[s])
            lines.append(f"- {r.size.label} {s}: wall {times}; cpu {cpu}")
    lines += ["", "## Machine", ""]
    lines += [f"- {k}: {v}" for k, v in facts.items()]
    lines += [
        "",
        "## Method",
        "",
        "- composer: `composer.solve(pool, scenario, SolveOptions(...))` is timed whole: it "
        "binds the scenario, runs the pre-checks, builds the CP-SAT model (with its exact "
        "dominance reduction), solves for the lexicographic optimum (least weighted soft "
        "shortfall, then most score, then its tie-break term; in one combined objective or in "
        "two stages, see `stages` in the statistics) and checks the roster.",
        "- HiGHS and CBC: the same model built from the bound scenario's `bounds()` "
        "(`benchmarks/yardsticks.py`): a binary per nominee, the same rows (exact integer "
        "shares `q*count(value) - p*count(counted) >= 0`, caps per value, coverage per area), "
        "integer shortfall variables for the soft gender rule, and the same lexicographic "
        "objective (stage 1 minimise weighted shortfall; stage 2 fix it and maximise the score "
        "sum, starting from the stage-1 roster). No dominance reduction and no tie-break term. "
        "Timed: building the rows from `bounds()`, the solver model and both solves.",
        "- Not timed: imports, loading the nominations, binding the scenario for the "
        "yardsticks (composer's own bind is timed), and `composer.engine.check` on the yardstick "
        "rosters. One untimed warm-up solve per solver runs first, on the smallest instance.",
        "- The three solvers run interleaved in each repeat, so slow drift of the machine "
        "affects all alike. The figure reported is the median.",
        "",
        "## Other benchmarks",
        "",
        "- [Excel: reading and writing 20,000-row workbooks](benchmarks-excel.md)",
        "- [Trade-offs: Pareto fronts and size sweeps](benchmarks-tradeoffs.md)",
        "- [Explanations: reasons in and out, prices, relaxations](benchmarks-explain.md)",
        "- [Alternatives, reserves and the 2,600-application panel](benchmarks-alternatives.md)",
        "",
    ]
    return "\n".join(lines)


# ---------------------------------------------------------------------------- main


def parse(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true",
                        help="1 repeat, skip 20,000 nominations and the memory probe")
    parser.add_argument("--repeats", type=int, default=None,
                        help="repeats per solver and size (default 5, 1 with --quick)")
    parser.add_argument("--workers", type=int, default=1, help="composer CP-SAT workers")
    parser.add_argument("--time-limit", type=float, default=600.0,
                        help="seconds per solve, for every solver (default 600)")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "benchmarks.md",
                        help="markdown report to overwrite (default docs/benchmarks.md)")
    parser.add_argument("--json", type=Path, default=None, help="also write raw results here")
    parser.add_argument("--no-memory", action="store_true", help="skip the peak-memory probe")
    parser.add_argument("--memory-child", nargs=4, metavar=("SOLVER", "N", "SEATS", "SEED"),
                        help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and write the report."""
    args = parse(argv)
    if args.memory_child:
        solver, n, seats, seed = args.memory_child
        memory_child(solver, int(n), int(seats), int(seed), args)
        return 0
    load_at_start = _load()
    repeats = args.repeats or (1 if args.quick else 5)
    sizes = [s for s in SIZES if not (args.quick and s.n >= 20_000)]
    command = "uv run python benchmarks/solve.py" + "".join(
        f" {shlex.quote(a)}" for a in (sys.argv[1:] if argv is None else argv))
    memory: dict[str, dict[str, Any]] = {}
    if not args.quick and not args.no_memory:
        largest = sizes[-1]
        print(f"peak memory at {largest.label} (one solve each, in a subprocess)", flush=True)
        for solver in SOLVERS:  # composer first: nothing else has been a child yet
            memory[solver] = {**memory_probe(solver, largest, args), "size": largest.label}
    print("warm-up (untimed)", flush=True)
    warm_up(args)
    results = []
    for size in sizes:
        print(f"{size.label}: {repeats} repeat(s)", flush=True)
        results.append(measure(size, repeats, args))
    print("\nmedians (s):", flush=True)
    for r in results:
        c, h, b = (r.median(s) for s in SOLVERS)
        print(f"  {r.size.label:>13}  composer {c:8.3f}  HiGHS {h:8.3f}  CBC {b:8.3f}  "
              f"composer/HiGHS {_ratio(c, h)}  composer/CBC {_ratio(c, b)}  "
              f"composer/best {_ratio(c, min(h, b))}", flush=True)
        c, h, b = (r.median_cpu(s) for s in SOLVERS)
        print(f"  {'(cpu)':>13}  composer {c:8.3f}  HiGHS {h:8.3f}  CBC {b:8.3f}  "
              f"composer/HiGHS {_ratio(c, h)}  composer/CBC {_ratio(c, b)}  "
              f"composer/best {_ratio(c, min(h, b))}", flush=True)
    text = render(results, memory, command, machine(load_at_start), args, repeats)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output}", flush=True)
    if args.json is not None:
        raw = {"command": command, "memory": memory,
               "results": [{"size": r.size.__dict__, "warnings": r.warnings,
                            "runs": {s: [m.__dict__ for m in r.runs[s]] for s in SOLVERS}}
                           for r in results]}
        args.json.write_text(json.dumps(raw, indent=1, default=str), encoding="utf-8")
    warnings = [w for r in results for w in r.warnings]
    if warnings:
        print(f"\n!!!!!!!! {len(warnings)} WARNING(S): see {args.output} !!!!!!!!", flush=True)
    return 1 if warnings else 0


if __name__ == "__main__":
    sys.exit(main())
