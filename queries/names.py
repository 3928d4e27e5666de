"""Name resolution: a user-typed name → one entity node, or close suggestions.

Matching is case-, plural-, hyphen-, underscore- and alias-insensitive:
"SAEs", "sparse autoencoder" and "Sparse Autoencoders" all find the node whose
key or aliases normalise to the same form. The normal form is the
extractor's :func:`extract.normalise.canonical_key` (the function that made
the keys; spaCy-free).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from extract.normalise import canonical_key


def compact(form: str) -> str:
    """A normal form without spaces: "label noise" meets "labelnoise"."""
    return form.replace(" ", "")


def entity_dict(node_id: str, data: dict) -> dict:
    """The backend ``Entity`` shape of one entity node."""
    return {
        "id": node_id,
        "label": data.get("label"),
        "key": data.get("key"),
        "name": data.get("name"),
        "aliases": list(data.get("aliases") or []),
        "papers": int(data.get("papers") or 0),
    }


def quiet(name: str) -> str | None:
    """A name typed in capitals throughout ("NOISY LABELS") in lower case, else None: the normal form
    keeps capitals as acronyms, so "NOISY LABELS" alone would not meet "noisy labels".

    >>> quiet("NOISY LABELS"), quiet("BERT"), quiet("label noise")
    ('noisy labels', None, None)
    """
    words = name.split()
    letters = [c for c in name if c.isalpha()]
    return name.lower() if len(words) >= 2 and letters and all(c.isupper() for c in letters) else None


def name_forms(entity: dict) -> list[str]:
    """Every form under which :class:`NameIndex` finds ``entity`` (normal and compact forms of
    its key, name and aliases): a store can keep them to answer lookups without the whole index.

    >>> name_forms({"key": "cifar10", "name": "CIFAR-10", "aliases": ["CIFAR 10"]})
    ['cifar10']
    """
    forms: dict[str, None] = {}
    for text in (entity.get("key"), entity.get("name"), *(entity.get("aliases") or [])):
        if text:
            form = canonical_key(str(text))
            for f in (form, compact(form)):
                if f:
                    forms[f] = None
    return list(forms)


class NameIndex:
    """Normal form → entities, built once over all entity nodes.

    Both query backends use it, so a name resolves to the same node on
    NetworkX and on Neo4j.
    """

    # rank of a match: key before name before alias, normal form before compact form
    _KEY, _NAME, _ALIAS = 0, 1, 2

    def __init__(self, entities: Iterable[dict]):
        self.entities: dict[str, dict] = {}
        self._forms: dict[str, dict[str, int]] = {}  # form -> {entity id: best rank}
        self._display: dict[str, set[str]] = {}  # form -> display names
        for e in entities:
            self.entities[e["id"]] = e
            texts = [(self._KEY, e["key"]), (self._NAME, e["name"])] + [(self._ALIAS, a) for a in e["aliases"]]
            for rank, text in texts:
                if not text:
                    continue
                form = canonical_key(str(text))
                for f, r in ((form, rank), (compact(form), rank + 3)):
                    if not f:
                        continue
                    slot = self._forms.setdefault(f, {})
                    slot[e["id"]] = min(slot.get(e["id"], r), r)
                self._display.setdefault(form, set()).add(e["name"])

    def resolve(self, name: str, label: str | None = None) -> dict | None:
        """The best-matching entity (see :meth:`queries.backend.QueryBackend.resolve`)."""
        name = name.strip()
        exact = self.entities.get(name)
        if exact and (label is None or exact["label"] == label):
            return exact
        form = canonical_key(name)
        candidates: dict[str, int] = {}
        for f, extra in ((form, 0), (compact(form), 0)):
            for eid, rank in self._forms.get(f, {}).items():
                if label is None or self.entities[eid]["label"] == label:
                    candidates[eid] = min(candidates.get(eid, rank + extra), rank + extra)
        if not candidates:
            lowered = quiet(name)
            return self.resolve(lowered, label) if lowered else None
        best = min(candidates, key=lambda eid: (candidates[eid], -self.entities[eid]["papers"], eid))
        return self.entities[best]

    def suggest(self, name: str, n: int = 5, label: str | None = None) -> list[str]:
        """Up to ``n`` display names closest to ``name`` (difflib ratio ≥ 0.5)."""
        form = canonical_key(name) or name.lower()
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(form)
        scored: dict[str, float] = {}
        for candidate, names in self._display.items():
            matcher.set_seq1(candidate)
            if matcher.real_quick_ratio() < 0.5 or matcher.quick_ratio() < 0.5:
                continue
            ratio = matcher.ratio()
            if ratio < 0.5:
                continue
            for display in names:
                if label is not None and not any(
                    self.entities[eid]["label"] == label and self.entities[eid]["name"] == display
                    for eid in self._forms.get(candidate, {})
                ):
                    continue
                scored[display] = max(scored.get(display, 0.0), ratio)
        return sorted(scored, key=lambda d: (-scored[d], d))[:n]
