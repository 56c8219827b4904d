"""How a scenario says to read one column of the nominations: ``[columns.NAME]``.

```toml
[columns.score]
heading = "Secretariat score"          # the file's heading for this column
[columns.stakeholder_group]
values = ["government", "academia", "technical community"]   # the body's own categories
aliases = { "Govt" = "government" }
[columns.expertise]
separator = ";"                         # how a cell lists several values ("auto" detects)
```

This is an inputs-layer model: nominations are read with it, and the scenario carries it.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class ColumnSpec(BaseModel):
    """How to read one column: its heading in the file, its values, aliases and separator."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    heading: str | None = None
    values: list[str] | None = None
    aliases: dict[str, str] = {}
    separator: str | None = None
