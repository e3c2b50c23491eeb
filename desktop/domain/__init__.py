"""Dataclasses, enums and rules. Imports nothing else of ours, and no Qt or SQL."""
