"""Ex-officio members: in the body by office, and by default outside the balance rules.

``[members] ex_officio = ["N-001"]`` puts those nominees in the body whatever the rules say.
With ``ex_officio_counted = false`` (the default) they are outside the selection: no rule
counts them (not the size, quotas, caps, coverage, budget, rotation or the score), they are
not in ``Result.selected`` but in ``Result.ex_officio``, and the workbook and the statement
list them apart.  With ``ex_officio_counted = true`` they count like members fixed in with
``include``: they are selected, and every rule counts them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from composer.rules.bounds import Bound

if TYPE_CHECKING:
    from composer.inputs.nominations import Pool
    from composer.rules.scenario import Scenario


def uncounted(scenario: Scenario) -> set[str]:
    """Ex-officio members outside the selection (none when they are counted)."""
    members = scenario.members
    return set() if members.ex_officio_counted else set(members.ex_officio)


def fixed_in(scenario: Scenario) -> set[str]:
    """Members fixed in the roster: ``include``, and ex officio when they are counted."""
    members = scenario.members
    return set(members.include) | (set(members.ex_officio) if members.ex_officio_counted else set())


def ex_officio_bounds(scenario: Scenario) -> list[Bound]:
    """Counted ex-officio members are fixed in like ``include`` (named ``ex officio ID``)."""
    members = scenario.members
    if not members.ex_officio_counted:
        return []
    included = set(members.include)
    return [
        Bound(f"ex officio {ident}", "members", 0, "include", "id", ident)
        for ident in members.ex_officio
        if ident not in included
    ]


def ex_officio_problems(pool: Pool, scenario: Scenario) -> list[tuple[str, str, str]]:
    """(key, message, fix) for ex-officio members that other rules cannot leave alone.

    An ex-officio member outside the selection cannot be in a together / apart group (the
    group would count someone no rule counts), nor share a person with rows that could be
    selected.
    """
    outside = uncounted(scenario)
    found = []
    for family in ("together", "apart"):
        for index, group in enumerate(getattr(scenario, family)):
            named = [i for i in group.ids if i in outside]
            if named:
                found.append(
                    (
                        f"{family}[{index + 1}].ids",
                        f"{', '.join(named)} sit(s) ex officio, outside the selection",
                        f"take {', '.join(named)} out of the group, or set "
                        "members.ex_officio_counted = true",
                    )
                )
    person = scenario.person
    if person is not None and pool.has_column(person.column) and outside:
        cells = dict(zip(pool.ids, pool.text(person.column), strict=True))
        for ident in sorted(outside):
            who = str(cells.get(ident, "")).strip()
            others = [i for i, p in cells.items() if who and i != ident and str(p).strip() == who]
            if others:
                found.append(
                    (
                        "members.ex_officio",
                        f"{ident} sits ex officio, but rows {', '.join(others)} are the same "
                        f"person ({person.column} '{who}')",
                        f"add {', '.join(others)} to members.exclude, or remove those rows",
                    )
                )
    return found
