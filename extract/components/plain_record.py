"""The last step: ``paperkg_record`` turns the components' working lists into plain data.

``paperkg_mentions``, ``paperkg_roles`` and ``paperkg_relations`` share
:class:`~extract.record.Mention` and :class:`~extract.record.Relation` objects
in ``doc._.kg_mentions`` / ``doc._.kg_relations`` while the doc goes through
the pipeline. This component writes the record (everything but the paper id)
to ``doc._.kg_record`` as JSON-like data (dicts, lists, strings, numbers) and
empties the working lists, so every Doc extension holds plain data when the
doc leaves the pipeline: ``nlp.pipe(n_process=2)`` ships docs between
processes with ``Doc.to_bytes`` (msgpack), which cannot carry objects.
"""

from __future__ import annotations

from dataclasses import asdict

from spacy.language import Language
from spacy.tokens import Doc

from extract.limits import MAX_MENTIONS, cap_sentence
from extract.record import Mention

if not Doc.has_extension("kg_record"):
    Doc.set_extension("kg_record", default=None)


def unique_mentions(mentions: list[Mention]) -> list[Mention]:
    """One mention per (start, end, key), preferring one with a role, in text order."""
    seen: dict[tuple[int, int, str], Mention] = {}
    for m in mentions:
        k = (m.start, m.end, m.key)
        if k not in seen or (m.role and not seen[k].role):
            seen[k] = m
    return sorted(seen.values(), key=lambda m: (m.start, m.end, m.key))


@Language.component("paperkg_record")
def plain_record(doc: Doc) -> Doc:
    doc._.kg_record = {
        "sentences": [cap_sentence(s.text.strip()) for s in doc.sents],
        "mentions": [asdict(m) for m in unique_mentions(doc._.kg_mentions)[:MAX_MENTIONS]],
        "relations": [asdict(r) for r in doc._.kg_relations],
        "abbreviations": dict(doc._.kg_abbreviations),
    }
    doc._.kg_mentions = []
    doc._.kg_relations = []
    return doc
