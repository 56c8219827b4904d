"""Progress bars and the runner for analyses made of many solves (fronts, sweeps).

:func:`progress_bar` shows a rich bar on a terminal, a plain text bar in Jupyter (one line,
redrawn, no widgets) and nothing elsewhere (pipes, tests).  :func:`run_tasks` solves a list of
independent tasks one after another (each may start from the previous task's answer) or in
parallel processes, and on Ctrl-C returns the tasks finished so far.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import queue
import signal
import sys
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Generic, Protocol, TextIO, TypeVar

S = TypeVar("S")
T = TypeVar("T")
R = TypeVar("R")

#: Seconds to start worker processes, by start method, measured on the benchmark machine
#: (2 cores; docs/benchmarks-tradeoffs.md): a forked process is ready at once, a spawned one
#: first imports pandas and OR-Tools.
STARTUP_SECONDS = {"fork": 0.1, "forkserver": 2.0, "spawn": 2.0}
#: Least estimated work (seconds in one process) worth spreading over processes, by start
#: method: forked processes repay their start within a second, spawned ones need far longer.
MIN_PARALLEL_SECONDS = {"fork": 1.0, "forkserver": 10.0, "spawn": 10.0}
#: Chunks per process: each runs its tasks in order (reuse and hints kept inside a chunk);
#: more chunks than processes even out chunks of unequal difficulty.
CHUNKS_PER_PROCESS = 2


class Reporter(Protocol):
    """Something that shows how many of the tasks are done."""

    def advance(self, note: str = "") -> None:
        """One more task finished."""

    def resize(self, total: int | None) -> None:
        """The number of tasks is now known (or changed)."""

    def close(self) -> None:
        """All done (or stopped): leave the bar as it is."""


class SilentBar:
    """Shows nothing."""

    def advance(self, note: str = "") -> None:
        """Ignore."""

    def resize(self, total: int | None) -> None:
        """Ignore."""

    def close(self) -> None:
        """Ignore."""


class TextBar:
    """A one-line text bar redrawn with a carriage return (Jupyter shows it in place)."""

    def __init__(self, label: str, total: int | None, stream: TextIO | None = None) -> None:
        self.label, self.total, self.done = label, total, 0
        self.stream = stream or sys.stdout
        self.started = time.perf_counter()
        self._draw("")

    def _draw(self, note: str) -> None:
        seconds = time.perf_counter() - self.started
        if self.total:
            filled = round(20 * self.done / self.total)
            bar = f"[{'#' * filled}{'.' * (20 - filled)}] {self.done}/{self.total}"
        else:
            bar = f"{self.done} done"
        text = f"\r{self.label}: {bar}, {seconds:.1f} s {note}".rstrip()
        self.stream.write(text.ljust(78))
        self.stream.flush()

    def advance(self, note: str = "") -> None:
        """Count one more and redraw."""
        self.done += 1
        self._draw(note)

    def resize(self, total: int | None) -> None:
        """Set the number of tasks and redraw."""
        self.total = total
        self._draw("")

    def close(self) -> None:
        """End the line."""
        self.stream.write("\n")
        self.stream.flush()


class RichBar:
    """A rich progress bar on the terminal (standard error)."""

    def __init__(self, label: str, total: int | None) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        self.progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.fields[note]}"),
            console=Console(stderr=True),
            transient=False,
            auto_refresh=False,  # no drawing thread: worker processes fork from this one
        )
        self.progress.start()
        self.task = self.progress.add_task(label, total=total, note="")

    def advance(self, note: str = "") -> None:
        """Count one more."""
        self.progress.update(self.task, advance=1, note=note)
        self.progress.refresh()

    def resize(self, total: int | None) -> None:
        """Set the number of tasks."""
        self.progress.update(self.task, total=total)
        self.progress.refresh()

    def close(self) -> None:
        """Stop redrawing."""
        self.progress.stop()


def in_notebook() -> bool:
    """Whether the code runs in a Jupyter kernel."""
    shell = sys.modules.get("IPython")
    if shell is None or "ipykernel" not in sys.modules:
        return False
    get = getattr(shell, "get_ipython", None)
    return bool(get and type(get()).__name__ == "ZMQInteractiveShell")


def progress_bar(label: str, total: int | None, enabled: bool = True) -> Reporter:
    """A rich bar on a terminal, a text bar in Jupyter, nothing otherwise or if not ``enabled``."""
    if not enabled:
        return SilentBar()
    if in_notebook():
        return TextBar(label, total)
    if sys.stderr.isatty():
        return RichBar(label, total)
    return SilentBar()


# ---------------------------------------------------------------------------- running tasks


@dataclass
class Run(Generic[R]):
    """What a run of tasks produced: one answer per task (None if it did not finish)."""

    answers: list[R | None]
    interrupted: bool = False
    processes: int = 1
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    @property
    def finished(self) -> int:
        """How many tasks finished."""
        return sum(answer is not None for answer in self.answers)


Worker = Callable[[S, T, R | None], R]

_SHARED: Any = None


def _install(shared: Any) -> None:
    """Process initialiser: keep the shared data; leave Ctrl-C to the parent process."""
    global _SHARED
    _SHARED = shared
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _call_chunk(worker: Callable[[Any, Any, Any], Any], tasks: list[Any], chain: bool) -> Any:
    """Run a contiguous chunk of tasks in order inside a worker process."""
    answers: list[Any] = []
    previous = None
    for task in tasks:
        previous = worker(_SHARED, task, previous if chain else None)
        answers.append(previous)
    return answers


def chunks(count: int, parts: int) -> list[range]:
    """``range(count)`` cut into ``parts`` contiguous, nearly equal pieces (none empty)."""
    parts = max(1, min(parts, count))
    edges = [round(k * count / parts) for k in range(parts + 1)]
    return [range(a, b) for a, b in itertools.pairwise(edges) if b > a]


def start_method() -> str:
    """How worker processes start: forked on Linux (no re-import), spawned elsewhere."""
    override = os.environ.get("COMPOSER_START_METHOD")
    if override:
        return override
    return "fork" if sys.platform.startswith("linux") else "spawn"


def usable_processes(tasks: int, workers: int) -> int:
    """How many processes could run ``tasks`` at once with ``workers`` CP-SAT threads each."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(tasks, (cores or 1) // max(1, workers)))


def idle_cores() -> float | None:
    """Cores that other work leaves idle: usable cores minus the 1-minute load (ours counted
    out), or None where the load is unknown."""
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):
        return None
    return max(0.0, usable_processes(1 << 16, 1) - max(0.0, load - 1.0))


def choose_processes(tasks: int, workers: int, seconds_per_task: float) -> int:
    """Processes worth starting: parallel only when cores are idle and the time saved repays
    starting processes.

    Measured (docs/benchmarks-tradeoffs.md, 2 shared cores): two processes took 0.55-0.87 of
    the one-process time in most runs and up to 1.22 times as long in others, as other work
    on the machine came and went.  So: at least two idle cores, the work left at least
    :data:`MIN_PARALLEL_SECONDS` (per start method), and a clear estimated gain.
    """
    most = usable_processes(tasks, workers)
    idle = idle_cores()
    if idle is not None:
        most = min(most, int(idle // max(1, workers)))
    if tasks < 4 or most < 2:
        return 1
    method = start_method()
    serial = tasks * seconds_per_task
    parallel = STARTUP_SECONDS.get(method, 2.0) + 1.25 * serial / most
    long_enough = serial >= MIN_PARALLEL_SECONDS.get(method, 10.0)
    return most if long_enough and parallel < 0.8 * serial else 1


def run_tasks(
    worker: Worker[S, T, R],
    shared: S,
    tasks: Sequence[T],
    *,
    processes: int = 1,
    chain: bool = True,
    bar: Reporter | None = None,
    describe: Callable[[R], str] | None = None,
) -> Run[R]:
    """Run ``worker(shared, task, previous_answer)`` for every task.

    In one process the tasks run in order and, with ``chain``, each gets the previous answer
    (to start from it).  With ``processes > 1`` contiguous chunks of tasks run in parallel
    processes, each chunk in order (``worker`` and ``shared`` must pickle).  Ctrl-C stops the
    run: the answers finished so far are returned and ``interrupted`` is set.  The caller
    closes ``bar``.
    """
    bar = bar or SilentBar()
    started = time.perf_counter()
    run: Run[R] = Run([None] * len(tasks), processes=max(1, processes))
    if run.processes == 1 or len(tasks) < 2:
        run.processes = 1
        _serial(worker, shared, tasks, chain, bar, describe, run)
    else:
        _parallel(worker, shared, tasks, chain, bar, describe, run)
    run.seconds = time.perf_counter() - started
    if run.interrupted:
        run.notes.append(
            f"interrupted: {run.finished} of {len(tasks)} solves finished; "
            "the results below use those only"
        )
    return run


def _serial(
    worker: Worker[S, T, R],
    shared: S,
    tasks: Sequence[T],
    chain: bool,
    bar: Reporter,
    describe: Callable[[R], str] | None,
    run: Run[R],
) -> None:
    previous: R | None = None
    for index, task in enumerate(tasks):
        try:
            answer = worker(shared, task, previous if chain else None)
        except KeyboardInterrupt:
            run.interrupted = True
            return
        run.answers[index] = previous = answer
        bar.advance(describe(answer) if describe else "")


def _parallel(
    worker: Worker[S, T, R],
    shared: S,
    tasks: Sequence[T],
    chain: bool,
    bar: Reporter,
    describe: Callable[[R], str] | None,
    run: Run[R],
) -> None:
    context = multiprocessing.get_context(start_method())
    finished: queue.SimpleQueue[tuple[range, bool, Any]] = queue.SimpleQueue()
    with warnings.catch_warnings():  # the forked workers only solve: no other lock needed
        warnings.filterwarnings("ignore", "This process .* is multi-threaded, use of fork")
        workers = context.Pool(run.processes, initializer=_install, initargs=(shared,))
    try:
        parts = chunks(len(tasks), run.processes * CHUNKS_PER_PROCESS)
        for part in parts:
            workers.apply_async(
                _call_chunk,
                (worker, [tasks[i] for i in part], chain),
                callback=partial(_done, finished, part, True),
                error_callback=partial(_done, finished, part, False),
            )
        for _ in parts:
            part, ok, outcome = _next(finished)
            if not ok:
                raise outcome
            for index, answer in zip(part, outcome, strict=True):
                run.answers[index] = answer
            for answer in outcome:
                bar.advance(describe(answer) if describe else "")
    except KeyboardInterrupt:
        run.interrupted = True
        while not finished.empty():  # chunks that finished meanwhile are kept
            part, ok, outcome = finished.get()
            if ok:
                for index, answer in zip(part, outcome, strict=True):
                    run.answers[index] = answer
    finally:
        workers.terminate()  # stops unfinished solves too; no worker outlives the run
        workers.join()


def _done(finished: queue.SimpleQueue[Any], part: range, ok: bool, outcome: Any) -> None:
    finished.put((part, ok, outcome))


def _next(finished: queue.SimpleQueue[Any]) -> Any:
    """The next finished chunk, waking often so that Ctrl-C is noticed at once."""
    while True:
        try:
            return finished.get(timeout=0.1)
        except queue.Empty:
            continue
