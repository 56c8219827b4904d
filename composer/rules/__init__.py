"""Rules: the scenario, its rule atoms, binding to a pool, prechecks and words."""
