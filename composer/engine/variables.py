"""Decision variables keyed by nomination id, and the helpers every rule family uses."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from ortools.sat.python import cp_model

from composer.inputs.nominations import Pool
from composer.rules.rows import Row, RowSpace, Term
from composer.rules.scenario import Bound, Scenario
from composer.rules.where import Where


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
    counters: dict[str, cp_model.IntVar] = field(default_factory=dict)
    #: holders of the roles outside the selection (``counted = false``): role -> id -> var
    outside: dict[str, dict[str, cp_model.IntVar]] = field(default_factory=dict)

    @cached_property
    def space(self) -> RowSpace:
        """The pool as the rules' rows see it, with the eligible nominees selectable."""
        return RowSpace.of(self.pool, self.x)

    @cached_property
    def _vars(self) -> np.ndarray:
        ids = self.pool.text("id")
        return np.array([self.x.get(i) for i in ids], dtype=object)

    @property
    def size(self) -> cp_model.IntVar:
        """The number of members selected (an integer variable defined once)."""
        return self.counter("size", self.space.eligible)

    def counter(self, label: str, mask: np.ndarray) -> cp_model.IntVar:
        """An integer variable equal to the number selected in ``mask``, defined once per label.

        Rules that read the same count share one variable, so each nominee appears in few
        long rows and the share rules become short rows over counts.
        """
        return self.counter_at(label, np.flatnonzero(mask))

    def counter_at(self, label: str, positions: np.ndarray) -> cp_model.IntVar:
        """The shared count variable ``label`` of the selected at ``positions`` (pool order)."""
        if label not in self.counters:
            members = list(self._vars[positions])
            var = self.model.new_int_var(0, len(members), f"count {label}")
            self.model.add(var == cp_model.LinearExpr.sum(members)).with_name(f"count {label}")
            self.counters[label] = var
        return self.counters[label]

    def term(self, term: Term) -> cp_model.LinearExpr:
        """A row's term: a shared count, a plain sum, or a weighted sum (budgets)."""
        members = list(self._vars[term.positions])
        if term.weights is not None:
            return cp_model.LinearExpr.weighted_sum(members, [int(w) for w in term.weights])
        if term.label is not None:
            return self.counter_at(term.label, term.positions)
        return cp_model.LinearExpr.sum(members)

    def row(self, row: Row) -> cp_model.LinearExpr:
        """``sum(k * term)`` of a row, without its slack."""
        parts = [k * self.term(t) if k != 1 else self.term(t) for k, t in row.terms]
        return parts[0] if len(parts) == 1 else cp_model.LinearExpr.sum(parts)

    def group_counter(
        self,
        column: str | None,
        value: str | tuple[str, ...] | None,
        where: Where = (),
    ) -> cp_model.IntVar:
        """The number selected with ``column == value`` among those matching ``where``."""
        term = self.space.count(column, value, where)
        return self.counter_at(str(term.label), term.positions)

    def mask(
        self,
        column: str | None = None,
        value: str | tuple[str, ...] | None = None,
        where: Where = (),
    ) -> np.ndarray:
        """Eligible nominees whose ``column`` equals ``value`` and who match ``where``."""
        return self.space.mask(column, value, where)

    def ids_where(
        self,
        column: str,
        value: str | None = None,
        where: Where = (),
    ) -> list[str]:
        """Eligible ids with ``column == value`` (any value if None) that match ``where``."""
        return list(self.pool.text("id")[self.mask(column, value, where)])

    def count_mask(self, mask: np.ndarray) -> cp_model.LinearExpr:
        """The number of selected members among the nominees in ``mask``."""
        return cp_model.LinearExpr.sum(list(self._vars[mask]))

    def count(self, ids: list[str]) -> cp_model.LinearExpr:
        """The number of selected members among ``ids``."""
        return cp_model.LinearExpr.sum([self.x[i] for i in ids])

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


def create_variables(
    model: cp_model.CpModel, pool: Pool, scenario: Scenario, eligible: list[str], conflicts: bool
) -> ModelContext:
    """One Boolean ``x[id]`` per eligible nominee (1 = selected)."""
    x = {ident: model.new_bool_var(f"x[{ident}]") for ident in eligible}
    return ModelContext(model, pool, scenario, x, {} if conflicts else None)
