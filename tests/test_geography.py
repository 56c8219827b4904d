"""Every ISO 3166 place, and region schemes chosen in the scenario ([geography])."""

from collections import Counter
from pathlib import Path

import pycountry
import pytest

from composer import compose
from composer.errors import NominationsError, ScenarioError
from composer.inputs import reference
from composer.inputs.geography import ICANN_REGIONS, GeographySpec
from composer.inputs.nominations import load_nominations
from composer.rules.scenario import load_scenario


def rows(*countries: str) -> list[dict[str, str]]:
    return [
        {"id": f"n{k}", "name": f"N {k}", "country": c, "stakeholder_group": "government"}
        for k, c in enumerate(countries)
    ]


@pytest.mark.parametrize(
    ("text", "iso3"),
    [
        ("Taiwan", "TWN"),
        ("TW", "TWN"),
        ("Taiwan, Province of China", "TWN"),
        ("Hong Kong", "HKG"),
        ("Kosovo", "XKX"),
        ("XK", "XKX"),
        ("Puerto Rico", "PRI"),
        ("Greenland", "GRL"),
        ("Korea, Republic of", "KOR"),
    ],
)
def test_territories_and_iso_names_resolve(text: str, iso3: str) -> None:
    assert reference.resolve_country(text) == iso3


def test_every_iso_entry_and_kosovo_is_a_place_once() -> None:
    codes = [row["iso3"] for row in reference.places()]
    assert len(codes) == len(set(codes))
    assert {c.alpha_3 for c in pycountry.countries} | {"XKX"} == set(codes)
    assert len(reference.countries()) == 197  # the curated States are unchanged


def test_territories_have_no_un_group_or_developing_status() -> None:
    for row in reference.territories():
        assert (row["un_regional_group"], row["developing"], row["ldc"], row["sids"]) == (
            "",
            "",
            "",
            "",
        )


def test_a_territory_loads_with_empty_un_facts_and_a_warning() -> None:
    pool = load_nominations(rows("Taiwan", "Kenya", "Puerto Rico"))
    table = pool.table
    assert list(table["country"]) == ["TWN", "KEN", "PRI"]
    assert list(table["region"]) == ["", "African", ""]
    assert list(table["developing"]) == ["", "yes", ""]  # not invented 'no'
    assert list(table["m49_region"]) == ["Asia", "Africa", "Americas"]
    (warning,) = pool.warnings
    assert warning.message == (
        "no UN regional groups for Puerto Rico (PRI), Taiwan (TWN) (nor developing, LDC, LLDC "
        "or SIDS status): their region is left empty"
    )
    assert (warning.row, warning.column) == (2, "country")
    assert pool.region_schemes == {"region": "UN regional groups", "m49_region": "UN M49 regions"}


def test_icann_and_m49_subregion_columns() -> None:
    spec = GeographySpec(regions=["icann", "m49-subregion"])
    pool = load_nominations(rows("HK", "PR", "USA", "BRA", "FRA", "XK"), geography=spec)
    assert list(pool.table["icann_region"]) == [
        "Asia/Australia/Pacific",
        "North America",
        "North America",
        "Latin America/Caribbean Islands",
        "Europe",
        "Europe",
    ]
    assert pool.table.loc["n0", "m49_subregion"] == "Eastern Asia"
    assert pool.region_schemes["icann_region"] == "ICANN geographic regions"


def test_icann_table_covers_every_place_with_five_regions() -> None:
    spec = GeographySpec(regions="icann")
    everyone = [row["iso3"] for row in reference.places()]
    pool = load_nominations(rows(*everyone), geography=spec)
    counts = Counter(pool.table["icann_region"])
    assert set(counts) - {""} == set(ICANN_REGIONS)
    assert counts[""] == 1  # Antarctica only
    assert any("Antarctica (ATA)" in w.message for w in pool.warnings)


def test_unknown_scheme_is_a_scenario_error() -> None:
    with pytest.raises(ScenarioError) as info:
        load_scenario({"geography": {"regions": "icnn"}})
    (problem,) = info.value.problems
    assert problem.key == "geography.regions"
    assert problem.message == (
        "unknown region scheme 'icnn': did you mean 'icann'? use one of un, m49, "
        'm49-subregion, m49-intermediate, icann, or "file:PATH.csv" for your own mapping'
    )


def test_scheme_listed_twice_is_an_error() -> None:
    with pytest.raises(ScenarioError) as info:
        load_scenario({"geography": {"regions": ["icann", "ICANN"]}})
    assert info.value.problems[0].message == (
        "a region scheme is listed twice: list each scheme once"
    )


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_own_mapping_file_beside_the_scenario(tmp_path: Path) -> None:
    write(tmp_path / "wmo.csv", "country,wmo_region\nKEN,I\nKorea,II\nFR,VI\n")
    write(tmp_path / "pool.csv", "id,name,country\n1,A,KEN\n2,B,KOR\n3,C,FRA\n4,D,FRA\n")
    write(
        tmp_path / "s.toml",
        'nominations = "pool.csv"\n[geography]\nregions = "file:wmo.csv"\n'
        '[size]\nmin = 2\nmax = 2\n[[cap]]\ncolumn = "wmo_region"\nmax_each = 1\n'
        '[[quota]]\ncolumn = "wmo_region"\nmin = { I = 1 }\n',
    )
    result = compose(tmp_path / "s.toml")
    assert result.ok
    regions = [result.pool.table.loc[i, "wmo_region"] for i in result.selected]
    assert "I" in regions and len(set(regions)) == 2
    assert result.pool.region_schemes["wmo_region"] == "regions from wmo.csv"


def test_mapping_file_with_unknown_countries_names_rows(tmp_path: Path) -> None:
    path = write(tmp_path / "r.csv", "country,zone\nKEN,East\nNarnia,West\nKEN,West\n,\n")
    with pytest.raises(NominationsError) as info:
        load_nominations(rows("KEN"), geography=GeographySpec(regions=f"file:{path}"))
    first, second = info.value.problems
    assert (first.row, first.column, first.message) == (3, "country", "unknown country 'Narnia'")
    assert first.fix.endswith("use an ISO alpha-3 or alpha-2 code or the English name")
    assert (second.row, second.message) == (
        4,
        "'KEN' is mapped twice: 'East' (row 2) and 'West'",
    )


def test_nominee_missing_from_mapping_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path / "r.csv", "country,zone\nKEN,East\n")
    with pytest.raises(NominationsError) as info:
        load_nominations(rows("KEN", "FRA"), geography=GeographySpec(regions=f"file:{path}"))
    (problem,) = info.value.problems
    assert problem.message == "France (FRA) has no zone in the mapping (row 3)"
    assert problem.fix == f"add a row 'FRA,<zone>' to {path}"


def test_mapping_file_header_must_name_country_and_the_column(tmp_path: Path) -> None:
    path = write(tmp_path / "r.csv", "iso,zone\nKEN,East\n")
    with pytest.raises(NominationsError) as info:
        load_nominations(rows("KEN"), geography=GeographySpec(regions=f"file:{path}"))
    (problem,) = info.value.problems
    assert problem.message == "the header row is iso, zone"
    assert problem.fix.startswith("write a header 'country,<region column>'")


def test_icann_region_cap_in_a_scenario() -> None:
    pool = rows("USA", "CAN", "PRI", "KEN", "FRA", "JPN")
    scenario = {
        "geography": {"regions": "icann"},
        "size": {"min": 4, "max": 4},
        "cap": [{"column": "icann_region", "max_each": 1}],
    }
    result = compose(pool, scenario)
    assert result.ok
    regions = [result.pool.table.loc[i, "icann_region"] for i in result.selected]
    assert len(set(regions)) == 4
