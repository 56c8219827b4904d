# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # What if?
#
# Sliders and drop-down lists for the rules people ask about first: how many members, the
# share from developing countries, the share of government members, the least shares of
# women and men (and whether that gender rule must hold or may be missed at a price), and the
# number of members per country. Each change solves again, checks the new roster and redraws
# the composition chart and the rule table. Every other rule stays as the scenario writes it.
#
# The example is WGIG 2004 with 300 **synthetic, fictional** nominations. For your own body,
# load your nominations and scenario instead.
#
# (The controls need a live notebook: in a saved or printed copy they do not move. Section 2
# does the same in code.)

# %%
import composer
from composer.inputs.examples import bundled_scenario
from composer.export.widgets import WhatIf, explorer

scenario = composer.load_scenario(bundled_scenario("wgig-2004.toml"))
pool = composer.load_nominations(scenario.nominations_path())

# %% [markdown]
# ## 1. The explorer
#
# Move a control and let go: composer solves again (about a second here) and shows
# the result against the scenario as written. "Back to the scenario as written" undoes every
# change. When the rules you set leave no roster, it says which rules clash and the smallest
# change that would let them all hold.

# %%
panel = explorer(pool, scenario)
panel

# %% [markdown]
# ## 2. The same questions in code
#
# The explorer is a thin layer over `WhatIf`, which you can use directly: it keeps the
# settings, builds the changed scenario, solves it and returns the outcome (the result, the
# rule table, the roster and the chart). Shares can be written `0.6`, `"60%"` or `"3/5"`.

# %%
whatif = WhatIf(pool, scenario)
whatif.initial

# %% [markdown]
# At least 60% of the members from developing countries, and up to two members per country:

# %%
outcome = whatif.update(developing_min="60%", country_cap=2)
outcome

# %% [markdown]
# Its parts, to use elsewhere: `outcome.headline` and `outcome.changes` (text),
# `outcome.composition` and `outcome.roster` (tables), `outcome.figure` (a matplotlib figure:
# `outcome.figure.savefig("chart.png")` saves it) and `outcome.result` (the full result).

# %%
print(outcome.headline)
print("\n".join(outcome.changes))

# %%
outcome.roster

# %% [markdown]
# The changed scenario is an ordinary scenario: solve it, explain it or export it like any
# other.

# %%
outcome.scenario

# %% [markdown]
# Ask for too much and the outcome says why there is no roster: here, a body of 12 with at
# least 4 members from each regional group.

# %%
too_small = whatif.update(size_min=10, size_max=12)
too_small

# %%
whatif.reset().headline
