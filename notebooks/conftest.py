"""The notebooks run as tests (nbmake, see pyproject.toml); their paired scripts do not.

While a notebook runs, its kernel treats the warnings a cell could cause (deprecations, future
changes, matplotlib and pandas notices) as errors, as pytest does for the test suite.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

#: The jupytext scripts paired with the notebooks are not tests.
collect_ignore_glob = ["*.py"]

#: Passed to the kernel's Python: these warnings stop the cell that causes them.
KERNEL_WARNINGS = ",".join(
    f"error::{category}"
    for category in ("DeprecationWarning", "FutureWarning", "UserWarning", "RuntimeWarning")
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every notebook is a slow test: the fast loop (``-m "not slow"``) leaves them out."""
    here = os.path.dirname(__file__)
    for item in items:
        if str(item.path).startswith(here) and item.path.suffix == ".ipynb":
            item.add_marker(pytest.mark.slow)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """Run each notebook with warnings as errors in its kernel (the environment it inherits)."""
    before = os.environ.get("PYTHONWARNINGS")
    os.environ["PYTHONWARNINGS"] = KERNEL_WARNINGS
    try:
        yield
    finally:
        if before is None:
            del os.environ["PYTHONWARNINGS"]
        else:
            os.environ["PYTHONWARNINGS"] = before
