# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Trade-offs
#
# Balance rules have a price, and a body that is "big enough to be representative, but small
# enough to be efficient" is a choice between sizes. This notebook puts numbers on those
# choices for the WGIG 2004 example (300 **synthetic, fictional** nominations):
#
# 1. two variants of the rules side by side: one third each for governments, private sector
#    and civil society, or half governments;
# 2. the best roster at every size, and the smallest that keeps every rule;
# 3. the best trade-offs between total score and the share of members from developing
#    countries, and between size and expertise depth;
# 4. picking one roster on a trade-off and saving its workbook.
#
# Every roster shown is proven best for what it was asked and recounted by the independent
# checker. Files are written to a new temporary folder only.

# %%
import tempfile
from fractions import Fraction
from pathlib import Path

import composer
from composer.inputs.examples import bundled_scenario
from composer.export.tradeoff_charts import comparison_chart, pareto_chart, sweep_chart

thirds = composer.load_scenario(bundled_scenario("wgig-2004.toml"))
halves = composer.load_scenario(bundled_scenario("wgig-2004-halves.toml"))
pool = composer.load_nominations(thirds.nominations_path())

# %% [markdown]
# ## 1. Thirds or halves?
#
# Both variants are solved on the same nominations. The table gives each one's status, size,
# total score, and how many rules hold with no room to spare ("binding").

# %%
both = composer.compare(pool, [thirds, halves], progress=False)
both

# %%
both.breakdown("stakeholder_group")

# %%
comparison_chart(both, column="stakeholder_group");

# %% [markdown]
# How many members both variants choose, and how many only one of them:

# %%
both.overlap_counts()

# %% [markdown]
# ## 2. The best roster at each size
#
# For each size from 16 to 40 members, the scenario is solved with that exact size and every
# other rule as written. Below 20 the rules cannot hold (at least 4 from each of the five
# regional groups); the table says which rules block each size.

# %%
sweep = composer.size_sweep(pool, thirds, range(16, 41), progress=False)
print(sweep.summary())
print("smallest roster that keeps every rule:", sweep.smallest_feasible, "members")

# %%
sweep.frame()[["size", "status", "score", "binding", "conflict"]]

# %%
sweep_chart(sweep);

# %% [markdown]
# ## 3. Score against the share from developing countries
#
# The scenario asks for at least half of the members from developing countries. How much
# total score would a higher share cost? Each point below is a roster that no other roster
# beats on both counts: the highest score for at least that share.

# %%
front = composer.frontier(pool, thirds, x="share:developing=yes", y="score", points=8,
                          progress=False)
print(front.summary())
front.frame().drop(columns="selected")

# %%
pareto_chart(front);

# %% [markdown]
# ## 4. Size against expertise depth
#
# `coverage:min` is the number of members holding the least-covered WGIG topic. A larger body
# can hold every topic more deeply; the front shows the smallest size for each depth.

# %%
depth = composer.frontier(pool, thirds, x="size", y="coverage:min", points=11, progress=False)
print(depth.summary())
depth.frame().drop(columns="selected")

# %%
pareto_chart(depth);

# %% [markdown]
# ## 5. Pick a roster and save it
#
# Say the body should have at least 70% of its members from developing countries: take the
# first point of the score-against-share front that reaches 70%. Each point keeps its full
# result, so it can be read, explained and exported like any other.

# %%
chosen = next(point for point in front.points if point.x >= Fraction(7, 10))
print(f"{float(chosen.x):.0%} from developing countries, total score {chosen.y}")
print(chosen.result.summary())

# %%
pareto_chart(front, highlight=chosen);

# %%
chosen.result.breakdown("developing")

# %%
folder = Path(tempfile.mkdtemp(prefix="composer-"))
workbook = chosen.result.to_excel(folder / "wgig-70pc-developing.xlsx")
workbook
