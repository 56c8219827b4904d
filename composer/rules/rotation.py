"""Who rotation rules count: new members (incumbent column not yes) and terms served.

Shared by the model, the elastic model, the dominance reduction and the words, so each reads
the incumbent and terms columns the same way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from composer.inputs import vocabulary
from composer.inputs.nominations import Pool
from composer.rules.ex_officio import fixed_in
from composer.rules.where import where_items, where_mask

if TYPE_CHECKING:
    from composer.rules.scenario import Scenario


def new_members(pool: Pool, column: str) -> np.ndarray:
    """Per nominee (pool order): True when the incumbent ``column`` does not read yes."""
    return np.fromiter(
        (vocabulary.canonical("yes_no", text) != "yes" for text in pool.text(column)),
        dtype=bool,
        count=len(pool),
    )


def terms_served(pool: Pool, column: str) -> np.ndarray:
    """Per nominee (pool order): consecutive terms served, empty cells as 0."""
    return np.asarray([int(text.strip() or 0) for text in pool.text(column)], dtype=np.int64)


def held_out_by_terms(pool: Pool, scenario: Scenario) -> set[str]:
    """Ids the term limit keeps out of every roster.

    Fixed members (``members.include``) are left in: the fixing and the term limit then
    conflict, and the solver names both instead of dropping one silently.
    """
    rotation = scenario.rotation
    if rotation is None or rotation.max_consecutive_terms is None:
        return set()
    served = terms_served(pool, rotation.terms_column)
    counted = where_mask(where_items(rotation.where), pool.text, len(served))
    out = pool.text("id")[counted & (served >= rotation.max_consecutive_terms)]
    return {str(i) for i in out} - fixed_in(scenario)
