"""CLI commands: merge (to be written)."""
