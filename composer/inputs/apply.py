"""Apply a scenario's reading instructions to a pool being loaded.

Two things happen here, after the rows are validated:

* each column with a vocabulary (composer's built-in one, or the body's own ``values`` and
  ``aliases``) has its cells written in the vocabulary's spelling; a cell that matches no value
  is **kept as written** and reported once per value as a warning on the pool;
* the region schemes of ``[geography]`` derive their columns from ``country``; a nominee from a
  place a built-in scheme does not cover gets an empty value and a warning, and a nominee from
  a country that the user's mapping file lacks is an error.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from composer.errors import NominationsError, Problem
from composer.inputs import geography, reference, vocabulary
from composer.inputs.column_spec import ColumnSpec
from composer.inputs.columns import MULTI_VALUED, NUMERIC, YES_NO_COLUMNS, normalise_column
from composer.inputs.vocabularies import Vocabulary, vocabulary_for

if TYPE_CHECKING:
    from composer.inputs.nominations import Pool

#: column -> value as written -> the rows that hold it
Unknown = dict[str, dict[str, list[int]]]
_NO_VOCABULARY = {"id", "name", "country", *NUMERIC, *YES_NO_COLUMNS}
_SHOWN_ROWS = 5


def vocabularies(
    present: Iterable[str], columns: Mapping[str, ColumnSpec]
) -> dict[str, Vocabulary]:
    """The vocabulary of every present column that has one (built-in or declared)."""
    specs = {normalise_column(name): spec for name, spec in columns.items()}
    found: dict[str, Vocabulary] = {}
    for column in present:
        if column in _NO_VOCABULARY:
            continue
        vocab = vocabulary_for(column, specs.get(column))
        if vocab is not None:
            found[column] = vocab
    return found


def read_values(
    cells: dict[str, str], row: int, vocabs: Mapping[str, Vocabulary], unknown: Unknown
) -> None:
    """Write the cells of one row in their vocabulary's spelling; note the unknown ones."""
    for column, vocab in vocabs.items():
        text = cells.get(column, "")
        parts = vocabulary.split_multi(text) if column in MULTI_VALUED else (text,)
        values = []
        for part in parts:
            value, known = vocab.resolve(part)
            if not known and value:
                unknown.setdefault(column, {}).setdefault(value, []).append(row)
            values.append(value)
        cells[column] = "; ".join(values) if column in MULTI_VALUED else values[0]


def rows_text(rows: list[int]) -> str:
    """'row 4' or 'rows 4, 5, 9, 12, 15 and 3 more'."""
    return _rows(rows)


def _rows(rows: list[int]) -> str:
    shown = ", ".join(str(r) for r in rows[:_SHOWN_ROWS])
    more = f" and {len(rows) - _SHOWN_ROWS} more" if len(rows) > _SHOWN_ROWS else ""
    return f"row{'s' if len(rows) > 1 else ''} {shown}{more}"


def unknown_value_warnings(
    unknown: Unknown, vocabs: Mapping[str, Vocabulary], source: str
) -> list[Problem]:
    """One warning per unknown value, in column and value order, naming its rows."""
    warnings = []
    for column in sorted(unknown):
        vocab = vocabs[column]
        kind = "the declared values" if vocab.declared else "composer's built-in values"
        for value in sorted(unknown[column]):
            rows = unknown[column][value]
            warnings.append(
                Problem(
                    f"{column} '{value}' is not one of {kind}; kept as written ({_rows(rows)})",
                    fix=vocab.fix(value),
                    file=source,
                    row=rows[0],
                    column=column,
                )
            )
    return warnings


def _place(iso3: str) -> str:
    return f"{reference.country_name(iso3)} ({iso3})"


def apply_geography(pool: Pool, spec: geography.GeographySpec | None) -> None:
    """Add the region columns of ``spec`` to ``pool`` and record the scheme of each."""
    table = pool.table
    asked = [s for s in (spec.regions if spec else []) if s not in geography.ALWAYS]
    if "country" not in table.columns:
        if asked:
            pool.warnings.append(
                Problem(
                    f"[geography] regions asks for {', '.join(asked)}, but the nominations "
                    "have no country column: no region column is derived",
                    fix="add a country column, or remove [geography] from the scenario",
                    file=pool.source,
                )
            )
        return
    derived = set(reference.DERIVED_COLUMNS)
    taken = [c for c in table.columns if c not in derived]
    for mapping in geography.mappings(spec, taken):
        column = mapping.column
        if column not in table.columns:
            table[column] = [mapping.region_of.get(str(c), "") for c in table["country"]]
        pool.region_schemes[column] = mapping.description
        empty = table[column].astype(str) == ""
        missing = geography.unmapped(mapping, table.loc[empty, "country"].astype(str))
        if not missing:
            continue
        rows = {
            iso3: [pool.row_of[str(i)] for i in table.index[table["country"] == iso3]]
            for iso3 in missing
        }
        if mapping.scheme.startswith("file:"):
            file = mapping.scheme.removeprefix("file:")
            raise NominationsError(
                f"{pool.source}: {len(missing)} countr{'y' if len(missing) == 1 else 'ies'} "
                f"missing from the region mapping {file}",
                [
                    Problem(
                        f"{_place(iso3)} has no {column} in the mapping ({_rows(rows[iso3])})",
                        fix=f"add a row '{iso3},<{column}>' to {file}",
                        file=pool.source,
                        row=rows[iso3][0],
                        column="country",
                    )
                    for iso3 in missing
                ],
            )
        places = ", ".join(_place(iso3) for iso3 in missing)
        also = " (nor developing, LDC, LLDC or SIDS status)" if column == "region" else ""
        pool.warnings.append(
            Problem(
                f"no {mapping.description} for {places}{also}: their {column} is left empty",
                fix='choose a scheme that covers them in [geography] regions (e.g. "m49" or '
                '"icann"), a mapping file ("file:regions.csv"), or a column in the file',
                file=pool.source,
                row=min(r for found in rows.values() for r in found),
                column="country",
            )
        )
