"""A conflict found without a solver: the rules that cannot all hold, why, and what to change;
and the rows of a table a rule's ``where`` counts."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from composer.rules.where import Where, where_mask


@dataclass(frozen=True)
class Conflict:
    """Rules that cannot all hold, why, and changes that would resolve it."""

    rules: list[str]
    reason: str
    advice: list[str] = field(default_factory=list)
    minimal: bool = True


def _mask(table: pd.DataFrame, where: Where) -> pd.Series:
    """Which rows of ``table`` pass every test of ``where``."""
    texts = {c.column: table[c.column].astype(str).to_numpy(dtype=object) for c in where}
    return pd.Series(where_mask(where, texts.__getitem__, len(table)), index=table.index)
