"""Dates stay dates: a column of date cells keeps date values, not their text.

A workbook's date cells (and, in any file, cells written as ISO dates ``2026-03-01``) are read
as text for validation like every cell (``2026-03-01``, or ``2026-03-01T09:30:00`` with a
time).  An extra column whose every filled cell is such a date then holds
:class:`datetime.date` (or :class:`datetime.datetime`) values in ``Pool.table``, so a
workbook written from the pool shows dates, not text.  Built-in columns are never dates.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from composer.inputs.columns import KNOWN

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?$")


def date_text(value: date) -> str:
    """A date as ISO text: the day alone when a date-time is at midnight."""
    if isinstance(value, datetime):
        if (value.hour, value.minute, value.second, value.microsecond) == (0, 0, 0, 0):
            return value.date().isoformat()
        return value.isoformat(timespec="seconds")
    return value.isoformat()


def _parse(text: str) -> date | None:
    if not _ISO_DATE.match(text):
        return None
    try:
        found = datetime.fromisoformat(text)
    except ValueError:
        return None
    return found if "T" in text else found.date()


def date_columns(records: Sequence[dict[str, str]], columns: Sequence[str]) -> dict[str, list[Any]]:
    """Extra columns whose every filled cell is an ISO date, with their values as dates."""
    found: dict[str, list[Any]] = {}
    for column in columns:
        if column in KNOWN:
            continue
        values: list[Any] = []
        filled = False
        for record in records:
            text = record.get(column, "")
            if not text:
                values.append("")
                continue
            parsed = _parse(text)
            if parsed is None:
                break
            filled = True
            values.append(parsed)
        else:
            if filled:
                found[column] = values
    return found
