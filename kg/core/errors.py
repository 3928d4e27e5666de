"""The errors paperkg raises, in one place; the CLI prints each as one line.

Every one derives from :class:`PaperkgError`, so a caller can catch them all;
each also derives from the built-in error it always was (``ValueError`` for bad
input, ``RuntimeError`` for a store that cannot be used). The query layer's own
errors live in :mod:`queries.errors` (``queries`` imports nothing from ``kg``).
"""

from __future__ import annotations


class PaperkgError(Exception):
    """Base of paperkg's own errors."""


class StoreError(PaperkgError, RuntimeError):
    """A store could not be opened, read or written; the message says why."""


class LinkRefused(StoreError):
    """A store file is a symbolic link: it is not opened, read or written."""


class DiskFull(StoreError):
    """The disk filled up during a write; what was there before is unchanged."""


class ReadOnlyStore(StoreError):
    """The store's folder or files cannot be written (permissions, a read-only mount)."""


class ExportError(PaperkgError, ValueError):
    """An export cannot be written; the message says why (and names the file)."""


class SelectionError(PaperkgError, ValueError):
    """The selection cannot be applied (unknown name, bad option); the message says why."""


class PageError(PaperkgError, ValueError):
    """A page cannot be built (bad option, missing vis-network files)."""


class ThesaurusError(PaperkgError, ValueError):
    """The thesaurus file cannot be read (names the file and line)."""
