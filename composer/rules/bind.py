"""Check a scenario against a pool and write its values in the pool's spelling.

A rule that names a column, value, area or id that the pool does not have is an error
(exit 2), never a silently empty rule.  Values are matched case-insensitively, with the common
spellings of stakeholder groups, genders, yes/no and country names accepted.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from composer.errors import Problem, ScenarioError, suggest
from composer.inputs import reference, vocabulary
from composer.inputs.geography import ICANN_REGIONS
from composer.inputs.nominations import MULTI_VALUED, NUMERIC, Pool
from composer.inputs.number_text import number_problem
from composer.rules.bounds import union_values
from composer.rules.ex_officio import ex_officio_problems
from composer.rules.persons import PersonRule, disagreements
from composer.rules.rule_tables import WhereValue
from composer.rules.scenario import Scenario
from composer.rules.where import COMPARISONS, number

_YES_NO = set(vocabulary.YES_NO)


def _domain(pool: Pool, column: str) -> set[str]:
    """Values a rule may name for ``column``: the pool's, plus the column's known vocabulary."""
    values = set(pool.values(column))
    if column in pool.declared:  # the body's own values replace the built-in ones
        values |= set(pool.declared[column])
    elif column in vocabulary.CHOICES:
        values |= set(vocabulary.CHOICES[column])
    elif column == "region":
        values |= set(reference.REGIONAL_GROUPS)
    elif column == "country":
        values |= {row["iso3"] for row in reference.places()}
    elif column == "m49_region":
        values |= {row["m49_region"] for row in reference.countries()}
    elif column == "icann_region":
        values |= set(ICANN_REGIONS)
    if values and values <= _YES_NO:
        values |= _YES_NO
    return values


def _canonical_value(
    pool: Pool, column: str, text: str, domain: set[str], folded: dict[str, str]
) -> str | None:
    """``text`` in the pool's spelling of ``column``, or None (``domain`` and its ``folded``
    spellings are computed once per column by the binder)."""
    spelled = pool.aliases.get(column, {}).get(vocabulary.fold(text))  # own values and aliases
    if spelled is not None and spelled in domain:
        return spelled
    if column in vocabulary.CHOICES and column not in pool.declared:
        found = vocabulary.canonical(column, text)
        if found in domain:
            return found
    if column == "country":
        return reference.resolve_country(text)
    if domain <= _YES_NO:
        return vocabulary.canonical("yes_no", text) if text.strip() else None
    if text in domain:
        return text
    return folded.get(vocabulary.fold(text))


class _Binder:
    def __init__(self, pool: Pool, file: str | None) -> None:
        self.pool = pool
        self.file = file
        self.problems: list[Problem] = []
        self._domains: dict[str, tuple[set[str], dict[str, str]]] = {}

    def domain(self, column: str) -> tuple[set[str], dict[str, str]]:
        """The values a rule may name for ``column`` and their folded spellings (cached)."""
        if column not in self._domains:
            domain = _domain(self.pool, column)
            folded: dict[str, str] = {}
            for value in sorted(domain):  # the first spelling wins, whatever the hash seed
                folded.setdefault(vocabulary.fold(value), value)
            self._domains[column] = (domain, folded)
        return self._domains[column]

    def problem(self, key: str, message: str, fix: str) -> None:
        self.problems.append(Problem(message, fix=fix, file=self.file, key=key))

    def column(self, key: str, column: str, *, multi: bool = False) -> bool:
        if column == "id" and not key.startswith("objective"):
            self.problem(
                key,
                "a rule cannot count by 'id': every nominee has an id of their own",
                "fix members in or out with [members] include = [...] / exclude = [...], or "
                "count by another column (for example a person or group column)",
            )
            return False
        if not self.pool.has_column(column):
            near = suggest(column, self.pool.columns)
            fix = (
                f"did you mean '{near}'?"
                if near
                else (f"the nominations have columns: {', '.join(self.pool.columns)}")
            )
            self.problem(key, f"the nominations have no column '{column}'", fix)
            return False
        if multi and column not in MULTI_VALUED and not self._looks_multi(column):
            self.problem(
                key,
                f"'{column}' is not a ';'-separated column",
                "coverage rules need a column like expertise: 'a; b; c'",
            )
            return False
        if not multi and column in MULTI_VALUED:
            self.problem(
                key,
                f"'{column}' holds several values per nominee",
                f"use a [[coverage]] rule for '{column}'",
            )
            return False
        return True

    def _looks_multi(self, column: str) -> bool:
        return bool(self.pool.table[column].astype(str).str.contains(";").any())

    def value(self, key: str, column: str, text: str) -> str | None:
        known, folded = self.domain(column)
        found = _canonical_value(self.pool, column, str(text), known, folded)
        if found is None:
            domain = sorted(known)
            near = suggest(str(text), domain)
            shown = ", ".join(domain[:12]) + (" ..." if len(domain) > 12 else "")
            self.problem(
                key,
                f"no nominee has {column} = '{text}'",
                f"did you mean '{near}'?" if near else f"values found: {shown}",
            )
        return found

    def mapping(self, key: str, column: str, table: dict[str, Any]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for text, amount in table.items():
            value = self.union(f"{key}.{text}", column, text)
            if value is not None:
                if value in result:
                    self.problem(
                        f"{key}.{text}",
                        f"'{text}' repeats the value '{value}'",
                        "keep one entry per value",
                    )
                result[value] = amount
        return result

    def union(self, key: str, column: str, text: str) -> str | None:
        """A quota key: one value, or ``a|b|c`` (any of them), in the pool's spelling."""
        parts = union_values(text)
        if len(parts) == 1:
            return self.value(key, column, parts[0])
        found = [self.value(key, column, p) for p in parts]
        if any(v is None for v in found):
            return None
        values = [str(v) for v in found]
        twice = sorted({v for v in values if values.count(v) > 1})
        if twice:
            self.problem(key, f"'{text}' names {column} '{twice[0]}' twice", "name each value once")
            return None
        return "|".join(values)

    def where(self, key: str, where: dict[str, WhereValue]) -> dict[str, WhereValue]:
        result: dict[str, WhereValue] = {}
        for column, wanted in where.items():
            if not self.column(f"{key}.{column}", column):
                continue
            if isinstance(wanted, dict):
                result[column] = self.where_table(f"{key}.{column}", column, wanted)
                continue
            texts = [wanted] if isinstance(wanted, str) else list(wanted)
            values = [self.value(f"{key}.{column}", column, t) for t in texts]
            kept = [v for v in values if v is not None]
            result[column] = kept[0] if isinstance(wanted, str) and kept else kept
        return result

    def where_table(self, key: str, column: str, test: dict[str, Any]) -> dict[str, Any]:
        """``{ not = [...] }`` in the pool's spelling; comparisons need numbers in every row."""
        result = dict(test)
        if "not" in test:
            texts = [test["not"]] if isinstance(test["not"], str) else list(test["not"])
            values = [self.value(f"{key}.not", column, t) for t in texts]
            result["not"] = [v for v in values if v is not None]
        compares = [k for k in COMPARISONS if k in test]
        if compares:
            self.numbers_in(f"{key}.{compares[0]}", column, f"where {column} {compares[0]}")
        return result

    def numbers_in(self, key: str, column: str, what: str) -> None:
        """Every row of ``column`` holds a number (a comparison must not guess)."""
        if column in MULTI_VALUED:
            return  # already refused by column()
        bad = [
            f"row {self.pool.row_of.get(str(ident), '?')} ('{text}')"
            for ident, text in zip(self.pool.ids, self.pool.text(column), strict=True)
            if number(text) is None
        ]
        if bad:
            shown = ", ".join(bad[:8]) + (f" and {len(bad) - 8} more" if len(bad) > 8 else "")
            self.problem(
                key,
                f"{what} compares numbers, but '{column}' is not a number in {len(bad)} "
                f"row(s): {shown}",
                f"write a number in every row of '{column}', or match its values with a "
                "list (where = { column = [...] }) instead",
            )

    def numeric(self, key: str, column: str) -> None:
        if column in NUMERIC or not self.column(key, column):
            return
        for ident, text in self.pool.table[column].items():
            try:
                number = Decimal(str(text) or "0")
            except InvalidOperation:
                number = None
            if number is None or not number.is_finite() or abs(number) >= Decimal("1e300"):
                row = self.pool.row_of.get(str(ident))
                why, fix = number_problem(str(text), column)
                self.problem(
                    key,
                    f"'{column}' must be numeric, but row {row} has '{text}'"
                    + why.removeprefix(f"'{text}' is not a number"),
                    fix if ": it has" in why else f"write finite numbers in the '{column}' column",
                )
                return


def _bind_rotation(binder: _Binder, rotation: dict[str, Any]) -> None:
    """The incumbent column holds yes/no (empty is no); the terms column whole numbers >= 0."""
    checks = []
    if rotation["renew_min_share"] is not None or rotation["renew_max_share"] is not None:
        checks.append(("incumbent", "yes or no (empty means no)"))
    if rotation["max_consecutive_terms"] is not None:
        checks.append(("terms_column", "a whole number of terms, 0 or more (empty means 0)"))
    for key, wanted in checks:
        column = rotation[key]
        if not binder.column(f"rotation.{key}", column):
            continue
        bad = []
        for ident, text in binder.pool.table[column].astype(str).items():
            if key == "incumbent":
                ok = vocabulary.canonical("yes_no", text) is not None
            else:
                ok = not text.strip() or (text.strip().isascii() and text.strip().isdigit())
            if not ok:
                bad.append(f"row {binder.pool.row_of.get(str(ident), '?')} ('{text}')")
        if bad:
            shown = ", ".join(bad[:8]) + (f" and {len(bad) - 8} more" if len(bad) > 8 else "")
            binder.problem(
                f"rotation.{key}",
                f"the '{column}' column must hold {wanted}, but {len(bad)} row(s) do not: {shown}",
                f"correct those rows of the nominations, or name another column in rotation.{key}",
            )


def _bind_ids(binder: _Binder, key: str, ids: list[str], known: set[str]) -> None:
    """Every id of a together / apart group is a nomination's id."""
    for ident in ids:
        if ident not in known:
            near = suggest(ident, sorted(known))
            binder.problem(
                key,
                f"no nomination has id '{ident}'",
                f"did you mean '{near}'?" if near else "check the id against the 'id' column",
            )


def _bind_person(binder: _Binder, rule: PersonRule) -> None:
    """The person column and the columns a person's rows must agree on exist and agree."""
    ok = binder.column("person.column", rule.column)
    for column in rule.same or []:
        ok = binder.column("person.same", column) and ok
    if ok:
        for key, message, fix in disagreements(binder.pool, rule):
            binder.problem(key, message, fix)


def _bind_roles(binder: _Binder, roles: list[dict[str, Any]]) -> None:
    """Role names are unique; their where, quota and cap columns and values are the pool's."""
    seen: set[str] = set()
    for i, role in enumerate(roles):
        key = f"role[{i + 1}]"
        if role["name"] in seen:
            message = f"two roles are named '{role['name']}'"
            binder.problem(f"{key}.name", message, "give each role its own name")
        seen.add(role["name"])
        role["where"] = binder.where(f"{key}.where", role["where"])
        for j, quota in enumerate(role["quota"]):
            part = f"{key}.quota[{j + 1}]"
            if binder.column(f"{part}.column", quota["column"]):
                for side in ("min", "max", "min_share", "max_share"):
                    quota[side] = binder.mapping(f"{part}.{side}", quota["column"], quota[side])
        for j, cap in enumerate(role.get("cap", [])):
            binder.column(f"{key}.cap[{j + 1}].column", cap["column"])
        for j, rule in enumerate(role.get("distinct", [])):
            binder.column(f"{key}.distinct[{j + 1}].column", rule["column"])
        for j, cover in enumerate(role.get("coverage", [])):
            _bind_areas(binder, f"{key}.coverage[{j + 1}]", cover)


def _bind_areas(binder: _Binder, key: str, cover: dict[str, Any]) -> None:
    """A coverage rule's column is multi-valued and each area is held by some nominee;
    the areas are written in the pool's spelling (case-folded)."""
    if not binder.column(f"{key}.column", cover["column"], multi=True):
        return
    have = {a for areas in binder.pool.areas(cover["column"]).values() for a in areas}
    areas = []
    for area in cover["areas"]:
        folded = vocabulary.split_multi(area)
        if len(folded) != 1 or folded[0] not in have:
            near = suggest(area, sorted(have))
            binder.problem(
                f"{key}.areas",
                f"no nominee has {cover['column']} '{area}'",
                f"did you mean '{near}'?" if near else "check the spelling against the nominations",
            )
        else:
            areas.append(folded[0])
    cover["areas"] = areas


def bind(scenario: Scenario, pool: Pool) -> Scenario:
    """Validate ``scenario`` against ``pool``; return a copy with values in the pool's spelling.

    Raises :class:`~composer.errors.ScenarioError` listing every problem.
    """
    file = scenario.source.name if scenario.source else None
    binder = _Binder(pool, file)
    data = scenario.model_dump()
    for i, quota in enumerate(data["quota"]):
        key = f"quota[{i + 1}]"
        quota["where"] = binder.where(f"{key}.where", quota["where"])
        if binder.column(f"{key}.column", quota["column"]):
            for part in ("min", "max", "min_share", "max_share"):
                quota[part] = binder.mapping(f"{key}.{part}", quota["column"], quota[part])
    for i, cap in enumerate(data["cap"]):
        key = f"cap[{i + 1}]"
        cap["where"] = binder.where(f"{key}.where", cap["where"])
        binder.column(f"{key}.column", cap["column"])
    for i, cov in enumerate(data["coverage"]):
        _bind_areas(binder, f"coverage[{i + 1}]", cov)
    for i, rule in enumerate(data["distinct"]):
        key = f"distinct[{i + 1}]"
        rule["where"] = binder.where(f"{key}.where", rule["where"])
        binder.column(f"{key}.column", rule["column"])
    for i, rule in enumerate(data["equal"]):
        key = f"equal[{i + 1}]"
        rule["where"] = binder.where(f"{key}.where", rule["where"])
        if binder.column(f"{key}.column", rule["column"]):
            found = [binder.value(f"{key}.values", rule["column"], v) for v in rule["values"]]
            rule["values"] = [v for v in found if v is not None]
            if len(set(rule["values"])) < len(rule["values"]):
                binder.problem(
                    f"{key}.values",
                    "two of the values are the same once matched to the nominations",
                    "list each value once",
                )
                rule["values"] = list(dict.fromkeys(rule["values"]))
    budgets = data["budget"] if isinstance(data["budget"], list) else [data["budget"]]
    for i, budget in enumerate(b for b in budgets if b is not None):
        key = f"budget[{i + 1}]" if isinstance(data["budget"], list) else "budget"
        binder.numeric(f"{key}.column", budget["column"])
    if data["objective"]["maximise"]:
        binder.numeric("objective.maximise", data["objective"]["maximise"])
    known = set(pool.ids)
    for kind in ("include", "exclude", "ex_officio"):
        for ident in data["members"][kind]:
            if ident not in known:
                near = suggest(ident, sorted(known))
                binder.problem(
                    f"members.{kind}",
                    f"no nomination has id '{ident}'",
                    f"did you mean '{near}'?" if near else "check the id",
                )
    for family in ("together", "apart"):
        for i, group in enumerate(data[family]):
            _bind_ids(binder, f"{family}[{i + 1}].ids", group["ids"], known)
    if data["rotation"] is not None:
        _bind_rotation(binder, data["rotation"])
        data["rotation"]["where"] = binder.where("rotation.where", data["rotation"]["where"])
    if data["person"] is not None:
        _bind_person(binder, PersonRule.model_validate(data["person"]))
    _bind_roles(binder, data["role"])
    for key, message, fix in ex_officio_problems(pool, scenario):
        binder.problem(key, message, fix)
    if binder.problems:
        raise ScenarioError(
            f"{file or 'scenario'}: {len(binder.problems)} rule(s) do not match the nominations",
            binder.problems,
        )
    bound = Scenario.model_validate(data)
    bound._source = scenario._source
    bound._sha256 = scenario.sha256
    return bound
