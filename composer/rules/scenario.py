"""The scenario: balance rules as a pydantic model, loaded from TOML, a dict or an object.

A scenario is validated in two steps: on its own (keys, types, bounds that contradict each
other) when it is loaded, and against a pool by :func:`bind`, which checks that every column,
value and id it names exists and writes values in the pool's spelling.
"""

from __future__ import annotations

import hashlib
import json
import os
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, PrivateAttr, ValidationError, field_validator

from composer.errors import Problem, ScenarioError, suggest
from composer.inputs.column_spec import ColumnSpec
from composer.inputs.geography import GeographySpec
from composer.inputs.vocabularies import check_columns
from composer.rules.families.budget import BudgetRule, Budgets
from composer.rules.families.cap import CapRule
from composer.rules.families.coverage import CoverageRule
from composer.rules.families.distinct import DistinctRule
from composer.rules.families.equal import EqualRule
from composer.rules.families.members import MembersRule
from composer.rules.families.quota import QuotaRule
from composer.rules.families.rotation import RotationRule
from composer.rules.families.size import SizeRule
from composer.rules.groups import ApartRule, TogetherRule
from composer.rules.persons import PersonRule
from composer.rules.roles import RoleRule
from composer.rules.rule_tables import Objective
from composer.rules.shares import format_share, parse_share

#: Set to 1 to let scenario files name their nominations by an absolute path.
ALLOW_ABSOLUTE = "COMPOSER_ALLOW_ABSOLUTE_PATHS"


class Scenario(BaseModel):
    """A complete set of balance rules (see docs/scenarios.md for every key)."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)  # as every table

    name: str = "scenario"
    description: str = ""
    nominations: str | None = None
    columns: dict[str, ColumnSpec] = {}
    geography: GeographySpec = GeographySpec()
    size: SizeRule = SizeRule()
    quota: list[QuotaRule] = []
    cap: list[CapRule] = []
    coverage: list[CoverageRule] = []
    distinct: list[DistinctRule] = []
    equal: list[EqualRule] = []
    #: one ``[budget]`` table, or ``[[budget]]`` tables (one per cost column); see ``budgets``
    budget: Budgets | None = None
    members: MembersRule = MembersRule()
    together: list[TogetherRule] = []
    apart: list[ApartRule] = []
    person: PersonRule | None = None
    role: list[RoleRule] = []
    rotation: RotationRule | None = None
    objective: Objective = Objective()

    _source: Path | None = PrivateAttr(default=None)
    _sha256: str = PrivateAttr(default="")

    @field_validator("columns")
    @classmethod
    def _own_values(cls, value: dict[str, ColumnSpec]) -> dict[str, ColumnSpec]:
        problems = check_columns(value)
        if problems:
            raise ValueError("; ".join(problems))
        return value

    @field_validator("budget")
    @classmethod
    def _budgets(
        cls, value: BudgetRule | list[BudgetRule] | None
    ) -> BudgetRule | list[BudgetRule] | None:
        if isinstance(value, list) and not value:
            return None
        return value

    @property
    def budgets(self) -> list[BudgetRule]:
        """Every budget rule: the ``[budget]`` table, or each ``[[budget]]`` table in order."""
        if self.budget is None:
            return []
        return list(self.budget) if isinstance(self.budget, list) else [self.budget]

    @property
    def source(self) -> Path | None:
        """The TOML file this scenario was read from, if any."""
        return self._source

    @property
    def sha256(self) -> str:
        """SHA-256 of the scenario file (or of its canonical JSON when built in code)."""
        if self._sha256:
            return self._sha256
        text = json.dumps(self.model_dump(mode="json"), sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()

    def nominations_path(self) -> Path | None:
        """The nominations file named by the scenario, resolved next to the scenario file."""
        if self.nominations is None:
            return None
        path = Path(self.nominations)
        if self._source is None:
            return path  # a scenario built in code: its author is trusted
        if path.is_absolute() and os.environ.get(ALLOW_ABSOLUTE) != "1":
            raise ScenarioError(
                f"{self._source.name}: the nominations path is absolute",
                [
                    Problem(
                        f"nominations = '{self.nominations}' names a file outside the "
                        "scenario's folder tree by an absolute path",
                        fix="give the path relative to the scenario file, pass the file with "
                        f"--nominations, or set {ALLOW_ABSOLUTE}=1",
                        file=self._source.name,
                        key="nominations",
                    )
                ],
            )
        return path if path.is_absolute() else self._source.parent / path

    def bounds(self) -> list[Bound]:
        """Every atomic rule of the scenario, each with its unique report name."""
        return expand(self)

    def _repr_html_(self) -> str:
        import html

        from composer.rules.words import rule_phrase  # words for people, loaded when shown

        rows = "".join(
            f"<tr><td>{html.escape(b.name)}</td><td>{html.escape(rule_phrase(b))}</td>"
            f"<td>{f'may be missed, {b.weight} per seat' if b.soft else 'must hold'}</td></tr>"
            for b in self.bounds()
        )
        goal = self.objective.maximise
        aim = f"the highest total {html.escape(goal)}" if goal else "any"
        if self.objective.size is not None:
            most = "fewest" if self.objective.size == "smallest" else "most"
            aim = f"the {most} members, then {aim}"
        elif self.objective.seat_price is not None:
            aim += f", each seat costing {self.objective.seat_price:g}"
        return (
            f"<b>Scenario</b> {html.escape(self.name)}<p>{html.escape(self.description)}</p>"
            "<table><tr><th>rule</th><th>in words</th><th>kind</th></tr>"
            f"{rows}</table><p>Among the rosters that keep every rule: "
            f"{aim}.</p>"
        )


# ---------------------------------------------------------------------------- loading


def _key_path(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The pydantic models an annotation holds (through unions, lists and Annotated)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in getattr(annotation, "__args__", ()) or getattr(annotation, "__origin__", ()):
        found += _models_in(arg)
    if hasattr(annotation, "__metadata__"):  # Annotated[X, ...]
        found += _models_in(annotation.__origin__)
    return found


def _is_tag(part: int | str) -> bool:
    """A union tag pydantic puts in error locations (``[budget]``, ``[[budget]]``)."""
    return isinstance(part, str) and part.startswith("[")


def _model_at(loc: tuple[int | str, ...]) -> type[BaseModel] | None:
    """The pydantic model that owns the last key of ``loc`` (for 'nearest key' hints)."""
    model: type[BaseModel] = Scenario
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        if field is None:
            return None
        found = _models_in(field.annotation)
        if not found:
            return None
        model = found[0]
    return model


def _problems_from(error: ValidationError, file: str | None) -> list[Problem]:
    problems = []
    for item in error.errors():
        loc = tuple(p for p in item["loc"] if not _is_tag(p))
        key = _key_path(loc)
        message = item["msg"].removeprefix("Value error, ")
        fix = "see docs/scenarios.md for the keys and their types"
        if item["type"] == "extra_forbidden":
            model = _model_at(loc)
            valid = list(model.model_fields) if model else []
            near = suggest(str(loc[-1]), valid)
            message = f"unknown key '{loc[-1]}'"
            fix = f"did you mean '{near}'?" if near else f"valid keys here: {', '.join(valid)}"
        elif item["type"] == "missing":
            message = f"the key '{loc[-1]}' is required"
            fix = f"add {loc[-1]} = ..."
        elif item["type"] == "model_type" and isinstance(item.get("input"), list):
            # [[table]] written where one [table] is expected (e.g. [[size]] twice)
            message = f"'{loc[-1]}' is one table, but the file has a list of them ([[{loc[-1]}]])"
            fix = f"write a single [{loc[-1]}] table; one scenario has one {loc[-1]}"
        problems.append(Problem(message, fix=fix, file=file, key=key))
    return problems


ScenarioLike = Any  # Scenario | Mapping | str | Path


def load_scenario(source: ScenarioLike) -> Scenario:
    """Load a scenario from a TOML path, a TOML string, a dict, or return a Scenario as is."""
    if isinstance(source, Scenario):
        return source
    file: str | None = None
    path: Path | None = None
    raw: bytes | None = None
    if isinstance(source, Path) or (
        isinstance(source, str) and "\n" not in source and source.strip().endswith(".toml")
    ):
        path = Path(source)
        file = path.name
        from composer.inputs.safe_read import read_input

        raw = read_input(path, "scenario", ScenarioError)
        data = _parse_toml(raw.decode("utf-8-sig"), file)
    elif isinstance(source, str):
        raw = source.encode()
        data = _parse_toml(source, "<scenario text>")
    elif isinstance(source, dict):
        data = source
    else:
        raise ScenarioError(
            "a scenario must be a TOML file, TOML text, a dict or a Scenario",
            [Problem(f"got {type(source).__name__}", fix="pass the path of a .toml file")],
        )
    try:
        scenario = Scenario.model_validate(data)
    except RecursionError:
        raise _too_deep(file) from None
    except ValidationError as exc:
        problems = _problems_from(exc, file)
        raise ScenarioError(f"{file or 'scenario'}: {len(problems)} problem(s)", problems) from None
    if path is not None:
        scenario._source = path.resolve()
    if raw is not None:
        scenario._sha256 = hashlib.sha256(raw).hexdigest()
    return scenario


def _too_deep(file: str | None) -> ScenarioError:
    return ScenarioError(
        f"{file or 'scenario'}: nested too deeply",
        [
            Problem(
                "the scenario nests tables or arrays hundreds of levels deep",
                fix="a scenario needs at most three levels, as in docs/scenarios.md",
                file=file,
            )
        ],
    )


def _parse_toml(text: str, file: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except RecursionError:
        raise _too_deep(file) from None
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(
            f"{file}: not valid TOML",
            [Problem(str(exc), fix="check quotes, brackets and '=' on that line", file=file)],
        ) from None


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the scenario format."""
    schema = Scenario.model_json_schema()
    schema["title"] = "composer scenario"
    return schema


# The atoms live in composer.rules.bounds, each family's in composer.rules.families; they are
# re-exported here for convenience.
from composer.rules.bounds import Bound, Family  # noqa: E402
from composer.rules.families import expand  # noqa: E402
from composer.rules.where import where_items  # noqa: E402

__all__ = [
    "ApartRule",
    "Bound",
    "BudgetRule",
    "CapRule",
    "CoverageRule",
    "DistinctRule",
    "EqualRule",
    "Family",
    "MembersRule",
    "Objective",
    "PersonRule",
    "QuotaRule",
    "RoleRule",
    "RotationRule",
    "Scenario",
    "SizeRule",
    "TogetherRule",
    "format_share",
    "json_schema",
    "load_scenario",
    "parse_share",
    "where_items",
]
