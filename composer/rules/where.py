"""``where``: which members a rule counts, as tests on columns.

A ``where`` table maps a column to a test::

    where = { stakeholder_group = "government" }             # one value
    where = { stakeholder_group = ["government", "igo"] }    # any of these values
    where = { country = { not = ["CHE", "FRA"] } }           # any value but these
    where = { age = { lt = 35 } }                            # numbers: lt, le, gt, ge
    where = { age = { ge = 18, lt = 35 } }                   # all the tests hold

A member matches when every test holds.  Each test becomes one condition (a range is
two), written in rule names as ``country=A|B``, ``country!=A|B``, ``age<35``, ``age>=18``.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, Literal, NamedTuple

import numpy as np

Op = Literal["in", "not", "lt", "le", "gt", "ge"]
#: The keys of a test table, in the order rule names list them.
TABLE_KEYS: tuple[str, ...] = ("not", "gt", "ge", "lt", "le")
COMPARISONS = ("gt", "ge", "lt", "le")
_SYMBOL = {"in": "=", "not": "!=", "lt": "<", "le": "<=", "gt": ">", "ge": ">="}
_ORDER = {"in": 0, "not": 1, "gt": 2, "ge": 3, "lt": 4, "le": 5}
#: Comparisons with a number past this are refused (CP-SAT and floats never see them, but a
#: cell read as float must compare exactly).
_LARGEST = Decimal("1e15")


class Condition(NamedTuple):
    """One test of a ``where``: ``column`` against ``values`` (one number for comparisons)."""

    column: str
    op: Op
    values: tuple[str, ...]

    @property
    def is_number(self) -> bool:
        """Whether the test compares numbers."""
        return self.op in COMPARISONS


Where = tuple[Condition, ...]


def number(text: object) -> Decimal | None:
    """A cell as an exact decimal, or None when it is not a finite number (empty is None)."""
    raw = str(text).strip().replace(" ", "")
    if not raw:
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _number_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def check_where(raw: Any) -> Any:
    """Validate a raw ``where`` table before pydantic reads it; clear messages for people."""
    if not isinstance(raw, Mapping):
        return raw  # pydantic says it is not a table
    for column, test in raw.items():
        if isinstance(test, str | list):
            if isinstance(test, list) and not test:
                raise ValueError(f"where {column} = [] matches nobody; list at least one value")
            continue
        if not isinstance(test, Mapping):
            raise ValueError(
                f"where {column} must be a value, a list of values or a table such as "
                "{ not = [...] } or { lt = 35 }"
            )
        _check_table(str(column), test)
    return raw


def _check_table(column: str, test: Mapping[str, Any]) -> None:
    unknown = [k for k in test if k not in TABLE_KEYS]
    if unknown:
        raise ValueError(
            f"where {column}: unknown test '{unknown[0]}'; a test table takes not (values), "
            "lt, le, gt, ge (numbers); write a list for 'any of these values'"
        )
    if not test:
        raise ValueError(f"where {column} = {{}} tests nothing; write not, lt, le, gt or ge")
    if "not" in test:
        values = test["not"]
        if isinstance(values, str):
            values = [values]
        if (
            not isinstance(values, list)
            or not values
            or not all(isinstance(v, str) for v in values)
        ):
            raise ValueError(f"where {column}: not takes a value or a list of values (text)")
    bounds: dict[str, Decimal] = {}
    for key in COMPARISONS:
        if key not in test:
            continue
        value = test[key]
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(
                f"where {column}: {key} takes a number, such as {key} = 35, not {value!r}"
            )
        exact = Decimal(_number_text(value))
        if not exact.is_finite() or abs(exact) >= _LARGEST:
            raise ValueError(f"where {column}: {key} = {value} is not a number composer can use")
        bounds[key] = exact
    low = [(bounds[k], k) for k in ("gt", "ge") if k in bounds]
    high = [(bounds[k], k) for k in ("lt", "le") if k in bounds]
    for a, ka in low:
        for b, kb in high:
            if a > b or (a == b and (ka == "gt" or kb == "lt")):
                raise ValueError(
                    f"where {column}: {ka} = {_number_text(test[ka])} and "
                    f"{kb} = {_number_text(test[kb])} leave no number; check the range"
                )


def where_items(where: Mapping[str, Any]) -> Where:
    """A ``where`` table as sorted, hashable tests."""
    tests: list[Condition] = []
    for column, test in where.items():
        if isinstance(test, str):
            tests.append(Condition(column, "in", (test,)))
        elif isinstance(test, list | tuple):
            tests.append(Condition(column, "in", tuple(str(v) for v in test)))
        else:
            for key in TABLE_KEYS:
                if key not in test:
                    continue
                value = test[key]
                if key == "not":
                    values = (value,) if isinstance(value, str) else tuple(value)
                    tests.append(Condition(column, "not", values))
                else:
                    tests.append(Condition(column, key, (_number_text(value),)))  # type: ignore[arg-type]
    return tuple(sorted(tests, key=lambda t: (t.column, _ORDER[t.op], t.values)))


def condition_text(test: Condition) -> str:
    """``country=A|B``, ``country!=A|B``, ``age<35``."""
    return f"{test.column}{_SYMBOL[test.op]}{'|'.join(test.values)}"


def where_text(where: Where) -> str:
    """The tests joined for rule names and tables: ``stakeholder_group=government, age<35``."""
    return ", ".join(condition_text(t) for t in where)


def matches(test: Condition, text: object) -> bool:
    """Whether one cell passes ``test`` (a cell that is no number fails a comparison)."""
    if test.op == "in":
        return str(text) in test.values
    if test.op == "not":
        return str(text) not in test.values
    value = number(text)
    if value is None:
        return False
    limit = Decimal(test.values[0])
    if test.op == "lt":
        return value < limit
    if test.op == "le":
        return value <= limit
    if test.op == "gt":
        return value > limit
    return value >= limit


def condition_mask(test: Condition, texts: np.ndarray) -> np.ndarray:
    """``matches`` over an array of cells."""
    if test.op == "in":
        return np.isin(texts.astype(str), list(test.values))
    if test.op == "not":
        return ~np.isin(texts.astype(str), list(test.values))
    return np.fromiter((matches(test, t) for t in texts), dtype=bool, count=len(texts))


def where_mask(where: Where, text_of: Any, n: int) -> np.ndarray:
    """Rows that pass every test; ``text_of(column)`` gives a column's cells as an array."""
    mask = np.ones(n, dtype=bool)
    for test in where:
        mask &= condition_mask(test, np.asarray(text_of(test.column), dtype=object))
    return mask


def where_columns(where: Mapping[str, Any]) -> list[str]:
    """The columns a ``where`` table reads by value (not those it only compares as numbers,
    which a seat-by-seat breakdown would list one number at a time)."""
    return [c for c, test in where.items() if not isinstance(test, Mapping) or "not" in test]
