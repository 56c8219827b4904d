"""Which columns a summary, chart, workbook or statement shows: those the scenario's rules use.

A body's report speaks of what its rules balance (age band and area for a citizens'
assembly; ICANN regions for a board), not of a fixed set of columns.
"""

from __future__ import annotations

from collections.abc import Sequence

from composer.inputs.columns import MULTI_VALUED
from composer.inputs.nominations import Pool
from composer.rules.scenario import Scenario
from composer.rules.where import where_columns


def rule_columns(scenario: Scenario) -> list[str]:
    """The single-valued columns the quotas count and the rules' ``where`` select on, in order."""
    found: list[str] = []
    for quota in scenario.quota:
        found += [quota.column, *where_columns(quota.where)]
    for cap in scenario.cap:
        found += where_columns(cap.where)
    for distinct in scenario.distinct:
        found += [distinct.column, *where_columns(distinct.where)]
    for equal in scenario.equal:
        found += [equal.column, *where_columns(equal.where)]
    return [c for c in dict.fromkeys(found) if c not in MULTI_VALUED]


def shown_columns(scenario: Scenario, pool: Pool, preferred: Sequence[str]) -> list[str]:
    """The columns to show seat by seat: the rules' columns, ``preferred`` ones first.

    When no rule names a column, the ``preferred`` columns the pool has with more than one
    value are shown instead (so a scenario of size and score alone still has a breakdown).
    """
    present = set(pool.table.columns)
    used = [c for c in rule_columns(scenario) if c in present]
    if not used:
        return [c for c in preferred if c in present and pool.table[c].nunique() > 1]
    return [c for c in preferred if c in used] + [c for c in used if c not in preferred]
