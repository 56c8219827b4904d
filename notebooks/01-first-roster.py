# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Your first roster
#
# This notebook chooses the members of a body from a list of nominations, following written
# balance rules, and saves the shortlist as an Excel workbook. It uses the example that comes
# with composer: the UN Working Group on Internet Governance (WGIG) of 2004, with 300
# **synthetic, fictional** nominations (the people and organisations do not exist; only the
# countries are real).
#
# Run the cells from top to bottom (Shift + Enter). Nothing here changes your files: the
# workbook is written to a new temporary folder.

# %%
import tempfile
from pathlib import Path

import composer
from composer.inputs.examples import bundled_scenario

# %% [markdown]
# ## 1. The nominations
#
# A scenario file holds the balance rules and names the nominations file it goes with.
# `bundled_scenario` finds the example scenario; `load_nominations` reads and checks the
# nominations. For your own file, write its path instead, for example
# `composer.load_nominations("nominations.xlsx")`.

# %%
scenario_path = bundled_scenario("wgig-2004.toml")
scenario = composer.load_scenario(scenario_path)
pool = composer.load_nominations(scenario.nominations_path())
pool

# %% [markdown]
# Each row is one nomination. composer adds the UN regional group, developing-country status
# and other facts from the country, so the rules can use them.

# %%
pool.table[["name", "country", "region", "developing", "stakeholder_group", "gender", "score"]].head()

# %% [markdown]
# How many nominations came from each regional group, stakeholder group, gender, and from
# developing countries:

# %%
pool.summary()

# %% [markdown]
# Nominations per regional group and stakeholder group together:

# %%
pool.table.groupby(["region", "stakeholder_group"]).size().unstack(fill_value=0)

# %% [markdown]
# The expertise on offer: how many nominees hold each area (a nominee may hold several).
# Areas held by few nominees are the ones a coverage rule makes hard to fill.

# %%
pool.table["expertise"].str.split("; ").explode().value_counts()

# %% [markdown]
# ## 2. The rules
#
# The scenario lists every rule. Each has a name, used in every table and report, and a
# meaning in words. Rules that "may be missed" are soft: the roster keeps them when it can,
# and each seat short costs the stated number of points.

# %%
scenario

# %% [markdown]
# ## 3. Compose the roster
#
# `compose` finds, among all the rosters that keep every rule, the one with the highest
# total score. `optimal` means it is proven that no roster keeping the rules scores higher.
# Before the roster is returned, a separate checker recounts every rule on it.

# %%
result = composer.compose(pool, scenario)
result

# %%
print(result.summary())

# %% [markdown]
# ## 4. Read the result
#
# The members chosen:

# %%
result.roster[["id", "name", "country", "region", "stakeholder_group", "gender", "score"]]

# %% [markdown]
# Nominations and members selected for each regional group, stakeholder group, gender and
# developing status:

# %%
result.breakdown("region")

# %%
result.breakdown("stakeholder_group")

# %%
result.breakdown("gender")

# %%
result.breakdown("developing")

# %% [markdown]
# Expertise: members holding each area, against the number required.

# %%
result.coverage()

# %% [markdown]
# Every rule with what the roster achieves: `counted` is the number of members a share is
# taken of; `met` says whether the rule holds.

# %%
result.composition

# %% [markdown]
# The same as a chart: bars are the members selected, the shaded band the range the rules
# allow.

# %%
from composer.export.charts import composition_chart, coverage_chart

composition_chart(result, "stakeholder_group");

# %%
coverage_chart(result);

# %% [markdown]
# ## 5. Change a rule and compose again
#
# Suppose the body should have three experts on every WGIG topic instead of one. Take the
# rules as a table of values, change the one you want, and load them again: composer checks
# the changed rules as it checks a file. (You can also copy the TOML file, edit it in any
# text editor and load the copy.)

# %%
rules = scenario.model_dump()
rules["name"] = "WGIG 2004: three experts per topic"
rules["coverage"][0]["min_each"] = 3
deeper = composer.load_scenario(rules)

deeper_result = composer.compose(pool, deeper)
print(deeper_result.summary())

# %% [markdown]
# The difference in total score is what the deeper expertise costs, and the members who
# changed:

# %%
print("score given up:", result.objective["score"] - deeper_result.objective["score"])
print("left the roster:", sorted(set(result.selected) - set(deeper_result.selected)))
print("joined the roster:", sorted(set(deeper_result.selected) - set(result.selected)))

# %% [markdown]
# ## 6. Save the shortlist workbook
#
# The workbook has a summary with charts, the shortlist, the balance against every rule,
# expertise coverage, the rules and a record of the run (no contact columns, no nominee not selected). composer
# never overwrites a file unless you pass `force=True`; here it writes to a new temporary
# folder.

# %%
folder = Path(tempfile.mkdtemp(prefix="composer-"))
workbook = result.to_excel(folder / "wgig-shortlist.xlsx")
workbook

# %% [markdown]
# The line above shows where the workbook is. To keep a copy, open it from there and save it
# elsewhere, or write it where you want it: `result.to_excel("wgig-shortlist.xlsx")` writes it
# in the folder this notebook runs in (and stops, rather than replace a file of that name).
#
# The Shortlist sheet reads back as nominations, for example to start the next round:

# %%
shortlist = composer.load_nominations(workbook, sheet="Shortlist")
print(len(shortlist), "members read back from", workbook.name)

# %% [markdown]
# ## Next
#
# - `02-trade-offs.ipynb`: how score, size and balance trade against each other.
# - `03-justify.ipynb`: why each member is in, what each rule costs, a balance statement.
# - `04-what-if.ipynb`: sliders to try other rules.
