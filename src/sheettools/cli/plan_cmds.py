"""CLI commands: plan (to be written)."""
