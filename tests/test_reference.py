"""Pin the reference table (composer/inputs/data/countries.csv) and country-name resolution."""

from collections import Counter

import pytest

from composer.inputs import reference


def members() -> list[dict[str, str]]:
    return [row for row in reference.countries() if row["un_status"] == "member"]


def test_row_and_member_counts() -> None:
    rows = reference.countries()
    assert len(rows) == 197
    assert len({row["iso3"] for row in rows}) == 197
    assert len(members()) == 193
    status = Counter(row["un_status"] for row in rows)
    assert status == {"member": 193, "observer": 2, "non-member": 2}


def test_regional_groups_among_members() -> None:
    groups = Counter(row["un_regional_group"] for row in members())
    assert groups == {
        "African": 54,
        "Asia-Pacific": 54,
        "Eastern European": 23,
        "Latin American and Caribbean": 33,
        "Western European and Others": 29,
    }
    assert set(groups) == set(reference.REGIONAL_GROUPS)
    non_members = [r for r in reference.countries() if r["un_status"] != "member"]
    assert all(r["un_regional_group"] == "" for r in non_members)


def test_developing_and_special_groups() -> None:
    assert sum(row["developing"] == "yes" for row in members()) == 143
    rows = reference.countries()
    assert sum(row["ldc"] == "yes" for row in rows) == 44
    assert sum(row["lldc"] == "yes" for row in rows) == 32
    assert sum(row["sids"] == "yes" for row in rows) == 39
    for column in ("developing", "ldc", "lldc", "sids"):
        assert {row[column] for row in rows} == {"yes", "no"}


def test_special_regional_assignments() -> None:
    assert reference.country_row("TUR")["un_regional_group"] == "Western European and Others"
    assert reference.country_row("USA")["un_regional_group"] == "Western European and Others"
    assert reference.country_row("ISR")["un_regional_group"] == "Western European and Others"
    assert reference.country_row("KIR")["un_regional_group"] == "Asia-Pacific"
    assert reference.country_row("STP")["ldc"] == "no"  # graduated 13 Dec 2024


@pytest.mark.parametrize(
    ("text", "iso3"),
    [
        ("KEN", "KEN"),
        ("ken", "KEN"),
        ("KE", "KEN"),
        ("Kenya", "KEN"),
        ("  kENYA ", "KEN"),
        ("GB", "GBR"),
        ("united kingdom", "GBR"),
        ("NA", "NAM"),
        ("na", "NAM"),
        ("Namibia", "NAM"),
        ("cote d’ivoire", "CIV"),
        ("Côte d'Ivoire", "CIV"),
        ("Turkiye", "TUR"),
        ("Türkiye", "TUR"),
        ("TÜRKIYE", "TUR"),
        ("turkey", "TUR"),
        ("Viet Nam", "VNM"),
        ("Bolivia (Plurinational State of)", "BOL"),
        ("USA", "USA"),
        ("PSE", "PSE"),
    ],
)
def test_resolve_country(text: str, iso3: str) -> None:
    assert reference.resolve_country(text) == iso3


@pytest.mark.parametrize("text", ["Frnace", "Narnia", "", "XX", "ZZZ"])
def test_unknown_country_is_none(text: str) -> None:
    assert reference.resolve_country(text) is None


def test_nearest_country_suggests_a_name() -> None:
    assert reference.nearest_country("Frnace") == "France (FRA)"
    assert reference.nearest_country("Kenia") == "Kenya (KEN)"
    assert reference.nearest_country("qqqqqqqq") is None


def test_derived_values_come_from_the_row() -> None:
    assert reference.derived_values("NAM") == {
        "region": "African",
        "developing": "yes",
        "ldc": "no",
        "lldc": "no",
        "sids": "no",
        "m49_region": "Africa",
    }
    assert reference.country_name("FRA") == "France"
