"""The graph schema every part of paperkg shares (see README, "Graph schema").

In NetworkX the graph is a :class:`networkx.MultiDiGraph`:

* node id: ``"<Label>:<key>"``, e.g. ``"Method:sparse autoencoder"``,
  ``"Paper:2f1c0a9e3b7d"``;
* node attributes: ``label`` (one of :data:`NODE_LABELS`), ``key``, ``name``,
  and for entities ``aliases`` (list of surface forms) and ``papers`` (paper
  count); Paper nodes carry the :class:`kg.core.papers.Paper` fields instead;
* edge key = relationship type, edge attribute ``type`` = the same string;
  Paper→entity edges carry ``count`` and ``evidence`` (list of sentences);
  ``CO_OCCURS`` edges are stored once, from the smaller node id to the larger,
  with ``papers`` (shared-paper count) and ``strength`` (association strength);
* claims (:data:`CLAIM_RELS`, stated in sentences) go entity→entity between the
  label pairs of :data:`REL_ENDPOINTS`, with ``papers`` (support), ``paper_ids``,
  ``evidence`` (up to :data:`MAX_EVIDENCE` sentences), ``confidence`` (noisy-or
  over the papers) and ``sources`` (what found them: ``rule``, ``model``);
  symmetric ones (:data:`SYMMETRIC_CLAIMS`) are stored once, smaller node id first;
* bibliographic nodes (:data:`BIB_LABELS`: Author, Venue) carry ``key``, ``name``, ``aliases``
  and ``papers``; bibliographic relationships (:data:`BIB_RELS`) are Paper→Paper ``CITES``
  (both papers in the store), Author→Paper ``WROTE`` (``position``: 1 for the first author)
  and Paper→Venue ``PUBLISHED_IN``. Entity views (top, term maps, co-occurrence) leave them out.
"""

from extract.labels import (
    COMPARED_WITH,
    CONCEPT,
    DATASET,
    EVALUATES,
    EXTENDS,
    FEATURE_OF,
    IS_A,
    METHOD,
    METRIC,
    OUTPERFORMS,
    PART_OF,
    TASK,
    USED_FOR,
)

PAPER = "Paper"

ENTITY_LABELS = (METHOD, DATASET, TASK, METRIC, CONCEPT)
AUTHOR = "Author"
VENUE = "Venue"
#: who wrote a paper and where it appeared: nodes outside the entity views
BIB_LABELS = (AUTHOR, VENUE)
NODE_LABELS = (PAPER, *ENTITY_LABELS, *BIB_LABELS)
#: what views show when not asked for bibliographic nodes (viz, export, selections)
VIEW_LABELS = (PAPER, *ENTITY_LABELS)

PROPOSES = "PROPOSES"
USES = "USES"
EVALUATES_ON = "EVALUATES_ON"
ADDRESSES = "ADDRESSES"
REPORTS = "REPORTS"
MENTIONS = "MENTIONS"
CO_OCCURS = "CO_OCCURS"

#: Paper→entity relationship for an entity label when the paper does not propose it.
DEFAULT_PAPER_REL = {
    METHOD: USES,
    DATASET: EVALUATES_ON,
    TASK: ADDRESSES,
    METRIC: REPORTS,
    CONCEPT: MENTIONS,
}
PAPER_RELS = (PROPOSES, USES, EVALUATES_ON, ADDRESSES, REPORTS, MENTIONS)
#: entity→entity claims stated in a sentence ("X is used for Y", "X outperforms Y"), with
#: ``papers`` (support), ``paper_ids``, ``evidence`` (sentences), ``confidence`` and ``sources``
CLAIM_RELS = (USED_FOR, EVALUATES, PART_OF, IS_A, FEATURE_OF, COMPARED_WITH, OUTPERFORMS, EXTENDS)
#: the former name of :data:`CLAIM_RELS` (when only OUTPERFORMS and EXTENDS were found)
TEXT_RELS = CLAIM_RELS
#: claims that read the same both ways: stored once, from the smaller node id to the larger
SYMMETRIC_CLAIMS = (COMPARED_WITH,)
CITES = "CITES"
WROTE = "WROTE"
PUBLISHED_IN = "PUBLISHED_IN"
#: Paper→Paper citations (both papers stored), Author→Paper authorship, Paper→Venue publication
BIB_RELS = (CITES, WROTE, PUBLISHED_IN)
REL_TYPES = (*PAPER_RELS, CO_OCCURS, *CLAIM_RELS, *BIB_RELS)

#: Maximum number of evidence sentences kept on one Paper→entity edge.
MAX_EVIDENCE = 3


def node_id(label: str, key: str) -> str:
    """The NetworkX node id of a node.

    >>> node_id("Method", "sparse autoencoder")
    'Method:sparse autoencoder'
    """
    return f"{label}:{key}"


def split_node_id(nid: str) -> tuple[str, str]:
    """Inverse of :func:`node_id`.

    >>> split_node_id("Dataset:cifar10")
    ('Dataset', 'cifar10')
    """
    label, _, key = nid.partition(":")
    return label, key


#: a column of the embedded store's Paper table (not a graph attribute): each paper's place in the
#: order paper lists are shown in (:func:`queries.backend.paper_sort_key`), written with the graph and
#: dropped by a write query, so a page of a long list is cut by comparing numbers. A whole write gives
#: the positions 0, 1, 2, …; a write of what changed keeps the other papers' values and gives a new
#: paper one between its neighbours' (a DOUBLE), so adding papers moves no other paper's value
PAPER_ORDER = "_order"

#: (from label, to label) pairs each relationship type may join
REL_ENDPOINTS = {
    PROPOSES: ((PAPER, METHOD), (PAPER, DATASET)),
    **{rel: ((PAPER, label),) for label, rel in DEFAULT_PAPER_REL.items()},
    CO_OCCURS: tuple((a, b) for a in ENTITY_LABELS for b in ENTITY_LABELS),
    **{
        rel: tuple((a, b) for a in ENTITY_LABELS for b in ENTITY_LABELS)
        for rel in (USED_FOR, PART_OF, IS_A, FEATURE_OF, COMPARED_WITH)
    },
    # "accuracy / ImageNet evaluates X": what is measured or measured on → what is evaluated
    EVALUATES: tuple((a, b) for a in (DATASET, METRIC) for b in (METHOD, TASK)),
    OUTPERFORMS: ((METHOD, METHOD),),
    EXTENDS: ((METHOD, METHOD), (DATASET, DATASET)),
    CITES: ((PAPER, PAPER),),
    WROTE: ((AUTHOR, PAPER),),
    PUBLISHED_IN: ((PAPER, VENUE),),
}
