"""Every bundled scenario solves to a proven optimum that the checker accepts; the pools
beyond WGIG match their generators byte for byte and have the shape their scenarios need."""

from __future__ import annotations

import time
from functools import cache
from pathlib import Path

import pandas as pd
import pytest

from composer import Status, compose, load_nominations, load_scenario
from composer.engine.check import check
from composer.inputs.examples import csv_text
from composer.inputs.examples_bodies import (
    AI_PANEL,
    CSTD_HOST_STATES,
    CSTD_WG_IGF,
    GENERATORS,
    IGF_FORMER_HOSTS,
    IGF_MAG,
    ai_panel_pool,
    cstd_wg_igf_pool,
    igf_mag_pool,
)

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"
BUNDLED = sorted(SCENARIOS.glob("*.toml"))


@cache
def _table(file: str) -> pd.DataFrame:
    return pd.read_csv(SCENARIOS / file, dtype=str, keep_default_na=False)


def test_there_are_ten_bundled_scenarios() -> None:
    names = {p.name for p in BUNDLED}
    assert {"igf-mag-annual.toml", "cstd-wg-igf-2010.toml", "hlp-digital-2018.toml",
            "un-ai-panel-2025.toml", "wgig-2004.toml", "wgig-2004-halves.toml",
            "icann-nomcom-board.toml", "eu-expert-group.toml", "citizens-assembly.toml",
            "ietf-nomcom.toml"} <= names
    readme = (SCENARIOS / "README.md").read_text(encoding="utf-8")
    assert all(f"`{name}`" in readme for name in names)


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.name)
def test_bundled_scenario_solves_to_a_checked_optimum(path: Path) -> None:
    started = time.perf_counter()
    result = compose(path, time_limit=60)
    assert result.status == Status.OPTIMAL, (result.conflict, result.conflict_reason)
    assert result.gap == 0.0
    assert result.report is not None and result.report.ok
    again = check(result.pool, result.scenario, result.selected)
    assert again.ok and not again.failures
    size = result.scenario.size
    assert (size.min or 0) <= result.size <= (size.max or len(result.pool))
    scenario = load_scenario(path)
    assert scenario.nominations and (path.parent / scenario.nominations).exists()
    assert time.perf_counter() - started < 30


@pytest.mark.parametrize("file", sorted(GENERATORS))
def test_pool_file_matches_its_generator(file: str) -> None:
    expected = csv_text(GENERATORS[file]()).encode("utf-8")
    assert (SCENARIOS / file).read_bytes() == expected, (
        f"scenarios/{file} is out of date: regenerate it with composer.inputs.examples_bodies."
        "write_bundled_bodies(Path('scenarios'))")


def test_generators_are_deterministic_and_seeded() -> None:
    pd.testing.assert_frame_equal(cstd_wg_igf_pool(), cstd_wg_igf_pool())
    other = cstd_wg_igf_pool(seed=CSTD_WG_IGF.seed + 1)
    assert not other.equals(cstd_wg_igf_pool())


def test_igf_pool_has_incumbents_terms_and_host_nominees() -> None:
    frame = igf_mag_pool()
    assert len(frame) == IGF_MAG.rows
    sitting = frame[frame["incumbent"] == "yes"]
    assert len(sitting) == 50
    assert set(sitting["terms"]) == {1, 2, 3}
    assert (frame.loc[frame["incumbent"] == "no", "terms"] == 0).all()
    hosts = frame[frame["former_host"] == "yes"]
    assert sorted(hosts["country"]) == sorted(IGF_FORMER_HOSTS)
    assert len(IGF_FORMER_HOSTS) == 18  # every host 2006-2025 (2020 online, Brazil twice)
    assert not (sitting["stakeholder_group"] == "intergovernmental").any()
    assert (hosts["stakeholder_group"] == "government").all()
    assert (hosts["terms"] < 3).all()
    scenario = load_scenario(SCENARIOS / "igf-mag-annual.toml")
    assert sorted(scenario.members.include) == sorted(hosts["id"])
    for ident, country in zip(hosts["id"], hosts["country"], strict=True):
        name = hosts.loc[hosts["id"] == ident, "nominated_by"].item()
        assert name.startswith("Government of"), (ident, country)


def test_igf_scenario_renews_between_a_third_and_a_half() -> None:
    result = compose(SCENARIOS / "igf-mag-annual.toml")
    chosen = result.pool.table.loc[result.selected]
    new = int((chosen["incumbent"] == "no").sum())
    assert 17 <= new <= 25
    assert (chosen["terms"].astype(int) < 3).all()
    assert chosen["nominated_by"].value_counts().max() <= 2
    assert (chosen["stakeholder_group"] == "government").sum() <= 20
    assert chosen["region"].value_counts().between(9, 11).all()
    # intergovernmental organisations are observers, not members [S]
    assert not (chosen["stakeholder_group"] == "intergovernmental").any()
    assert (chosen["former_host"] == "yes").sum() == 18


def test_cstd_hosts_fixed_and_three_states_per_group() -> None:
    frame = cstd_wg_igf_pool()
    hosts = frame[frame["host_state"] == "yes"]
    assert sorted(hosts["country"]) == sorted(CSTD_HOST_STATES)
    scenario = load_scenario(SCENARIOS / "cstd-wg-igf-2010.toml")
    assert sorted(scenario.members.include) == sorted(hosts["id"])
    result = compose(SCENARIOS / "cstd-wg-igf-2010.toml")
    chosen = result.pool.table.loc[result.selected]
    states = chosen[chosen["stakeholder_group"] == "government"]
    assert len(states) == 22 and states["country"].is_unique
    others = states[states["host_state"] == "no"]
    assert others["region"].value_counts().to_dict() == {
        g: 3 for g in ("African", "Asia-Pacific", "Eastern European",
                       "Latin American and Caribbean", "Western European and Others")}
    for group in ("private_sector", "civil_society", "technical_academic", "intergovernmental"):
        assert (chosen["stakeholder_group"] == group).sum() == 5


def test_ai_panel_pool_and_roster() -> None:
    frame = ai_panel_pool()
    assert len(frame) == AI_PANEL.rows == 2600
    assert set(frame["un_system"]) == {"yes", "no"} and "co_chair" not in frame
    academic = (frame["stakeholder_group"] == "technical_academic").mean()
    assert 0.69 <= academic <= 0.71
    started = time.perf_counter()
    result = compose(SCENARIOS / "un-ai-panel-2025.toml", time_limit=60)
    assert result.status == Status.OPTIMAL
    assert time.perf_counter() - started < 30  # the benchmark holds it to 5 s
    chosen = result.pool.table.loc[result.selected]
    assert (chosen["un_system"] == "no").all()
    # the panel elects its co-chairs itself [S]: the scenario has no co-chair rule, but both
    # kinds of country sit on the panel so that the election can happen
    assert not any("chair" in q.name for q in result.scenario.quota)
    assert set(chosen["developing"]) == {"yes", "no"}
    women = (chosen["gender"] == "female").sum()
    assert 18 <= women <= 22


def test_hlp_panel_roster() -> None:
    result = compose(SCENARIOS / "hlp-digital-2018.toml")
    chosen = result.pool.table.loc[result.selected]
    assert len(chosen) == 20
    assert 9 <= (chosen["gender"] == "female").sum() <= 11
    assert chosen["region"].nunique() == 5
    # the Panel's own five types [S]: academia and the technical community apart, no IGOs
    assert set(chosen["stakeholder_group"]) == {
        "government", "private_sector", "civil_society", "academia", "technical_community"}
    assert not result.pool.warnings
    assert (chosen["age_band"] == "under 35").sum() >= 2


def test_pools_load_as_nominations() -> None:
    for file in GENERATORS:
        pool = load_nominations(SCENARIOS / file)
        assert len(pool) == len(_table(file))
