"""Real bodies: every bundled scenario keeps its sourced numbers, solves to a proven optimum
that the independent checker accepts, and its roster keeps every sourced rule.

The numbers asserted here are the sources' (docs/bodies.md): a scenario drifting from its
source fails here, not only a roster that breaks a rule."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from helpers import rule

from composer import Result, Status, compose, load_scenario
from composer.engine.check import check
from composer.inputs import examples_councils
from composer.inputs.examples import csv_text
from composer.inputs.examples_councils import (
    IPCC_TERM_LIMITED,
    IUCN_CHAIR_STATE,
    IUCN_COMMISSIONS,
    IUCN_REGION_SEATS,
)
from composer.inputs.examples_more import GENERATORS, ICANN_SITTING, icann_nomcom_pool

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"
REGIONS = ("African", "Asia-Pacific", "Eastern European", "Latin American and Caribbean",
           "Western European and Others")


@cache
def _solved(name: str) -> tuple[pd.DataFrame, Result]:
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


@pytest.mark.parametrize("file", sorted(examples_councils.GENERATORS))
def test_council_pool_file_matches_its_generator(file: str) -> None:
    expected = csv_text(examples_councils.GENERATORS[file]()).encode("utf-8")
    assert (SCENARIOS / file).read_bytes() == expected, (
        f"scenarios/{file} is out of date: regenerate it with composer.inputs."
        "examples_councils.write_bundled_councils(Path('scenarios'))")


def _variant(name: str) -> dict[str, Any]:
    """The bundled scenario as a dict, its mapping files made absolute, to edit in a test."""
    data = tomllib.loads((SCENARIOS / name).read_text(encoding="utf-8"))
    regions = data.get("geography", {}).get("regions", "")
    if isinstance(regions, str) and regions.startswith("file:"):
        data["geography"]["regions"] = f"file:{SCENARIOS / regions[5:]}"
    return data


def _solve_variant(data: dict[str, Any]) -> Result:
    nominations = SCENARIOS / str(data.pop("nominations"))
    return compose(nominations, data, time_limit=60)


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
    assert rule(result.report, "role co-chair").met and result.roles == {}
    assert result.to_dict()["roles_filled_later"] == ["co-chair"]


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


def test_iucn_council_posts_regions_and_term_limit() -> None:
    chosen, _ = _solved("iucn-council.toml")
    assert len(chosen) == 36  # President, Treasurer, 6 Chairs, 28 Regional Councillors [S]
    assert chosen["post"].value_counts().to_dict() == {
        "Regional Councillor": 28, "Commission Chair": 6, "President": 1, "Treasurer": 1}
    chairs = chosen[chosen["post"] == "Commission Chair"]
    assert sorted(chairs["commission"]) == sorted(IUCN_COMMISSIONS)  # one per Commission
    councillors = chosen[chosen["post"] == "Regional Councillor"]
    assert councillors["iucn_region"].value_counts().to_dict() == IUCN_REGION_SEATS  # [S]
    assert (chosen["terms_in_office"].astype(int) < 2).all()  # two full terms at most [S]
    assert chairs["country"].value_counts().max() <= 2  # two Chairs per State (1989) [S]
    assert chairs["iucn_region"].nunique() >= 4  # a diverse range of regions (4: design)


def test_iucn_council_rules_bind() -> None:
    # three Commissions' front-runners come from one State: the cap keeps two of them
    chosen, _ = _solved("iucn-council.toml")
    chairs = chosen[chosen["post"] == "Commission Chair"]
    assert (chairs["country"] == IUCN_CHAIR_STATE).sum() == 2
    data = _variant("iucn-council.toml")
    del data["cap"]
    free = _solve_variant(data)
    table = free.pool.table.loc[free.selected]
    chairs = table[table["post"] == "Commission Chair"]
    assert (chairs["country"] == IUCN_CHAIR_STATE).sum() == 3
    # the West European Councillor with the most votes has served two full terms
    pool = free.pool.table
    barred = pool.index[(pool["terms_in_office"].astype(int) == 2)].tolist()
    assert len(barred) == 1 and barred[0] not in chosen.index
    data = _variant("iucn-council.toml")
    data["members"] = {"include": barred}
    result = _solve_variant(data)
    assert result.status == Status.INFEASIBLE
    assert set(result.conflict) == {"same office at most two full terms", f"include {barred[0]}"}
    # the regional seats are exact: West Asia with two candidates left cannot fill its three
    west_asia = pool.index[(pool["post"] == "Regional Councillor")
                           & (pool["iucn_region"] == "West Asia")].tolist()
    data = _variant("iucn-council.toml")
    data["members"] = {"exclude": west_asia[:3]}
    result = _solve_variant(data)
    assert result.status == Status.INFEASIBLE
    assert "Regional Councillors by statutory region (West Asia >= 3)" in result.conflict


def test_ipcc_bureau_posts_regions_and_terms() -> None:
    chosen, result = _solved("ipcc-bureau.toml")
    assert len(chosen) == 34  # since the 41st Session [S]
    posts = chosen["post"].value_counts().to_dict()
    assert {p: posts[p] for p in ("Chair", "Vice-Chair", "TFI Co-Chair")} == {
        "Chair": 1, "Vice-Chair": 3, "TFI Co-Chair": 2}
    assert all(posts[f"WG{g} Co-Chair"] == 2 for g in ("I", "II", "III"))
    vice = sorted(posts[f"WG{g} Vice-Chair"] for g in ("I", "II", "III"))
    assert vice == [7, 7, 8]  # 22 [D], shared within one seat (design stand-in)
    assert chosen["wmo_region"].nunique() == 6  # all six regions [S]
    assert (chosen["wmo_region"] == "Region I (Africa)").sum() >= 2  # +2 at IPCC-41 [D]
    assert result.pool.region_schemes["wmo_region"] == "regions from ipcc-bureau-wmo-regions.csv"
    limited = chosen[chosen["post"].isin(IPCC_TERM_LIMITED)]
    assert (limited["terms_in_post"].astype(int) < 2).all()  # one re-election at most [S]


def test_ipcc_bureau_rules_bind() -> None:
    chosen, result = _solved("ipcc-bureau.toml")
    pool = result.pool.table
    pacific = pool.index[pool["wmo_region"] == "Region V (South-West Pacific)"].tolist()
    assert len(pacific) == 2 and len(set(pacific) & set(chosen.index)) == 1
    data = _variant("ipcc-bureau.toml")
    data["quota"] = [q for q in data["quota"] if q["name"] != "every WMO region"]
    free = _solve_variant(data)
    assert free.status == Status.OPTIMAL and not set(pacific) & set(free.selected)
    data = _variant("ipcc-bureau.toml")
    data["members"] = {"exclude": pacific}
    blocked = _solve_variant(data)
    assert blocked.status == Status.INFEASIBLE
    assert "every WMO region (Region V (South-West Pacific) >= 1)" in blocked.conflict
    # the best-supported Chair candidate has served two terms as Chair: not eligible [S]
    chairs = pool[pool["post"] == "Chair"]
    best = str(chairs["support"].astype(float).idxmax())
    assert chairs.at[best, "terms_in_post"] == "2" and best not in chosen.index
    data = _variant("ipcc-bureau.toml")
    data["members"] = {"include": [best]}
    barred = _solve_variant(data)
    assert barred.status == Status.INFEASIBLE
    assert set(barred.conflict) == {
        "one term and one re-election in an office", f"include {best}"}


def test_gpai_experts_one_working_group_each() -> None:
    chosen, result = _solved("gpai-meg.toml")
    assert len(chosen) == 48
    assert set(chosen["working_group"].value_counts()) == {12}  # 12 per group (design)
    assert chosen["expert"].is_unique  # each expert in one Working Group [S]
    for _, group in chosen.groupby("working_group"):
        assert (group["gender"] == "female").sum() >= 5 and (group["gender"] == "male").sum() >= 5
    assert chosen["sector"].value_counts().min() >= 2 and chosen["sector"].nunique() == 5
    assert result.pool.table["expert"].duplicated().sum() == 40  # 40 applied to two groups


def test_gpai_person_rule_binds() -> None:
    chosen, result = _solved("gpai-meg.toml")
    # E-001 is the best fit for both groups applied to: seated in one of them only
    rows = result.pool.table.index[result.pool.table["expert"] == "E-001"].tolist()
    assert len(rows) == 2 and len(set(rows) & set(chosen.index)) == 1
    data = _variant("gpai-meg.toml")
    del data["person"]
    free = _solve_variant(data)
    assert set(rows) <= set(free.selected)  # without the rule, one expert takes two seats
    data = _variant("gpai-meg.toml")
    data["members"] = {"include": rows}
    both = _solve_variant(data)
    assert both.status == Status.INFEASIBLE
    expected = {"each expert in one Working Group", *(f"include {r}" for r in rows)}
    assert set(both.conflict) == expected


def test_council_generators_are_seeded() -> None:
    for make in (examples_councils.iucn_council_pool, examples_councils.ipcc_bureau_pool,
                 examples_councils.gpai_meg_pool):
        pd.testing.assert_frame_equal(make(), make())
        assert not make(seed=1).equals(make())
    mapped = set(examples_councils.wmo_regions_table()["country"])
    assert set(examples_councils.ipcc_bureau_pool()["country"]) <= mapped
    assert examples_councils.wmo_regions_table()["country"].is_unique
