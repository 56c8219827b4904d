"""The values a column may hold: composer's built-in spellings or the body's own declared list.

```toml
[columns.stakeholder_group]
values = ["government", "academia", "technical community", "civil society", "labour"]
aliases = { "Govt" = "government", "Trade union" = "labour" }
```

With ``values`` declared, the body's list replaces composer's built-in one for that column:
a cell matches a declared value or an alias (case, spaces, hyphens and underscores ignored),
or a built-in spelling whose built-in value is declared (``Govt`` -> ``government``).  Any
other cell is **kept as written** and reported as a warning, never renamed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from composer.inputs import vocabulary
from composer.inputs.column_spec import ColumnSpec

#: Columns with composer's own list of values (used when a scenario declares none).
BUILT_IN = {"stakeholder_group": vocabulary.STAKEHOLDER_GROUPS, "gender": vocabulary.GENDERS}
#: Multi-valued columns hold ';'-separated parts, compared case-folded.
_MULTI = ("expertise", "languages")


def _part(column: str, text: str) -> str:
    """A value as the column stores it: multi-valued parts are case-folded."""
    if column in _MULTI:
        parts = vocabulary.split_multi(text)
        return parts[0] if parts else ""
    return " ".join(text.split())


@dataclass(frozen=True)
class Vocabulary:
    """How the cells of one column are read: spelling -> value, and whether a list is closed."""

    column: str
    values: tuple[str, ...]  # the declared or built-in values; empty for an open column
    spellings: dict[str, str]  # folded spelling -> value
    declared: bool  # the scenario declared ``values``

    def resolve(self, text: str) -> tuple[str, bool]:
        """``(value, known)``: the value of a cell, and whether it is a known one.

        An unknown cell comes back as written (spaces trimmed), never renamed.
        """
        found = self.spellings.get(vocabulary.fold(text))
        if found is not None:
            return found, True
        return _part(self.column, text), not self.values

    def fix(self, text: str) -> str:
        """How to make ``text`` a known value (for the warning)."""
        table = f"[columns.{self.column}]"
        if self.declared:
            return f'add it to {table} values, or map it: aliases = {{ "{text}" = "..." }}'
        return (
            f"use one of {', '.join(self.values)}, map it with {table} "
            f'aliases = {{ "{text}" = "..." }}, or declare the body\'s own values'
        )


def vocabulary_for(column: str, spec: ColumnSpec | None) -> Vocabulary | None:
    """The vocabulary of ``column`` (None for a free-text column with nothing declared)."""
    values = spec.values if spec is not None else None
    aliases = spec.aliases if spec is not None else {}
    builtin = BUILT_IN.get(column)
    if values is None and builtin is None and not aliases:
        return None
    spellings: dict[str, str] = {}
    if values is not None:
        kept = tuple(_part(column, v) for v in values)
        table = vocabulary.spellings(column)
        by_fold = {vocabulary.fold(v): v for v in kept}
        for spelling, canonical in table.items():  # built-in spellings of declared values
            if vocabulary.fold(canonical) in by_fold:
                spellings[spelling] = by_fold[vocabulary.fold(canonical)]
        spellings.update(by_fold)
    elif builtin is not None:
        kept = builtin
        spellings.update(vocabulary.spellings(column))
    else:
        kept = ()
    targets = {vocabulary.fold(v): v for v in kept}
    for alias, target in aliases.items():
        spellings[vocabulary.fold(alias)] = targets.get(vocabulary.fold(target), target)
    return Vocabulary(column, kept, spellings, values is not None)


def check_columns(columns: Mapping[str, ColumnSpec]) -> list[str]:
    """Problems with declared values and aliases: repeats, and aliases to undeclared values."""
    problems: list[str] = []
    for column, spec in columns.items():
        table = f"[columns.{column}]"
        if spec.separator is not None and not spec.separator.strip(" "):
            problems.append(
                f'{table} separator is empty: write ";", ",", "/", "newline" or "auto", '
                "or delete the key"
            )
        if spec.internal and column == "id":
            problems.append(
                f"{table} internal = true: the id names every row in every output, so it "
                "cannot be internal; delete the key (mark other columns internal instead)"
            )
        if spec.heading is not None and not spec.heading.strip():
            problems.append(f"{table} heading is empty: write the file's heading, or delete it")
        declared: tuple[str, ...] | None = None
        if spec.values is not None:
            if not spec.values:
                problems.append(f"{table} values is empty: list the values, or delete the key")
            seen: dict[str, str] = {}
            for value in spec.values:
                if not value.strip():
                    problems.append(f"{table} values has an empty value: delete it")
                    continue
                key = vocabulary.fold(value)
                if key in seen:
                    same = "" if seen[key] == value else f" (as '{seen[key]}')"
                    problems.append(
                        f"{table} values lists '{value}' twice{same}: list each value once"
                    )
                seen.setdefault(key, value)
            declared = tuple(spec.values)
        elif column in BUILT_IN:
            declared = BUILT_IN[column]
        known = {vocabulary.fold(v) for v in declared} if declared is not None else None
        spellings: dict[str, str] = {}
        for alias, target in spec.aliases.items():
            if known is not None and vocabulary.fold(target) not in known:
                where = "values" if spec.values is not None else "built-in values"
                problems.append(
                    f"{table} aliases maps '{alias}' to '{target}', which is not one of its "
                    f"{where} ({', '.join(declared or ())}): add '{target}' to values, "
                    "or map the alias to a listed value"
                )
            key = vocabulary.fold(alias)
            if key in spellings and vocabulary.fold(spellings[key]) != vocabulary.fold(target):
                problems.append(
                    f"{table} aliases maps '{alias}' twice ('{spellings[key]}' and '{target}'): "
                    "keep one"
                )
            spellings.setdefault(key, target)
    return problems
