"""How a scenario says to read one column of the nominations: ``[columns.NAME]``.

```toml
[columns.score]
heading = "Secretariat score"          # the file's heading for this column
[columns.stakeholder_group]
values = ["government", "academia", "technical community"]   # the body's own categories
aliases = { "Govt" = "government" }
[columns.expertise]
separator = ";"                         # how a cell lists several values ("auto" detects)
[columns.age]
internal = true                         # kept out of shared workbooks and the statement
```

This is an inputs-layer model: nominations are read with it, and the scenario carries it.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, StrictBool


class ColumnSpec(BaseModel):
    """How to read one column: its heading, values, aliases, separator, and if it is internal.

    ``internal`` marks data that stays with the secretariat (a date of birth, an internal
    rating): its cells are left out of the shared shortlist workbook and the statement's
    members table, whatever its name; rules may still use it.
    """

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    heading: str | None = None
    values: list[str] | None = None
    aliases: dict[str, str] = {}
    separator: str | None = None
    internal: StrictBool = False
