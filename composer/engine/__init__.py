"""Engine: the CP-SAT model, the staged solver, the independent checker, Result."""
