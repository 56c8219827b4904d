"""Likely duplicate people: the same person nominated twice, by different bodies, under new ids.

Two nominations are suspected to be one person when they have

* the same name once case, accents and spaces are set aside (``Nguyễn  Văn An`` is
  ``nguyen van an``) and the same country (or the same name, when the file has no country), or
* the same email address (a column whose heading says email, case set aside), or
* ids equal but for case (``N-001`` and ``n-001``).

Each group of suspects is reported as a warning with its rows and ids; nothing is dropped.
The derived column ``duplicate_group`` holds, for every nominee, the smallest id among their
suspected nominations (their own id when they have none), so a scenario can keep at most
one of each with ``[[cap]] column = "duplicate_group"`` and ``max_each = 1``; it is added
when a scenario names it (a file's own ``duplicate_group`` column is used as it is).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

import pandas as pd

from composer.errors import Problem

#: The derived column naming each suspected person.
COLUMN = "duplicate_group"
_SHOWN = 6


def person_key(name: str) -> str:
    """A name with case, accents and repeated spaces set aside."""
    if not name.isascii():
        name = unicodedata.normalize("NFKD", name)
        name = "".join(c for c in name if not unicodedata.combining(c))
    return " ".join(name.casefold().split())


def email_columns(columns: Sequence[str]) -> list[str]:
    """The columns whose heading says they hold email addresses."""
    return [c for c in columns if re.search(r"(^|_)e_?mail(s)?($|_)", c)]


class _Groups:
    """Union-find over ids, with the reasons that joined them."""

    def __init__(self, ids: Sequence[str]) -> None:
        self.parent = {i: i for i in ids}
        self.reasons: dict[str, list[str]] = {}

    def find(self, ident: str) -> str:
        while self.parent[ident] != ident:
            self.parent[ident] = self.parent[self.parent[ident]]
            ident = self.parent[ident]
        return ident

    def join(self, members: Sequence[str], reason: str) -> None:
        roots = sorted({self.find(m) for m in members})
        keep = roots[0]
        for root in roots[1:]:
            self.parent[root] = keep
            self.reasons.setdefault(keep, []).extend(self.reasons.pop(root, []))
        self.reasons.setdefault(keep, []).append(reason)


def _link(groups: _Groups, ids: Sequence[str], keys: Sequence[str], what: str) -> None:
    by_key: dict[str, list[str]] = {}
    for ident, key in zip(ids, keys, strict=True):
        if key:
            by_key.setdefault(key, []).append(ident)
    for key, members in sorted(by_key.items()):
        if len(members) > 1:
            groups.join(members, what.format(key=key))


def find_duplicates(
    table: pd.DataFrame,
    row_of: dict[str, int],
    source: str,
    wanted: bool,
    headings: dict[str, str] | None = None,
    person: str | None = None,
) -> list[Problem]:
    """Warn of each group of suspected duplicates; add ``duplicate_group`` when ``wanted``.

    Rows the scenario's ``person`` column joins are one person by declaration: a group whose
    rows all name one person there is not warned of (one that mixes persons still is).
    """
    if COLUMN in table.columns:  # the file's own column: used as it is
        return []
    ids = [str(i) for i in table.index]
    groups = _Groups(ids)
    if "name" in table.columns:
        names = [person_key(str(v)) for v in table["name"]]
        if "country" in table.columns:
            countries = [str(v) for v in table["country"]]
            keys = [f"{n}|{c}" if n else "" for n, c in zip(names, countries, strict=True)]
            _link(groups, ids, keys, "same name and country ({key})")
        else:
            _link(groups, ids, names, "same name ({key})")
    _link(groups, ids, [" ".join(i.casefold().split()) for i in ids], "ids equal but for case")
    for column in email_columns(list(table.columns)):
        emails = [str(v).strip().casefold() for v in table[column]]
        heading = (headings or {}).get(column, column)
        _link(groups, ids, emails, f"same {heading} ({{key}})")
    members: dict[str, list[str]] = {}
    for ident in ids:
        members.setdefault(groups.find(ident), []).append(ident)
    declared = (
        [str(v).strip() or i for i, v in zip(ids, table[person], strict=True)]
        if person is not None and person in table.columns
        else ids
    )
    who = dict(zip(ids, declared, strict=True))
    suspects = {
        root: sorted(m)
        for root, m in members.items()
        if len(m) > 1 and len({who[i] for i in m}) > 1
    }
    if wanted:
        table[COLUMN] = [min(members[groups.find(i)]) for i in ids]
    warnings = []
    for root in sorted(suspects, key=lambda r: min(row_of.get(i, 0) for i in suspects[r])):
        group = sorted(suspects[root], key=lambda i: row_of.get(i, 0))
        shown = ", ".join(f"{i} (row {row_of[i]})" for i in group[:_SHOWN] if i in row_of)
        more = f" and {len(group) - _SHOWN} more" if len(group) > _SHOWN else ""
        reasons = "; ".join(dict.fromkeys(r.replace("|", ", ") for r in groups.reasons[root]))
        warnings.append(
            Problem(
                f"nominations {shown}{more} look like the same person: {reasons}",
                fix="if they are, keep one row, or add [[cap]] column = \"duplicate_group\" "
                "max_each = 1 to the scenario so that at most one is chosen "
                f"(their duplicate_group is {min(group)})",
                file=source,
                row=row_of.get(group[0]),
                column="name" if "name" in table.columns else None,
            )
        )
    return warnings
