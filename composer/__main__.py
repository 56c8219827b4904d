"""``python -m composer`` runs the command line."""

from composer.cli.app import main

main()
