"""Several scenarios side by side on the same nominations: size, score, rules, overlap.

Each scenario is solved as it is (an ordinary, proven and re-checked solve).  The comparison
puts the results in one table, the rules of every scenario in another (what each roster
achieves), seats per value of a column, and the overlap of the rosters: the members chosen by
all the scenarios, by some of them, and by one only.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from composer.analysis.sweep import binding_rules
from composer.engine.progress import progress_bar
from composer.engine.result import Result
from composer.engine.solve import SolveOptions, solve
from composer.errors import EXIT_BAD_INPUT, FrontierError, Problem
from composer.inputs.nominations import NominationsLike, Pool, load_nominations
from composer.rules.scenario import Scenario, ScenarioLike, load_scenario

#: Overlap groups, in the order tables list them.
IN_ALL, IN_SOME, IN_ONE = "in all", "in some", "in one"


@dataclass
class Comparison:
    """The results of several scenarios on one pool, and how their rosters overlap."""

    names: list[str]  # one distinct display name per scenario
    results: list[Result]
    pool: Pool
    notes: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.results)

    def result(self, name: str) -> Result:
        """The result of the scenario shown as ``name``."""
        return self.results[self.names.index(name)]

    def frame(self) -> pd.DataFrame:
        """One row per scenario: status, size, score, soft shortfall, rules met, binding rules."""
        rows = []
        for name, result in zip(self.names, self.results, strict=True):
            report = result.report
            rules = report.rules if report is not None else []
            rows.append(
                {
                    "scenario": name,
                    "status": result.status.value,
                    "size": result.size if result.ok else None,
                    "score": result.objective.get("score") if result.ok else None,
                    "soft_shortfall": report.soft_shortfall if report is not None else None,
                    "rules_met": sum(r.met for r in rules),
                    "rules": len(rules),
                    "binding": len(binding_rules(result.scenario, report)) if report else 0,
                    "conflict": "; ".join(result.conflict),
                }
            )
        return pd.DataFrame(rows)

    def composition(self) -> pd.DataFrame:
        """What each roster achieves on every rule (rows: rules of any scenario; NaN: no rule).

        The rule names carry their bounds ("all regions (African >= 4)"); for a share rule the
        number is members with the value, for a cap the most members sharing one value.
        """
        table: dict[str, dict[str, float]] = {}
        for name, result in zip(self.names, self.results, strict=True):
            for rule in result.report.rules if result.report else []:
                table.setdefault(rule.name, {})[name] = rule.achieved
        frame = pd.DataFrame.from_dict(table, orient="index", columns=self.names)
        frame.index.name = "rule"
        return frame

    def breakdown(self, column: str) -> pd.DataFrame:
        """Seats per value of ``column`` in each scenario's roster (rows: values)."""
        from composer.rules.labels import ordered

        table = self.pool.table
        counts = {
            name: table.loc[result.selected, column].astype(str).value_counts()
            for name, result in zip(self.names, self.results, strict=True)
        }
        values = ordered(column, table[column].astype(str).unique())
        frame = pd.DataFrame(counts, index=values, columns=self.names).fillna(0).astype(int)
        frame.index.name = column
        return frame

    def overlap(self) -> pd.DataFrame:
        """Every member chosen by any scenario: in how many, which ones, and the group.

        ``group`` is ``in all`` (every scenario chose them), ``in some`` (more than one but not
        all) or ``in one``.  Sorted by group, then id.
        """
        chosen = [set(r.selected) for r in self.results]
        members = sorted(set().union(*chosen)) if chosen else []
        rank = {IN_ALL: 0, IN_SOME: 1, IN_ONE: 2}
        rows: list[tuple[int, str, str, int, str, str]] = []
        for ident in members:
            where = [n for n, roster in zip(self.names, chosen, strict=True) if ident in roster]
            count = len(where)
            group = IN_ALL if count == len(chosen) else IN_ONE if count == 1 else IN_SOME
            name = str(self.pool.table.loc[ident, "name"])
            rows.append((rank[group], ident, name, count, "; ".join(where), group))
        rows.sort()
        columns = ["id", "name", "scenarios", "chosen_by", "group"]
        return pd.DataFrame([row[1:] for row in rows], columns=columns)

    def overlap_counts(self) -> dict[str, int]:
        """Members in all, in some and in one of the rosters."""
        groups = self.overlap()["group"].value_counts()
        return {g: int(groups.get(g, 0)) for g in (IN_ALL, IN_SOME, IN_ONE)}

    def to_sheets(self) -> dict[str, pd.DataFrame]:
        """The comparison as worksheet tables: Comparison, Rules, Overlap."""
        rules = self.composition().reset_index()
        return {"Comparison": self.frame(), "Rules": rules, "Overlap": self.overlap()}

    def to_excel(self, path: str | Path, *, force: bool = False) -> Path:
        """Write the comparison workbook (one sheet per table); never overwrites without force."""
        from composer.export.frames_book import write_frames

        return write_frames(self.to_sheets(), Path(path), force=force)

    def summary(self) -> str:
        """One line per scenario, and the overlap."""
        lines = []
        for name, result in zip(self.names, self.results, strict=True):
            if result.ok:
                score = result.objective.get("score", 0)
                lines.append(
                    f"{name}: {result.status.value}, {result.size} members, score {score:g}"
                )
            else:
                lines.append(f"{name}: {result.status.value}")
        counts = self.overlap_counts()
        lines.append(
            f"Members chosen by all: {counts[IN_ALL]}, by some: {counts[IN_SOME]}, "
            f"by one only: {counts[IN_ONE]}"
        )
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        parts = ["<h4>Scenario comparison</h4>", self.frame().to_html(index=False)]
        counts = self.overlap_counts()
        parts.append(
            f"<p>Members chosen by all scenarios: {counts[IN_ALL]}; by some: {counts[IN_SOME]}; "
            f"by one only: {counts[IN_ONE]}</p>"
        )
        parts += [f"<p><i>{html.escape(n)}</i></p>" for n in self.notes]
        return "".join(parts)

    def __repr__(self) -> str:
        return f"Comparison({', '.join(repr(n) for n in self.names)})"


def _names(scenarios: list[Scenario]) -> list[str]:
    names: list[str] = []
    for scenario in scenarios:
        name = scenario.name
        if name in names and scenario.source is not None:
            name = f"{name} ({scenario.source.name})"
        base, k = name, 2
        while name in names:
            name, k = f"{base} #{k}", k + 1
        names.append(name)
    return names


def _shared_pool(scenarios: list[Scenario]) -> Path:
    paths = {s.nominations_path() for s in scenarios}
    if None in paths or len(paths) != 1:
        named = sorted(str(p) for p in paths if p is not None)
        raise FrontierError(
            "the scenarios do not name one nominations file to compare them on",
            [
                Problem(
                    f"nominations named: {', '.join(named) or 'none'}",
                    fix="pass the nominations (--nominations FILE, or the pool argument)",
                )
            ],
            code="no_pool",
            exit_code=EXIT_BAD_INPUT,
        )
    path = paths.pop()
    assert path is not None
    return path


def compare(
    pool: Pool | NominationsLike | None,
    scenarios: Sequence[ScenarioLike],
    options: SolveOptions | None = None,
    progress: bool = True,
) -> Comparison:
    """Solve every scenario on the same pool and compare the results.

    ``pool`` may be None when all the scenarios name the same nominations file.

    Example::

        both = composer.compare(None, ["scenarios/wgig-2004.toml",
                                       "scenarios/wgig-2004-halves.toml"])
        both.frame(); both.overlap_counts()
    """
    loaded = [load_scenario(s) for s in scenarios]
    if len(loaded) < 2:
        raise FrontierError(
            f"a comparison needs at least two scenarios, not {len(loaded)}",
            [Problem("too few scenarios", fix="name two or more scenario files")],
            code="bad_scenarios",
            exit_code=EXIT_BAD_INPUT,
        )
    if pool is None:
        pool = _shared_pool(loaded)
    loaded_pool = pool if isinstance(pool, Pool) else load_nominations(pool)
    options = options or SolveOptions()
    bar = progress_bar("Scenarios", len(loaded), progress)
    results: list[Result] = []
    notes: list[str] = []
    try:
        for scenario in loaded:
            results.append(solve(loaded_pool, scenario, options))
            bar.advance(scenario.name)
    except KeyboardInterrupt:
        notes.append(f"interrupted: {len(results)} of {len(loaded)} scenarios solved")
    finally:
        bar.close()
    names = _names(loaded)[: len(results)]
    return Comparison(names, results, loaded_pool, notes)
