"""Run the peer library's maximin on a benchmark instance; print one JSON line.

Run by ``benchmarks/lottery.py`` with the peer's own Python (a separate virtual environment
holding ``sortition-algorithms``), never imported by composer::

    /tmp/peer/bin/python benchmarks/lottery_peer.py FOLDER SEATS [maximin|leximin]

FOLDER holds ``features.csv`` and ``people.csv`` as written by ``benchmarks/lottery.py``.
The output: seconds (wall), CPU seconds, the least selection probability of the
distribution, the number of rosters in it, and an error text if the library raised one.
"""

from __future__ import annotations

import csv
import json
import resource
import sys
import time
from pathlib import Path


def main() -> None:
    folder, seats = Path(sys.argv[1]), int(sys.argv[2])
    method = sys.argv[3] if len(sys.argv) > 3 else "maximin"
    from sortition_algorithms import Settings, read_in_features, read_in_people
    from sortition_algorithms.committee_generation import leximin, maximin

    with open(folder / "features.csv", newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        features, *_ = read_in_features(list(reader.fieldnames or []), list(reader), seats)
    settings = Settings(
        id_column="id",
        columns_to_keep=[],
        check_same_address=True,
        check_same_address_columns=["address", "postcode"],
    )
    with open(folder / "people.csv", newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        people, _ = read_in_people(list(reader.fieldnames or []), list(reader), features, settings)
    with open(folder / "people.csv", newline="", encoding="utf-8") as handle:
        ids = [row["id"] for row in csv.DictReader(handle)]
    started = time.perf_counter()
    out: dict[str, object] = {}
    try:
        find = (
            leximin.find_distribution_leximin
            if method == "leximin"
            else maximin.find_distribution_maximin
        )
        committees, weights, _ = find(features, people, seats, ["address", "postcode"])
        chance = dict.fromkeys(ids, 0.0)
        for committee, weight in zip(committees, weights, strict=True):
            for ident in committee:
                chance[str(ident)] += weight
        out["min_probability"] = min(chance.values())
        out["rosters"] = sum(1 for w in weights if w > 0)
    except Exception as error:  # reported, not hidden
        out["error"] = f"{type(error).__name__}: {error}"
    usage = resource.getrusage(resource.RUSAGE_SELF)
    out["seconds"] = time.perf_counter() - started
    out["cpu_seconds"] = usage.ru_utime + usage.ru_stime
    print(json.dumps(out))


if __name__ == "__main__":
    main()
