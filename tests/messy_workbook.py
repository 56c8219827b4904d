"""A secretariat's messy nominations workbook, and the clean file it stands for.

The messy workbook has a title row and a row of merged group headings above the header,
headings written as people write them (``Nomination ID``, ``Full name``, ``Secretariat
score``, ``Areas of expertise``, ``Travel cost (USD)``), lists separated by ``,``, ``/`` and
line breaks, a person nominated twice, contact and internal columns and a date column.
With ``broken_numbers``, three cost cells hold ``3,100``, ``$1,500`` and ``2,5``.
"""

from __future__ import annotations

import datetime
import random
from pathlib import Path
from typing import Any

import openpyxl

COUNTRIES = ("KEN", "IND", "POL", "BRA", "FRA", "VNM", "CAN")
GROUPS = ("government", "private_sector", "civil_society", "technical_academic")
AREAS = ("spam", "privacy", "dns", "access", "cybersecurity")
FIRST = ("Ana", "Ben", "Chen", "Dana", "Eve", "Femi", "Gita", "Hugo", "Ines", "Jon", "Kofi")
LAST = ("Silva", "Okafor", "Li", "Levi", "Nakamura", "Adeyemi", "Rao", "Weber", "Costa")
HEADINGS = [
    "Nomination ID",
    "Full name",
    "Country",
    "Stakeholder",
    "Sex",
    "Secretariat score",
    "Areas of expertise",
    "Travel cost (USD)",
    "E-mail",
    "Phone",
    "Internal notes",
    "Date received",
]
CLEAN_HEADINGS = [
    "id",
    "name",
    "country",
    "stakeholder_group",
    "gender",
    "score",
    "expertise",
    "travel_cost",
    "email",
    "phone",
    "internal_notes",
    "date_received",
]
#: The separator each row's expertise cell uses in the messy workbook (cycled).
SEPARATORS = ("; ", ", ", "/", "\n")
SCENARIO = """
name = "messy intake"
[size]
min = 8
max = 8
[[quota]]
column = "stakeholder_group"
min = { government = 2, civil_society = 2 }
[[coverage]]
column = "expertise"
areas = ["cybersecurity", "dns", "privacy"]
min_each = 2
[budget]
column = "travel_cost"
max = 30000
[[cap]]
column = "duplicate_group"
max_each = 1
"""
#: The messy file also needs to say how its lists are separated.
MESSY_SCENARIO = SCENARIO + '\n[columns.expertise]\nseparator = "auto"\n'


def rows(n: int = 30, seed: int = 7) -> list[dict[str, Any]]:
    """``n`` nominations; the last repeats the first person (new id, name without accents)."""
    rnd = random.Random(seed)
    found = []
    for k in range(n - 1):
        found.append(
            {
                "id": f"N-{k + 1:03d}",
                "name": f"{FIRST[k % len(FIRST)]} {LAST[(k * 5) % len(LAST)]} {k}",
                "country": rnd.choice(COUNTRIES),
                "stakeholder_group": rnd.choice(GROUPS),
                "gender": rnd.choice(("female", "male")),
                "score": rnd.randint(10, 99),
                "expertise": rnd.sample(AREAS, rnd.randint(1, 3)),
                "travel_cost": rnd.choice((1200, 2500, 3100, 4800, 6000)),
                "email": f"person{k}@example.org",
                "phone": f"+41 22 000 {k:04d}",
                "internal_notes": rnd.choice(("", "CV missing", "Needs visa")),
                "date_received": datetime.date(2026, 3, 1 + k % 28),
            }
        )
    found[0]["name"] = "Nguyễn Văn An"
    twin = dict(found[0], id=f"N-{n:03d}", name="Nguyen  Van An", email="an.nguyen@example.org")
    twin["score"] = 97
    found.append(twin)
    return found


def write_clean_csv(path: Path, people: list[dict[str, Any]]) -> Path:
    """The same nominations as a tidy CSV with composer's own headings and ';' lists."""
    import csv

    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(CLEAN_HEADINGS)
        for person in people:
            cells = dict(person, expertise="; ".join(person["expertise"]))
            cells["date_received"] = person["date_received"].isoformat()
            writer.writerow([cells[c] for c in CLEAN_HEADINGS])
    return path


def write_messy_xlsx(
    path: Path, people: list[dict[str, Any]], broken_numbers: bool = False
) -> Path:
    """The same nominations as a secretariat's workbook (see the module docstring)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Nominations"
    sheet.append(["Expert group on digital cooperation: nominations received"])
    sheet.merge_cells("A1:L1")
    sheet.append(["Nominee", None, None, None, None, "Assessment", None, None, "Contact"])
    sheet.merge_cells("A2:E2")
    sheet.merge_cells("F2:H2")
    sheet.merge_cells("I2:L2")
    sheet.append(HEADINGS)
    broken = {3: "3,100", 5: "$1,500", 8: "2,5"} if broken_numbers else {}
    for k, person in enumerate(people):
        separator = SEPARATORS[k % len(SEPARATORS)]
        cost: Any = broken.get(k, person["travel_cost"])
        sheet.append(
            [
                person["id"],
                person["name"],
                person["country"],
                person["stakeholder_group"].replace("_", " ").title(),
                person["gender"][0].upper(),
                person["score"],
                separator.join(a.title() for a in person["expertise"]),
                cost,
                person["email"],
                person["phone"],
                person["internal_notes"],
                person["date_received"],
            ]
        )
    book.save(path)
    return path
