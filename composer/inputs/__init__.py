"""Inputs: nominations files, columns, vocabularies and country facts."""
