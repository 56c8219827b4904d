"""Diagnosis of an infeasible result: the rules that conflict and the smallest fix.

:func:`~composer.engine.solve.solve` only solves: when CP-SAT proves that no roster keeps every
rule it says so, and leaves naming the rules to this step, which ``compose()``, the command
line and ``explain`` ask for (analyses that re-solve many variants never need it).  The whole
diagnosis keeps to its time limit: half for an irreducible conflict (CP-SAT assumption cores),
the rest for the smallest relaxation (the elastic model).
"""

from __future__ import annotations

import time

from composer.engine.conflicts import find_conflict
from composer.engine.relax import relaxation_advice
from composer.engine.result import Result, Status


def diagnose(result: Result, time_limit: float = 10.0, *, advice: bool = True) -> Result:
    """Fill ``conflict``, ``conflict_reason`` and ``advice`` of an infeasible ``result``.

    ``advice=False`` names the conflict only (no search for the smallest relaxation).
    Other results, and results already diagnosed, are returned unchanged.
    """
    if result.status != Status.INFEASIBLE or result.stats.get("diagnosed", True):
        return result
    started = time.perf_counter()
    deadline = time.monotonic() + max(0.0, time_limit)
    pool, scenario = result.pool, result.scenario
    if not result.conflict:
        found = find_conflict(pool, scenario, max(0.05, (deadline - time.monotonic()) / 2))
        if found is not None:
            result.conflict = found.rules
            result.conflict_reason = found.reason
            result.advice = list(found.advice)
            result.stats["conflict_minimal"] = found.minimal
        else:
            result.conflict = [b.name for b in scenario.bounds() if not b.soft]
            result.conflict_reason = (
                "the rules cannot all hold together; the time limit stopped the search for "
                "the few that clash (raise --time-limit to name them)"
            )
            result.stats["conflict_minimal"] = False
    remaining = deadline - time.monotonic()
    if advice and remaining > 0.05:
        smallest = relaxation_advice(pool, scenario, remaining)
        result.advice = list(dict.fromkeys([*smallest, *result.advice]))
    result.stats["diagnosed"] = True
    result.stats["diagnosis_seconds"] = round(time.perf_counter() - started, 4)
    return result
