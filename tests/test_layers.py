"""The package follows the data flow: a layer imports only from the layers before it.

Every import counts, at module level or inside a function.  The few exceptions are
convenience methods on ``Result`` (``result.explain()``, ``result.to_excel()``, ...), listed
here by name; a new upward import fails this test until it is moved or listed.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "composer"

#: Layers in data-flow order; a module may import from its own layer and those before it.
LAYERS = ["base", "inputs", "rules", "engine", "analysis", "export", "cli"]
BASE = {"errors", "numbers", "files", "interrupts"}

#: (importing module, imported module): upward imports allowed on purpose.
ALLOWED = {
    # Result's convenience methods: result.explain(), .replace(), .to_excel(), .diagnose()
    ("composer.engine.result", "composer.analysis.explain"),
    ("composer.engine.result", "composer.analysis.replace"),
    ("composer.engine.result", "composer.export.excel"),
    # the lottery's own convenience method: lottery.to_excel()
    ("composer.analysis.lottery_result", "composer.export.probabilities"),
    # the comparison's own convenience method: comparison.to_excel()
    ("composer.analysis.compare", "composer.export.frames_book"),
}


def layer_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "composer" or len(parts) == 1:
        return None  # the package root re-exports the public API
    if parts[1] in BASE:
        return "base"
    return parts[1] if parts[1] in LAYERS else None


def imports(path: Path) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, node.lineno))
            found += [(f"{node.module}.{a.name}", node.lineno) for a in node.names]
    return found


def module_name(path: Path) -> str:
    relative = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def test_every_module_is_in_a_layer() -> None:
    loose = [
        module_name(p)
        for p in PACKAGE.rglob("*.py")
        if module_name(p) not in ("composer", "composer.__main__")
        and layer_of(module_name(p)) is None
    ]
    assert not loose, f"modules outside every layer: {loose}"


def test_no_upward_import() -> None:
    upward = []
    for path in sorted(PACKAGE.rglob("*.py")):
        source = module_name(path)
        here = layer_of(source)
        if here is None:
            continue
        for target, line in imports(path):
            there = layer_of(target)
            if there is None or (source, target) in ALLOWED:
                continue
            if not any(target.startswith(a[1]) for a in ALLOWED if a[0] == source) and (
                LAYERS.index(there) > LAYERS.index(here)
            ):
                upward.append(f"{path.relative_to(PACKAGE.parent)}:{line} imports {target}")
    assert not upward, "imports against the data flow:\n" + "\n".join(upward)


def test_the_allowed_exceptions_still_exist() -> None:
    for source, target in ALLOWED:
        path = PACKAGE.parent / (source.replace(".", "/") + ".py")
        assert any(t == target for t, _ in imports(path)), f"{source} no longer imports {target}"
