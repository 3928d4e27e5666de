"""Screening tags: an include/exclude decision and a note per paper, in ``tags.json`` beside the graph.

The tags live in a file of their own, not in the database, because the graph
is written anew by every build, rebuild and ``kg remove``: a file beside it
is simply left alone, so a decision survives all three. A paper is tagged by
its id (``Paper.key``); a removed paper's tag stays in the file and applies
again if the paper is built back in.

The file is JSON (``{"format": 1, "papers": {id: {"decision", "note", "title",
"updated"}}}``), readable and diffable; it is replaced whole through a temporary
file and a rename, never written or read through a symbolic link, and one
process writes it at a time (its own lock, so tagging does not wait for a build).
For a Neo4j store the file is ``$KG_TAGS``, else ``~/.local/share/paperkg/tags-<database>.json``.
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path

from kg.store.base import StoreError
from kg.store.files import LinkRefused, open_nofollow, refuse_link, write_failure
from kg.store.lock import WriterLock

TAGS_FILE = "tags.json"
TAGS_LOCK = ".tags.lock"
TAGS_FORMAT = 1
INCLUDE, EXCLUDE = "include", "exclude"
DECISIONS = (INCLUDE, EXCLUDE)
#: longest note kept (characters)
MAX_NOTE = 10_000


@dataclass
class Tag:
    """One paper's screening state."""

    decision: str | None = None  #: "include", "exclude" or None (not decided)
    note: str | None = None
    title: str = ""  #: the paper's title when tagged (for whoever reads the file)
    updated: str = ""  #: ISO time of the last change

    def empty(self) -> bool:
        return not self.decision and not self.note


def tags_path(store) -> Path:
    """Where ``store``'s tags are: ``tags.json`` in an embedded store's folder, else
    ``$KG_TAGS`` or a file per Neo4j location under ``~/.local/share/paperkg``."""
    if hasattr(store, "path") and getattr(store, "location", "") != "<memory>":
        return Path(store.path) / TAGS_FILE
    if os.environ.get("KG_TAGS"):
        return Path(os.environ["KG_TAGS"])
    name = hashlib.sha1(str(getattr(store, "location", "")).encode()).hexdigest()[:12]
    return Path.home() / ".local" / "share" / "paperkg" / f"tags-{name}.json"


def read_tags(path: str | os.PathLike) -> dict[str, Tag]:
    """The tags in the file at ``path`` by paper id (none when there is no file).

    A file that is not a tags file is a :class:`StoreError` naming it; a link is refused.
    """
    path = Path(path)
    try:
        fd = open_nofollow(path, os.O_RDONLY)
    except FileNotFoundError:
        return {}
    except LinkRefused:
        raise
    except OSError as exc:
        raise StoreError(f"{path}: cannot read the tags ({exc.strerror or exc})") from None
    try:
        with os.fdopen(fd, "r", encoding="utf-8") as fh:
            data = json.load(fh)
        papers = data["papers"]
        return {
            str(pid): Tag(**{k: v for k, v in t.items() if k in Tag.__dataclass_fields__}) for pid, t in papers.items()
        }
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        where = f" (line {exc.lineno})" if isinstance(exc, json.JSONDecodeError) else ""
        raise StoreError(
            f"{path}{where}: not a paperkg tags file ({type(exc).__name__}: {exc}); fix it or move it away"
        ) from None


def write_tags(path: str | os.PathLike, tags: dict[str, Tag]) -> None:
    """Replace the file at ``path`` with ``tags`` (empty tags left out), all or nothing."""
    path = Path(path)
    body = {"format": TAGS_FORMAT, "papers": {pid: asdict(t) for pid, t in sorted(tags.items()) if not t.empty()}}
    text = json.dumps(body, ensure_ascii=False, indent=1) + "\n"
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        refuse_link(path)
        fd = open_nofollow(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        try:
            os.write(fd, text.encode("utf-8", "surrogatepass"))
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)  # replaces a name, never follows a link planted there meanwhile
    except OSError as exc:
        raise write_failure(exc, path, "the tags") from None
    finally:
        tmp.unlink(missing_ok=True)


def tags_lock(path: str | os.PathLike) -> WriterLock:
    """The lock one tags writer holds (``.tags.lock`` beside the file)."""
    return WriterLock(Path(path).with_name(TAGS_LOCK), f"tags {str(path)!r}")
