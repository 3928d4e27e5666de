"""Run one untrusted Cypher query in a child process (``python -m kg.store.ladybug_child``).

A query a user types can crash the database engine itself (LadybugDB 0.22
segfaults on ``range(1, 10000000000)``); run in a child, such a crash is one
error line for the parent instead of the end of the program. The child reads
``{"path", "query", "params", "timeout", "memory_mb", "max_rows", "write"}`` as
JSON on stdin and writes ``{"rows": [...]}`` or ``{"error": "..."}`` as JSON on
stdout (never pickle).
"""

from __future__ import annotations

import json
import sys
from typing import Any

from kg.store.embedded import EmbeddedStore
from queries.errors import QueryError


def main() -> None:
    job = json.loads(sys.stdin.read())
    store = EmbeddedStore(job["path"], timeout=job["timeout"], memory_mb=job["memory_mb"])
    try:
        # a writing parent holds the store's writer lock for this child
        rows = store.run_here(job["query"], job["params"], write=job["write"], max_rows=job["max_rows"], locked=True)
        out: dict[str, Any] = {"rows": rows}
    except QueryError as exc:
        out = {"error": str(exc), "kind": type(exc).__name__}
    except Exception as exc:  # a store error: the message is for the user
        out = {"error": str(exc), "kind": "StoreError"}
    finally:
        store.close()
    sys.stdout.write(json.dumps(out, ensure_ascii=False, default=str))


if __name__ == "__main__":
    main()
