"""One error hierarchy for composer, with stable codes and messages that say what to do.

Every error a user can provoke with bad input is a :class:`ComposerError`.  Each carries a
stable ``code`` (for scripts and tests), a list of :class:`Problem` entries (every problem
found, not just the first) and an exit code for the command line.
"""

from __future__ import annotations

from dataclasses import dataclass, field

EXIT_OK = 0
EXIT_BUG = 1
EXIT_BAD_INPUT = 2
EXIT_INFEASIBLE = 3
EXIT_TIMEOUT = 4


@dataclass(frozen=True)
class Problem:
    """One problem in one place: what is wrong and how to fix it."""

    message: str
    fix: str = ""
    file: str | None = None
    row: int | None = None
    column: str | None = None
    key: str | None = None

    def location(self) -> str:
        """Where the problem is, as a user reads it (file, row, column or key)."""
        parts: list[str] = []
        if self.file:
            parts.append(self.file)
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column '{self.column}'")
        if self.key:
            parts.append(f"key '{self.key}'")
        return ", ".join(parts)

    def __str__(self) -> str:
        where = self.location()
        text = f"{where}: {self.message}" if where else self.message
        if self.fix:
            text += f" -> {self.fix}"
        return text


@dataclass
class ComposerError(Exception):
    """Base class of every error composer raises on purpose."""

    summary: str
    problems: list[Problem] = field(default_factory=list)
    code: str = "composer_error"
    exit_code: int = EXIT_BAD_INPUT

    def __post_init__(self) -> None:
        super().__init__(self.summary)

    def __str__(self) -> str:
        if not self.problems:
            return self.summary
        lines = [self.summary] + [f"  - {p}" for p in self.problems]
        return "\n".join(lines)


@dataclass
class NominationsError(ComposerError):
    """The nominations file or table cannot be used as it is."""

    code: str = "bad_nominations"


@dataclass
class ScenarioError(ComposerError):
    """The scenario is malformed, or names a column, value or id the pool does not have."""

    code: str = "bad_scenario"


@dataclass
class OutputExistsError(ComposerError):
    """An output file exists already and ``force`` was not given."""

    code: str = "output_exists"


@dataclass
class FrontierError(ComposerError):
    """A trade-off analysis (front, sweep, comparison) has no roster to show, or bad settings."""

    code: str = "no_front"
    exit_code: int = EXIT_INFEASIBLE


@dataclass
class CheckFailedError(ComposerError):
    """The independent checker rejected a roster returned by the solver (a bug)."""

    code: str = "check_failed"
    exit_code: int = EXIT_BUG


def suggest(word: str, choices: list[str] | tuple[str, ...] | set[str]) -> str | None:
    """Return the choice nearest to ``word`` (case-insensitive), or None if nothing is close."""
    import difflib

    lowered = {c.lower(): c for c in choices}
    match = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[match[0]] if match else None


@dataclass
class ModelTooLargeError(ComposerError):
    """Numbers too large for the solver's exact integer arithmetic, or a model it rejects."""

    code: str = "model_too_large"
