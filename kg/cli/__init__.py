"""The ``kg`` command line: a thin shell over the Python API.

Each module below registers its commands on :data:`kg.cli.app.app`.
"""

from kg.cli import (  # noqa: F401  (registration)
    audit_cmds,
    build_cmds,
    eval_cmds,
    map_cmds,
    neo4j_cmds,
    query_cmds,
    tag_cmds,
    trend_cmds,
    viz_cmds,
)
from kg.cli.app import app


def main() -> None:
    app()


__all__ = ["app", "main"]
