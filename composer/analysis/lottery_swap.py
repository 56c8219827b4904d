"""Local-search pricing: better rosters from found ones, by swapping one nominee for another.

The eligible rosters of a lottery are the solutions of a CP-SAT model (``lottery_space``).
When that model is *linear in the nominees*, every other variable being defined by one
equation over them (the counts behind quotas, the size) and every constraint a linear sum
(quotas, caps, size, the merit band), a roster keeps the model exactly when each row's sum
lies in its domain; a swap (one member out, one nominee in) changes only the rows the two
touch.  :class:`Swaps` reads the model once into such rows; :meth:`Swaps.climb` starts from an
eligible roster and swaps while a swap makes the roster heavier for the given weights.  The
rosters it returns keep every row of the model, like the ones CP-SAT finds, and are then
checked by the independent checker before they are used.  A model with anything else (soft
shortfalls, enforcement literals, other constraint kinds) gets no local search: ``read``
returns None and CP-SAT prices alone.

Everything here is deterministic: nominees are visited in a fixed order (weight, then
position in the id-sorted pool).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from ortools.sat.python import cp_model

#: Swaps tried per climb before it gives up (each costs a few microseconds).
CHECKS_PER_CLIMB = 4000
#: Nominees outside the roster considered for each swap (the heaviest first).
CANDIDATES = 24
#: A row with more nominees than this, all with one coefficient, is shared (a count).
SHARED_ROW = 16
#: A swap must gain at least this much weight (weights sum to about 1).
MIN_GAIN = 1e-12

_Expr = tuple[int, dict[int, int]]  # constant, coefficient per nominee position


@dataclass
class Swaps:
    """The model as linear rows over the nominees (positions in the id-sorted ids)."""

    ids: list[str]
    columns: list[list[tuple[int, int]]]  # per nominee: (row, coefficient)
    low: list[int]  # each row's least value (of its hull)
    high: list[int]  # ... and largest
    holes: dict[int, list[int]]  # rows whose domain has holes: the flattened intervals
    fixed_in: set[int]
    fixed_out: set[int]
    coef: dict[int, int] = field(default_factory=dict)  # shared rows: their coefficient
    other: list[list[tuple[int, int]]] = field(default_factory=list)  # per nominee
    group: list[int] = field(default_factory=list)  # per nominee: its class
    group_rows: list[tuple[int, ...]] = field(default_factory=list)  # per class
    shared: list[int] = field(default_factory=list)
    shared_low: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    shared_high: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    matrix: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.int64))

    def activities(self, roster: Sequence[int]) -> list[int]:
        """Each row's sum for a roster (positions)."""
        act = [0] * len(self.low)
        for pos in roster:
            for row, coef in self.columns[pos]:
                act[row] += coef
        return act

    def _within(self, row: int, value: int) -> bool:
        if value < self.low[row] or value > self.high[row]:
            return False
        bounds = self.holes.get(row)
        if bounds is None:
            return True
        return any(bounds[k] <= value <= bounds[k + 1] for k in range(0, len(bounds), 2))

    def feasible(self, roster: Sequence[int]) -> bool:
        """Whether a roster (positions) keeps every row, and the fixed nominees."""
        members = set(roster)
        if self.fixed_in - members or self.fixed_out & members:
            return False
        return all(self._within(r, v) for r, v in enumerate(self.activities(roster)))

    def prepare(self) -> None:
        """Sort the rows into *shared* ones (many nominees, one coefficient: counts) and the
        rest, and give each nominee its class: the shared rows it is in.  Nominees of one
        class swap without changing any shared row, so a swap's shared rows are checked once
        per pair of classes."""
        members: list[list[tuple[int, int]]] = [[] for _ in self.low]
        for pos, column in enumerate(self.columns):
            for row, coef in column:
                members[row].append((pos, coef))
        shared = {
            row
            for row, entries in enumerate(members)
            if len(entries) > SHARED_ROW
            and len({c for _, c in entries}) == 1
            and row not in self.holes
        }
        self.coef = {row: members[row][0][1] for row in shared}
        self.other = [[(r, c) for r, c in column if r not in shared] for column in self.columns]
        self.shared = sorted(shared)
        self.shared_low = np.asarray([self.low[r] for r in self.shared], dtype=np.int64)
        self.shared_high = np.asarray([self.high[r] for r in self.shared], dtype=np.int64)
        signature: dict[tuple[int, ...], int] = {}
        self.group = []
        self.group_rows: list[tuple[int, ...]] = []
        for column in self.columns:
            key = tuple(r for r, _ in column if r in shared)
            if key not in signature:
                signature[key] = len(self.group_rows)
                self.group_rows.append(key)
            self.group.append(signature[key])
        column_of = {row: k for k, row in enumerate(self.shared)}
        self.matrix = np.zeros((len(self.group_rows), len(self.shared)), dtype=np.int64)
        for g, rows in enumerate(self.group_rows):
            for row in rows:
                self.matrix[g, column_of[row]] = self.coef[row]

    def _groups_fit(self, act: list[int], into: int) -> np.ndarray:
        """For each class: whether swapping one of its members for ``into`` keeps the
        shared rows (and ``into``'s own class against adding alone is not asked here)."""
        now = np.asarray([act[r] for r in self.shared], dtype=np.int64)
        delta = self.matrix[self.group[into]][None, :] - self.matrix
        after = now[None, :] + delta
        fits: np.ndarray = np.all((after >= self.shared_low) & (after <= self.shared_high), axis=1)
        return fits

    def _fits(self, act: list[int], out: int | None, into: int) -> bool:
        """Whether swapping ``out`` for ``into`` (or adding ``into``) keeps every row other
        than the shared ones (those are checked per class, by :meth:`_groups_fit`)."""
        if out is None:
            return all(self._within(r, act[r] + c) for r, c in self.columns[into])
        delta: dict[int, int] = {}
        for row, coef in self.other[out]:
            delta[row] = -coef
        for row, coef in self.other[into]:
            delta[row] = delta.get(row, 0) + coef
        return all(not d or self._within(r, act[r] + d) for r, d in delta.items())

    def _move(self, act: list[int], out: int | None, into: int) -> None:
        if out is not None:
            for row, coef in self.columns[out]:
                act[row] -= coef
        for row, coef in self.columns[into]:
            act[row] += coef

    def climb(
        self, start: Sequence[int], weight: Sequence[float], order: Sequence[int]
    ) -> tuple[int, ...]:
        """A roster at least as heavy as ``start``: swap while a swap gains weight.

        ``order`` lists every position by weight, heaviest first (ties by position); the
        climb tries the heaviest outsiders against the lightest members.
        """
        inside = bytearray(len(self.ids))
        for pos in start:
            inside[pos] = 1
        rank = {p: k for k, p in enumerate(order)}
        # members by rank, the lightest last; outsiders are read off ``order`` as needed
        members = sorted((rank[p] for p in start if p not in self.fixed_in), reverse=True)
        act = self.activities(start)
        checks = 0
        group = self.group
        while checks < CHECKS_PER_CLIMB:
            cache: dict[int, list[bool]] = {}
            moved = False
            seen = 0
            for into in order:
                if seen >= CANDIDATES or weight[into] <= MIN_GAIN:
                    break
                if inside[into] or into in self.fixed_out:
                    continue
                seen += 1
                gain_floor = weight[into] - MIN_GAIN
                checks += 1
                chosen: int | None = -1
                if self._fits(act, None, into):
                    chosen = None
                else:
                    fits = cache.get(group[into])
                    if fits is None:
                        fits = cache[group[into]] = self._groups_fit(act, into).tolist()
                    for member in members:
                        out = order[member]
                        if weight[out] >= gain_floor:
                            break
                        if not fits[group[out]]:
                            continue
                        checks += 1
                        if self._fits(act, out, into):
                            chosen = out
                            break
                if chosen != -1:
                    if chosen is not None:
                        inside[chosen] = 0
                        members.remove(rank[chosen])
                    inside[into] = 1
                    members.append(rank[into])
                    members.sort(reverse=True)
                    self._move(act, chosen, into)
                    moved = True
                    break
            if not moved:
                break
        return tuple(p for p in range(len(self.ids)) if inside[p])


def read(model: cp_model.CpModel, x: dict[str, cp_model.IntVar], ids: list[str]) -> Swaps | None:
    """The model as linear rows over ``ids`` (None when it is not of that form)."""
    proto = model.proto
    position = {x[i].index: k for k, i in enumerate(ids)}
    fixed_in: set[int] = set()
    fixed_out: set[int] = set()
    for var, pos in position.items():
        domain = list(proto.variables[var].domain)
        if domain == [1, 1]:
            fixed_in.add(pos)
        elif domain == [0, 0]:
            fixed_out.add(pos)
        elif domain != [0, 1]:
            return None
    linear: list[tuple[list[int], list[int], list[int]]] = []
    for ct in proto.constraints:
        if len(ct.enforcement_literal):
            return None
        if ct.has_linear():
            refs, coefs = list(ct.linear.vars), list(ct.linear.coeffs)
            if any(r < 0 for r in refs):
                return None
            linear.append((refs, coefs, list(ct.linear.domain)))
        elif ct.has_at_most_one() or ct.has_exactly_one() or ct.has_bool_or():
            lits = list(
                ct.at_most_one.literals
                if ct.has_at_most_one()
                else ct.exactly_one.literals
                if ct.has_exactly_one()
                else ct.bool_or.literals
            )
            if any(lit < 0 or lit not in position for lit in lits):
                return None
            top = 1 if not ct.has_bool_or() else len(lits)
            bottom = 0 if ct.has_at_most_one() else 1
            linear.append((lits, [1] * len(lits), [bottom, top]))
        else:
            return None
    defined = _definitions(proto, position, linear)
    if defined is None:
        return None
    exprs, rows = defined
    out = Swaps(ids, [[] for _ in ids], [], [], {}, fixed_in, fixed_out)
    for var, expr in exprs.items():  # an auxiliary variable's own domain is a row too
        rows.append((expr, list(proto.variables[var].domain)))
    for (constant, terms), domain in rows:
        row = len(out.low)
        shifted = [d - constant if abs(d) < 2**62 else d for d in domain]
        out.low.append(shifted[0])
        out.high.append(shifted[-1])
        if len(shifted) > 2:
            out.holes[row] = shifted
        for pos, coef in sorted(terms.items()):
            if coef:
                out.columns[pos].append((row, coef))
    out.prepare()
    return out


def _definitions(
    proto: object, position: dict[int, int], linear: list[tuple[list[int], list[int], list[int]]]
) -> tuple[dict[int, _Expr], list[tuple[_Expr, list[int]]]] | None:
    """Each auxiliary variable as an expression over the nominees; the other rows likewise.

    An equation ``c * v + sum(...) = k`` with ``c = +-1`` defines ``v`` once every other
    auxiliary variable in it is defined; the rest of the rows are then rewritten over the
    nominees.  None if some auxiliary variable is left undefined.
    """
    exprs: dict[int, _Expr] = {}
    used = [False] * len(linear)
    progress = True
    while progress:
        progress = False
        for k, (refs, coefs, domain) in enumerate(linear):
            if used[k] or len(domain) != 2 or domain[0] != domain[1]:
                continue
            unknown = [(r, c) for r, c in zip(refs, coefs, strict=True) if r not in position]
            unknown = [(r, c) for r, c in unknown if r not in exprs]
            if len(unknown) != 1 or abs(unknown[0][1]) != 1:
                continue
            var, sign = unknown[0]
            rest = [(r, c) for r, c in zip(refs, coefs, strict=True) if r != var]
            constant, terms = _substitute(rest, position, exprs)
            # sign * v + constant + terms = k  ->  v = sign * (k - constant - terms)
            exprs[var] = (sign * (domain[0] - constant), {p: -sign * c for p, c in terms.items()})
            used[k] = progress = True
    rows: list[tuple[_Expr, list[int]]] = []
    for k, (refs, coefs, domain) in enumerate(linear):
        if used[k]:
            continue
        if any(r not in position and r not in exprs for r in refs):
            return None
        rows.append((_substitute(list(zip(refs, coefs, strict=True)), position, exprs), domain))
    return exprs, rows


def _substitute(
    terms: list[tuple[int, int]], position: dict[int, int], exprs: dict[int, _Expr]
) -> _Expr:
    constant = 0
    out: dict[int, int] = {}
    for ref, coef in terms:
        if ref in position:
            pos = position[ref]
            out[pos] = out.get(pos, 0) + coef
        else:
            inner_constant, inner = exprs[ref]
            constant += coef * inner_constant
            for pos, inner_coef in inner.items():
                out[pos] = out.get(pos, 0) + coef * inner_coef
    return constant, out


def improve(
    swaps: Swaps, starts: Sequence[tuple[str, ...]], y: dict[str, float], above: float
) -> list[tuple[str, ...]]:
    """Rosters climbed from ``starts`` that weigh more than ``above`` for ``y``, no repeats.

    ``starts`` are eligible rosters (id tuples); the rosters returned are id tuples in the
    order of their starts.
    """
    weight = [y.get(i, 0.0) for i in swaps.ids]
    order = sorted(range(len(weight)), key=lambda p: (-weight[p], p))
    index = {i: k for k, i in enumerate(swaps.ids)}
    seen: set[tuple[int, ...]] = set()
    out: list[tuple[str, ...]] = []
    for start in starts:
        positions = [index[i] for i in start]
        climbed = swaps.climb(positions, weight, order)
        if climbed in seen:
            continue
        seen.add(climbed)
        if sum(weight[p] for p in climbed) > above:
            out.append(tuple(swaps.ids[p] for p in climbed))
    return out
