# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Justify the roster
#
# After a roster comes the questions: why is this person in, why is that one out, what does
# each balance rule cost, and what do we publish? This notebook answers them for the WGIG 2004
# example (300 **synthetic, fictional** nominations), then breaks the rules on purpose to show
# what composer says when no roster can keep them all, and how to repair them.
#
# Every answer below comes from solving the problem again with one thing changed, so every
# number is exact, and every roster behind it is recounted by the independent checker.
# Files are written to a new temporary folder only.

# %%
import tempfile
from pathlib import Path

import composer
from composer.inputs.examples import bundled_scenario
from composer.export.report import write_statement

scenario = composer.load_scenario(bundled_scenario("wgig-2004.toml"))
pool = composer.load_nominations(scenario.nominations_path())
result = composer.compose(pool, scenario)
print(result.summary())

# %% [markdown]
# ## 1. Why each member is in, why each nominee is out
#
# `explain` re-solves without each member (what the roster loses, who would replace them,
# which rules need their seat) and with each of the ten best-scored nominees not selected
# taken in (what keeps them out, who holds the place, what taking them would cost).

# %%
why = result.explain()
print(why.summary())

# %% [markdown]
# Members: `needed_for` lists the rules that need their seat; `score_change` is what the
# best roster without them scores against this one.

# %%
why.members[["id", "name", "score", "needed_for", "score_change", "replaced_by", "reason"]]

# %% [markdown]
# Nominees not selected: `kept_out_by` names the rules that keep them out, `held_by` who holds
# their place.

# %%
why.nominees[["id", "name", "score", "kept_out_by", "held_by", "score_change", "reason"]]

# %% [markdown]
# ## 2. The price of each rule
#
# For every rule that must hold: the total score gained if the rule were dropped, and if it
# were loosened by one seat. A price of 0 means the rule costs nothing on this pool. The
# costliest rules come first.

# %%
why.prices[["label", "bound", "achieved", "gain_if_dropped", "gain_if_loosened", "loosened"]]

# %% [markdown]
# The price of balance: the score of the best roster with no balance rule at all, against this
# one.

# %%
balance = why.balance
print(f"balanced roster: {balance.score:g}; without any balance rule: "
      f"{balance.score_without_balance:g}; price: {balance.price:g} ({balance.percent:.1f}%)")

# %% [markdown]
# ## 3. The balance statement
#
# A document for a consultation round: the mandate, every rule in words, the composition
# against each rule with charts, expertise coverage, the price of balance, nominations received
# and selected, and the method with the fingerprints of the input files. It names the selected
# members only. Written as one self-contained HTML file (a `.pdf` name writes a PDF instead).

# %%
folder = Path(tempfile.mkdtemp(prefix="composer-"))
statement = write_statement(result, folder / "wgig-statement.html", explanation=why)
text = statement.read_text(encoding="utf-8")
print(statement.name, f"{len(text):,} characters")

# %% [markdown]
# Check: every member is named, and no nominee outside the roster is, by id or by name (names
# shared with a member aside).

# %%
members = result.roster
others = pool.table.drop(index=result.selected)
only_others = set(others["name"]) - set(members["name"])
print("members named:", sum(name in text for name in members["name"]), "of", len(members))
print("other ids found:", [i for i in others.index if i in text])
print("other names found:", sorted(name for name in only_others if name in text))

# %% [markdown]
# ## 4. When the rules cannot all hold
#
# Ask for 18 Eastern European members, with one member per country. The pool has 28 Eastern
# European nominations, but from 15 countries only.

# %%
rules = scenario.model_dump()
rules["name"] = "WGIG 2004: 18 Eastern European members"
rules["quota"][0]["min"]["Eastern European"] = 18
strict = composer.load_scenario(rules)

no_roster = composer.compose(pool, strict)
print(no_roster.summary())

# %% [markdown]
# composer names a small set of rules that cannot hold together (dropping any one of them
# lets the others hold), says why in words, and computes the smallest change that lets every
# rule hold, as well as the change to each rule alone.

# %%
why_not = no_roster.explain()
print(why_not.conflict_text)
why_not.conflict

# %%
why_not.relaxation[["label", "before", "after", "advice", "alone"]]

# %% [markdown]
# ## 5. The repair
#
# Take the advice that changes one rule alone: lower the Eastern European minimum from 18 to
# 15, and solve again.

# %%
rules["name"] = "WGIG 2004: 15 Eastern European members"
rules["quota"][0]["min"]["Eastern European"] = 15
repaired = composer.solve(pool, composer.load_scenario(rules))
print(repaired.summary())
repaired.breakdown("region")
