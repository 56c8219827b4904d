"""Region schemes: which regions a nominee's country belongs to, chosen by the scenario.

```toml
[geography]
regions = "icann"                 # or ["un", "m49-subregion"], or "file:wmo-regions.csv"
```

Each scheme derives one column from ``country``, named after the scheme, so a rule and a
report always say which regions they mean:

| scheme | column | values |
|---|---|---|
| ``un`` (always on) | ``region`` | the five UN regional groups (States only) |
| ``m49`` (always on) | ``m49_region`` | Africa, Americas, Asia, Europe, Oceania |
| ``m49-subregion`` | ``m49_subregion`` | e.g. Sub-Saharan Africa, Western Asia |
| ``m49-intermediate`` | ``m49_intermediate_region`` | e.g. Western Africa, Caribbean |
| ``icann`` | ``icann_region`` | ICANN's five geographic regions |
| ``file:PATH`` | the second heading of the file | the body's own regions |

A mapping file is a CSV with two columns: ``country`` (any spelling composer accepts) and the
region, under a heading that names the new column (e.g. ``wmo_region``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from pydantic import BaseModel, ConfigDict, field_validator

from composer.errors import NominationsError, Problem, suggest
from composer.inputs import reference
from composer.inputs.columns import normalise_column

#: Built-in schemes and the column each derives.
SCHEME_COLUMNS = {
    "un": "region",
    "m49": "m49_region",
    "m49-subregion": "m49_subregion",
    "m49-intermediate": "m49_intermediate_region",
    "icann": "icann_region",
}
#: What each built-in scheme is, in words (for the Run sheet, JSON and docs).
SCHEME_NAMES = {
    "un": "UN regional groups",
    "m49": "UN M49 regions",
    "m49-subregion": "UN M49 sub-regions",
    "m49-intermediate": "UN M49 intermediate regions",
    "icann": "ICANN geographic regions",
}
#: Schemes whose column every pool with a country column has (as before region schemes).
ALWAYS = ("un", "m49")
ICANN_REGIONS = (
    "Africa",
    "Asia/Australia/Pacific",
    "Europe",
    "Latin America/Caribbean Islands",
    "North America",
)
_FILE = "file:"


def _check_scheme(text: str) -> str:
    scheme = text.strip()
    if scheme.casefold().startswith(_FILE):
        if not scheme[len(_FILE) :].strip():
            raise ValueError("'file:' needs a path, e.g. \"file:regions.csv\"")
        return _FILE + scheme[len(_FILE) :].strip()
    key = scheme.casefold().replace("_", "-")
    if key not in SCHEME_COLUMNS:
        near = suggest(key, list(SCHEME_COLUMNS))
        hint = f"did you mean '{near}'? " if near else ""
        raise ValueError(
            f"unknown region scheme '{text}': {hint}use one of "
            + ", ".join(SCHEME_COLUMNS)
            + ', or "file:PATH.csv" for your own mapping'
        )
    return key


class GeographySpec(BaseModel):
    """The scenario's ``[geography]`` table: which region schemes to derive from ``country``."""

    model_config = ConfigDict(extra="forbid")

    regions: list[str] = ["un"]

    @field_validator("regions", mode="before")
    @classmethod
    def _one_or_many(cls, value: object) -> object:
        if isinstance(value, str):
            return [value]
        return value

    @field_validator("regions")
    @classmethod
    def _known(cls, value: list[str]) -> list[str]:
        schemes = [_check_scheme(v) for v in value]
        if len(set(schemes)) < len(schemes):
            raise ValueError("a region scheme is listed twice: list each scheme once")
        return schemes

    def anchored(self, base: Path | None) -> GeographySpec:
        """A copy whose ``file:`` paths are absolute, from ``base`` (the scenario's folder)."""
        if base is None:
            return self
        resolved = []
        for scheme in self.regions:
            if scheme.startswith(_FILE) and not Path(scheme[len(_FILE) :]).is_absolute():
                scheme = _FILE + str(base / scheme[len(_FILE) :])
            resolved.append(scheme)
        return GeographySpec(regions=resolved)


@dataclass(frozen=True)
class Mapping:
    """A region scheme ready to apply: the column it derives and its value by ISO alpha-3."""

    scheme: str
    column: str
    description: str
    region_of: dict[str, str]


@cache
def _icann() -> dict[str, str]:
    path = resources.files("composer.inputs").joinpath("data/icann_regions.csv")
    rows = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline=""))
    return {row["iso3"]: row["icann_region"] for row in rows}


def _builtin(scheme: str) -> Mapping:
    column = SCHEME_COLUMNS[scheme]
    if scheme == "icann":
        table = _icann()
    else:
        source = {"un": "un_regional_group"}.get(scheme, column)
        table = {row["iso3"]: row[source] for row in reference.places()}
    return Mapping(scheme, column, SCHEME_NAMES[scheme], table)


def read_mapping_file(path: Path, taken: Iterable[str] = ()) -> Mapping:
    """Read a ``country,<column>`` CSV; every problem (unknown country, repeat) is reported."""
    name = str(path)
    if not path.exists():
        raise NominationsError(
            f"{name}: region mapping file not found",
            [Problem("no such file", fix="check the path after 'file:' in [geography]", file=name)],
        )
    text = path.read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header = [normalise_column(c) for c in rows[0]] if rows else []
    if len(header) != 2 or header[0] != "country" or not header[1]:
        raise NominationsError(
            f"{name}: a region mapping needs two columns",
            [
                Problem(
                    f"the header row is {', '.join(rows[0]) if rows else 'empty'}",
                    fix="write a header 'country,<region column>' (e.g. country,wmo_region), "
                    "then one row per country",
                    file=name,
                    row=1,
                )
            ],
        )
    column = header[1]
    if column in set(taken):
        raise NominationsError(
            f"{name}: the column '{column}' already exists",
            [
                Problem(
                    f"the nominations or another scheme already have '{column}'",
                    fix=f"name the region column something else than '{column}'",
                    file=name,
                    row=1,
                    column=column,
                )
            ],
        )
    problems: list[Problem] = []
    region_of: dict[str, str] = {}
    first: dict[str, int] = {}
    for number, row in enumerate(rows[1:], start=2):
        cells = [c.strip() for c in row] + ["", ""]
        country, region = cells[0], cells[1]
        if not country and not region:
            continue
        iso3 = reference.resolve_country(country) if country else None
        if iso3 is None:
            near = reference.nearest_country(country) if country else None
            problems.append(
                Problem(
                    f"unknown country '{country}'" if country else "the country is empty",
                    fix=(f"did you mean {near}? " if near else "")
                    + "use an ISO alpha-3 or alpha-2 code or the English name",
                    file=name,
                    row=number,
                    column="country",
                )
            )
            continue
        if not region:
            problems.append(
                Problem(
                    f"no region for '{country}'",
                    fix=f"write the {column} of {country}, or delete the row",
                    file=name,
                    row=number,
                    column=column,
                )
            )
        elif iso3 in first and region_of[iso3] != region:
            problems.append(
                Problem(
                    f"'{country}' is mapped twice: '{region_of[iso3]}' (row {first[iso3]}) "
                    f"and '{region}'",
                    fix="keep one row per country",
                    file=name,
                    row=number,
                    column="country",
                )
            )
        else:
            region_of[iso3] = region
            first.setdefault(iso3, number)
    if problems:
        raise NominationsError(
            f"{name}: {len(problems)} problem(s) in the region mapping", problems
        )
    return Mapping(_FILE + name, column, f"regions from {path.name}", region_of)


def mappings(spec: GeographySpec | None, taken: Iterable[str] = ()) -> list[Mapping]:
    """The schemes to apply: ``un`` and ``m49`` always, then those the scenario lists."""
    wanted = list(ALWAYS) + [s for s in (spec.regions if spec else []) if s not in ALWAYS]
    found: list[Mapping] = []
    used = set(taken)
    for scheme in wanted:
        if scheme.startswith(_FILE):
            mapping = read_mapping_file(Path(scheme[len(_FILE) :]), used)
        else:
            mapping = _builtin(scheme)
        used.add(mapping.column)
        found.append(mapping)
    return found


def unmapped(mapping: Mapping, countries: Iterable[str]) -> list[str]:
    """The ISO alpha-3 codes among ``countries`` that ``mapping`` gives no region."""
    return sorted({c for c in countries if c and not mapping.region_of.get(c)})


def scheme_of_column(column: str) -> str | None:
    """The built-in scheme that derives ``column`` (``icann_region`` -> ``icann``), if any."""
    return next((s for s, c in SCHEME_COLUMNS.items() if c == column), None)
