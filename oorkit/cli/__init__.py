"""Command-line interface (`oor`)."""
