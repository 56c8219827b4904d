"""composer: choose a balanced, proven-optimal body from a pool of nominations.

The public API follows the data flow::

    pool = composer.load_nominations("nominations.xlsx")
    scenario = composer.load_scenario("scenarios/wgig-2004.toml")
    result = composer.compose(pool, scenario)      # bind, build, solve, check
    result.roster, result.composition, result.to_json("result.json")
"""

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
from composer.engine.solve import SolveOptions, compose, solve
from composer.errors import ComposerError, NominationsError, ScenarioError
from composer.inputs.nominations import Pool, load_nominations
from composer.rules.scenario import Scenario, load_scenario

__version__ = "0.1.0"

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
    "load_scenario",
    "lottery",
    "replace",
    "reserves",
    "size_sweep",
    "solve",
]
