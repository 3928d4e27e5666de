"""The ``kg`` command line: a thin shell over the Python API.

Each module below registers its commands on :data:`kg.cli.app.app`.
"""

from kg.cli import build_cmds, query_cmds, neo4j_cmds, viz_cmds, map_cmds  # noqa: F401  (registration)
from kg.cli import eval_cmds  # noqa: F401  (registration)
from kg.cli import tag_cmds  # noqa: F401  (registration)
from kg.cli.app import app


def main() -> None:
    app()


__all__ = ["app", "main"]
