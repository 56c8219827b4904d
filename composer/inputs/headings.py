"""Match the headings of a nominations file to the columns composer and the scenario know.

A heading is read as a column, in this order:

1. the scenario says so: ``[columns.score] heading = "Secretariat score"`` (always wins);
2. the heading *is* the column, ignoring case, spaces, hyphens and underscores
   (``Stakeholder group`` is ``stakeholder_group``);
3. a known other name: ``Sex`` -> ``gender``, ``Nomination ID`` -> ``id``, ``Full name`` ->
   ``name``, ``Secretariat score`` -> ``score``, ``Areas of expertise`` -> ``expertise``,
   ``Travel cost (USD)`` -> ``travel_cost`` (a unit in brackets and words such as "full",
   "secretariat", "areas of" are set aside);
4. a close spelling (``countr`` -> ``country``).

Every heading read as another column by rules 3 and 4 is reported as a warning, so the user
can confirm it (naming it in the scenario silences the warning) or correct it.  Two headings
that could both be one column are an error: composer does not choose between them.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from composer.errors import Problem
from composer.inputs.column_spec import ColumnSpec
from composer.inputs.columns import KNOWN, normalise_column

#: Other names of the built-in columns, in the folded form of :func:`fold_heading`.
SYNONYMS: dict[str, str] = {
    "organization": "organisation",
    "org": "organisation",
    "affiliation": "organisation",
    "employer": "organisation",
    "institution": "organisation",
    "organisation_name": "organisation",
    "organization_name": "organisation",
    "nominator": "nominated_by",
    "nominated": "nominated_by",
    "nominating_body": "nominated_by",
    "nominating_organisation": "nominated_by",
    "nominating_organization": "nominated_by",
    "proposed_by": "nominated_by",
    "stakeholder": "stakeholder_group",
    "group": "stakeholder_group",
    "sector": "stakeholder_group",
    "stakeholder_type": "stakeholder_group",
    "stakeholder_category": "stakeholder_group",
    "sex": "gender",
    "cost": "travel_cost",
    "travel": "travel_cost",
    "travel_costs": "travel_cost",
    "cost_of_travel": "travel_cost",
    "expertise_areas": "expertise",
    "areas": "expertise",
    "specialisation": "expertise",
    "specialization": "expertise",
    "language": "languages",
    "working_languages": "languages",
    "languages_spoken": "languages",
    "merit": "score",
    "rating": "score",
    "points": "score",
    "evaluation": "score",
    "nationality": "country",
    "citizenship": "country",
    "member_state": "country",
    "ref": "id",
    "reference": "id",
    "ref_no": "id",
    "reference_no": "id",
    "sitting_member": "incumbent",
    "current_member": "incumbent",
    "regional_group": "region",
    "un_regional_group": "region",
    "un_region": "region",
}
#: Words set aside when matching ("Secretariat score" is the score, "Full name" the name).
NOISE = frozenset(
    {
        "of",
        "the",
        "in",
        "for",
        "full",
        "area",
        "areas",
        "field",
        "fields",
        "final",
        "total",
        "overall",
        "nominee",
        "nominees",
        "candidate",
        "applicant",
        "nomination",
        "secretariat",
        "assessed",
        "assessment",
        "estimated",
        "est",
        "home",
        "number",
        "code",
        "identity",
        "usd",
        "eur",
        "chf",
    }
)
#: Words of headings that hold part of a name (first name, surname...).
NAME_PARTS = frozenset({"first", "given", "last", "family", "surname", "forename", "middle"})
#: Words of a bracket that only says a unit or how to fill a column ("(USD)", "(max 100)").
HINTS = frozenset(
    {
        *("usd", "eur", "chf", "gbp", "jpy", "us", "dollars", "euros", "francs", "currency"),
        *("in", "of", "max", "maximum", "min", "out", "to", "points", "pts", "percent", "pct"),
        *("years", "year", "yes", "no", "y", "n", "optional", "required", "if", "any"),
        *("iso", "code", "codes", "alpha", "un", "text", "number", "numbers", "e", "g", "eg"),
        *("list", "separated", "by", "semicolons", "semicolon", "commas", "comma", "see", "below"),
    }
)
#: How close a spelling must be to count as the column (difflib ratio): typos only.
SIMILARITY = 0.85
#: Headings longer than this (folded) are not compared by similarity.
LONGEST = 40


def reads_as_id(heading: str) -> bool:
    """Whether ``heading`` is an id heading by rules 2-3 (fast: no similarity)."""
    folded = fold_heading(heading)
    stripped = "_".join(w for w in folded.split("_") if w not in NOISE)
    return (
        plain(heading) == "id"
        or "id" in (folded, stripped)
        or "id"
        in (
            SYNONYMS.get(folded),
            SYNONYMS.get(stripped),
        )
    )


def fold_heading(heading: object) -> str:
    """Case, accents, brackets and punctuation set aside: ``Travel cost (USD)`` -> travel_cost."""
    text = unicodedata.normalize("NFKD", str(heading))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"\(([^)]*)\)|\[([^\]]*)\]", _aside, text)
    return "_".join(re.findall(r"[a-z0-9]+", text))


def _aside(match: re.Match[str]) -> str:
    """A bracket of units or hints is set aside ("(USD)", "(0-100)"); others are words."""
    inside = match.group(1) if match.group(1) is not None else match.group(2)
    words = re.findall(r"[a-z]+", inside)
    return " " if all(w in HINTS for w in words) else f" {inside} "


def plain(heading: object) -> str:
    """The column a heading names literally: case-insensitive, spaces and hyphens as '_'."""
    return "_".join(str(heading).strip().casefold().replace("-", " ").split())


def _fold_spec(text: str) -> str:
    return " ".join(text.casefold().split())


def guess(heading: str, candidates: Iterable[str]) -> str | None:
    """The column ``heading`` most likely means among ``candidates`` (rules 2-4), or None."""
    names = set(candidates)
    literal = plain(heading)
    if literal in names:
        return literal
    folded = fold_heading(heading)
    if not folded:
        return None
    for text in (folded, "_".join(w for w in folded.split("_") if w not in NOISE)):
        if text in names:
            return text
        if SYNONYMS.get(text) in names:
            return SYNONYMS[text]
    if len(folded) > LONGEST:  # a sentence, not a misspelt column name
        return None
    close = difflib.get_close_matches(folded, sorted(names), n=2, cutoff=SIMILARITY)
    if len(close) == 1 or (len(close) == 2 and _ratio(folded, close[0]) > _ratio(folded, close[1])):
        return close[0]
    return None


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio()


def candidates_for(wanted: Iterable[str], specs: Mapping[str, ColumnSpec]) -> list[str]:
    """The columns a heading may be read as: built-in, named by the scenario, declared."""
    return list(dict.fromkeys([*KNOWN, *wanted, *(normalise_column(c) for c in specs)]))


@dataclass
class Headings:
    """How the headings of a header row were read."""

    #: the column of each position ("" for an empty heading or one not read)
    names: list[str]
    #: column -> the heading as written in the file
    heading_of: dict[str, str] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def match_headings(
    headings: list[str],
    wanted: Iterable[str],
    specs: Mapping[str, ColumnSpec],
    source: str,
    row: int,
) -> Headings:
    """Read each heading of the header row (spreadsheet ``row``) as a column; see the module."""
    candidates = candidates_for(wanted, specs)
    names = [plain(h) if h.strip() else "" for h in headings]
    found = Headings(names)
    explicit: dict[int, str] = {}
    for key, spec in specs.items():
        if spec.heading is None:
            continue
        column = normalise_column(key)
        at = [i for i, h in enumerate(headings) if _fold_spec(h) == _fold_spec(spec.heading)]
        if not at:
            near = closest_headings(spec.heading, headings)
            found.problems.append(
                Problem(
                    f"[columns.{key}] heading = '{spec.heading}', but the header row has no "
                    "such heading",
                    fix=(f"closest headings: {near}; " if near else "")
                    + "write the heading exactly as the file has it",
                    file=source,
                    row=row,
                    column=column,
                )
            )
            continue
        for position in at:
            explicit[position] = column
    taken = set(explicit.values())
    for position, column in explicit.items():
        names[position] = column
    literal = {i: n for i, n in enumerate(names) if i not in explicit and n and n in candidates}
    for position, column in literal.items():
        if column in taken:
            found.warnings.append(
                Problem(
                    f"heading '{headings[position]}' is not read: the scenario reads column "
                    f"'{column}' from heading '{_heading_for(specs, column)}'",
                    fix="delete or rename one of the two columns",
                    file=source,
                    row=row,
                    column=column,
                )
            )
            names[position] = ""
    exact = {c: i for i, c in literal.items() if names[i]}
    guessed: dict[str, list[int]] = {}
    for position, heading in enumerate(headings):
        if position in explicit or position in literal or not heading.strip():
            continue
        target = guess(heading, [c for c in candidates if c not in taken])
        if target is not None:
            guessed.setdefault(target, []).append(position)
    for column, positions in guessed.items():
        if column in exact:  # 'score' and 'Final score': the user says which
            positions = [exact[column], *positions]
        if len(positions) > 1:
            shown = ", ".join(f"'{headings[p]}'" for p in positions[:-1])
            shown += f" and '{headings[positions[-1]]}'"
            found.problems.append(
                Problem(
                    f"headings {shown} could both be column '{column}'",
                    fix=f"name the one to read in the scenario: [columns.{column}] heading = "
                    f'"{headings[positions[0]]}", or rename the other',
                    file=source,
                    row=row,
                    column=column,
                )
            )
            continue
        (position,) = positions
        names[position] = column
        found.warnings.append(
            Problem(
                f"heading '{headings[position]}' read as column '{column}'",
                fix=f"if that is right, confirm it with [columns.{column}] heading = "
                f'"{headings[position]}" in the scenario; if not, rename the heading',
                file=source,
                row=row,
                column=column,
            )
        )
    found.heading_of = {n: headings[i] for i, n in enumerate(names) if n}
    parts = [h for h in headings if set(fold_heading(h).split("_")) & NAME_PARTS]
    if "name" not in found.heading_of and parts:
        shown = " and ".join(f"'{h}'" for h in parts[:3])
        found.warnings.append(
            Problem(
                f"no heading is read as 'name', but {shown} look like parts of a name: "
                "nominees are shown by their ids",
                fix="add a column 'name' with the whole name (in the spreadsheet, join the "
                'parts), or map one with [columns.name] heading = "..."',
                file=source,
                row=row,
                column="name",
            )
        )
    return found


def _heading_for(specs: Mapping[str, ColumnSpec], column: str) -> str:
    for key, spec in specs.items():
        if normalise_column(key) == column and spec.heading is not None:
            return spec.heading
    return column


def closest_headings(word: str, headings: Iterable[str], n: int = 3) -> str:
    """Up to ``n`` headings closest to ``word``, quoted and comma-separated ('' if none)."""
    shown = [h for h in headings if h.strip()]
    folded = {fold_heading(h) or h: h for h in shown}
    target = fold_heading(word) or word
    near = difflib.get_close_matches(target, list(folded), n=n, cutoff=0.5)
    if not near:  # no close spelling: the headings that share a word with it
        words = set(target.split("_"))
        near = [f for f in folded if words & set(f.split("_"))][:n]
    return ", ".join(f"'{folded[f]}'" for f in near)
