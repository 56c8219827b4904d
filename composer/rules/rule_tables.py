"""The number types every scenario table shares, the table base class, and ``[objective]``.

Each rule family's own table lives in its module (``rules/families/NAME.py``);
:mod:`composer.rules.scenario` assembles them into a :class:`~composer.rules.scenario.Scenario`.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
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


def no_bool(value: Any) -> Any:
    """Refuse true/false where a number belongs (pydantic would read true as 1)."""
    if isinstance(value, bool):
        raise ValueError(f"{str(value).lower()} is not a number; write a number such as 3")
    return value


Count = Annotated[int, BeforeValidator(no_bool), Field(ge=0, le=MAX_COUNT)]
Weight = Annotated[int, BeforeValidator(no_bool), Field(ge=1, le=MAX_COUNT)]
WhereValue = str | list[str] | dict[str, str | list[str] | int | float]
#: ``where``: column -> a value, a list of values, or a test table (see rules.where).
WhereTable = Annotated[dict[str, WhereValue], BeforeValidator(check_where)]


class StrictTable(BaseModel):
    """A scenario table: unknown keys are refused, and assignments are validated too."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class Objective(StrictTable):
    """What the roster maximises once every hard rule holds and soft shortfall is least.

    ``size`` makes the number of members a decision: the smallest (or largest) roster that
    keeps every rule, decided after the soft shortfall and before merit.  ``seat_price``
    instead charges every seat that many units of merit: a seat is filled only when it adds
    more than its price to the total.
    """

    maximise: str | None = "score"
    size: Literal["smallest", "largest"] | None = None
    seat_price: Annotated[float, BeforeValidator(no_bool), Field(ge=0, le=MAX_BUDGET)] | None = None

    @model_validator(mode="after")
    def _one_size_goal(self) -> Objective:
        if self.size is not None and self.seat_price is not None:
            raise ValueError(
                "size and seat_price both decide the number of members: keep one of them"
            )
        return self
