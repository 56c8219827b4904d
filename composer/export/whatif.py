"""What if: move the rules a secretariat changes most, solve again, see the new roster.

:class:`WhatIf` holds the settings people ask about first: the size range, the share of members
from developing countries, the share of government members, the least shares of women and men
(and whether that gender rule may be missed at a price), and the cap per country.  It turns
them into a changed :class:`~composer.rules.scenario.Scenario` (every other rule as written), solves
it with :func:`composer.engine.solve.solve` (so every roster is checked by the independent checker)
and returns an :class:`Outcome`: the result, the composition table, the roster and a figure.
It is plain Python, tested without a browser; :func:`composer.export.widgets.explorer` wires
ipywidgets sliders and drop-downs to it in Jupyter.

Shares are exact fractions (``"45%"``, ``0.45`` and ``"9/20"`` are the same share); only the
settings that differ from the scenario as written change it.
"""

from __future__ import annotations

import base64
import html
import io
import math
import textwrap
from dataclasses import dataclass, field, fields, replace
from fractions import Fraction
from functools import cached_property
from typing import TYPE_CHECKING, Any

import pandas as pd

from composer.engine.result import Result
from composer.engine.solve import SolveOptions, solve
from composer.errors import ComposerError, Problem, suggest
from composer.inputs.nominations import NominationsLike, Pool, load_nominations
from composer.rules.bind import bind
from composer.rules.scenario import Scenario, ScenarioLike, format_share, load_scenario, parse_share

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: The columns drawn by the outcome's figure (those the pool has), two charts a row.
FIGURE_COLUMNS = ("stakeholder_group", "region", "developing", "gender")
#: The roster columns an outcome shows (those the pool has).
ROSTER_COLUMNS = ("id", "name", "country", "region", "stakeholder_group", "gender", "score")
#: The weight per seat of a gender rule added as a soft rule (as in the bundled WGIG scenario).
SOFT_GENDER_WEIGHT = 50
#: Outcomes kept for going back to earlier settings without solving again.
KEPT_OUTCOMES = 64
_SHARES = ("developing_min", "government_min", "government_max", "women_min", "men_min")
_BOUNDS = ("min", "max", "min_share", "max_share")


@dataclass(frozen=True)
class Settings:
    """The rules the explorer moves; ``None`` means "no such rule"."""

    size_min: int
    size_max: int
    developing_min: Fraction | None = None  # members from developing countries, at least
    government_min: Fraction | None = None  # government members, at least
    government_max: Fraction | None = None  # government members, at most
    women_min: Fraction | None = None
    men_min: Fraction | None = None
    gender_soft: bool = False  # the women/men rule may be missed, at a price per seat
    country_cap: int | None = None  # members per country, at most

    def words(self) -> dict[str, str]:
        """Each setting as a secretariat says it: {"Members per country": "at most 1", ...}."""
        cap = self.country_cap
        return {
            "Members": f"{self.size_min} to {self.size_max}",
            "Members from developing countries, at least": _percent(self.developing_min),
            "Government members, at least": _percent(self.government_min),
            "Government members, at most": _percent(self.government_max),
            "Women, at least": _percent(self.women_min),
            "Men, at least": _percent(self.men_min),
            "The gender rule": "may be missed, at a price per seat"
            if self.gender_soft
            else "must hold",
            "Members per country": "no cap" if cap is None else f"at most {cap}",
        }

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td>{html.escape(k)}</td><td>{html.escape(v)}</td></tr>"
            for k, v in self.words().items()
        )
        return f"<table><tr><th>setting</th><th>value</th></tr>{rows}</table>"


@dataclass
class Outcome:
    """One solve of the explorer: the settings, the changed scenario and what came out."""

    settings: Settings
    scenario: Scenario
    result: Result
    changes: list[str] = field(default_factory=list)
    base_score: float | None = None  # the score of the scenario as written (None: no roster)

    @property
    def headline(self) -> str:
        """One line: status, size and score, against the scenario as written."""
        result = self.result
        if not result.ok:
            return f"No roster: {result.status.value}. " + (
                "These rules cannot all hold together: " + "; ".join(result.conflict)
                if result.conflict
                else "No roster was found within the time limit."
            )
        score = result.objective.get("score", 0)
        text = f"{result.status.value}: {result.size} members, total score {score:g}"
        if self.changes and self.base_score is not None:
            text += f" ({score - self.base_score:+g} against the scenario as written)"
        shortfall = result.objective.get("soft_shortfall")
        if shortfall:
            text += f"; soft rules missed by {shortfall:g} seat(s)"
        return text

    @property
    def composition(self) -> pd.DataFrame:
        """Every rule: bound, achieved, met (empty when there is no roster)."""
        return self.result.composition

    @property
    def roster(self) -> pd.DataFrame:
        """The members chosen, with the columns a secretariat reads first."""
        frame = self.result.roster
        return frame[[c for c in ROSTER_COLUMNS if c in frame.columns]]

    @cached_property
    def figure(self) -> Figure:
        """Members per value of the main columns against the rules (or why there is none)."""
        return composition_figure(self.result, self.headline)

    def figure_png(self) -> bytes:
        """The figure as PNG bytes."""
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png", dpi=90)
        return buffer.getvalue()

    def __repr__(self) -> str:
        return f"Outcome({self.headline!r}, changes={len(self.changes)})"

    def _repr_html_(self) -> str:
        parts = [f"<p><b>{html.escape(self.headline)}</b></p>"]
        if self.changes:
            items = "".join(f"<li>{html.escape(c)}</li>" for c in self.changes)
            parts.append(f"<p>Changed from the scenario as written:</p><ul>{items}</ul>")
        parts += [f"<p>{html.escape(a)}</p>" for a in self.result.advice]
        picture = base64.b64encode(self.figure_png()).decode("ascii")
        parts.append(f'<img alt="Members by group" src="data:image/png;base64,{picture}"/>')
        if self.result.ok:
            parts.append(self.composition.to_html(index=False))
        return "".join(parts)


def composition_figure(result: Result, title: str = "") -> Figure:
    """A figure of composition charts (two a row) for the pool's :data:`FIGURE_COLUMNS`.

    Without a roster, the figure says why in words.  Drawn on the Agg canvas, outside pyplot,
    so that many re-solves leave no open figures behind.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from composer.export.charts import composition_chart

    shown = [c for c in FIGURE_COLUMNS if c in result.pool.table.columns]
    if not result.ok or not shown:
        figure = Figure(figsize=(9, 2.4))
        FigureCanvasAgg(figure)
        ax = figure.add_subplot()
        ax.axis("off")
        lines = [title or result.summary(), *result.advice]
        text = "\n".join(textwrap.fill(line, 110) for line in lines)
        ax.text(0, 1, text, va="top", ha="left", fontsize=9, transform=ax.transAxes)
        return figure
    rows = math.ceil(len(shown) / 2)
    figure = Figure(figsize=(12, 3.4 * rows), layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.subplots(rows, 2, squeeze=False).ravel()
    for ax, column in zip(axes, shown, strict=False):
        composition_chart(result, column, ax=ax)
    for ax in axes[len(shown) :]:
        figure.delaxes(ax)
    if title:
        figure.suptitle(title, fontsize=11, x=0.01, ha="left")
    return figure


# ---------------------------------------------------------------------------- settings


def _plain_quotas(scenario: Scenario, column: str) -> list[Any]:
    return [q for q in scenario.quota if q.column == column and not q.where]


def _share_of(scenario: Scenario, column: str, value: str, kind: str) -> Fraction | None:
    """The tightest share bound of ``kind`` on ``value`` among the rules without ``where``."""
    found = [
        parse_share(getattr(q, kind)[value])
        for q in _plain_quotas(scenario, column)
        if value in getattr(q, kind)
    ]
    if not found:
        return None
    return max(found) if kind == "min_share" else min(found)


def settings_of(scenario: Scenario, pool_size: int) -> Settings:
    """The explorer's settings as ``scenario`` (bound to its pool) writes them."""
    caps = [c.max_each for c in scenario.cap if c.column == "country" and not c.where]
    gender = [q for q in _plain_quotas(scenario, "gender") if {"female", "male"} & set(q.min_share)]
    return Settings(
        size_min=scenario.size.min if scenario.size.min is not None else 0,
        size_max=scenario.size.max if scenario.size.max is not None else pool_size,
        developing_min=_share_of(scenario, "developing", "yes", "min_share"),
        government_min=_share_of(scenario, "stakeholder_group", "government", "min_share"),
        government_max=_share_of(scenario, "stakeholder_group", "government", "max_share"),
        women_min=_share_of(scenario, "gender", "female", "min_share"),
        men_min=_share_of(scenario, "gender", "male", "min_share"),
        gender_soft=any(q.soft for q in gender),
        country_cap=min(caps) if caps else None,
    )


def _set_shares(
    quotas: list[dict[str, Any]], column: str, wanted: dict[tuple[str, str], Fraction | None]
) -> dict[str, Any] | None:
    """Put the share bounds ``(value, kind) -> share`` on the rules of ``column`` (no where).

    Each bound is removed from every such rule, then written into the first rule that held one
    of them (else the first rule of the column, else a new rule); rules left with no bound are
    dropped.  Returns the rule written to.
    """
    plain = [q for q in quotas if q["column"] == column and not q["where"]]
    holders = [q for q in plain if any(value in q[kind] for value, kind in wanted)]
    for rule in plain:
        for value, kind in wanted:
            rule[kind].pop(value, None)
    target: dict[str, Any] | None = None
    for (value, kind), share in wanted.items():
        if share is None:
            continue
        if target is None:
            target = (holders or plain)[0] if plain else _new_quota(quotas, column)
        target[kind][value] = format_share(share)
    quotas[:] = [q for q in quotas if any(q[b] for b in _BOUNDS)]
    return target


def _new_quota(quotas: list[dict[str, Any]], column: str) -> dict[str, Any]:
    rule: dict[str, Any] = {
        "column": column, "where": {}, "soft": False, "weight": 1, "name": None,
        "min": {}, "max": {}, "min_share": {}, "max_share": {},
    }  # fmt: skip
    quotas.append(rule)
    return rule


def apply_settings(scenario: Scenario, before: Settings, after: Settings) -> Scenario:
    """``scenario`` with the settings that differ between ``before`` and ``after`` applied."""
    if before == after:
        return scenario
    data = scenario.model_dump(mode="python")
    names = [f.name for f in fields(Settings)]
    changed = {n for n in names if getattr(before, n) != getattr(after, n)}
    if changed & {"size_min", "size_max"}:
        data["size"]["min"], data["size"]["max"] = after.size_min, after.size_max
    quotas: list[dict[str, Any]] = data["quota"]
    if "developing_min" in changed:
        _set_shares(quotas, "developing", {("yes", "min_share"): after.developing_min})
    if changed & {"government_min", "government_max"}:
        wanted = {
            ("government", "min_share"): after.government_min,
            ("government", "max_share"): after.government_max,
        }
        _set_shares(quotas, "stakeholder_group", wanted)
    if changed & {"women_min", "men_min", "gender_soft"}:
        wanted = {("female", "min_share"): after.women_min, ("male", "min_share"): after.men_min}
        target = _set_shares(quotas, "gender", wanted)
        if target is not None and target["soft"] != after.gender_soft:
            if after.gender_soft:
                target["weight"] = SOFT_GENDER_WEIGHT
            # its name may say "soft": the rule's name is derived from its terms again
            target["soft"], target["name"] = after.gender_soft, None
    if "country_cap" in changed:
        caps = [c for c in data["cap"] if c["column"] == "country" and not c["where"]]
        dropped = caps if after.country_cap is None else caps[1:]
        data["cap"] = [c for c in data["cap"] if all(c is not d for d in dropped)]
        if after.country_cap is not None and caps:
            caps[0]["max_each"] = after.country_cap
        elif after.country_cap is not None:
            data["cap"].append({"column": "country", "max_each": after.country_cap})
    return Scenario.model_validate(data)


def _percent(share: Fraction | None) -> str:
    return "no rule" if share is None else format_share(share)


def describe_changes(before: Settings, after: Settings) -> list[str]:
    """The settings that differ, in words: "Members per country: at most 2 (was at most 1)"."""
    old, new = before.words(), after.words()
    return [f"{what}: {new[what]} (was {old[what]})" for what in new if new[what] != old[what]]


def _setting_error(problems: list[Problem]) -> ComposerError:
    return ComposerError(
        f"{len(problems)} what-if setting(s) cannot be used", problems, code="bad_setting"
    )


def _coerce(name: str, value: Any) -> Any:
    """A setting's value in its type: shares as fractions, sizes and caps as whole numbers."""
    if value is None and name not in ("size_min", "size_max", "gender_soft"):
        return None
    if name in _SHARES:
        if isinstance(value, Fraction):
            share = value
        else:
            try:
                share = parse_share(value)
            except ValueError as exc:
                fix = 'write 0.45, "45%" or "9/20"'
                raise _setting_error([Problem(str(exc), fix=fix, key=name)]) from None
        if not 0 <= share <= 1:
            raise _setting_error(
                [Problem(f"{value} is not a share", fix="give a share from 0 to 1", key=name)]
            )
        return share
    if name == "gender_soft":
        if not isinstance(value, bool):
            problem = Problem(f"{value!r} is not yes or no", fix="give True or False", key=name)
            raise _setting_error([problem])
        return value
    if isinstance(value, bool) or not isinstance(value, int):
        raise _setting_error(
            [Problem(f"{value!r} is not a whole number", fix="give a whole number", key=name)]
        )
    return value


def check_settings(settings: Settings, pool: Pool) -> None:
    """Raise a :class:`~composer.errors.ComposerError` naming every setting that cannot be used.

    Settings that are well formed but leave no roster are not errors: solving them gives an
    infeasible result that names the rules that clash.
    """
    problems = []
    if settings.size_min < 0:
        problems.append(Problem("a size cannot be negative", fix="give 0 or more", key="size_min"))
    if settings.size_min > settings.size_max:
        problems.append(
            Problem(
                f"size min {settings.size_min} is above size max {settings.size_max}",
                fix="lower the minimum or raise the maximum",
                key="size_min",
            )
        )
    if settings.size_max > len(pool):
        problems.append(
            Problem(
                f"size max {settings.size_max} is above the {len(pool)} nominations",
                fix=f"give at most {len(pool)}",
                key="size_max",
            )
        )
    low, high = settings.government_min, settings.government_max
    if low is not None and high is not None and low > high:
        problems.append(
            Problem(
                f"government share at least {format_share(low)} is above at most "
                f"{format_share(high)}",
                fix="lower the minimum or raise the maximum",
                key="government_min",
            )
        )
    if settings.country_cap is not None and settings.country_cap < 1:
        problems.append(
            Problem(
                "a cap per country must be 1 or more",
                fix="give 1 or more, or None for no cap",
                key="country_cap",
            )
        )
    if problems:
        raise _setting_error(problems)


# ---------------------------------------------------------------------------- the state


class WhatIf:
    """The explorer's state: a pool, a scenario as written, the current settings, the solves.

    Example::

        whatif = WhatIf(pool, "scenarios/wgig-2004.toml")
        outcome = whatif.update(developing_min="60%", country_cap=2)
        outcome.headline, outcome.composition, outcome.figure

    Solves are kept by settings, so going back to earlier settings does not solve again (the
    same settings always give the same roster).
    """

    def __init__(
        self,
        pool: Pool | NominationsLike,
        scenario: ScenarioLike,
        options: SolveOptions | None = None,
    ) -> None:
        self.pool = pool if isinstance(pool, Pool) else load_nominations(pool)
        self.scenario = bind(load_scenario(scenario), self.pool)
        self.options = options or SolveOptions(time_limit=20)
        self.initial = settings_of(self.scenario, len(self.pool))
        self.settings = self.initial
        self._outcomes: dict[Settings, Outcome] = {}

    def change(self, **values: Any) -> Settings:
        """Set some settings (by name) and return them all; nothing is solved yet."""
        names = [f.name for f in fields(Settings)]
        unknown = [n for n in values if n not in names]
        if unknown:
            problems = []
            for name in unknown:
                near = suggest(name, names)
                fix = f"did you mean '{near}'?" if near else f"use one of: {', '.join(names)}"
                problems.append(Problem(f"there is no setting '{name}'", fix=fix, key=name))
            raise _setting_error(problems)
        new = replace(self.settings, **{k: _coerce(k, v) for k, v in values.items()})
        check_settings(new, self.pool)
        self.settings = new
        return new

    def scenario_for(self, settings: Settings | None = None) -> Scenario:
        """The scenario with ``settings`` (default: the current ones) in place of its own."""
        return apply_settings(self.scenario, self.initial, settings or self.settings)

    def solve(self, settings: Settings | None = None) -> Outcome:
        """Solve with ``settings`` (default: the current ones); the roster is checked."""
        settings = settings or self.settings
        if settings not in self._outcomes:
            scenario = self.scenario_for(settings)
            result = solve(self.pool, scenario, self.options)
            base = result if settings == self.initial else self.base.result
            outcome = Outcome(
                settings,
                scenario,
                result,
                describe_changes(self.initial, settings),
                base_score=base.objective.get("score") if base.ok else None,
            )
            self._outcomes[settings] = outcome
            if len(self._outcomes) > KEPT_OUTCOMES:  # forget the oldest (solved again if asked)
                del self._outcomes[next(iter(self._outcomes))]
        return self._outcomes[settings]

    @property
    def base(self) -> Outcome:
        """The outcome of the scenario as written."""
        return self.solve(self.initial)

    def update(self, **values: Any) -> Outcome:
        """Change some settings and solve: what a slider does."""
        self.change(**values)
        return self.solve()

    def reset(self) -> Outcome:
        """Back to the scenario as written."""
        self.settings = self.initial
        return self.solve()
