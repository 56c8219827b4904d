"""Real bodies: every bundled scenario keeps its sourced numbers, solves to a proven optimum
that the independent checker accepts, and its roster keeps every sourced rule.

The numbers asserted here are the sources' (docs/bodies.md): a scenario drifting from its
source fails here, not only a roster that breaks a rule."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd
import pytest

from composer import Status, compose, load_scenario
from composer.engine.check import check
from composer.inputs.examples import csv_text
from composer.inputs.examples_more import GENERATORS, ICANN_SITTING, icann_nomcom_pool

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"
REGIONS = ("African", "Asia-Pacific", "Eastern European", "Latin American and Caribbean",
           "Western European and Others")


@cache
def _solved(name: str) -> tuple[pd.DataFrame, object]:
    result = compose(SCENARIOS / name, time_limit=60)
    assert result.status == Status.OPTIMAL, (result.conflict, result.conflict_reason)
    assert result.report is not None and result.report.ok
    again = check(result.pool, result.scenario, result.selected)
    assert again.ok and not again.failures
    return result.pool.table.loc[result.selected], result


@pytest.mark.parametrize("file", sorted(GENERATORS))
def test_pool_file_matches_its_generator(file: str) -> None:
    expected = csv_text(GENERATORS[file]()).encode("utf-8")
    assert (SCENARIOS / file).read_bytes() == expected, (
        f"scenarios/{file} is out of date: regenerate it with composer.inputs.examples_more."
        "write_bundled_more(Path('scenarios'))")


def test_wgig_has_forty_members_with_two_thirds_non_governmental() -> None:
    for name in ("wgig-2004.toml", "wgig-2004-halves.toml"):
        chosen, _ = _solved(name)
        assert len(chosen) == 40  # 40 members plus the chair, chosen apart [S]
        assert set(chosen["region"]) == set(REGIONS)  # all regions [S]
        assert set(chosen["developing"]) == {"yes", "no"}  # developing and developed [S]
    chosen, _ = _solved("wgig-2004.toml")
    assert (chosen["stakeholder_group"] != "government").sum() >= 24  # about 2/3 [S]


def test_igf_mag_sourced_numbers() -> None:
    scenario = load_scenario(SCENARIOS / "igf-mag-annual.toml")
    assert scenario.size.min == scenario.size.max == 50  # [S]
    chosen, _ = _solved("igf-mag-annual.toml")
    groups = chosen["stakeholder_group"].value_counts().to_dict()
    assert groups.get("government", 0) <= 20  # at most 40% [S]
    for group in ("civil_society", "private_sector", "technical_academic"):
        assert groups[group] == 10  # the rest shared equally [S]
    assert "intergovernmental" not in groups  # observers, not members [S]
    assert (chosen["former_host"] == "yes").sum() == 18  # every former host [S]
    assert (chosen["terms"].astype(int) < 3).all()  # at most 3 consecutive terms [S]
    assert chosen["nominated_by"].value_counts().max() <= 2  # 2 per nominator [S]


def test_cstd_sourced_numbers() -> None:
    chosen, _ = _solved("cstd-wg-igf-2010.toml")
    assert len(chosen) == 42
    states = chosen[chosen["stakeholder_group"] == "government"]
    assert len(states) == 22 and states["country"].is_unique  # 22 states [S]
    assert set(states.loc[states["host_state"] == "yes", "country"]) == {
        "GRC", "BRA", "IND", "EGY", "LTU", "CHE", "TUN"}  # 5 IGF + 2 WSIS hosts [S]


def test_hlp_sourced_numbers() -> None:
    chosen, _ = _solved("hlp-digital-2018.toml")
    assert len(chosen) == 20  # including the 2 co-chairs [S]
    assert set(chosen["stakeholder_group"]) == {
        "government", "private_sector", "civil_society", "academia", "technical_community"}


def test_ai_panel_sourced_numbers() -> None:
    chosen, result = _solved("un-ai-panel-2025.toml")
    assert len(result.pool) == 2600 and len(chosen) == 40  # [S]
    assert (chosen["un_system"] == "no").all()  # no UN-system affiliation [S]
    # the panel elects its co-chairs itself [S]: both kinds of country are there to elect
    assert set(chosen["developing"]) == {"yes", "no"}


def test_icann_nomcom_regional_cap() -> None:
    frame = icann_nomcom_pool()
    assert (frame["incumbent"] == "yes").sum() == sum(ICANN_SITTING.values()) == 12
    chosen, result = _solved("icann-nomcom-board.toml")
    assert len(chosen) == 15  # 12 sitting (CEO not counted) + 3 NomCom seats [S, D]
    assert result.pool.region_schemes.get("icann_region") == "ICANN geographic regions"
    counts = chosen["icann_region"].value_counts()
    assert len(counts) == 5 and counts.max() <= 5 and counts.min() >= 1  # [S]
    new = chosen[chosen["incumbent"] == "no"]
    assert len(new) == 3 and not (new["icann_region"] == "North America").any()  # ICANN82
    assert not (chosen["stakeholder_group"] == "government").any()


def test_ietf_nomcom_volunteer_rule() -> None:
    chosen, _ = _solved("ietf-nomcom.toml")
    assert len(chosen) == 10  # [S]
    assert (chosen["meetings_last5"].astype(int) >= 3).all()  # 3 of the last 5 [S]
    assert (chosen["office"] == "none").all()  # no IAB, IESG, ISOC trustees [S]
    assert chosen["affiliation"].value_counts().max() <= 2  # [S]


def test_ietf_nomcom_lottery_gives_every_qualified_volunteer_the_same_chance() -> None:
    import composer

    lot = composer.lottery(SCENARIOS / "ietf-nomcom.toml", seed="2024-06-01 public draw")
    frame = GENERATORS["ietf-nomcom-volunteers.csv"]()
    qualified = (frame["meetings_last5"] >= 3) & (frame["office"] == "none")
    assert int(qualified.sum()) == 110
    assert lot.min_probability == pytest.approx(10 / 110, abs=1e-6)
    assert len(lot.unreachable) == 40


def test_eu_expert_group_member_types_and_gender() -> None:
    chosen, _ = _solved("eu-expert-group.toml")
    assert len(chosen) == 30
    assert chosen["member_type"].value_counts().to_dict() == {"C": 10, "A": 8, "D": 6, "B": 4,
                                                            "E": 2}
    for sex in ("female", "male"):
        assert (chosen["gender"] == sex).sum() >= 12  # not below 40% of either sex [S]
    authorities = chosen[chosen["member_type"] == "D"]
    assert authorities["country"].is_unique  # one authority per Member State [S]
    assert (chosen.loc[chosen["member_type"] == "A", "conflict_of_interest"] == "no").all()
    assert (chosen.loc[chosen["member_type"].isin(["B", "C"]), "transparency_register"]
            == "yes").all()
    assert chosen["country"].nunique() >= 15


def test_citizens_assembly_strata_and_households() -> None:
    from composer.inputs.examples_more import ASSEMBLY_STRATA

    assert all(sum(counts.values()) == 99 for counts in ASSEMBLY_STRATA.values())  # [S]
    chosen, result = _solved("citizens-assembly.toml")
    assert len(chosen) == 99
    for column, counts in ASSEMBLY_STRATA.items():
        got = chosen[column].value_counts().to_dict()
        assert all(abs(got.get(v, 0) - c) <= 1 for v, c in counts.items()), column
    assert chosen["household"].is_unique  # one per household
    assert result.pool.table["household"].duplicated().any()  # the cap binds on the pool
