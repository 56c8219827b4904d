"""How the workbook and the statement mark ex-officio members (``members.ex_officio``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from composer.rules.roles import named_roles

if TYPE_CHECKING:
    from composer.engine.result import Result

#: The Seat column's values.
SELECTED = "selected"
EX_OFFICIO = "ex officio (not counted in the rules)"
EX_OFFICIO_COUNTED = "ex officio (counted in the rules)"


def seat_of(result: Result, ident: str) -> str:
    """Why ``ident`` sits in the body: selected, ex officio (counted or not), or holding a
    role outside the selection."""
    members = result.scenario.members
    for role, ids in result.outside_holders.items():
        if ident in ids:
            return f"role {role} (outside the selection)"
    if ident not in members.ex_officio:
        return SELECTED
    return EX_OFFICIO_COUNTED if members.ex_officio_counted else EX_OFFICIO


def with_seats(result: Result, frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` (with an id column) with a Seat column after the name, when the scenario
    has ex-officio members or roles outside the selection; unchanged otherwise."""
    if not (result.scenario.members.ex_officio or result.outside_holders) or frame.empty:
        return frame
    id_column = "id" if "id" in frame.columns else "Id"
    seats = [seat_of(result, str(i)) for i in frame[id_column]]
    after = next((c for c in ("name", "Name") if c in frame.columns), id_column)
    out = frame.copy()
    out.insert(list(out.columns).index(after) + 1, "Seat", seats)
    return out


def ex_officio_text(result: Result) -> str:
    """'Name (id), ...' of the ex-officio members, or '' when there are none."""
    return people_text(result, list(result.scenario.members.ex_officio))


def people_text(result: Result, ids: list[str]) -> str:
    """'Name (id), ...' of ``ids`` (the ids alone when the nominations have no names)."""
    table = result.pool.table
    if "name" not in table.columns:
        return ", ".join(ids)
    names = [str(table.at[i, "name"]) for i in ids]
    return ", ".join(f"{name} ({i})" for name, i in zip(names, ids, strict=True))


def with_roles(result: Result, frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` (with an id column) with a Role column after the name, when the scenario has
    roles whose holders it names (``[[role]]``, not ``filled_later``); unchanged otherwise."""
    if not named_roles(result.scenario.role) or frame.empty:
        return frame
    holds = {i: name for name, ids in result.roles.items() for i in ids}
    id_column = "id" if "id" in frame.columns else "Id"
    after = next((c for c in ("name", "Name") if c in frame.columns), id_column)
    out = frame.copy()
    out.insert(
        list(out.columns).index(after) + 1, "Role", [holds.get(str(i), "") for i in out[id_column]]
    )
    return out
