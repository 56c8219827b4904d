"""What a scenario asks of the nominations file, told to the reader as a ``Needs``.

The reader uses it to match the file's headings to the columns the rules name, to read the
coverage columns as lists, and to report a named column the file lacks (exit 2) or an
objective that tells no nominee apart (a warning).
"""

from __future__ import annotations

from composer.inputs.needs import Needs
from composer.rules.scenario import Scenario


def needs_of(scenario: Scenario) -> Needs:
    """The columns the scenario's rules name (each with the first key naming it), and more."""
    named: dict[str, str] = {}

    def add(column: str, key: str) -> None:
        named.setdefault(column, key)

    for i, quota in enumerate(scenario.quota, start=1):
        add(quota.column, f"quota[{i}].column")
        for column in quota.where:
            add(column, f"quota[{i}].where.{column}")
    for i, cap in enumerate(scenario.cap, start=1):
        add(cap.column, f"cap[{i}].column")
        for column in cap.where:
            add(column, f"cap[{i}].where.{column}")
    for i, coverage in enumerate(scenario.coverage, start=1):
        add(coverage.column, f"coverage[{i}].column")
    for i, budget in enumerate(scenario.budgets, start=1):
        add(
            budget.column,
            f"budget[{i}].column" if isinstance(scenario.budget, list) else "budget.column",
        )
    for i, distinct in enumerate(scenario.distinct, start=1):
        add(distinct.column, f"distinct[{i}].column")
        for column in distinct.where:
            add(column, f"distinct[{i}].where.{column}")
    for i, equal in enumerate(scenario.equal, start=1):
        add(equal.column, f"equal[{i}].column")
        for column in equal.where:
            add(column, f"equal[{i}].where.{column}")
    rotation = scenario.rotation
    if rotation is not None:
        if rotation.renew_min_share is not None or rotation.renew_max_share is not None:
            add(rotation.incumbent, "rotation.incumbent")
        if rotation.max_consecutive_terms is not None:
            add(rotation.terms_column, "rotation.terms_column")
        for column in rotation.where:
            add(column, f"rotation.where.{column}")
    if scenario.person is not None:
        add(scenario.person.column, "person.column")
        for column in scenario.person.same or []:
            add(column, "person.same")
    for i, role in enumerate(scenario.role, start=1):
        for column in role.where:
            add(column, f"role[{i}].where.{column}")
        for j, role_quota in enumerate(role.quota, start=1):
            add(role_quota.column, f"role[{i}].quota[{j}].column")
        for j, role_cap in enumerate(role.cap, start=1):
            add(role_cap.column, f"role[{i}].cap[{j}].column")
    named.pop("id", None)
    objective = scenario.objective
    return Needs(
        columns=named,
        lists=frozenset(c.column for c in scenario.coverage),
        objective=objective.maximise,
        objective_named="objective" in scenario.model_fields_set
        and "maximise" in objective.model_fields_set,
        person=scenario.person.column if scenario.person is not None else None,
    )
