"""The CP-SAT model: variables, one module per rule family, and the objective."""

from composer.model.build import BuiltModel, build_model

__all__ = ["BuiltModel", "build_model"]
