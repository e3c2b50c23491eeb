"""Passphrases, key wrapping and unlocking workspaces."""
