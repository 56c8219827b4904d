"""Analyses above the solve: trade-off fronts, size sweeps and scenario comparisons."""

from composer.analysis.compare import Comparison, compare
from composer.analysis.criteria import Criterion, parse_criterion
from composer.analysis.frontier import Frontier, FrontierPoint, frontier
from composer.analysis.sweep import SizeSweep, SweepPoint, size_sweep

__all__ = [
    "Comparison",
    "Criterion",
    "Frontier",
    "FrontierPoint",
    "SizeSweep",
    "SweepPoint",
    "compare",
    "frontier",
    "parse_criterion",
    "size_sweep",
]
