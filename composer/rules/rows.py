"""Rules as linear rows: exact integer rows over the selection, the one form every consumer reads.

A rule's atom (a :class:`~composer.rules.bounds.Bound`) compiles to :class:`RuleRows`: one or
more rows ``sum(k * count(term)) >= rhs`` (or ``<=``), each term counting the selected nominees
at some pool positions (weighted, for a budget).  All of an atom's rows share one slack: a
``>=`` row gains ``unit * s``, a ``<=`` row loses it.  The CP-SAT build makes ``s`` the
shortfall of a soft rule (0 for a hard one), the elastic model the amount a hard rule is
relaxed by, and the reserves screen evaluates the rows on every swap; the independent checker
(:mod:`composer.engine.check`) never reads them, and the tests hold the rows to it.

Positions are pool order (``pool.text("id")``); only nominees the consumer can select (its
*eligible* set) appear in a term, so a row is exact for that consumer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING

import numpy as np

from composer.inputs.nominations import Pool
from composer.rules.where import Where, condition_text, where_mask

if TYPE_CHECKING:
    from composer.rules.bounds import Bound


@dataclass(frozen=True)
class Term:
    """The selected nominees at ``positions`` (pool order), each counted ``weights[i]`` times.

    ``label`` names a count several rows read (the model defines it once); a weighted term
    (a budget's costs) has no label.
    """

    positions: np.ndarray
    label: str | None = None
    weights: np.ndarray | None = None  # exact integers, aligned with ``positions``

    def values(self) -> np.ndarray:
        """Each position's coefficient (1 each when unweighted)."""
        if self.weights is None:
            return np.ones(len(self.positions), dtype=np.int64)
        return self.weights


@dataclass(frozen=True)
class Row:
    """``sum(k * term) >= rhs`` (``lower``) or ``<= rhs``; the slack counts ``unit`` each."""

    terms: tuple[tuple[int, Term], ...]
    lower: bool
    rhs: int
    part: str = ""  # appended to the rule's name: one cap row per value, " [Kenya]"
    unit: int = 1


@dataclass(frozen=True)
class RuleRows:
    """An atom's rows and what its slack means.

    ``limit`` is the most slack that can matter (past it the rule no longer binds); ``money``
    is, for a budget, the money one unit of slack stands for.
    """

    bound: Bound
    rows: tuple[Row, ...]
    limit: int
    money: Fraction | None = None


@dataclass
class RowSpace:
    """The pool as rows see it: who can be selected, and positions by value (cached)."""

    pool: Pool
    eligible: np.ndarray  # bool per nominee, pool order
    _by_value: dict[str, dict[str, np.ndarray]] = field(default_factory=dict, repr=False)
    _areas: dict[str, dict[str, np.ndarray]] = field(default_factory=dict, repr=False)
    _index: dict[str, int] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, pool: Pool, eligible: Iterable[str] | None = None) -> RowSpace:
        """The space of ``pool`` with ``eligible`` ids selectable (every nominee when None)."""
        ids = pool.text("id")
        if eligible is None:
            return cls(pool, np.ones(len(ids), dtype=bool))
        chosen = set(eligible)
        return cls(pool, np.fromiter((i in chosen for i in ids), dtype=bool, count=len(ids)))

    @property
    def ids(self) -> np.ndarray:
        """Every nomination id, pool order."""
        return self.pool.text("id")

    def mask(
        self,
        column: str | None = None,
        value: str | tuple[str, ...] | None = None,
        where: Where = (),
    ) -> np.ndarray:
        """Eligible nominees whose ``column`` is ``value`` (any of them) and who match ``where``."""
        mask = self.eligible.copy()
        if where:
            mask &= where_mask(where, self.pool.text, len(mask))
        if column is not None and value is not None:
            positions = self.by_value(column)
            holders = np.zeros(len(mask), dtype=bool)
            for one in value if isinstance(value, tuple) else (value,):
                holders[positions.get(one, [])] = True
            mask &= holders
        return mask

    def by_value(self, column: str) -> dict[str, np.ndarray]:
        """The positions of each value of ``column`` (a quota may list thousands of values)."""
        if column not in self._by_value:
            values, inverse = np.unique(self.pool.text(column).astype(str), return_inverse=True)
            order = np.argsort(inverse, kind="stable")
            edges = np.searchsorted(inverse[order], np.arange(len(values) + 1))
            self._by_value[column] = {
                str(v): order[edges[k] : edges[k + 1]] for k, v in enumerate(values)
            }
        return self._by_value[column]

    def holders(self, column: str, area: str) -> np.ndarray:
        """Eligible positions whose list column ``column`` holds ``area`` (once each)."""
        if column not in self._areas:
            found: dict[str, list[int]] = {}
            areas = self.pool.areas(column)
            for position, ident in enumerate(self.ids):
                if self.eligible[position]:
                    for one in dict.fromkeys(areas[str(ident)]):
                        found.setdefault(one, []).append(position)
            self._areas[column] = {a: np.asarray(p, dtype=np.int64) for a, p in found.items()}
        return self._areas[column].get(area, np.zeros(0, dtype=np.int64))

    def count(
        self,
        column: str | None = None,
        value: str | tuple[str, ...] | None = None,
        where: Where = (),
    ) -> Term:
        """The shared count of the selected with ``column == value`` among ``where``."""
        positions = np.flatnonzero(self.mask(column, value, where))
        return Term(positions, count_label(column, value, where))

    def at(self, positions: Iterable[int]) -> Term:
        """An unlabelled count of the selected at ``positions``."""
        return Term(np.asarray(list(positions), dtype=np.int64))

    def position(self, ident: str) -> int | None:
        """The pool position of an eligible id (None when absent or not eligible)."""
        if not self._index:
            self._index.update({str(i): p for p, i in enumerate(self.ids)})
        found = self._index.get(str(ident))
        return found if found is not None and self.eligible[found] else None

    @property
    def selectable(self) -> int:
        """How many nominees can be selected."""
        return int(self.eligible.sum())


def count_label(column: str | None, value: str | tuple[str, ...] | None, where: Where) -> str:
    """The name of a shared count: ``"size"``, ``"gender=female"``, ``"age < 35, region=X"``."""
    if column is None and not where:
        return "size"
    parts = [
        f"{c.column} in {{{'|'.join(c.values)}}}" if c.op == "in" else condition_text(c)
        for c in where
    ]
    if column is not None:
        parts.append(f"{column}={'|'.join(value) if isinstance(value, tuple) else value}")
    return ", ".join(parts)


def row_values(row: Row, n: int) -> np.ndarray:
    """The row's coefficient per nominee (pool order, exact integers)."""
    coef = np.zeros(n, dtype=object if _big(row) else np.int64)
    for k, term in row.terms:
        np.add.at(coef, term.positions, k * term.values())
    return coef


def _big(row: Row) -> bool:
    return any(t.weights is not None and t.weights.dtype == object for _, t in row.terms)


def slack_needed(rows: RuleRows, selected: np.ndarray) -> int:
    """The least slack that makes every row hold on the roster ``selected`` (0/1 per nominee)."""
    need = 0
    for row in rows.rows:
        value = sum(
            k * int((term.values() * selected[term.positions]).sum()) for k, term in row.terms
        )
        gap = row.rhs - value if row.lower else value - row.rhs
        if gap > 0:
            need = max(need, -(-gap // row.unit))
    return need
