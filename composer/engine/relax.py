"""Why a scenario is infeasible: an irreducible conflict, and the smallest change that fixes it.

The conflict comes from the arithmetic pre-checks or CP-SAT's assumption cores
(:func:`composer.engine.conflicts.find_conflict`); a deletion filter on the elastic model
(:mod:`composer.engine.elastic`) then proves it irreducible by re-solving: the rules of the
conflict cannot all hold, and dropping any one of them lets the rest hold.

The smallest relaxation is the optimum of a second model: every hard rule may move by ``r``
seats (see the elastic model), and the total movement is minimised (then the number of rules
touched).  Each single rule that alone restores feasibility is listed too, with its amount.
Every witness roster is re-checked by the independent checker, whose numbers are reported.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from composer.engine.check import RuleCheck
from composer.engine.conflicts import find_conflict
from composer.engine.elastic import Change, ElasticModel, Outcome
from composer.engine.result import Status
from composer.errors import ComposerError, Problem
from composer.inputs.nominations import Pool
from composer.rules.conflict import Conflict
from composer.rules.families import spec_of
from composer.rules.families.spec import Witness
from composer.rules.prechecks import precheck
from composer.rules.role_steps import role_steps
from composer.rules.scenario import Bound, Scenario
from composer.rules.words import describe_conflict, rule_label, rule_phrase


@dataclass(frozen=True)
class Step:
    """One rule moved: from what, to what, by how many seats, said as advice."""

    rule: str
    label: str
    seats: int
    before: str
    after: str
    advice: str


@dataclass
class Relaxation:
    """The smallest total change to the hard rules that lets all of them hold."""

    steps: list[Step]
    total: int  # seats moved in all (budget: units of the average nomination cost)
    proven: bool  # True when the solver proved no smaller change exists
    witness: tuple[str, ...]  # a roster that keeps every rule once the steps are applied
    alternatives: list[Step] = field(default_factory=list)  # single rules that alone suffice

    def advice(self) -> list[str]:
        """The relaxation as lines of advice: the smallest change, then the one-rule options."""
        if not self.steps:
            return []
        what = "smallest change" if self.proven else "a small change (not proven smallest)"
        lines = [f"The {what} that lets every rule hold: {_sentence(self.steps)}."]
        others = [s for s in self.alternatives if [s] != self.steps]
        lines += [f"or, changing one rule alone: {s.advice}" for s in others]
        return lines


def _sentence(steps: list[Step]) -> str:
    if len(steps) == 1:
        return steps[0].advice
    return ", ".join(s.advice for s in steps[:-1]) + f" and {steps[-1].advice}"


def describe_step(model: ElasticModel, bound: Bound, seats: int, rule: RuleCheck) -> Step:
    """A rule moved by ``seats`` (as the witness roster ``rule`` shows), as advice."""
    label = rule_label(bound)
    move = spec_of(bound).move(bound, seats, Witness(rule.achieved, rule.counted), label)
    return Step(bound.name, label, move.seats, move.before, move.after, move.advice)


def _steps(model: ElasticModel, outcome: Outcome) -> list[Step]:
    """Read the moves from the independent check of the witness roster."""
    report = model.verify(outcome)
    steps = []
    for rule in report.failures:
        bound = model.by_name[rule.name]
        keys = model.role_steps(rule.name, outcome.moved) if bound.family == "role" else []
        if bound.family == "role" and not outcome.moved.get(rule.name):
            if keys:  # moved by a seat or two, not dropped (verified by the holders' search)
                steps.append(_role_step(model, bound, keys))
            continue  # else it fails only beside a dropped role, and holds as it is
        steps.append(describe_step(model, bound, model.excess(rule), rule))
    return steps


def _role_step(model: ElasticModel, bound: Bound, keys: list[str]) -> Step:
    """A role moved by its steps: 'lower the seats of the role 'chair' from 2 to 1'."""
    taken = [s for s in role_steps(model.scenario.role[bound.rule]) if s.key in keys]
    advice = " and ".join(s.advice for s in taken)
    before = ", ".join(f"{s.key} {s.before}" for s in taken)
    after = ", ".join(f"{s.key} {s.after}" for s in taken)
    return Step(bound.name, rule_label(bound), len(taken), before, after, advice)


def smallest_relaxation(
    pool: Pool,
    scenario: Scenario,
    *,
    candidates: list[str] | None = None,
    time_limit: float = 10.0,
    model: ElasticModel | None = None,
) -> Relaxation | None:
    """The smallest total change to the hard rules of ``scenario`` (bound to ``pool``).

    ``candidates`` limits the single-rule alternatives tried (default: every hard rule; any
    one rule that alone suffices must belong to every conflict, so a conflict is enough).
    None when the time limit came first.
    """
    deadline = time.monotonic() + time_limit
    model = model or ElasticModel(pool, scenario, purpose="relax")
    every = tuple((b.name, None) for b in model.hard)
    best = model.solve(Change(loosen=every), time_limit=max(0.05, deadline - time.monotonic()))
    if not best.ok:
        return None
    steps = _steps(model, best)
    total = sum(s.seats for s in steps)
    names = candidates if candidates is not None else [b.name for b in model.hard]
    alternatives = []
    for name in names:
        if name not in model.by_name or time.monotonic() >= deadline:
            continue
        alone = model.solve(Change(loosen=((name, None),)), deadline - time.monotonic())
        if alone.ok:
            alternatives += _steps(model, alone)
    alternatives.sort(key=lambda s: (s.seats, s.rule))
    proven = best.status == Status.OPTIMAL
    return Relaxation(steps, total, proven, best.selected, alternatives)


def _infeasible(model: ElasticModel, rules: list[str], deadline: float) -> bool | None:
    """Whether ``rules`` alone cannot all hold (every other hard rule dropped)."""
    keep = set(rules)
    loosen = tuple((b.name, None) for b in model.hard if b.name not in keep)
    outcome = model.solve(Change(loosen=loosen), max(0.05, deadline - time.monotonic()))
    if outcome.status == Status.INFEASIBLE:
        return True
    return False if outcome.ok else None


def irreducible(
    model: ElasticModel, rules: list[str], deadline: float
) -> tuple[list[str], bool] | None:
    """Shrink a conflict until dropping any one rule lets the rest hold, proving it by re-solves.

    Returns the irreducible rules and whether the proof finished before the deadline; None when
    ``rules`` are not a conflict at all.
    """
    if _infeasible(model, rules, deadline) is not True:
        return None
    core, proven = list(rules), True
    for rule in list(core):
        rest = [r for r in core if r != rule]
        state = _infeasible(model, rest, deadline)
        if state is True:
            core = rest
        elif state is None:
            proven = False
    return core, proven


@dataclass
class Infeasibility:
    """An irreducible conflict in plain words, and the smallest relaxation."""

    conflict: Conflict
    words: str
    phrases: dict[str, str]
    relaxation: Relaxation | None

    def advice(self) -> list[str]:
        """What to change, smallest first."""
        return self.relaxation.advice() if self.relaxation else list(self.conflict.advice)


def explain_infeasible(pool: Pool, scenario: Scenario, time_limit: float = 30.0) -> Infeasibility:
    """Why ``scenario`` (bound to ``pool``) has no roster: conflict, words and relaxation.

    Raises a :class:`~composer.errors.ComposerError` when the scenario is feasible.
    """
    deadline = time.monotonic() + time_limit
    hard = [b for b in scenario.bounds() if not b.soft]
    if not hard:
        raise _feasible_error(scenario, "it has no hard rules, so every roster keeps them")
    model = ElasticModel(pool, scenario, purpose="relax")
    found = precheck(pool, scenario) or find_conflict(
        pool, scenario, max(1.0, (deadline - time.monotonic()) / 2)
    )
    # find_conflict returns None when the rules can all hold, or when its time ran out
    if found is None and _infeasible(model, [b.name for b in hard], deadline) is False:
        raise _feasible_error(scenario, "a roster keeps every hard rule")
    rules = found.rules if found else [b.name for b in hard]
    shrunk = irreducible(model, rules, deadline) or irreducible(
        model, [b.name for b in hard], deadline
    )
    core, proven = shrunk if shrunk else (rules, False)
    words = describe_conflict(pool, scenario, core)
    reason = words + (" Dropping any one of these rules lets the others hold." if proven else "")
    conflict = Conflict(core, reason, list(found.advice) if found else [], proven)
    by_name = {b.name: b for b in hard}
    phrases = {r: rule_phrase(by_name[r]) for r in core if r in by_name}
    relaxation = smallest_relaxation(
        pool,
        scenario,
        candidates=core,
        time_limit=max(0.5, deadline - time.monotonic()),
        model=model,
    )
    return Infeasibility(conflict, words, phrases, relaxation)


def relaxation_advice(pool: Pool, scenario: Scenario, time_limit: float = 2.0) -> list[str]:
    """The smallest relaxation as advice lines, or nothing if it takes longer than allowed."""
    relaxation = smallest_relaxation(pool, scenario, time_limit=time_limit)
    return relaxation.advice() if relaxation else []


def _feasible_error(scenario: Scenario, why: str) -> ComposerError:
    return ComposerError(
        f"'{scenario.name}' is feasible: there is no conflict to explain ({why})",
        [
            Problem(
                "only an infeasible scenario has rules that cannot hold together",
                fix="explain the roster instead: composer explain SCENARIO, or result.explain()",
            )
        ],
        code="nothing_to_explain",
    )
