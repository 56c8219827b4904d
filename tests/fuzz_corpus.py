"""Hostile inputs made in code from the bundled scenario and pool: the fuzz corpus.

Each generator is deterministic for a seed, so a failing case can be rebuilt from its seed.
"""

from __future__ import annotations

import io
import random
import tomllib
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "scenarios" / "wgig-2004.toml"
POOL = ROOT / "scenarios" / "wgig-2004-nominations.csv"

#: Values a person or a hostile file may put where a rule's value belongs.
HOSTILE_VALUES: list[Any] = [
    True,
    False,
    -1,
    0,
    2**31,
    2**63 - 1,
    2**63,
    10**20,
    -(10**20),
    1e300,
    -1e300,
    float("inf"),
    float("nan"),
    0.5,
    "",
    "x",
    "=cmd|' /C calc'!A0",
    "1e300",
    "NaN",
    [],
    [1],
    {},
    {"a": {"b": 1}},
    "\x00",
    "é" * 300,
]
#: Cell texts for nominations files.
HOSTILE_CELLS = [
    "",
    " ",
    "NA",
    "1e300",
    "-1e300",
    "9223372036854775808",
    "9223372036854775807",
    "nan",
    "inf",
    "-0",
    "=1+1",
    "+1",
    "@SUM(A1)",
    "\x00",
    "\ufeff",
    "é" * 5000,
    ";;;",
    "a;b;c",
    "yes",
    "no",
    "true",
    "2**63",
    "0x10",
    "1_000",
    "١٢٣",
]


def scenario_data() -> dict[str, Any]:
    """The bundled scenario as a dict (its pool path made absolute)."""
    data = tomllib.loads(SCENARIO.read_text(encoding="utf-8"))
    data["nominations"] = str(POOL)
    return data


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found: list[tuple[Any, ...]] = []
    if isinstance(data, dict):
        for key, value in data.items():
            found.append((*prefix, key))
            found.extend(_paths(value, (*prefix, key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found.append((*prefix, index))
            found.extend(_paths(value, (*prefix, index)))
    return found


def mutated_scenario(seed: int) -> dict[str, Any]:
    """The bundled scenario with one to three values replaced by hostile ones."""
    rnd = random.Random(seed)
    data = scenario_data()
    paths = [p for p in _paths(data) if p[0] != "nominations"]
    for _ in range(rnd.randint(1, 3)):
        path = rnd.choice(paths)
        target: Any = data
        try:
            for part in path[:-1]:
                target = target[part]
            target[path[-1]] = rnd.choice(HOSTILE_VALUES)
        except (KeyError, IndexError, TypeError):
            continue
    return data


def mutated_csv(seed: int, rows: int = 25) -> bytes:
    """The first ``rows`` nominations of the bundled pool with cells, lines or bytes mutated."""
    rnd = random.Random(seed)
    lines = POOL.read_text(encoding="utf-8").splitlines()[: rows + 1]
    kind = rnd.randrange(4)
    if kind == 0:  # cells replaced
        for _ in range(rnd.randint(1, 6)):
            index = rnd.randrange(len(lines))
            cells = lines[index].split(",")
            cells[rnd.randrange(len(cells))] = rnd.choice(HOSTILE_CELLS)
            lines[index] = ",".join(cells)
    elif kind == 1:  # lines dropped or duplicated
        for _ in range(rnd.randint(1, 4)):
            index = rnd.randrange(len(lines))
            if rnd.random() < 0.5:
                lines.pop(index)
            else:
                lines.insert(index, lines[index])
    text = "\n".join(lines).encode("utf-8")
    if kind == 2:  # bytes flipped
        data = bytearray(text)
        for _ in range(rnd.randint(1, 20)):
            data[rnd.randrange(len(data))] = rnd.randrange(256)
        text = bytes(data)
    elif kind == 3:  # truncated
        text = text[: rnd.randrange(1, len(text))]
    return text


def small_workbook() -> bytes:
    """An .xlsx of the first 10 nominations of the bundled pool."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Nominations"
    for line in POOL.read_text(encoding="utf-8").splitlines()[:11]:
        sheet.append(next(iter(__import__("csv").reader([line]))))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def corrupt_workbook(base: bytes, seed: int) -> bytes:
    """``base`` damaged: bytes flipped, truncated, or a sheet rewritten with a hostile cell."""
    rnd = random.Random(seed)
    kind = rnd.randrange(3)
    if kind == 0:
        data = bytearray(base)
        for _ in range(rnd.randint(1, 8)):
            data[rnd.randrange(len(data))] = rnd.randrange(256)
        return bytes(data)
    if kind == 1:
        return base[: rnd.randrange(1, len(base))]
    cell = rnd.choice(
        [
            '<row r="1048577"><c r="A1048577"><v>1</v></c></row>',
            '<row r="99999999999"><c r="A99999999999"><v>1</v></c></row>',
            '<row r="2"><c r="XFE2"><v>1</v></c></row>',
            '<row r="2"><c r="ZZZZZZZZ2"><v>1</v></c></row>',
            '<row r="2"><c r="B2" s="1"><v>1e300</v></c></row>',
            '<row r="2"><c r="B2" t="s"><v>99999999</v></c></row>',
            '<row r="2"><c r="B2"><v>9223372036854775808</v></c></row>',
        ]
    )
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename.endswith("sheet1.xml"):
                body = body.replace(b"</sheetData>", cell.encode() + b"</sheetData>")
                body = body.replace(b'<dimension ref="', b'<dimension ref="A1:XFD1048576" x="')
            dst.writestr(item, body)
    return out.getvalue()
