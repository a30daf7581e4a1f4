"""CLI commands: status (to be written)."""
