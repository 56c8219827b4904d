"""Ctrl-C for the command line: stop a running CP-SAT search at once, write nothing after it.

Python runs its SIGINT handler only between bytecodes of the main thread, so while CP-SAT
searches (inside C++) a Ctrl-C would wait for the time limit.  :func:`install` (called by the
``composer`` command, never on import) keeps Python's handler, which raises
:class:`KeyboardInterrupt`, and adds a watcher thread woken through :func:`signal.set_wakeup_fd`
the moment the signal arrives: it stops every solver :func:`track` knows of, so the search
returns within milliseconds and the ``KeyboardInterrupt`` follows.  CP-SAT's own SIGINT
handler is switched off for tracked solvers (it would swallow the signal and report a time
limit instead).

Once interrupted, :func:`requested` stays true: :mod:`composer.files` then refuses to put any
output in place, and :func:`track` refuses to start another solve.  Outside the command line
(notebooks, scripts) nothing here is active and Ctrl-C behaves as Python's default.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import weakref
from typing import Any, TypeVar

S = TypeVar("S")

_requested = threading.Event()
#: set once a KeyboardInterrupt has been raised for the Ctrl-C: the signal's own handler may
#: run late (after :func:`check` has already raised), and a second KeyboardInterrupt would
#: then escape the command line's clean exit
_raised = threading.Event()
_installed = False
_solvers: weakref.WeakSet[Any] = weakref.WeakSet()
_lock = threading.Lock()


def installed() -> bool:
    """Whether the command line's Ctrl-C handling is active in this process."""
    return _installed


def requested() -> bool:
    """Whether Ctrl-C was pressed since :func:`install` (always False when not installed)."""
    return _requested.is_set()


def check() -> None:
    """Raise :class:`KeyboardInterrupt` if Ctrl-C was pressed: stop before doing more work."""
    if _requested.is_set():
        _raised.set()
        raise KeyboardInterrupt


def track(solver: S) -> S:
    """Let Ctrl-C stop ``solver`` (a ``CpSolver``) mid-search; returns it.

    Without :func:`install` this does nothing.  After Ctrl-C it raises ``KeyboardInterrupt``
    instead of letting a new search start.
    """
    if not _installed:
        return solver
    check()
    solver.parameters.catch_sigint_signal = False  # type: ignore[attr-defined]
    with _lock:
        _solvers.add(solver)
    return solver


def _stop_all() -> None:
    with _lock:
        solvers = list(_solvers)
    for solver in solvers:
        with contextlib.suppress(Exception):  # a solver not yet started or already gone
            solver.stop_search()


def _watch(read_fd: int) -> None:
    """Watcher thread: wake on each signal byte; on SIGINT, mark and stop every search."""
    while True:
        try:
            data = os.read(read_fd, 64)
        except OSError:
            return
        if not data:
            return
        if signal.SIGINT in data:
            _requested.set()
            _stop_all()


def _on_sigint(signum: int, frame: Any) -> None:
    _requested.set()
    if not _raised.is_set():  # one KeyboardInterrupt per run: the exit is already under way
        _raised.set()
        raise KeyboardInterrupt


def install() -> None:
    """Activate the handling described above (main thread only; idempotent)."""
    global _installed
    if _installed or threading.current_thread() is not threading.main_thread():
        return
    read_fd, write_fd = os.pipe()
    os.set_blocking(write_fd, False)
    signal.set_wakeup_fd(write_fd, warn_on_full_buffer=False)
    signal.signal(signal.SIGINT, _on_sigint)
    threading.Thread(target=_watch, args=(read_fd,), name="composer-ctrl-c", daemon=True).start()
    _installed = True
