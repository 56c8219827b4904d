"""The what-if explorer for Jupyter: sliders and drop-downs that re-solve on every change.

The logic lives in :mod:`composer.export.whatif` (:class:`WhatIf`: settings -> changed scenario ->
checked roster, composition table and figure), plain Python and tested without a browser.  This
module only wires ipywidgets controls to it.  ipywidgets is imported when an explorer is made,
so composer works without it (``pip install 'composer[notebooks]'`` adds it).

Example, in a notebook::

    from composer.export.widgets import explorer
    explorer(pool, "scenarios/wgig-2004.toml")
"""

from __future__ import annotations

import html
from fractions import Fraction
from typing import Any

from composer.engine.solve import SolveOptions
from composer.errors import ComposerError, Problem
from composer.export.whatif import Outcome, Settings, WhatIf
from composer.inputs.nominations import NominationsLike, Pool
from composer.rules.scenario import ScenarioLike

__all__ = ["Explorer", "Outcome", "Settings", "WhatIf", "explorer"]


def _to_percent(share: Fraction | None, default: int = 0) -> int:
    return default if share is None else round(share * 100)


def _from_percent(percent: int, nothing: int = 0) -> Fraction | None:
    """A slider's whole percent as a share; the slider's end that means "no rule" is None."""
    return None if percent == nothing else Fraction(int(percent), 100)


def _ipywidgets() -> Any:
    """The ipywidgets module, or an error that says how to install it."""
    from importlib import import_module

    try:
        return import_module("ipywidgets")
    except ImportError:
        raise ComposerError(
            "the what-if explorer needs ipywidgets",
            [
                Problem(
                    "the package 'ipywidgets' is not installed",
                    fix="pip install 'composer[notebooks]' (or: uv sync, which installs it)",
                )
            ],
            code="missing_ipywidgets",
        ) from None


class Explorer:
    """Sliders and drop-downs wired to a :class:`WhatIf`; each change re-solves and redraws.

    ``controls`` maps a name to its widget, ``outcome`` is the last outcome, ``shown`` the last
    HTML shown, and ``update(**settings)`` does what moving a control does.  Jupyter shows an
    explorer as its widget.
    """

    def __init__(self, whatif: WhatIf) -> None:
        widgets = _ipywidgets()
        self.whatif = whatif
        self.outcome: Outcome | None = None
        self._quiet = False
        settings, pool = whatif.settings, whatif.pool
        style = {"description_width": "18em"}
        layout = widgets.Layout(width="44em")

        def slider(kind: str, value: Any, top: int, text: str) -> Any:
            maker = getattr(widgets, kind)
            return maker(
                value=value, min=0, max=top, description=text, continuous_update=False,
                style=style, layout=layout,
            )  # fmt: skip

        women, men = _to_percent(settings.women_min), _to_percent(settings.men_min)
        caps = sorted({1, 2, 3, 4, settings.country_cap or 1})
        self.controls: dict[str, Any] = {
            "size": slider("IntRangeSlider", (settings.size_min, settings.size_max), len(pool),
                           "Members (from, to)"),
            "developing_min": slider("IntSlider", _to_percent(settings.developing_min), 100,
                                     "Developing countries, at least (%)"),
            "government": slider(
                "IntRangeSlider",
                (_to_percent(settings.government_min), _to_percent(settings.government_max, 100)),
                100, "Government members, from-to (%)"),
            "women_min": slider("IntSlider", women, max(60, women), "Women, at least (%)"),
            "men_min": slider("IntSlider", men, max(60, men), "Men, at least (%)"),
            "gender_soft": widgets.Dropdown(
                options=[("must hold", False), ("may be missed, at a price per seat", True)],
                value=settings.gender_soft, description="Gender rule", style=style, layout=layout),
            "country_cap": widgets.Dropdown(
                options=[("no cap", 0), *[(str(n), n) for n in caps]],
                value=settings.country_cap or 0, description="Members per country, at most",
                style=style, layout=layout),
        }  # fmt: skip
        for name, control in self.controls.items():
            control.observe(self._handler(name), names="value")
        self.reset_button = widgets.Button(description="Back to the scenario as written")
        self.reset_button.on_click(lambda _button: self.reset())
        self.view = widgets.HTML()  # the outcome: a widget value, no captured output
        title = widgets.HTML(
            f"<b>What if?</b> {html.escape(whatif.scenario.name)}: move a control; "
            "composer solves again and checks the new roster."
        )
        self.widget = widgets.VBox([title, *self.controls.values(), self.reset_button, self.view])
        self.update()

    def _handler(self, name: str) -> Any:
        def changed(change: dict[str, Any]) -> None:
            if not self._quiet:
                self.update(**self.settings_from(name, change["old"], change["new"]))

        return changed

    @staticmethod
    def settings_from(name: str, old: Any, new: Any) -> dict[str, Any]:
        """The settings a control's move from ``old`` to ``new`` stands for."""
        if name == "size":
            return {"size_min": int(new[0]), "size_max": int(new[1])}
        if name == "government":
            values: dict[str, Any] = {}
            if old is None or old[0] != new[0]:
                values["government_min"] = _from_percent(new[0])
            if old is None or old[1] != new[1]:
                values["government_max"] = _from_percent(new[1], nothing=100)
            return values
        if name == "gender_soft":
            return {name: bool(new)}
        if name == "country_cap":
            return {name: int(new) or None}
        return {name: _from_percent(new)}

    def update(self, **settings: Any) -> Outcome | None:
        """Change ``settings``, solve and show the outcome (or the reason it cannot be used)."""
        if self.outcome is not None:
            self._show(f"<p><i>Solving again...</i></p>{self.shown}")
        try:
            outcome = self.whatif.update(**settings)
        except ComposerError as exc:
            self._show(f"<pre>{html.escape(str(exc))}</pre>")
            return None
        self.outcome = outcome
        self._show(outcome._repr_html_())
        return outcome

    def reset(self) -> Outcome:
        """Put every control back to the scenario as written, and show its outcome."""
        initial = self.whatif.initial
        self._quiet = True
        try:
            self.controls["size"].value = (initial.size_min, initial.size_max)
            self.controls["developing_min"].value = _to_percent(initial.developing_min)
            self.controls["government"].value = (
                _to_percent(initial.government_min),
                _to_percent(initial.government_max, 100),
            )
            self.controls["women_min"].value = _to_percent(initial.women_min)
            self.controls["men_min"].value = _to_percent(initial.men_min)
            self.controls["gender_soft"].value = initial.gender_soft
            self.controls["country_cap"].value = initial.country_cap or 0
        finally:
            self._quiet = False
        self.outcome = self.whatif.reset()
        self._show(self.outcome._repr_html_())
        return self.outcome

    def _show(self, text: str) -> None:
        """Show ``text`` (HTML: the outcome with its chart, or a message) below the controls."""
        self.view.value = text

    @property
    def shown(self) -> str:
        """The HTML shown below the controls."""
        return str(self.view.value)

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)


def explorer(
    pool: Pool | NominationsLike, scenario: ScenarioLike, options: SolveOptions | None = None
) -> Explorer:
    """The what-if explorer for Jupyter: sliders and drop-downs over :class:`WhatIf`.

    Needs ipywidgets (``pip install 'composer[notebooks]'``).  Example::

        from composer.export.widgets import explorer
        explorer(pool, "scenarios/wgig-2004.toml")
    """
    _ipywidgets()  # before any solve: say at once what is missing
    return Explorer(WhatIf(pool, scenario, options))
