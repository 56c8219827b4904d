"""The what-if explorer: settings -> changed scenario -> checked roster, without a browser."""

from __future__ import annotations

import itertools
import subprocess
import sys
from collections import Counter
from fractions import Fraction
from typing import Any

import pytest
from helpers import make_pool

import composer
from composer.engine.check import check
from composer.engine.result import Status
from composer.errors import ComposerError
from composer.export.charts import SELECTED
from composer.export.whatif import Settings, WhatIf, describe_changes
from composer.inputs.examples import bundled_scenario
from composer.inputs.nominations import Pool
from composer.rules.bind import bind

WGIG = bundled_scenario("wgig-2004.toml")


@pytest.fixture(scope="module")
def wgig_pool() -> Pool:
    path = composer.load_scenario(WGIG).nominations_path()
    assert path is not None
    return composer.load_nominations(path)


@pytest.fixture
def whatif(wgig_pool: Pool) -> WhatIf:
    return WhatIf(wgig_pool, WGIG)


def bounds_by_name(scenario: composer.Scenario) -> dict[str, Any]:
    return {b.name: b for b in scenario.bounds()}


# ---------------------------------------------------------------------------- reading settings


def test_settings_are_read_exactly_from_the_scenario(whatif: WhatIf) -> None:
    assert whatif.initial == Settings(
        size_min=30,
        size_max=40,
        developing_min=Fraction(1, 2),
        government_min=Fraction(3, 10),
        government_max=Fraction(2, 5),
        women_min=Fraction(2, 5),
        men_min=Fraction(2, 5),
        gender_soft=True,
        country_cap=1,
    )


def test_unchanged_settings_solve_the_scenario_as_written(whatif: WhatIf, wgig_pool: Pool) -> None:
    assert whatif.scenario_for() is whatif.scenario
    outcome = whatif.base
    direct = composer.solve(wgig_pool, composer.load_scenario(WGIG))
    assert outcome.result.selected == direct.selected
    assert outcome.changes == []
    assert outcome.headline == "optimal: 40 members, total score 3410"
    assert outcome.result.run["scenario_sha256"] == direct.run["scenario_sha256"]


def test_a_scenario_without_rules_gives_empty_settings() -> None:
    pool = make_pool([{"id": f"a{k}", "country": "KEN", "stakeholder_group": "government"}
                      for k in range(5)])  # fmt: skip
    assert WhatIf(pool, {"name": "bare"}).initial == Settings(size_min=0, size_max=5)


# ---------------------------------------------------------------------------- changing rules


def test_developing_share_matches_a_hand_edited_scenario(whatif: WhatIf, wgig_pool: Pool) -> None:
    outcome = whatif.update(developing_min="60%")
    text = WGIG.read_text(encoding="utf-8").replace(
        'name = "developing countries overall"\ncolumn = "developing"\nmin_share = { yes = 0.5 }',
        'name = "developing countries overall"\ncolumn = "developing"\nmin_share = { yes = "3/5" }',
    )
    assert "3/5" in text
    by_hand = bind(composer.load_scenario(text), wgig_pool)
    assert bounds_by_name(outcome.scenario) == bounds_by_name(by_hand)
    assert outcome.result.selected == composer.solve(wgig_pool, by_hand).selected
    developing = outcome.roster.merge(
        wgig_pool.table[["developing"]], left_on="id", right_index=True
    )
    assert 5 * (developing["developing"] == "yes").sum() >= 3 * outcome.result.size
    assert outcome.changes == ["Members from developing countries, at least: 60% (was 50%)"]


def test_looser_country_cap_never_lowers_the_score(whatif: WhatIf) -> None:
    base = whatif.base.result.objective["score"]
    outcome = whatif.update(country_cap=2)
    caps = [b for b in outcome.scenario.bounds() if b.family == "cap" and b.column == "country"]
    assert [(b.name, b.amount) for b in caps] == [("one per country", 2)]
    per_country = Counter(outcome.roster["country"])
    assert max(per_country.values()) == 2  # the cap is used: merit is concentrated
    assert outcome.result.objective["score"] >= base
    assert outcome.base_score == base
    assert "(+" in outcome.headline


def test_no_country_cap_removes_the_rule(whatif: WhatIf) -> None:
    outcome = whatif.update(country_cap=None)
    assert not [b for b in outcome.scenario.bounds() if b.column == "country"]
    assert outcome.changes == ["Members per country: no cap (was at most 1)"]


def test_government_range_keeps_the_other_groups(whatif: WhatIf) -> None:
    outcome = whatif.update(government_min="1/5", government_max=None)
    names = bounds_by_name(outcome.scenario)
    assert names["stakeholder thirds (government >= 20%)"].amount == Fraction(1, 5)
    assert "stakeholder thirds (government <= 40%)" not in names
    assert "stakeholder thirds (private_sector >= 30%)" in names
    assert "stakeholder thirds (civil_society >= 30%)" in names
    governments = (outcome.roster["stakeholder_group"] == "government").sum()
    assert 5 * governments >= outcome.result.size


def test_gender_rule_made_hard_is_renamed_and_holds(whatif: WhatIf) -> None:
    outcome = whatif.update(gender_soft=False, women_min="45%")
    gender = [b for b in outcome.scenario.bounds() if b.column == "gender"]
    assert {(b.value, b.amount, b.soft) for b in gender} == {
        ("female", Fraction(9, 20), False),
        ("male", Fraction(2, 5), False),
    }
    assert not any("soft" in b.name for b in gender)  # the old name said "(soft)"
    women = (outcome.roster["gender"] == "female").sum()
    assert 20 * women >= 9 * outcome.result.size


def test_gender_rule_added_to_a_scenario_without_one() -> None:
    rows = [
        {"id": f"p{k}", "country": c, "stakeholder_group": "government", "gender": g, "score": s}
        for k, (c, g, s) in enumerate(
            [("KEN", "male", 9), ("FRA", "male", 8), ("BRA", "male", 7), ("IND", "female", 1),
             ("POL", "female", 2), ("NGA", "male", 6)]
        )
    ]  # fmt: skip
    pool = make_pool(rows)
    whatif = WhatIf(pool, {"size": {"min": 4, "max": 4}})
    hard = whatif.update(women_min="1/2")
    assert sorted(hard.result.selected) == ["p0", "p1", "p3", "p4"]
    soft = whatif.update(gender_soft=True)
    rule = next(q for q in soft.scenario.quota if q.column == "gender")
    assert (rule.soft, rule.weight) == (True, 50)
    # two women cost 13 points of merit, less than the 50 per missing seat: still chosen
    assert sorted(soft.result.selected) == ["p0", "p1", "p3", "p4"]


def test_brute_force_optimum_on_a_small_pool() -> None:
    """The changed scenario means what the settings say: checked against every roster."""
    countries = ["KEN", "KEN", "KEN", "FRA", "FRA", "DEU", "BRA", "POL"]
    scores = [9, 8, 7, 10, 9, 6, 3, 5]
    groups = ["government", "civil_society"] * 4
    pool = make_pool(
        {"id": f"n{k}", "country": c, "stakeholder_group": g, "score": s}
        for k, (c, g, s) in enumerate(zip(countries, groups, scores, strict=True))
    )
    whatif = WhatIf(
        pool, {"size": {"min": 3, "max": 4}, "cap": [{"column": "country", "max_each": 1}]}
    )
    developing = {"KEN", "BRA"}
    for settings in (
        {"developing_min": "3/4", "country_cap": 2},
        {"developing_min": None, "country_cap": None, "government_max": "1/2"},
        {
            "size_min": 2,
            "size_max": 3,
            "country_cap": 1,
            "government_min": "2/3",
            "government_max": None,
        },
    ):
        outcome = whatif.update(**settings)
        s = whatif.settings
        best = None
        for size in range(s.size_min, s.size_max + 1):
            for roster in itertools.combinations(range(8), size):
                cs = [countries[i] for i in roster]
                dev = sum(c in developing for c in cs)
                gov = sum(groups[i] == "government" for i in roster)
                ok = (s.country_cap is None or max(Counter(cs).values()) <= s.country_cap) and (
                    s.developing_min is None or dev >= s.developing_min * size
                )
                ok = ok and (s.government_min is None or gov >= s.government_min * size)
                ok = ok and (s.government_max is None or gov <= s.government_max * size)
                if ok:
                    total = sum(scores[i] for i in roster)
                    best = total if best is None else max(best, total)
        assert outcome.result.status == Status.OPTIMAL, settings
        assert outcome.result.objective["score"] == best, settings


def test_impossible_settings_give_a_result_that_names_the_clash(whatif: WhatIf) -> None:
    outcome = whatif.update(size_min=10, size_max=12)
    assert outcome.result.status == Status.INFEASIBLE
    assert outcome.headline.startswith("No roster: infeasible. These rules cannot all hold")
    assert "size <= 12" in outcome.result.conflict
    assert outcome.roster.empty and outcome.composition.empty
    texts = [" ".join(t.get_text().split()) for t in outcome.figure.axes[0].texts]
    assert len(outcome.figure.axes) == 1 and "size <= 12" in texts[0]
    assert "raise the maximum size" in outcome._repr_html_()


def test_same_settings_are_not_solved_twice(whatif: WhatIf) -> None:
    first = whatif.update(country_cap=2)
    whatif.update(country_cap=3)
    assert whatif.update(country_cap=2) is first
    assert whatif.reset() is whatif.base
    assert whatif.settings == whatif.initial


def test_only_the_latest_outcomes_are_kept(whatif: WhatIf, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("composer.export.whatif.KEPT_OUTCOMES", 2)
    first = whatif.update(country_cap=2)
    whatif.update(country_cap=3)
    whatif.update(country_cap=4)
    again = whatif.update(country_cap=2)
    assert again is not first and again.result.selected == first.result.selected


def test_every_roster_is_checked_against_the_changed_rules(whatif: WhatIf) -> None:
    outcome = whatif.update(developing_min="55%", government_max="35%", men_min="45%")
    report = check(whatif.pool, outcome.scenario, outcome.result.selected)
    assert report.ok
    assert outcome.result.report is not None and outcome.result.report.ok


def test_settings_and_outcome_read_in_words(whatif: WhatIf) -> None:
    words = whatif.initial.words()
    assert words["Members from developing countries, at least"] == "50%"
    assert words["Government members, at most"] == "40%"
    assert words["The gender rule"] == "may be missed, at a price per seat"
    assert words["Members per country"] == "at most 1"
    assert "<td>Women, at least</td><td>40%</td>" in whatif.initial._repr_html_()
    outcome = whatif.update(country_cap=2)
    assert repr(outcome).startswith("Outcome('optimal: 40 members, total score ")
    html = outcome._repr_html_()
    assert "Members per country: at most 2 (was at most 1)" in html
    assert "data:image/png;base64," in html and "<table" in html


# ---------------------------------------------------------------------------- the figure


def test_figure_plots_the_members_selected(whatif: WhatIf) -> None:
    outcome = whatif.update(country_cap=2)
    axes = outcome.figure.axes
    assert [ax.get_title(loc="left") for ax in axes] == [
        "Members by stakeholder group",
        "Members by UN regional group",
        "Members by developing countries",
        "Members by gender",
    ]
    counts = outcome.result.breakdown("stakeholder_group")["selected"]
    bars = next(c for c in axes[0].containers if c.get_label() == SELECTED)
    heights = sorted(int(b.get_height()) for b in bars)
    # the chart draws the values the roster holds (and those a rule names), never the others
    assert [h for h in heights if h] == sorted(int(c) for c in counts if c)
    assert sum(heights) == outcome.result.size
    assert outcome.figure_png().startswith(b"\x89PNG")


# ---------------------------------------------------------------------------- bad settings


@pytest.mark.parametrize(
    ("values", "words"),
    [
        ({"devloping_min": 0.5}, "did you mean 'developing_min'?"),
        ({"developing_min": "150%"}, "not between 0 and 1"),
        ({"developing_min": "half"}, "is not a share"),
        ({"size_min": 41, "size_max": 40}, "size min 41 is above size max 40"),
        ({"size_max": 301}, "above the 300 nominations"),
        ({"size_min": -1}, "a size cannot be negative"),
        ({"size_min": "30"}, "is not a whole number"),
        (
            {"government_min": 0.5, "government_max": 0.4},
            "government share at least 50% is above at most 40%",
        ),
        ({"country_cap": 0}, "a cap per country must be 1 or more"),
        ({"gender_soft": "yes"}, "is not yes or no"),
    ],
)
def test_bad_settings_are_refused_with_the_fix(
    whatif: WhatIf, values: dict[str, Any], words: str
) -> None:
    with pytest.raises(ComposerError) as caught:
        whatif.change(**values)
    assert caught.value.code == "bad_setting"
    assert words in str(caught.value)
    assert whatif.settings == whatif.initial  # nothing half-applied


def test_a_rule_the_pool_cannot_meet_is_a_result_not_an_error() -> None:
    pool = make_pool([{"id": f"a{k}", "country": c, "stakeholder_group": "government"}
                      for k, c in enumerate(["KEN", "FRA", "BRA", "POL", "IND"])])  # fmt: skip
    whatif = WhatIf(pool, {"size": {"min": 3}})  # no gender column: every gender undisclosed
    outcome = whatif.update(women_min="40%")
    assert outcome.result.status == Status.INFEASIBLE
    assert any("female" in rule for rule in outcome.result.conflict)


def test_changes_are_described_in_words() -> None:
    before = Settings(30, 40, Fraction(1, 2), Fraction(3, 10), None, None, None, False, 1)
    after = Settings(20, 40, None, Fraction(1, 3), Fraction(1, 2), Fraction(2, 5), None, True, 2)
    assert describe_changes(before, after) == [
        "Members: 20 to 40 (was 30 to 40)",
        "Members from developing countries, at least: no rule (was 50%)",
        "Government members, at least: 1/3 (was 30%)",
        "Government members, at most: 50% (was no rule)",
        "Women, at least: 40% (was no rule)",
        "The gender rule: may be missed, at a price per seat (was must hold)",
        "Members per country: at most 2 (was at most 1)",
    ]


# ---------------------------------------------------------------------------- the ipywidgets front


@pytest.mark.slow
def test_explorer_controls_start_at_the_scenario_and_re_solve(wgig_pool: Pool) -> None:
    from composer.export.widgets import explorer

    ex = explorer(wgig_pool, WGIG)
    values = {name: control.value for name, control in ex.controls.items()}
    assert values == {
        "size": (30, 40),
        "developing_min": 50,
        "government": (30, 40),
        "women_min": 40,
        "men_min": 40,
        "gender_soft": True,
        "country_cap": 1,
    }
    assert ex.outcome is ex.whatif.base and "3410" in ex.shown
    ex.controls["country_cap"].value = 2
    assert ex.whatif.settings.country_cap == 2
    assert ex.outcome is not None and ex.outcome.settings.country_cap == 2
    assert "Members per country: at most 2" in ex.shown
    ex.controls["government"].value = (25, 40)  # the low end only
    assert ex.whatif.settings.government_min == Fraction(1, 4)
    assert ex.whatif.settings.government_max == Fraction(2, 5)
    ex.controls["government"].value = (25, 100)  # the top end means "no maximum"
    assert ex.whatif.settings.government_max is None
    ex.controls["developing_min"].value = 0
    assert ex.whatif.settings.developing_min is None
    ex.reset()
    assert ex.whatif.settings == ex.whatif.initial
    assert ex.controls["country_cap"].value == 1 and ex.controls["government"].value == (30, 40)
    assert ex.outcome is ex.whatif.base
    assert "application/vnd.jupyter.widget-view+json" in ex._repr_mimebundle_()


def test_explorer_shows_a_refused_setting(wgig_pool: Pool) -> None:
    from composer.export.widgets import Explorer

    ex = Explorer(WhatIf(wgig_pool, WGIG))
    assert ex.update(country_cap=0) is None
    assert "a cap per country must be 1 or more" in ex.shown
    assert ex.whatif.settings == ex.whatif.initial


@pytest.mark.parametrize(
    ("name", "old", "new", "expected"),
    [
        ("size", (30, 40), (20, 35), {"size_min": 20, "size_max": 35}),
        ("government", (30, 40), (30, 45), {"government_max": Fraction(9, 20)}),
        ("government", (30, 40), (0, 40), {"government_min": None}),
        ("country_cap", 1, 0, {"country_cap": None}),
        ("women_min", 40, 35, {"women_min": Fraction(7, 20)}),
        ("gender_soft", True, False, {"gender_soft": False}),
    ],
)
def test_control_moves_map_to_settings(name: str, old: Any, new: Any, expected: Any) -> None:
    from composer.export.widgets import Explorer

    assert Explorer.settings_from(name, old, new) == expected


def test_explorer_without_ipywidgets_says_what_to_install(
    wgig_pool: Pool, monkeypatch: pytest.MonkeyPatch
) -> None:
    from composer.export import widgets

    monkeypatch.setitem(sys.modules, "ipywidgets", None)  # what an import sees when missing
    with pytest.raises(ComposerError) as caught:
        widgets.explorer(wgig_pool, WGIG)
    assert caught.value.code == "missing_ipywidgets"
    assert "composer[notebooks]" in str(caught.value)


@pytest.mark.slow
def test_composer_imports_without_ipywidgets() -> None:
    code = "import sys, composer.export.widgets; print('ipywidgets' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
