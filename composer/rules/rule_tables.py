"""The tables of a scenario, one pydantic model per rule kind (size, quota, cap, coverage,
distinct, equal, budget, members, rotation, objective), with the number types they share.

:mod:`composer.rules.scenario` assembles them into a :class:`~composer.rules.scenario.Scenario`.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    model_validator,
)

from composer.rules.shares import parse_share
from composer.rules.where import check_where


def _check_share(value: float | str) -> float | str:
    parse_share(value)
    return value


# before pydantic's coercion, which would turn true into 1.0 (a share of 100%)
Share = Annotated[float | str, BeforeValidator(_check_share)]
#: The largest count a rule may name (seats, per-value minimums and maximums, weights).
MAX_COUNT = 1_000_000
#: The largest budget (CP-SAT works with 64-bit integers; money amounts stay far below this).
MAX_BUDGET = 10**12


def _no_bool(value: Any) -> Any:
    """Refuse true/false where a number belongs (pydantic would read true as 1)."""
    if isinstance(value, bool):
        raise ValueError(f"{str(value).lower()} is not a number; write a number such as 3")
    return value


Count = Annotated[int, BeforeValidator(_no_bool), Field(ge=0, le=MAX_COUNT)]
Weight = Annotated[int, BeforeValidator(_no_bool), Field(ge=1, le=MAX_COUNT)]
WhereValue = str | list[str] | dict[str, str | list[str] | int | float]
#: ``where``: column -> a value, a list of values, or a test table (see rules.where).
WhereTable = Annotated[dict[str, WhereValue], BeforeValidator(check_where)]


class StrictTable(BaseModel):
    """A scenario table: unknown keys are refused, and assignments are validated too."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class SizeRule(StrictTable):
    """The number of members: a range (``min``, ``max``) or an exact size (``min == max``)."""

    min: Count | None = None
    max: Count | None = None
    name: str | None = None

    @model_validator(mode="after")
    def _ordered(self) -> SizeRule:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"size min {self.min} is above size max {self.max}")
        return self


class QuotaRule(StrictTable):
    """Seats by value of a column: counts (``min``, ``max``) and shares (``min_share``, ...)."""

    column: str
    min: dict[str, Count] = {}
    max: dict[str, Count] = {}
    min_share: dict[str, Share] = {}
    max_share: dict[str, Share] = {}
    where: WhereTable = {}
    soft: bool = False
    weight: Weight = 1
    name: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> QuotaRule:
        if not (self.min or self.max or self.min_share or self.max_share):
            raise ValueError("a quota needs at least one of min, max, min_share, max_share")
        for value, low in self.min.items():
            high = self.max.get(value)
            if high is not None and low > high:
                raise ValueError(f"min {low} for '{value}' is above max {high}")
        for value, low_share in self.min_share.items():
            high_share = self.max_share.get(value)
            if high_share is not None and parse_share(low_share) > parse_share(high_share):
                raise ValueError(
                    f"min_share {low_share} for '{value}' is above max_share {high_share}"
                )
        return self


class CapRule(StrictTable):
    """At most ``max_each`` members share any one value of ``column`` (e.g. one per country)."""

    column: str
    max_each: Count
    where: WhereTable = {}
    name: str | None = None


class CoverageRule(StrictTable):
    """Each area of a multi-valued column is held by at least ``min_each`` members."""

    column: str = "expertise"
    areas: list[str] = Field(min_length=1)
    min_each: Count = 1
    soft: bool = False
    weight: Weight = 1
    name: str | None = None


class DistinctRule(StrictTable):
    """At least ``min`` different values of ``column`` among the members (e.g. 20 countries)."""

    column: str
    min: Count
    where: WhereTable = {}
    soft: bool = False
    weight: Weight = 1
    name: str | None = None


class EqualRule(StrictTable):
    """The counts of the listed values of ``column`` differ by at most ``spread`` (shared
    equally: "the remaining seats shared equally across civil society, business and the
    technical community")."""

    column: str
    values: list[str] = Field(min_length=2)
    spread: Count = 1
    where: WhereTable = {}
    soft: bool = False
    weight: Weight = 1
    name: str | None = None

    @model_validator(mode="after")
    def _distinct_values(self) -> EqualRule:
        twice = sorted({v for v in self.values if self.values.count(v) > 1})
        if twice:
            raise ValueError(f"values lists '{twice[0]}' twice; list each value once")
        return self


class BudgetRule(StrictTable):
    """The members' total of a cost column stays within ``max``."""

    column: str = "travel_cost"
    max: Annotated[float, BeforeValidator(_no_bool), Field(ge=0, le=MAX_BUDGET)]
    name: str | None = None


def _budget_form(value: Any) -> str:
    return "[[budget]]" if isinstance(value, list) else "[budget]"


#: ``[budget]`` (one table) or ``[[budget]]`` (several); the tags name the form in errors.
Budgets = Annotated[
    Annotated[BudgetRule, Tag("[budget]")] | Annotated[list[BudgetRule], Tag("[[budget]]")],
    Discriminator(_budget_form),
]


class MembersRule(StrictTable):
    """Nominees fixed in (``include``) or out (``exclude``) of the roster, by id, and
    ex-officio members (``ex_officio``), by default counted by no rule."""

    include: list[str] = []
    exclude: list[str] = []
    ex_officio: list[str] = []
    ex_officio_counted: bool = False

    @model_validator(mode="after")
    def _disjoint(self) -> MembersRule:
        both = sorted(set(self.include) & set(self.exclude))
        if both:
            raise ValueError(f"ids both included and excluded: {', '.join(both)}")
        out = sorted(set(self.ex_officio) & set(self.exclude))
        if out:
            raise ValueError(f"ids both ex officio and excluded: {', '.join(out)}")
        fixed = sorted(set(self.ex_officio) & set(self.include))
        if fixed and not self.ex_officio_counted:
            raise ValueError(
                f"ids both ex officio and included: {', '.join(fixed)} (ex-officio members sit "
                "outside the selection; list them in ex_officio only)"
            )
        twice = sorted({i for i in self.ex_officio if self.ex_officio.count(i) > 1})
        if twice:
            raise ValueError(f"ids listed twice in ex_officio: {', '.join(twice)}")
        return self


class RotationRule(StrictTable):
    """Renewal of a standing body: the share of seats for new members, and term limits.

    A nominee is new when the ``incumbent`` column reads no (or is empty); ``terms_column``
    holds the consecutive terms served up to now.  Members who have served
    ``max_consecutive_terms`` consecutive terms are not eligible.
    """

    incumbent: str = "incumbent"
    renew_min_share: Share | None = None
    renew_max_share: Share | None = None
    terms_column: str = "terms"
    max_consecutive_terms: Weight | None = None
    name: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> RotationRule:
        low, high = self.renew_min_share, self.renew_max_share
        if low is None and high is None and self.max_consecutive_terms is None:
            raise ValueError(
                "a rotation rule needs renew_min_share, renew_max_share or max_consecutive_terms"
            )
        if low is not None and high is not None and parse_share(low) > parse_share(high):
            raise ValueError(f"renew_min_share {low} is above renew_max_share {high}")
        return self


class Objective(StrictTable):
    """What the roster maximises once every hard rule holds and soft shortfall is least.

    ``size`` makes the number of members a decision: the smallest (or largest) roster that
    keeps every rule, decided after the soft shortfall and before merit.  ``seat_price``
    instead charges every seat that many units of merit: a seat is filled only when it adds
    more than its price to the total.
    """

    maximise: str | None = "score"
    size: Literal["smallest", "largest"] | None = None
    seat_price: Annotated[float, BeforeValidator(_no_bool), Field(ge=0, le=MAX_BUDGET)] | None = (
        None
    )

    @model_validator(mode="after")
    def _one_size_goal(self) -> Objective:
        if self.size is not None and self.seat_price is not None:
            raise ValueError(
                "size and seat_price both decide the number of members: keep one of them"
            )
        return self
