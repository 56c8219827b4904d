"""Decision variables keyed by nomination id, and the helpers every rule family uses."""

from __future__ import annotations

from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from composer.nominations import Pool
from composer.scenario import Bound, Scenario


@dataclass(frozen=True)
class Penalty:
    """A soft rule's shortfall variable (seats missed) and its weight per seat."""

    bound: str
    shortfall: cp_model.IntVar
    weight: int


@dataclass
class ModelContext:
    """The model under construction: one Boolean per eligible nominee, keyed by id."""

    model: cp_model.CpModel
    pool: Pool
    scenario: Scenario
    x: dict[str, cp_model.IntVar]
    enforce: dict[str, cp_model.IntVar] | None = None  # per hard rule, for conflict analysis
    penalties: list[Penalty] = field(default_factory=list)

    @property
    def size(self) -> cp_model.LinearExprT:
        """The number of members selected."""
        return sum(self.x.values())  # type: ignore[return-value]

    def ids_where(self, column: str, value: str | None = None,
                  where: tuple[tuple[str, tuple[str, ...]], ...] = ()) -> list[str]:
        """Eligible ids whose ``column`` equals ``value`` (any value if None) and match ``where``."""
        table = self.pool.table
        mask = table.index.isin(list(self.x))
        for col, values in where:
            mask &= table[col].astype(str).isin(values)
        if value is not None:
            mask &= table[column].astype(str) == value
        return [str(i) for i in table.index[mask]]

    def count(self, ids: list[str]) -> cp_model.LinearExprT:
        """The number of selected members among ``ids``."""
        return sum(self.x[i] for i in ids)  # type: ignore[return-value]

    def add(self, bound: Bound, constraint: cp_model.Constraint, part: str = "") -> None:
        """Name a constraint after its rule; in conflict mode, make it switchable."""
        constraint.with_name(f"{bound.name}{part}")
        if self.enforce is not None and not bound.soft:
            literal = self.enforce.get(bound.name)
            if literal is None:
                literal = self.model.new_bool_var(f"enforce {bound.name}")
                self.enforce[bound.name] = literal
            constraint.only_enforce_if(literal)

    def shortfall(self, bound: Bound, upper: int) -> cp_model.IntVar:
        """A soft rule's shortfall variable, registered as a penalty term."""
        var = self.model.new_int_var(0, max(0, upper), f"shortfall {bound.name}")
        self.penalties.append(Penalty(bound.name, var, bound.weight))
        return var


def create_variables(model: cp_model.CpModel, pool: Pool, scenario: Scenario,
                     eligible: list[str], conflicts: bool) -> ModelContext:
    """One Boolean ``x[id]`` per eligible nominee (1 = selected)."""
    x = {ident: model.new_bool_var(f"x[{ident}]") for ident in eligible}
    return ModelContext(model, pool, scenario, x, {} if conflicts else None)
