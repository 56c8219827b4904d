"""``python -m composer`` runs the command line."""

from composer.cli.entry import main

main()
