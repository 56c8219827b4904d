"""composer: choose a balanced, proven-optimal body from a pool of nominations.

The public API follows the data flow::

    pool = composer.load_nominations("nominations.xlsx")
    scenario = composer.load_scenario("scenarios/wgig-2004.toml")
    result = composer.compose(pool, scenario)      # bind, build, solve, check
    result.roster, result.composition, result.to_json("result.json")
"""

from composer.check import CheckReport, RuleCheck, check
from composer.errors import ComposerError, NominationsError, ScenarioError
from composer.model.build import build_model
from composer.nominations import Pool, load_nominations
from composer.result import Result, Status
from composer.scenario import Scenario, load_scenario
from composer.solve import SolveOptions, compose, solve

__version__ = "0.1.0"

__all__ = [
    "CheckReport",
    "ComposerError",
    "NominationsError",
    "Pool",
    "Result",
    "RuleCheck",
    "Scenario",
    "ScenarioError",
    "SolveOptions",
    "Status",
    "build_model",
    "check",
    "compose",
    "load_nominations",
    "load_scenario",
    "solve",
]
