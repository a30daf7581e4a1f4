"""CLI commands: split (to be written)."""
