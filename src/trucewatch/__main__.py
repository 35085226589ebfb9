"""``python -m trucewatch`` runs the command line."""

from trucewatch.cli import main

main()
