"""Groups of nominees who go together (all or none) or apart (at most one), by id.

``[[together]] ids = [...]``: the roster holds every one of them or none (a joint candidacy,
a delegation of two).  ``[[apart]] ids = [...]``: the roster holds at most one of them (a
conflict of interest, two candidates of one household).  Each group is one atomic rule
(:class:`~composer.rules.bounds.Bound`) with its ids in ``Bound.ids``.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field, field_validator

from composer.rules.bounds import Bound

if TYPE_CHECKING:
    from composer.rules.scenario import Scenario

#: How many ids a name derived from a group shows before "and N more".
_SHOWN = 4


def _distinct(ids: list[str]) -> list[str]:
    repeated = sorted(i for i, n in Counter(ids).items() if n > 1)
    if repeated:
        raise ValueError(f"the id(s) {', '.join(repeated)} appear twice in one group")
    return ids


class _GroupRule(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    ids: list[str] = Field(min_length=2)
    name: str | None = None

    @field_validator("ids")
    @classmethod
    def _no_repeats(cls, ids: list[str]) -> list[str]:
        return _distinct(ids)


class TogetherRule(_GroupRule):
    """These nominees are selected all together or not at all."""


class ApartRule(_GroupRule):
    """At most one of these nominees is selected (a conflict of interest)."""


def group_text(ids: tuple[str, ...]) -> str:
    """'a, b and c', or 'a, b, c, d and 3 more' for long groups."""
    shown = list(ids[:_SHOWN])
    rest = len(ids) - len(shown)
    if rest:
        return f"{', '.join(shown)} and {rest} more"
    return f"{', '.join(shown[:-1])} and {shown[-1]}"


def group_bounds(scenario: Scenario) -> list[Bound]:
    """One atom per ``[[together]]`` and ``[[apart]]`` group."""
    bounds = []
    for family, rules in (("together", scenario.together), ("apart", scenario.apart)):
        for index, rule in enumerate(rules):
            ids = tuple(rule.ids)
            derived = f"{family} {', '.join(ids[:_SHOWN])}" + (" ..." if len(ids) > _SHOWN else "")
            bounds.append(
                Bound(
                    rule.name or derived,
                    family,  # type: ignore[arg-type]
                    index,
                    family,
                    amount=len(ids) if family == "together" else 1,
                    ids=ids,
                )
            )
    return bounds


def grouped_ids(scenario: Scenario) -> set[str]:
    """Every id named by a together or apart group (dominance must not swap them)."""
    return {i for rule in [*scenario.together, *scenario.apart] for i in rule.ids}


def group_phrase(bound: Bound) -> str:
    """A group rule in plain words."""
    if bound.kind == "together":
        return f"{group_text(bound.ids)} all in the roster or none of them"
    return f"at most one of {group_text(bound.ids)}"


def group_label(bound: Bound) -> str:
    """A short label for tables: the rule's own name, else 'a, b together' / 'a, b apart'."""
    if not bound.name.startswith(f"{bound.kind} "):
        return bound.name
    return f"{group_text(bound.ids)} {bound.kind}"
