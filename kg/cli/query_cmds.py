"""Commands registered on the kg app (see kg.cli)."""

from kg.cli.app import app  # noqa: F401
