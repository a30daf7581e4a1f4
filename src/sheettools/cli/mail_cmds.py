"""CLI commands: mail (to be written)."""
