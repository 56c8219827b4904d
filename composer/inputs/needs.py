"""What a scenario asks of the nominations, as the reading of a file needs to know it.

The scenario lives in a later layer (:mod:`composer.rules`); it describes itself to the reader
with a :class:`Needs` (see ``composer.rules.needs.needs_of``): the columns its rules name (each
with the scenario key that names it), the columns it counts as lists, and its objective.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Needs:
    """The columns a scenario names, by the key that names them first, and its objective."""

    #: column -> the scenario key naming it ("quota[0].column", "budget.column", ...)
    columns: dict[str, str] = field(default_factory=dict)
    #: columns read as lists of values (coverage columns)
    lists: frozenset[str] = frozenset()
    #: the column maximised (None: no objective)
    objective: str | None = "score"
    #: whether the scenario names the objective itself ([objective] maximise = ...)
    objective_named: bool = False
    #: the column that joins a person's rows (``[person] column``): rows it joins are one
    #: person by declaration, not suspected duplicates
    person: str | None = None

    @property
    def wanted(self) -> list[str]:
        """Every column named: the rules' and the objective's."""
        named = list(self.columns)
        if self.objective and self.objective not in named:
            named.append(self.objective)
        return named
