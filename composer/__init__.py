"""composer: choose a balanced, proven-optimal body from a pool of nominations.

The public API follows the data flow::

    pool = composer.load_nominations("nominations.xlsx")
    scenario = composer.load_scenario("scenarios/wgig-2004.toml")
    result = composer.compose(pool, scenario)      # bind, build, solve, check
    result.roster, result.composition, result.to_json("result.json")
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the names below are imported on first use (``composer --help`` stays fast)
    from composer.analysis.alternatives import Alternatives, alternatives
    from composer.analysis.compare import Comparison, compare
    from composer.analysis.explain import Explanation, explain
    from composer.analysis.frontier import Frontier, frontier
    from composer.analysis.lottery import lottery
    from composer.analysis.lottery_result import Lottery
    from composer.analysis.replace import Replacement, replace
    from composer.analysis.reserves import Reserves, reserves
    from composer.analysis.sweep import SizeSweep, size_sweep
    from composer.engine.build import build_model
    from composer.engine.check import CheckReport, RuleCheck, check
    from composer.engine.result import Result, Status
    from composer.engine.solve import SolveOptions, compose, load_pool, solve
    from composer.errors import ComposerError, NominationsError, ScenarioError
    from composer.inputs.nominations import Pool, load_nominations
    from composer.rules.scenario import Scenario, load_scenario

__version__ = "0.1.0"

_LAZY: dict[str, str] = {
    "Alternatives": "composer.analysis.alternatives",
    "CheckReport": "composer.engine.check",
    "Comparison": "composer.analysis.compare",
    "ComposerError": "composer.errors",
    "Explanation": "composer.analysis.explain",
    "Frontier": "composer.analysis.frontier",
    "Lottery": "composer.analysis.lottery_result",
    "NominationsError": "composer.errors",
    "Pool": "composer.inputs.nominations",
    "Replacement": "composer.analysis.replace",
    "Reserves": "composer.analysis.reserves",
    "Result": "composer.engine.result",
    "RuleCheck": "composer.engine.check",
    "Scenario": "composer.rules.scenario",
    "ScenarioError": "composer.errors",
    "SizeSweep": "composer.analysis.sweep",
    "SolveOptions": "composer.engine.solve",
    "Status": "composer.engine.result",
    "alternatives": "composer.analysis.alternatives",
    "build_model": "composer.engine.build",
    "check": "composer.engine.check",
    "compare": "composer.analysis.compare",
    "compose": "composer.engine.solve",
    "explain": "composer.analysis.explain",
    "frontier": "composer.analysis.frontier",
    "load_nominations": "composer.inputs.nominations",
    "load_pool": "composer.engine.solve",
    "load_scenario": "composer.rules.scenario",
    "lottery": "composer.analysis.lottery",
    "replace": "composer.analysis.replace",
    "reserves": "composer.analysis.reserves",
    "size_sweep": "composer.analysis.sweep",
    "solve": "composer.engine.solve",
}


def __getattr__(name: str) -> Any:
    """Import a public name on first use, so that ``import composer`` costs nothing."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'composer' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])


__all__ = [
    "Alternatives",
    "CheckReport",
    "Comparison",
    "ComposerError",
    "Explanation",
    "Frontier",
    "Lottery",
    "NominationsError",
    "Pool",
    "Replacement",
    "Reserves",
    "Result",
    "RuleCheck",
    "Scenario",
    "ScenarioError",
    "SizeSweep",
    "SolveOptions",
    "Status",
    "alternatives",
    "build_model",
    "check",
    "compare",
    "compose",
    "explain",
    "frontier",
    "load_nominations",
    "load_pool",
    "load_scenario",
    "lottery",
    "replace",
    "reserves",
    "size_sweep",
    "solve",
]
