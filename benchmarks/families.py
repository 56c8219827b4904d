"""composer against HiGHS and CBC on instance families harder than the WGIG rule set.

Run from the repository root::

    uv run python benchmarks/families.py            # 300, 2,600 and 20,000 nominations
    uv run python benchmarks/families.py --up-to 2600 --output /tmp/small.md  # 300, 2,600
    uv run python benchmarks/families.py --quick    # 1 repeat, skips 20,000 nominations

Repeats: 3 (``--repeats``), and 15 below 20,000 nominations, where a solve takes
hundredths of a second and the machine's noise is as large as the differences measured.
    uv run python benchmarks/families.py --huge     # also 100,000 nominations / 500 seats

Each family is the WGIG rule set (``benchmarks/instances.py``) changed in one way: a binding
travel budget (85% of what a roster of average nominees costs), deep coverage (every topic
held by several members), narrow integer scores (5 to 8: many ties), every score equal, one
member per country with the nominees from 50 countries per 40 seats (every country at 200
seats; not run at 500, which one per country cannot fill), and the plain rules for
comparison.  The three solvers run in turn (A B C A B C ...), so drift
hits all alike; each roster is re-checked by composer's independent checker and the optimal
scores must agree.  HiGHS and CBC solve merit alone; composer also proves its roster the
unique first one in its priority order (the tie-break).  Writes ``docs/benchmarks-families.md``.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import statistics
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make `benchmarks` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.instances import ROOT, pool, wgig_rules
from benchmarks.solve import (
    Measurement,
    _load,
    machine,
    run_composer,
    run_yardstick,
    solve_cbc,
    solve_highs,
)
from composer import Pool, SolveOptions, load_nominations, load_scenario
from composer.inputs.examples import synthetic_pool
from composer.rules.bind import bind

SIZES = ((300, 40, 2004), (2_600, 40, 1), (20_000, 200, 1))
HUGE = (100_000, 500, 1)  # with --huge
#: The country-cap-1 family draws its nominees from this many countries per 40 seats (and
#: from every country when the seats need more): 50 countries for 40 seats.
COUNTRIES_PER_40 = 50
#: One member per country cannot fill the three quarters of 500 seats the size asks for from
#: the States of the pool: the country-cap-1 family stops below this many seats.
MOST_COUNTRIES = 250
SOLVERS = ("composer", "HiGHS", "CBC")
#: Below this many nominations a solve takes hundredths of a second, where the machine's noise
#: is as large as the differences measured: those sizes run SMALL_REPEATS times as often.
SMALL = 20_000
SMALL_REPEATS = 5


def _scores(base: Pool, values: Callable[[int], int]) -> Pool:
    table = base.table.copy()
    table["score"] = [float(values(k)) for k in range(len(table))]
    return dataclasses.replace(base, table=table)


def family(name: str, n: int, seats: int, seed: int) -> tuple[Pool, dict[str, Any]]:
    """The pool and rules of one family at one size (reproducible)."""
    nominations = pool(n, seed)
    rules = wgig_rules(seats)
    if name == "budget":
        mean = float(nominations.table["travel_cost"].mean())
        rules["budget"] = {"max": round(0.85 * mean * seats, 2)}
    elif name == "deep coverage":
        rules = wgig_rules(seats, topic_min=max(2, seats // 12))
    elif name == "ties":
        rnd = random.Random(seed)
        nominations = _scores(nominations, lambda _: rnd.randint(5, 8))
    elif name == "equal scores":
        nominations = _scores(nominations, lambda _: 1)
    elif name == "country cap 1":
        rules = wgig_rules(seats, country_cap=1)
        nominations = few_countries(n, seed, COUNTRIES_PER_40 * seats // 40)
    return nominations, rules


def few_countries(n: int, seed: int, countries: int) -> Pool:
    """``n`` synthetic nominations from the ``countries`` most nominated countries (the same
    share of each UN regional group as the full pool), drawn from a larger synthetic pool."""
    table = synthetic_pool(4 * n, seed=seed)
    derived = load_nominations(table).table  # the UN regional group of each row's country
    facts = derived[["region", "country"]].astype(str).reset_index(drop=True)
    counts = facts.groupby(["region", "country"]).size().reset_index(name="rows")
    counts = counts.sort_values(["rows", "country"], ascending=[False, True], kind="stable")
    share = counts.groupby("region").size() / len(counts)
    kept: list[str] = []
    for region, part in counts.groupby("region", sort=True):
        kept += list(part["country"][: max(1, round(countries * float(share[region])))])
    chosen = table[facts["country"].isin(kept).to_numpy()].head(n).reset_index(drop=True)
    return load_nominations(chosen)


FAMILIES = ("wgig", "budget", "deep coverage", "ties", "equal scores", "country cap 1")


def measure(name: str, size: tuple[int, int, int], repeats: int, limit: float) -> dict[str, Any]:
    """Every solver ``repeats`` times on one family and size, in turn."""
    n, seats, seed = size
    nominations, rules = family(name, n, seats, seed)
    scenario = load_scenario(rules)
    bound = bind(load_scenario(rules), nominations)
    options = SolveOptions(workers=1, time_limit=limit)
    runners: dict[str, Callable[[], Measurement]] = {
        "composer": lambda: run_composer(nominations, scenario, bound, options),
        "HiGHS": lambda: run_yardstick(solve_highs, nominations, bound, limit),
        "CBC": lambda: run_yardstick(solve_cbc, nominations, bound, limit),
    }
    runs: dict[str, list[Measurement]] = {s: [] for s in SOLVERS}
    for repeat in range(repeats):
        for solver in SOLVERS:
            m = runners[solver]()
            runs[solver].append(m)
            print(
                f"  {name:<13} {n:>6,} / {seats:<3} {repeat + 1}/{repeats} {solver:<8} "
                f"{m.seconds:8.3f} s  {m.status:<8} score {m.score:g}",
                flush=True,
            )
    # a solver that did not prove every run optimal within the limit is left out of "best"
    finished = [s for s in SOLVERS if all(m.status == "optimal" for m in runs[s])]
    scores = {round(m.score, 6) for s in finished for m in runs[s]}
    checked = all(m.check_ok for s in finished for m in runs[s])
    return {
        "family": name,
        "size": f"{n:,} / {seats}",
        "runs": repeats,
        "median": {s: statistics.median(m.seconds for m in runs[s]) for s in SOLVERS},
        "finished": finished,
        "limit": limit,
        "agree": len(scores) == 1 and checked and "composer" in finished,
        "score": next(iter(scores)) if len(scores) == 1 else None,
        "tie_break": runs["composer"][-1].stats.get("tie_break", "none"),
    }


def _cell(row: dict[str, Any], solver: str) -> str:
    if solver in row["finished"]:
        return f"{row['median'][solver]:.3f}"
    return f"> {row['limit']:g} (not finished)"


def _ratio(row: dict[str, Any]) -> str:
    others = [row["median"][s] for s in SOLVERS[1:] if s in row["finished"]]
    if "composer" not in row["finished"] or not others:
        return "n/a"
    return f"{row['median']['composer'] / min(others):.2f}x"


def render(rows: list[dict[str, Any]], facts: dict[str, str], repeats: int) -> str:
    """The markdown report."""
    lines = [
        "# Benchmarks: instance families",
        "",
        "Generated by `benchmarks/families.py`: do not edit by hand, re-run the script. Each",
        "family is the WGIG rule set of [benchmarks.md](benchmarks.md) changed in one way (see",
        "the script's docstring). composer: `SolveOptions(workers=1)`, its time includes binding,",
        "pre-checks, building, the lexicographic solve and the tie-break that makes its roster",
        "the unique first one in its priority order; HiGHS and CBC (one thread each) solve merit",
        f"alone. Median of {repeats} run(s) per solver ({SMALL_REPEATS} times as many below",
        f"{SMALL:,} nominations, where a solve takes hundredths of a second), wall seconds;",
        "the solvers ran in turn.",
        "",
        "| family | nominations / seats | runs | composer (s) | HiGHS (s) | CBC (s) "
        "| composer / best | optimal score | all optimal, checked, agree |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        cells = " | ".join(_cell(r, s) for s in SOLVERS)
        score = "n/a" if r["score"] is None else f"{r['score']:g}"
        lines.append(
            f"| {r['family']} | {r['size']} | {r['runs']} | {cells} | {_ratio(r)} | {score} | "
            f"{'yes' if r['agree'] else 'NO'} |"
        )
    lines += [
        "",
        "Ratios above 1 mean composer is slower than the faster of HiGHS and CBC. A solver",
        "that did not prove every run optimal within its time limit (`--huge-limit` at",
        "100,000 nominations) is shown as not finished and left out of the ratio.",
        "",
        "## Machine",
        "",
    ]
    lines += [f"- {k}: {v}" for k, v in facts.items()]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Run every family at every size and write the report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="1 repeat, skip 20,000")
    parser.add_argument("--huge", action="store_true", help="also 100,000 nominations / 500")
    parser.add_argument(
        "--huge-limit", type=float, default=150.0, help="seconds per solve at 100,000"
    )
    parser.add_argument(
        "--up-to", type=int, default=None, help="only sizes of at most this many nominations"
    )
    parser.add_argument("--repeats", type=int, default=None, help="default 3 (1 with --quick)")
    parser.add_argument("--time-limit", type=float, default=600.0)
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "benchmarks-families.md")
    args = parser.parse_args(argv)
    repeats = args.repeats or (1 if args.quick else 3)
    start = _load()
    sizes = [s for s in SIZES if not (args.quick and s[0] >= 20_000)]
    sizes += [HUGE] if args.huge else []
    sizes = [s for s in sizes if args.up_to is None or s[0] <= args.up_to]
    rows = [
        measure(
            f,
            s,
            repeats * (SMALL_REPEATS if s[0] < SMALL else 1),
            args.huge_limit if s == HUGE else args.time_limit,
        )
        for s in sizes
        for f in FAMILIES
        if not (f == "country cap 1" and s[1] > MOST_COUNTRIES)
    ]
    args.output.write_text(render(rows, machine(start), repeats), encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
