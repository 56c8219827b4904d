"""Write the JSON Schema of the scenario format (``composer schema``, docs/scenario.schema.json).

Editors such as VS Code (with a TOML extension that reads JSON Schema) use it to complete and
check scenario keys as they are typed.  The text is stable: keys sorted, two-space indent and a
trailing newline, so the committed copy can be compared with a fresh one.
"""

from __future__ import annotations

import json
from pathlib import Path

from composer.rules.scenario import json_schema


def schema_text() -> str:
    """The scenario JSON Schema as pretty, key-sorted JSON text ending in a newline."""
    return json.dumps(json_schema(), indent=2, sort_keys=True) + "\n"


def write_schema(path: Path) -> None:
    """Write the scenario JSON Schema to ``path`` (UTF-8), replacing any file there."""
    Path(path).write_text(schema_text(), encoding="utf-8")
