"""The ``composer`` command line."""
