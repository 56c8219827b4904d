"""The synthetic pool generator and the bundled WGIG 2004 pool and scenarios."""

import time
from collections import Counter
from functools import cache
from pathlib import Path

import pandas as pd
import pytest

from composer.engine.check import check
from composer.inputs import reference, vocabulary
from composer.inputs.examples import WGIG_TOPICS, csv_text, synthetic_pool, write_bundled
from composer.inputs.nominations import Pool, load_nominations
from composer.rules.bind import bind
from composer.rules.scenario import load_scenario

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"
BUNDLED = SCENARIOS / "wgig-2004-nominations.csv"
CONTRACT = [
    "id", "name", "country", "stakeholder_group", "gender", "organisation", "nominated_by",
    "expertise", "languages", "score", "travel_cost", "incumbent",
]  # fmt: skip
LANGUAGES = {"English", "French", "Spanish", "Arabic", "Chinese", "Russian", "Portuguese"}


@cache
def pool(n: int = 300, seed: int = 2004) -> Pool:
    return load_nominations(synthetic_pool(n, seed))


def test_same_seed_same_table_other_seed_other_table() -> None:
    first, again = synthetic_pool(150, seed=7), synthetic_pool(150, seed=7)
    pd.testing.assert_frame_equal(first, again)
    assert csv_text(first) == csv_text(again)
    other = synthetic_pool(150, seed=8)
    assert not first.equals(other)
    assert (first["name"] != other["name"]).any()
    assert (first["country"] != other["country"]).any()


def test_contract_columns_and_values() -> None:
    frame = synthetic_pool()
    assert list(frame.columns) == CONTRACT
    assert len(frame) == 300
    assert frame["id"].iloc[0] == "N-001" and frame["id"].iloc[-1] == "N-300"
    assert frame["id"].is_unique
    members = {r["iso3"] for r in reference.countries() if r["un_status"] == "member"}
    assert set(frame["country"]) <= members
    assert set(frame["stakeholder_group"]) == set(vocabulary.STAKEHOLDER_GROUPS)
    assert set(frame["gender"]) == set(vocabulary.GENDERS)
    assert frame["score"].between(40, 100).all()
    assert frame["travel_cost"].between(1500, 9000).all()
    assert frame["score"].dtype.kind == "i" and frame["travel_cost"].dtype.kind == "i"
    assert (frame["incumbent"] == "no").all()
    for column in ("name", "organisation", "nominated_by"):
        assert frame[column].str.len().min() > 0
        assert frame[column].map(str.isascii).all()
    areas = frame["expertise"].str.split("; ")
    assert areas.map(len).between(1, 4).all()
    assert set(areas.explode()) == set(WGIG_TOPICS)
    assert set(frame["languages"].str.split("; ").explode()) <= LANGUAGES


def test_id_width_follows_n() -> None:
    assert synthetic_pool(9, seed=1)["id"].tolist()[:2] == ["N-1", "N-2"]
    assert synthetic_pool(1000, seed=1)["id"].iloc[[0, -1]].tolist() == ["N-0001", "N-1000"]


def test_custom_areas() -> None:
    frame = synthetic_pool(60, seed=3, areas=("alpha", "beta"))
    areas = frame["expertise"].str.split("; ")
    assert set(areas.explode()) == {"alpha", "beta"}
    assert areas.map(len).between(1, 2).all()
    with pytest.raises(ValueError):
        synthetic_pool(0)
    with pytest.raises(ValueError):
        synthetic_pool(10, areas=())


def test_loads_without_problems() -> None:
    loaded = pool()
    assert len(loaded) == 300
    assert set(loaded.table["region"]) == set(reference.REGIONAL_GROUPS)


@pytest.mark.parametrize("seed", [2004, 1, 99])
def test_realistic_skew(seed: int) -> None:
    table = pool(300, seed).table
    region = Counter(table["region"])
    assert region["Western European and Others"] > region["African"] > 12
    assert region["Western European and Others"] > 2 * 12  # far more than its seat cap
    assert min(region.values()) == region["Eastern European"]
    group = Counter(table["stakeholder_group"])
    assert group["private_sector"] > group["government"] > group["intergovernmental"]
    assert group["private_sector"] == max(group.values())
    women = (table["gender"] == "female").mean()
    assert 0.35 <= women <= 0.40
    ldc_share = (table["ldc"] == "yes").mean()
    assert ldc_share < 44 / 193  # LDCs nominate less than their share of UN members
    government = table[table["stakeholder_group"] == "government"]
    assert (government["developing"] == "yes").mean() > 0.6


@pytest.mark.parametrize("seed", [2004, 1, 99])
def test_uneven_expertise_every_topic_held(seed: int) -> None:
    loaded = pool(300, seed)
    held = Counter(a for areas in loaded.areas("expertise").values() for a in areas)
    assert set(held) == set(WGIG_TOPICS)
    assert min(held.values()) >= 8
    for common in ("cybersecurity", "intellectual property"):
        for rare in ("root servers", "multilingualism", "dispute resolution"):
            assert held[common] > 2 * held[rare]


def test_nominators_bite_a_cap_of_two() -> None:
    table = pool().table
    nominated = Counter(table["nominated_by"])
    assert max(nominated.values()) >= 3
    busy = [n for n, count in nominated.items() if count >= 3 and "Government" not in n]
    assert len(busy) >= 5  # non-government bodies naming 3-5 people
    assert sum(count == 1 for count in nominated.values()) >= 20


def test_scales_to_twenty_thousand() -> None:
    start = time.perf_counter()
    frame = synthetic_pool(20000, seed=1)
    assert time.perf_counter() - start < 3.0
    assert len(frame) == 20000 and frame["id"].is_unique
    share = frame["stakeholder_group"].value_counts(normalize=True)
    small = synthetic_pool(300, seed=1)["stakeholder_group"].value_counts(normalize=True)
    assert (share - small).abs().max() < 0.02
    assert 0.35 <= (frame["gender"] == "female").mean() <= 0.40
    region = frame["country"].map(lambda c: reference.country_row(c)["un_regional_group"])
    weog = (region == "Western European and Others").mean()
    assert 0.30 < weog < 0.42


def test_bundled_file_matches_the_generator(tmp_path: Path) -> None:
    data = BUNDLED.read_bytes()
    assert data == csv_text(synthetic_pool(300, seed=2004)).encode("utf-8")
    assert b"\r" not in data
    assert data.decode("utf-8").splitlines()[0] == ",".join(CONTRACT)
    (written,) = write_bundled(tmp_path)
    assert written == tmp_path / "wgig-2004-nominations.csv"
    assert written.read_bytes() == data
    assert load_nominations(BUNDLED).ids == synthetic_pool()["id"].tolist()


@pytest.mark.parametrize(
    ("file", "name"),
    [("wgig-2004.toml", "WGIG 2004: thirds"), ("wgig-2004-halves.toml", "WGIG 2004: halves")],
)
def test_bundled_scenarios_bind_to_the_bundled_pool(file: str, name: str) -> None:
    scenario = load_scenario(SCENARIOS / file)
    assert scenario.name == name
    assert scenario.nominations_path() == BUNDLED
    assert (scenario.size.min, scenario.size.max) == (30, 40)
    bound = bind(scenario, load_nominations(BUNDLED))
    assert bound.coverage[0].areas == list(WGIG_TOPICS)
    assert [q.soft for q in bound.quota] == [False, False, False, False, True]


@pytest.mark.parametrize("file", ["wgig-2004.toml", "wgig-2004-halves.toml"])
def test_bundled_scenarios_are_optimal(file: str) -> None:
    import composer

    result = composer.compose(str(SCENARIOS / file))
    assert result.status == "optimal"
    assert result.size == 40
    loaded = load_nominations(BUNDLED)
    report = check(loaded, bind(load_scenario(SCENARIOS / file), loaded), result.selected)
    assert report.ok, report.failures
