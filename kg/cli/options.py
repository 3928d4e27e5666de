"""Options shared by several commands."""

from typing import Annotated, Optional

import typer

StoreOpt = Annotated[
    Optional[str],
    typer.Option("--store", "-s", envvar="KG_STORE", help="Embedded store folder (default ./kg-store).", show_default=False),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
CsvOpt = Annotated[bool, typer.Option("--csv", help="Print CSV instead of a table.")]
BackendOpt = Annotated[
    Optional[str],
    typer.Option(
        "--backend", envvar="KG_BACKEND", show_default=False,
        help="Store backend: embedded (default, --store folder) or neo4j (NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD / NEO4J_DATABASE).",
    ),
]
