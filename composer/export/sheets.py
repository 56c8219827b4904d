"""The content of each sheet of the shortlist workbook, as plain tables (no formatting).

``composer.export.excel`` lays these out; keeping them apart lets tests and notebooks look at
exactly what a sheet will hold.  Values are final: yes/no as 'Yes'/'No', shares as fractions
(formatted as percentages by the writer), empty cells as ``None``.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from composer.export.charts import coverage_areas
from composer.export.seats import with_roles, with_seats
from composer.inputs import reference
from composer.inputs.nominations import KNOWN, NUMERIC, YES_NO_COLUMNS
from composer.rules.labels import (
    FAMILY_LABELS,
    VALUE_ORDER,
    column_label,
    ordered,
    value_label,
    yes_no,
)
from composer.rules.shown import shown_columns

if TYPE_CHECKING:
    from composer.engine.result import Result

#: Contract columns first, in this order; the country's name right after its code.
LEADING = (
    "id",
    "name",
    "country",
    "country_name",
    *[c for c in KNOWN if c not in ("id", "name", "country")],
)
#: Columns summarised first on the Summary sheet (when the scenario's rules use them).
HEADLINE_COLUMNS = ("stakeholder_group", "region", "gender", "developing")
BALANCE_COLUMNS = (
    "Rule",
    "Kind",
    "Column",
    "Value",
    "Among",
    "Bound",
    "Achieved",
    "Of",
    "Share",
    "Status",
    "Soft",
    "Weight",
    "Shortfall",
)


def _number(value: Any) -> Any:
    """Integral floats as ints (so 80.0 shows as 80); missing values as None."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _rank(column: str, values: pd.Series) -> pd.Series:
    order = {v: i for i, v in enumerate(VALUE_ORDER.get(column, ()))}
    return values.astype(str).map(lambda v: order.get(v, len(order)))


def nominee_frame(result: Result, ids: list[str]) -> pd.DataFrame:
    """Nominees with every attribute, contract column names first, sorted for reading.

    Sorted by stakeholder group, then UN regional group (in the usual order), then highest
    score, then name.  Yes/no columns read 'Yes'/'No'; ``country_name`` is added after
    ``country`` (the ISO code) unless the pool already has it.
    """
    table = result.pool.table.loc[ids]
    frame = pd.DataFrame({"id": [str(i) for i in table.index]})
    for column in table.columns:
        frame[str(column)] = table[column].to_numpy()
    if "country" in frame and "country_name" not in frame:
        names = {row["iso3"]: row["name"] for row in reference.places()}
        frame["country_name"] = [names.get(str(c), "") for c in frame["country"]]
    for column in frame.columns:
        if column in NUMERIC or pd.api.types.is_numeric_dtype(frame[column]):
            frame[column] = pd.Series([_number(v) for v in frame[column]], dtype=object)
        elif column in YES_NO_COLUMNS or _is_yes_no(frame[column]):
            frame[column] = [yes_no(v) for v in frame[column]]
    keys = []
    for column in ("stakeholder_group", "region"):
        if column in frame:
            frame[f"__{column}"] = _rank(column, frame[column])
            keys += [f"__{column}", column]
    if "score" in frame:
        frame["__score"] = [-(v or 0) for v in frame["score"]]
        keys.append("__score")
    keys += [c for c in ("name", "id") if c in frame]
    frame = frame.sort_values(keys, kind="stable").drop(columns=[k for k in keys if k[:2] == "__"])
    first = [c for c in LEADING if c in frame.columns]
    return frame[first + [c for c in frame.columns if c not in first]].reset_index(drop=True)


def _is_yes_no(series: pd.Series) -> bool:
    values = {str(v).strip().casefold() for v in series.dropna().unique()}
    return bool(values) and values <= {"yes", "no"}


def shortlist_frame(result: Result, extra: pd.DataFrame | None = None) -> pd.DataFrame:
    """The Shortlist sheet: the selected members (readable back as nominations); ``extra``
    columns (keyed by ``id``, e.g. "Needed for") follow the name."""
    ids = [*result.selected, *result.seated_outside]  # in the body too, marked by Seat
    return with_roles(result, with_seats(result, with_extra(nominee_frame(result, ids), extra)))


def not_selected_frame(result: Result, extra: pd.DataFrame | None = None) -> pd.DataFrame:
    """The Not selected sheet: every other nominee; ``extra`` columns (keyed by ``id``) follow
    the name (e.g. a Reason column)."""
    chosen = set(result.selected) | set(result.seated_outside)
    return with_extra(nominee_frame(result, [i for i in result.pool.ids if i not in chosen]), extra)


def with_extra(frame: pd.DataFrame, extra: pd.DataFrame | None) -> pd.DataFrame:
    """``frame`` with the columns of ``extra`` (matched on ``id``) inserted after the name."""
    if extra is None or not len(extra.columns):
        return frame
    if "id" not in extra.columns:
        raise ValueError("extra columns need an 'id' column to match nominees")
    added = extra.assign(id=extra["id"].astype(str)).drop_duplicates("id")
    added = added[[c for c in added.columns if c == "id" or c not in frame.columns]]
    merged = frame.merge(added, on="id", how="left", validate="one_to_one")
    new = [c for c in added.columns if c != "id"]
    at = list(frame.columns).index("name") + 1 if "name" in frame.columns else 1
    order = list(frame.columns[:at]) + new + list(frame.columns[at:])
    return merged[order].astype(object).where(merged[order].notna(), None)


def balance_frame(result: Result) -> pd.DataFrame:
    """The Balance sheet: one row per rule, its bound, what the roster achieves, met or not."""
    rows = []
    for r in result.report.rules if result.report else []:
        rows.append(
            (
                r.name,
                FAMILY_LABELS.get(r.family, r.family),
                r.column or None,
                r.value or None,
                r.where or None,
                r.bound,
                _number(float(r.achieved)),
                r.counted,
                r.share,
                "met" if r.met else "missed",
                "Yes" if r.soft else "No",
                r.weight if r.soft else None,
                r.shortfall,
            )
        )
    return pd.DataFrame(rows, columns=list(BALANCE_COLUMNS), dtype=object)


def coverage_frame(result: Result) -> tuple[pd.DataFrame, list[list[Any]]]:
    """The Coverage sheet: members x areas ('Yes'/'No'), and the footer rows.

    The footer holds, per area, the members holding it, the members required and whether the
    requirement is met.
    """
    areas = coverage_areas(result)
    members = shortlist_frame(result)[["id", "name"]]
    held = {column: result.pool.areas(column) for column in {a.column for a in areas}}
    frame = pd.DataFrame({"Id": members["id"], "Name": members["name"]})
    for area in areas:
        frame[area.label] = [
            "Yes" if area.area in held[area.column].get(i, ()) else "No" for i in members["id"]
        ]
    frame["Areas held"] = [
        sum(1 for a in areas if a.area in held[a.column].get(i, ())) for i in members["id"]
    ]
    footer: list[list[Any]] = [
        ["", "Members holding the area", *[a.members for a in areas], None],
        ["", "Members required", *[a.required for a in areas], None],
        [
            "",
            "Requirement met",
            *[
                None if a.required is None else ("Yes" if a.members >= a.required else "No")
                for a in areas
            ],
            None,
        ],
    ]
    return frame.astype(object), footer


#: The row that sums, in a shared workbook, the values of a rule column no member holds.
OTHER_VALUES = "Other values (no member)"


def public_values(result: Result, column: str) -> set[str]:
    """Values of ``column`` a shared document may show: those the roster holds, those the
    rules name (published with the rules), and every value of a headline column."""
    if column in HEADLINE_COLUMNS:
        return {str(v) for v in result.pool.table[column]}
    held: list[Any] = list(result.pool.table.loc[result.selected, column]) if result.ok else []
    named = {str(v) for b in result.scenario.bounds() if b.column == column for v in b.values}
    return {str(v) for v in held} | named


def headline_frame(result: Result, *, shared: bool = False) -> pd.DataFrame:
    """Seats by stakeholder group, regional group, gender and developing status.

    ``shared``: the values of other rule columns (an organisation, a nominating body) that no
    member holds and no rule names are summed into one ``OTHER_VALUES`` row, so the shared
    workbook shows no value held only by nominees who were not selected.
    """
    rows = []
    for column in shown_columns(result.scenario, result.pool, HEADLINE_COLUMNS):
        counts = result.breakdown(column)
        nominated, chosen = counts["nominated"].to_dict(), counts["selected"].to_dict()
        shown = public_values(result, column) if shared else None
        hidden = 0
        for value in ordered(column, counts.index):
            selected = int(chosen[value])
            if shown is not None and str(value) not in shown:
                hidden += int(nominated[value])
                continue
            rows.append(
                (
                    column_label(column),
                    value_label(column, value),
                    int(nominated[value]),
                    selected,
                    selected / result.size if result.size else None,
                )
            )
        if hidden:
            rows.append((column_label(column), OTHER_VALUES, hidden, 0, 0.0))
    columns = ["Balance by", "Value", "Nominated", "Selected", "Share of members"]
    return pd.DataFrame(rows, columns=columns, dtype=object)


def status_text(result: Result) -> str:
    """'optimal (proven best)' or 'feasible (time limit; within 1.2% of the best)'."""
    status = result.status.value
    if status == "optimal":
        return "optimal (proven the best roster the rules allow)"
    if status == "feasible":
        gap = f"; the score is within {result.gap:.1%} of the best possible" if result.gap else ""
        return f"feasible (the time limit stopped the search before the proof{gap})"
    if status == "infeasible":
        return "infeasible (no roster can keep every rule)"
    return "unknown (the time limit came before any roster was found)"


def summary_rows(result: Result) -> list[tuple[str, Any]]:
    """Label / value pairs at the top of the Summary sheet."""
    rules = result.report.rules if result.report else []
    missed = [r for r in rules if not r.met]
    size = result.scenario.size
    wanted = (
        f" (rules: {size.min}-{size.max})"
        if size.min is not None and size.max is not None and size.min != size.max
        else ""
    )
    rows: list[tuple[str, Any]] = [
        ("Scenario", result.scenario.name),
        ("Description", result.scenario.description or None),
        ("Status", status_text(result)),
        ("Members selected", f"{result.size}{wanted}"),
        ("Nominations considered", len(result.pool)),
        ("Score", _number(result.objective.get("score"))),
        ("Soft shortfall (weighted)", _number(result.objective.get("soft_shortfall"))),
        (
            "Rules met",
            f"{len(rules) - len(missed)} of {len(rules)}"
            + (f" (missed: {', '.join(r.name for r in missed)})" if missed else ""),
        ),
    ]
    if result.gap:
        rows.insert(3, ("Gap to the best possible score", result.gap))
    if result.conflict:
        rows.append(("Rules that cannot hold together", "; ".join(result.conflict)))
        rows += [("Advice", line) for line in result.advice]
    rows.append(("Nominations file", result.pool.source))
    return rows


# ---------------------------------------------------------------------------- scenario


def _toml_key(key: str) -> str:
    return key if key.replace("_", "").replace("-", "").isalnum() else json.dumps(key)


def _toml(value: Any) -> str:
    """A value in TOML inline syntax, as a scenario file would hold it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, Mapping):
        items = ", ".join(f"{_toml_key(str(k))} = {_toml(v)}" for k, v in value.items())
        return "{ " + items + " }"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


_SHOWN_APART = ("name", "column", "where", "soft", "weight")
#: Scenario tables in the order the Scenario sheet lists them.
_SHEET_FAMILIES = (
    "size",
    "quota",
    "cap",
    "coverage",
    "distinct",
    "equal",
    "budget",
    "members",
    "rotation",
    "together",
    "apart",
    "person",
    "role",
    "objective",
)


def scenario_frame(result: Result) -> pd.DataFrame:
    """The Scenario sheet: every rule as written (in TOML), one row per rule."""
    data = result.scenario.model_dump(mode="json", exclude_defaults=True)
    rows = []
    for family in _SHEET_FAMILIES:
        entry = data.get(family)
        if not entry:
            continue
        entries = entry if isinstance(entry, list) else [entry]
        for number, rule in enumerate(entries, start=1):
            section = f"[[{family}]] {number}" if isinstance(entry, list) else f"[{family}]"
            settings = {k: v for k, v in rule.items() if k not in _SHOWN_APART}
            rows.append(
                (
                    section,
                    rule.get("name"),
                    rule.get("column"),
                    _toml(rule["where"]) if rule.get("where") else None,
                    "; ".join(f"{k} = {_toml(v)}" for k, v in settings.items()) or None,
                    "Yes" if rule.get("soft") else "No",
                    rule.get("weight"),
                )
            )
    columns = ["Rule", "Name", "Column", "Where", "Settings", "Soft", "Weight"]
    return pd.DataFrame(rows, columns=columns, dtype=object)


def rule_count(result: Result) -> int:
    """The scenario's rules as written: one per rule table (``[size]``, each ``[[quota]]``, ...),
    not one per bound they make (a quota with three minimums is one rule); the objective is not
    a rule."""
    return sum(1 for rule in scenario_frame(result)["Rule"] if rule != "[objective]")


def scenario_text(result: Result) -> list[str]:
    """The scenario file's lines, when it is still the file that was solved (same SHA-256)."""
    source = result.scenario.source
    if source is None or not Path(source).is_file():
        return []
    raw = Path(source).read_bytes()
    if hashlib.sha256(raw).hexdigest() != result.scenario.sha256:
        return []
    return raw.decode("utf-8-sig", errors="replace").splitlines()


# ---------------------------------------------------------------------------- run


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "not installed"


def run_rows(result: Result) -> list[tuple[str, Any]]:
    """The Run sheet: versions, input SHA-256s, solver options and statistics, timestamps."""
    run = dict(result.run)
    options = run.pop("options", {}) or {}
    rows: list[tuple[str, Any]] = []
    for key in ("composer", "ortools", "pandas", "python"):
        if key in run:
            rows.append((f"{key} version", str(run.pop(key))))
    rows += [
        ("openpyxl version", _version("openpyxl")),
        ("matplotlib version", _version("matplotlib")),
        ("Nominations file", run.pop("nominations", result.pool.source)),
        ("Nominations SHA-256", run.pop("nominations_sha256", result.pool.sha256)),
        ("Scenario file", str(result.scenario.source.name) if result.scenario.source else None),
        ("Scenario SHA-256", run.pop("scenario_sha256", result.scenario.sha256)),
    ]
    rows += [(f"Solver option: {k}", _plain(v)) for k, v in options.items()]
    rows.append(("Solve started (UTC)", run.pop("started", None)))
    rows += [(f"Run: {k}", _plain(v)) for k, v in run.items()]
    rows += [(f"Statistic: {k}", _plain(v)) for k, v in result.stats.items()]
    rows += [(f"Intake warning {i}", str(w)) for i, w in enumerate(result.pool.warnings, 1)]
    rows.append(("Workbook written (UTC)", datetime.now(UTC).isoformat(timespec="seconds")))
    return rows


def _plain(value: Any) -> Any:
    if isinstance(value, bool):
        return yes_no("yes" if value else "no")
    if isinstance(value, int | float | str) or value is None:
        return _number(value) if isinstance(value, float) else value
    return json.dumps(value, default=str, ensure_ascii=False)
