"""Interchangeable nominees: those every rule treats alike, so a fair lottery treats alike too.

Two nominees are *interchangeable* when exchanging them turns every eligible roster into an
eligible roster: the same values in every column a rule reads, the same score, the same
household size and so on.  :func:`interchangeable` reads this off the CP-SAT model itself,
so it needs no list of rule kinds: two nominees are in one class when their variables have
the same domain and appear in exactly the same constraints in the same way (the same
coefficient in a linear row, the same sign in a clause).  Exchanging them then maps each
constraint onto itself.  Any constraint of another kind makes every nominee a class of one.

The set of chances a lottery can give is then symmetric in each class, and maximin, leximin
and Nash have an optimum giving every member of a class the same chance (average any optimum
over the exchanges).  Column generation can therefore work with one row per class instead of
one per nominee.  :func:`unroll` turns its lottery over counts per class back into one over
named rosters with exactly the same chances: each roster becomes a few turns
(:func:`windows`), each class's members taking turns in a fixed cyclic order.  Classes are
cut into pieces of at most :data:`CHUNK` members (:func:`chunks`) so that a few turns always
suffice.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from math import gcd, lcm

from ortools.sat.python import cp_model

from composer.analysis.lottery_draw import UNITS, round_distribution

#: Classes are cut into pieces of at most this many members (see :func:`chunks`).
CHUNK = 4
#: Constraint kinds whose literals are read as a clause (the sign of each literal matters).
_CLAUSES = ("bool_or", "bool_and", "at_most_one", "exactly_one", "bool_xor")

#: Every other kind: a model with one of them gets no classes (each nominee stands alone).
_OTHERS = (
    "all_diff",
    "automaton",
    "circuit",
    "cumulative",
    "element",
    "int_div",
    "int_mod",
    "int_prod",
    "interval",
    "inverse",
    "lin_max",
    "no_overlap",
    "no_overlap_2d",
    "reservoir",
    "routes",
    "table",
)

_Tag = tuple[int, str, int, bool]  # constraint, how it reads the nominee, coefficient, negated


def interchangeable(
    model: cp_model.CpModel, x: Mapping[str, cp_model.IntVar], ids: Sequence[str]
) -> list[tuple[str, ...]]:
    """The classes of interchangeable nominees, each in ``ids`` order, by first member."""
    proto = model.proto
    owner = {x[i].index: i for i in ids}
    tags: dict[str, list[_Tag]] = {i: [] for i in ids}

    def tag(ref: int, constraint: int, kind: str, value: int) -> None:
        negated = ref < 0  # a negated literal, or minus the variable in a linear row
        ident = owner.get(-ref - 1 if negated else ref)
        if ident is not None:
            tags[ident].append((constraint, kind, value, negated))

    for k, ct in enumerate(proto.constraints):
        for lit in ct.enforcement_literal:
            tag(lit, k, "enforced by", 1)
        if ct.has_linear():
            for ref, coef in zip(ct.linear.vars, ct.linear.coeffs, strict=True):
                tag(ref, k, "linear", int(coef))
            continue
        kind = next((c for c in _CLAUSES if getattr(ct, f"has_{c}")()), None)
        if kind is not None:
            for lit in getattr(ct, kind).literals:
                tag(lit, k, kind, 1)
        elif any(getattr(ct, f"has_{other}")() for other in _OTHERS):
            return [(i,) for i in ids]
    classes: dict[tuple[object, ...], list[str]] = {}
    for ident in ids:
        domain = tuple(proto.variables[x[ident].index].domain)
        classes.setdefault((domain, *tags[ident]), []).append(ident)
    return [tuple(members) for members in classes.values()]


def class_counts(roster: Sequence[str], class_of: Mapping[str, int]) -> dict[int, int]:
    """How many members of each class ``roster`` holds (nominees in no class left out)."""
    counts: dict[int, int] = {}
    for ident in roster:
        group = class_of.get(ident)
        if group is not None:
            counts[group] = counts.get(group, 0) + 1
    return counts


def windows(
    roster: Sequence[str],
    classes: Sequence[Sequence[str]],
    class_of: Mapping[str, int],
    turns: int,
) -> list[tuple[str, ...]]:
    """``turns`` rosters with the counts per class of ``roster``, members taking turns.

    In a class of ``n`` members of which the roster holds ``k``, turn ``r`` takes the ``k``
    members from position ``r * k`` on (cyclically), so ``n`` turns hold each member exactly
    ``k`` times.  Nominees in no class keep their place in every turn.
    """
    fixed = [i for i in roster if i not in class_of]
    held = class_counts(roster, class_of)
    out: list[tuple[str, ...]] = []
    for turn in range(turns):
        members = list(fixed)
        for group, k in held.items():
            cls = classes[group]
            n = len(cls)
            start = (turn * k) % n
            members += [cls[(start + j) % n] for j in range(k)]
        out.append(tuple(sorted(members)))
    return out


def turns_needed(
    roster: Sequence[str], classes: Sequence[Sequence[str]], class_of: Mapping[str, int]
) -> int:
    """The turns that hold each member of every class of ``roster`` equally often.

    That is the least common multiple, over the classes, of ``n / gcd(n, k)``; with classes
    of at most :data:`CHUNK` members it is at most 12.
    """
    need = 1
    for group, k in class_counts(roster, class_of).items():
        n = len(classes[group])
        need = lcm(need, n // gcd(n, k))
    return need


def chunks(classes: Sequence[Sequence[str]], size: int = 0) -> list[tuple[str, ...]]:
    """Each class cut into consecutive pieces of at most ``size`` (default :data:`CHUNK`).

    Members of a piece are still interchangeable, so a lottery over pieces loses nothing;
    small pieces keep the turns of :func:`unroll` few (at most 12 for pieces of 4).
    """
    size = size or CHUNK
    return [tuple(c[k : k + size]) for c in classes for k in range(0, len(c), size)]


def unroll(
    rosters: Sequence[tuple[str, ...]],
    weights: Sequence[float],
    classes: Sequence[Sequence[str]],
) -> tuple[list[tuple[str, ...]], list[float]]:
    """Named rosters and weights giving each member of a class the class's chance, exactly.

    Each roster's weight is first rounded to whole units (as the published lottery is, by
    :func:`~composer.analysis.lottery_draw.round_distribution`); its ``U`` units are then
    shared among its :func:`turns_needed` turns as evenly as whole units allow, so each
    member of a class of ``n`` holding ``k`` seats gets ``U * k / n`` units, give or take
    one.  (Rounding each turn on its own would cost a member up to a unit per turn.)
    """
    class_of = {i: k for k, c in enumerate(classes) for i in c if len(c) > 1}
    named: list[tuple[str, ...]] = []
    shares: list[float] = []
    for roster, units in round_distribution(rosters, weights):
        turns = turns_needed(roster, classes, class_of)
        base, extra = divmod(units, turns)
        for k, turn in enumerate(windows(roster, classes, class_of, turns)):
            named.append(turn)
            shares.append((base + (1 if k < extra else 0)) / UNITS)
    return named, shares
