"""What both query backends derive from their list of entities: lookup by id and by name."""

from __future__ import annotations

from functools import cached_property

from queries.names import NameIndex


class EntityIndex:
    """Mixin: a backend defines ``_entities`` (every entity dict, in id order); this
    provides :meth:`entities`, :meth:`resolve` and :meth:`suggest` of the protocol."""

    @property
    def _entities(self) -> list[dict]:
        """Every entity dict, in id order (a backend defines it)."""
        raise NotImplementedError

    @cached_property
    def _by_id(self) -> dict[str, dict]:
        return {e["id"]: e for e in self._entities}

    @cached_property
    def names(self) -> NameIndex:
        return NameIndex(self._entities)

    def entities(self, label: str | None = None) -> list[dict]:
        return [e for e in self._entities if label is None or e["label"] == label]

    def resolve(self, name: str, label: str | None = None) -> dict | None:
        return self.names.resolve(name, label)

    def suggest(self, name: str, n: int = 5, label: str | None = None) -> list[str]:
        return self.names.suggest(name, n, label)
