"""Hostile input ends in a clear ComposerError (exit 2), never another exception.

The fuzz cases come from :mod:`tests.fuzz_corpus` (mutations of the bundled scenario and pool)
and from hypothesis; every category also has a test with the exact message it gets.
"""

from __future__ import annotations

import os
import resource
import stat
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from composer import ComposerError, load_nominations, load_scenario
from composer.cli.app import app
from composer.files import write_text
from composer.inputs.xlsx_reader import read_sheet
from composer.rules.bind import bind
from tests.fuzz_corpus import (
    POOL,
    SCENARIO,
    corrupt_workbook,
    mutated_csv,
    mutated_scenario,
    small_workbook,
)

runner = CliRunner()


def fuzz(examples: int) -> settings:
    """Deterministic, unhurried hypothesis settings for ``examples`` cases."""
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow],
        database=None,
    )


_POOL = load_nominations(POOL)
_BOOK = small_workbook()


def _clean(action: Callable[[], Any]) -> None:
    """Run ``action``: success or a ComposerError with a summary are the only outcomes."""
    try:
        action()
    except ComposerError as exc:
        assert exc.summary and exc.exit_code in (2, 3)


@pytest.mark.slow
@fuzz(900)
@given(st.integers(0, 10**9))
def test_fuzz_scenario_values(seed: int) -> None:
    data = mutated_scenario(seed)
    _clean(lambda: bind(load_scenario(data), _POOL))


@pytest.mark.slow
@fuzz(700)
@given(st.integers(0, 10**9))
def test_fuzz_nominations_cells(seed: int) -> None:
    data = mutated_csv(seed)
    _clean(lambda: load_nominations(_frame_or_file(data)))


def _frame_or_file(data: bytes) -> Path:
    path = Path(os.environ.get("PYTEST_TMP", "/tmp")) / f"fuzz-{os.getpid()}.csv"
    path.write_bytes(data)
    return path


@pytest.mark.slow
@fuzz(400)
@given(st.integers(0, 10**9))
def test_fuzz_corrupt_workbooks(seed: int) -> None:
    data = corrupt_workbook(_BOOK, seed)
    _clean(lambda: read_sheet(data, "fuzz.xlsx"))


@fuzz(300)
@given(st.text(max_size=200))
def test_fuzz_toml_text(text: str) -> None:
    _clean(lambda: load_scenario(text + "\n"))


@fuzz(40)
@given(
    st.sampled_from(["--workers", "--seed", "--time-limit"]),
    st.sampled_from(["99999999999999999999", "-1", "nan", "inf", "1e400", "x", ""]),
)
def test_fuzz_cli_options(option: str, value: str) -> None:
    result = runner.invoke(app, ["solve", str(SCENARIO), option, value])
    assert result.exit_code == 2, (option, value)


def test_memory_stays_bounded() -> None:
    """After the fuzz cases above (a sheet claiming a million rows among them): under 1.5 GB."""
    for seed in range(20):
        _clean(lambda s=seed: read_sheet(corrupt_workbook(_BOOK, 3 * s + 2), "fuzz.xlsx"))
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss < 1_500_000  # kilobytes


# ---------------------------------------------------------------------------- exact messages


def _message(action: Callable[[], Any]) -> str:
    with pytest.raises(ComposerError) as caught:
        action()
    return str(caught.value)


def test_true_is_not_a_count() -> None:
    assert _message(lambda: load_scenario("[size]\nmin = true\n")) == (
        "scenario: 1 problem(s)\n  - key 'size.min': true is not a number; write a number "
        "such as 3 -> see docs/scenarios.md for the keys and their types"
    )


def test_huge_numbers_in_rules_are_refused_with_the_bound() -> None:
    text = "[size]\nmax = 99999999999999999999\n[budget]\nmax = 1e300\n"
    assert _message(lambda: load_scenario(text)) == (
        "scenario: 2 problem(s)\n"
        "  - key 'size.max': Input should be less than or equal to 1000000 -> see "
        "docs/scenarios.md for the keys and their types\n"
        "  - key 'budget.max': Input should be less than or equal to 1000000000000 -> see "
        "docs/scenarios.md for the keys and their types"
    )


def test_deeply_nested_toml() -> None:
    text = "a = " + "[" * 5000 + "]" * 5000 + "\n"
    assert _message(lambda: load_scenario(text)) == (
        "<scenario text>: nested too deeply\n  - <scenario text>: the scenario nests tables "
        "or arrays hundreds of levels deep -> a scenario needs at most three levels, as in "
        "docs/scenarios.md"
    )


def test_folder_fifo_and_device_as_inputs(tmp_path: Path) -> None:
    assert _message(lambda: load_nominations(tmp_path)) == (
        f"{tmp_path}: is a folder, not a file\n  - {tmp_path}: the nominations path names a "
        "folder -> name the file inside the folder"
    )
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    assert _message(lambda: load_scenario(fifo)) == (
        f"{fifo}: is not a regular file\n  - {fifo}: the scenario path is a special file "
        "(a device, pipe or socket) -> name an ordinary file"
    )
    zero = Path("/dev/zero")
    assert "is not a regular file" in _message(lambda: load_nominations(zero))


def test_input_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMPOSER_MAX_INPUT_MB", "0.02")
    big = tmp_path / "big.csv"
    big.write_bytes(POOL.read_bytes())
    assert _message(lambda: load_nominations(big)) == (
        f"{big}: the file is too large\n  - {big}: the nominations file has 0.05 MB; composer "
        "reads at most 0.02 MB -> split the file, or raise the limit with "
        "COMPOSER_MAX_INPUT_MB=<megabytes>"
    )


def test_missing_and_too_long_paths(tmp_path: Path) -> None:
    long = tmp_path / ("x" * 300 + ".csv")
    assert _message(lambda: load_nominations(long)) == (
        f"{long}: cannot read: the file name is too long\n  - {long}: cannot read: the file "
        "name is too long -> choose a shorter file name"
    )
    assert "the nominations file does not exist" in _message(
        lambda: load_nominations(tmp_path / "none.csv")
    )


def test_workbook_claiming_a_huge_row() -> None:
    base = small_workbook()
    for seed in range(60):
        data = corrupt_workbook(base, seed)
        if b"99999999999" in data or seed > 50:
            break
    message = _message(lambda: read_sheet(corrupt_workbook(base, 2), "big.xlsx"))
    assert message.startswith("big.xlsx: the workbook cannot be read")


def test_bad_crc_in_a_workbook() -> None:
    base = bytearray(small_workbook())
    start = base.index(b"xl/worksheets/sheet1.xml") + 40  # inside the compressed data
    base[start + 20] ^= 0xFF
    message = _message(lambda: read_sheet(bytes(base), "crc.xlsx"))
    assert message.startswith("crc.xlsx: the workbook cannot be read\n  - crc.xlsx: ")
    assert message.endswith("-> open it in a spreadsheet program and save it again as .xlsx")


def test_outputs_that_cannot_be_written(tmp_path: Path) -> None:
    assert _message(lambda: write_text(tmp_path, "x", force=True)) == (
        f"{tmp_path}: it is a folder, not a file\n  - {tmp_path}: it is a folder, not a file "
        "-> name a file inside the folder"
    )
    link = tmp_path / "link.json"
    link.symlink_to(tmp_path / "target.json")
    assert "it is a symbolic link; composer does not write through or replace links" in (
        _message(lambda: write_text(link, "x", force=True))
    )
    assert not (tmp_path / "target.json").exists()
    assert "it is a special file (a device, pipe or socket)" in _message(
        lambda: write_text(Path("/dev/null"), "x", force=True)
    )
    long = tmp_path / ("y" * 300 + ".json")
    assert "the file name is too long (305 characters; at most 255 bytes)" in _message(
        lambda: write_text(long, "x")
    )
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)  # untouched


def test_full_disk_leaves_no_temporary_file(tmp_path: Path) -> None:
    from composer.files import write_atomic

    def full(tmp: Path) -> None:
        tmp.write_text("half")
        raise OSError(28, "No space left on device")

    target = tmp_path / "out.json"
    assert _message(lambda: write_atomic(target, full)) == (
        f"{target}: cannot write: the disk is full\n  - {target}: cannot write: the disk is "
        "full -> free some space, or write to another disk"
    )
    assert list(tmp_path.iterdir()) == []


def test_cli_exit_codes_for_bad_options_and_ranges(tmp_path: Path) -> None:
    huge = runner.invoke(app, ["solve", str(SCENARIO), "--workers", "99999999999999999999"])
    assert huge.exit_code == 2
    sweep = runner.invoke(app, ["sweep", str(SCENARIO), "--from", "0", "--to", "1000000"])
    assert sweep.exit_code == 2
    assert "Error: sweep: sizes 0 to 1000000 cannot be tried" in sweep.output
    folder = runner.invoke(app, ["solve", str(SCENARIO), "--json", str(tmp_path)])
    assert folder.exit_code == 2 and "it is a folder, not a file" in " ".join(folder.output.split())


def test_bundled_scenario_still_loads() -> None:
    assert tomllib.loads(SCENARIO.read_text())["name"]


def test_scenario_file_may_not_name_an_absolute_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from composer.engine.solve import load_inputs

    scenario = tmp_path / "s.toml"
    scenario.write_text('nominations = "/etc/passwd"\n')
    assert _message(lambda: load_inputs(None, scenario)) == (
        "s.toml: the nominations path is absolute\n  - s.toml, key 'nominations': nominations "
        "= '/etc/passwd' names a file outside the scenario's folder tree by an absolute path "
        "-> give the path relative to the scenario file, pass the file with --nominations, "
        "or set COMPOSER_ALLOW_ABSOLUTE_PATHS=1"
    )
    monkeypatch.setenv("COMPOSER_ALLOW_ABSOLUTE_PATHS", "1")
    assert "no header row found" in _message(lambda: load_inputs(None, scenario))
