"""The rule families as CP-SAT constraints (one module each)."""
