# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Choose by lot, fairly and verifiably
#
# When several rosters are nearly as good, a body may prefer chance to decide the last seats
# rather than a few points of score. This notebook runs a **lottery within a merit band** on
# the High-level Panel on Digital Cooperation example (120 **synthetic, fictional**
# nominations, 20 seats): only rosters that keep every rule and score within 1% of the best
# take part, and composer gives every nominee the best chance it can.
#
# Then it draws one roster from a published seed, and shows how anyone can re-check the
# draw and every roster in the lottery. Files are written to a new temporary folder only.

# %%
import hashlib
import json
import tempfile
from pathlib import Path

import composer
from composer.export.probabilities import group_chart
from composer.inputs.examples import bundled_scenario

scenario = composer.load_scenario(bundled_scenario("hlp-digital-2018.toml"))
pool = composer.load_pool(scenario)  # read as the scenario says (its own stakeholder types)
seed = "2026-12-03 public draw 4 17 23 38 45"
lot = composer.lottery(pool, scenario, method="maximin", band="1%", seed=seed, time_limit=120)
print(lot.summary())

# %% [markdown]
# ## 1. What the chances mean
#
# The lottery is a list of rosters, each with a probability. A nominee's **chance** is the
# total probability of the rosters that hold them; the chances add up to the 20 seats.
# *Maximin* makes the smallest chance of anyone who can be chosen at all as large as
# possible. `bound` is proven: no lottery over these rosters could give everyone more.
#
# Some nominees are in no roster within the band (their score is too low for any roster
# scoring within 1% of the best, or a rule leaves them no room): their chance is 0 and they are
# listed as unreachable. Widen the band to let more nominees take part.

# %%
print(f"least chance {lot.min_probability:.4f}, proven best possible {lot.bound:.4f}")
print(f"{len(lot.reachable)} nominees can be chosen, {len(lot.unreachable)} cannot")
print(f"chances add up to {float(lot.expected_size):g}")
lot.frame().sort_values("probability", ascending=False).head(10)

# %% [markdown]
# ## 2. Chances per group
#
# The rules decide how equal the chances can be: a group with few nominees and a minimum of
# seats gets higher chances. The statement published with the roster shows chances per group
# only, never the names of nominees who were not drawn.

# %%
lot.by_group("gender")

# %%
lot.by_group("region")

# %%
ax = group_chart(lot, "region")

# %% [markdown]
# ## 3. The draw
#
# The seed was published before the draw. Its SHA-256 hash gives a ticket from 0 to 10^9 - 1;
# each roster holds a whole number of the 10^9 units, in a fixed order, and the ticket falls
# in one of them. The drawn roster was re-checked against every rule by composer's
# independent checker, like every roster of the lottery.

# %%
print(f"ticket {lot.ticket}, roster {lot.drawn} of {len(lot.distribution)}")
drawn = pool.table.loc[lot.selected, ["name", "gender", "region", "stakeholder_group"]]
drawn

# %% [markdown]
# ## 4. Re-checking it, as anyone can
#
# Publish the JSON file (it names rosters by id only). From it alone, anyone can redo the
# draw with a few lines of Python, and check that each roster keeps the rules.

# %%
folder = Path(tempfile.mkdtemp(prefix="composer-lottery-"))
lot.to_json(folder / "lottery.json")
data = json.loads((folder / "lottery.json").read_text(encoding="utf-8"))

digest = hashlib.sha256(data["seed"].encode("utf-8")).digest()
ticket = int.from_bytes(digest, "big") * data["units"] >> 256
running, redrawn = 0, None
for entry in data["distribution"]:
    running += entry["units"]
    if redrawn is None and ticket < running:
        redrawn = entry["roster"]
print("same draw:", redrawn == data["selected"])

reports = [composer.check(pool, lot.scenario, entry["roster"]) for entry in data["distribution"]]
print("every roster keeps the rules:", all(report.ok for report in reports))
