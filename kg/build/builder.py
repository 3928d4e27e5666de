"""Building: merge per-paper extraction records into one graph.

Corpus-level steps, in order (each a plain function):

1. :func:`resolve_aliases` — abbreviations defined in any paper ("sparse
   autoencoders (SAEs)") resolve bare "SAE" mentions in the papers that do not define them,
   when their capitals fit the long form (:func:`initials_fit`) and the defining papers agree;
   :func:`own_senses` — per paper, unless the paper defines it otherwise, proposes the name or
   uses it in a type that contradicts the long form's (:func:`senses_apart`, :func:`sense_keys`);
2. :func:`confirmed_keys` — derived concepts ("invariant" → invariance) are
   kept only where some paper names the key directly;
3. :func:`vote_labels` — one label per key, by majority over its mentions; then
   :func:`context_votes` and :func:`retype` — what the sentences call a Dataset or Method
   name (:mod:`kg.build.context_types`) swaps the two where the sentences disagree with the vote;
4. :func:`kg.build.curation.curate` — the final key and type from facts about the name
   (gazetteers, model families, what is never an entity, generic phrases);
5. quality, not deletion: every typed mention that passes curation becomes a Paper→entity
   link, whatever the corpus thresholds say; the thresholds (:class:`BuildConfig`: papers per
   entity, share of papers, ``relevance`` from :mod:`kg.build.termhood` for Concepts and Tasks)
   feed each entity's ``quality`` (:mod:`kg.build.entity_quality`), and corpus views show the
   entities above :data:`queries.quality.DEFAULT_MIN_QUALITY` (:mod:`queries.quality`);
6. CO_OCCURS edges with shared-paper counts and association strength
   ``s(a,b) = papers(a,b) * N / (papers(a) * papers(b))`` (van Eck & Waltman's
   association strength, the VOSviewer default, up to a constant): among the entities the
   default views show as before, and apart (with their own link budget) for the others;
7. claims (:mod:`kg.build.claims`): the relations records state (USED_FOR, EVALUATES,
   PART_OF, IS_A, FEATURE_OF, COMPARED_WITH, OUTPERFORMS, EXTENDS) between entities,
   merged across papers through the same keys, with support, evidence and confidence;
8. citations between the papers, authors and venues (:mod:`kg.core.bibliography`).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace
from functools import lru_cache

import networkx as nx

from extract.lexicon import default_lexicon
from extract.normalise import canonical_key
from extract.record import Extraction, Mention
from extract.schwartz_hearst import find_long_form
from extract.vocab import default_vocabulary
from kg.build.adjective_sense import adjective_only
from kg.build.claims import merge_claims
from kg.build.config import MIN_PAPERS_FOR_RELEVANCE, BuildConfig
from kg.build.context_types import MEANS, PROBLEM, own_head, use_of
from kg.build.context_types import votes as context_type
from kg.build.curation import _names_an_action, curate, is_model_family, residue
from kg.build.data_sense import source_vote, sourced_datasets, unnamed_dataset
from kg.build.entity_quality import (
    DESCRIPTION_FIT,
    MIN_TERM_PROBABILITY,
    OTHER_HEAD_FIT,
    acronym_headed,
    concept_fit,
    concept_term_probability,
    dataset_fit,
    entity_quality,
    everyday_data,
    family_headed,
    fit_with_papers,
    generic_medium,
    listed,
    method_fit,
    metric_fit,
    raised_by_papers,
    shape_score,
    without_version,
)
from kg.build.field_sense import domain_objects, everyday_use, object_vote
from kg.build.fragment_sense import fragment, next_word
from kg.build.lab_technique import technique_name
from kg.build.measure_sense import FIELD_VOTED, technique_ending, unreported, voter
from kg.build.measure_shape import measure_named
from kg.build.study_phrases import procedure_not_measure, study_description
from kg.build.technique import SOURCE, TECHNIQUE, evidence, technique_named, trusted_methods
from kg.build.termhood import pair_counts, relevance, specificity
from kg.build.variants import gazetteer_conflict, node_mentions, proposed_name, variant_keys
from kg.core.bibliography import add_bibliography
from kg.core.graph import add_claim, add_cooccurrence, add_entity, add_paper, link_paper, new_graph, set_first_years
from kg.core.papers import Paper
from queries.quality import DEFAULT_MIN_QUALITY
from queries.schema import (
    CONCEPT,
    DATASET,
    DEFAULT_PAPER_REL,
    MAX_EVIDENCE,
    METHOD,
    METRIC,
    PAPER,
    PROPOSES,
    TASK,
    node_id,
)

#: tie-break when votes are equal: the more specific label wins
LABEL_PRIORITY = {DATASET: 5, METHOD: 4, TASK: 3, METRIC: 2, CONCEPT: 1}


#: a short form resolves across the corpus only when its commonest definition has this share
ALIAS_AGREEMENT = 0.75


def resolve_aliases(records: list[Extraction]) -> dict[str, str]:
    """Short-form key → long-form key, the most frequent definition across the corpus
    (equally frequent ones: the first in sorted order).

    Ambiguous short forms (MAP: "mean average precision" and "maximum a posteriori")
    stay unresolved across papers; each paper's own definitions still apply inside that paper.

    >>> r = Extraction("p", abbreviations={"sae": "sparse autoencoder"})
    >>> resolve_aliases([r, r])
    {'sae': 'sparse autoencoder'}
    >>> a, b = (Extraction(p, abbreviations={"map": f}) for p, f in (("1", "mean average precision"), ("2", "maximum a posteriori")))
    >>> resolve_aliases([a, b])
    {}
    """
    votes: dict[str, Counter] = defaultdict(Counter)
    for rec in records:
        if not rec.abbreviations:
            continue
        written = {m.key: m.text for m in rec.mentions if not m.derived}  # how the paper writes each key
        for short, long in rec.abbreviations.items():
            if abbreviation_fits(short, long, written.get(short, short), written.get(long, long)):
                votes[short][long] += 1
    return aliases_from_votes(votes)


def abbreviation_fits(short: str, long: str, written_short: str, written_long: str) -> bool:
    """Whether a paper's definition ``short`` → ``long`` (keys) counts as a vote in :func:`resolve_aliases`:
    the abbreviation, as the paper writes it, fits the long form's capitals (:func:`initials_fit`), or the long
    form is a known term cut at its start (:func:`_known_whole`). ``written_*``: the paper's mention text of
    that key (the last one), else the key itself.

    >>> abbreviation_fits("ner", "entity recognition", "NER", "entity recognition")
    True
    """
    if initials_fit(written_short, written_long):
        return True
    # "entity recognition (NER)" lost a word of a known term: the same thing
    return _known_whole(written_short, long) is not None


def aliases_from_votes(votes: Mapping[str, Counter]) -> dict[str, str]:
    """:func:`resolve_aliases` from its votes: short-form key → Counter of long-form keys (papers
    defining it so); the columnar build (:mod:`kg.build.columnar`) counts them in a table."""
    out = {}
    for short, c in sorted(votes.items()):
        long = min(c, key=lambda form: (-c[form], form))
        words = set(long.split())
        agreeing = sum(k for other, k in c.items() if words & set(other.split()))  # "deep CNN" agrees with "CNN"
        if agreeing >= ALIAS_AGREEMENT * sum(c.values()) and not gazetteer_conflict(short, long):
            out[short] = long  # not "mAP" -> "maximum a posteriori": the gazetteer knows mAP as a metric
    return out


#: the types a short form's own sentences and its corpus long form cannot disagree on and name one thing:
#: a dataset or a metric against another type but Concept (Method and Task often name one thing: "NMT", "NER")
SENSE_TYPES = frozenset({DATASET, METRIC})
#: words of a long form that make it a dataset wherever they stand ("face detection dataset and benchmark")
_LONG_DATASET_WORDS = frozenset({"dataset", "corpus", "corpora", "benchmark", "database", "treebank"})
#: last words of a long form that make it a metric ("equal error rate", "peak signal to noise ratio")
_LONG_METRIC_ENDS = frozenset({"rate", "ratio", "error", "accuracy", "precision", "recall", "score", "metric"})


def own_senses(records: list[Extraction], abbreviations: Mapping[str, str]) -> dict[tuple[str, str], str | None]:
    """(paper id, short-form key) → the sense the short form has in that paper where it is not the corpus's
    abbreviation (:func:`resolve_aliases`): ``None`` where the paper uses it without defining it in a sense of
    its own (:func:`senses_apart`: the short form stays a node of its own), the paper's own long form where the
    paper defines it otherwise and a mention still holds the short form's key (the extractor gives a paper's
    own definition to its mentions: this keeps it so for any it left)."""
    longs = set(abbreviations.values())
    long_labels: dict[str, Counter] = defaultdict(Counter)
    uses: dict[tuple[str, str], tuple[list[bool], Counter, Counter]] = {}
    worded: dict[tuple[str, str], bool] = {}  # every mention an everyday word in lower case (field_sense)
    out: dict[tuple[str, str], str | None] = {}
    for rec in records:
        for m in rec.mentions:
            if m.derived:
                continue
            if m.key in longs:
                long_labels[m.key][m.label] += 1
            if m.key not in abbreviations:
                continue
            if m.key in rec.abbreviations:
                if rec.abbreviations[m.key] != abbreviations[m.key]:
                    out[(rec.paper_id, m.key)] = rec.abbreviations[m.key]
                continue
            proposed, votes, labels = uses.setdefault((rec.paper_id, m.key), ([False], Counter(), Counter()))
            proposed[0] = proposed[0] or bool(m.role)
            worded[(rec.paper_id, m.key)] = worded.get((rec.paper_id, m.key), True) and everyday_use(m.text)
            labels[m.label] += 1
            sentence = rec.sentences[m.sentence] if 0 <= m.sentence < len(rec.sentences) else ""
            vote = mention_type_vote(m.key, m.text, sentence) if sentence else None
            if vote is not None:
                votes[vote] += 1
    apart = senses_apart(abbreviations, long_labels, {k: (p[0], v, lab) for k, (p, v, lab) in uses.items()})
    return {**out, **dict.fromkeys(apart | {k for k, word in worded.items() if word})}


def senses_apart(
    abbreviations: Mapping[str, str],
    long_labels: Mapping[str, Counter],
    uses: Mapping[tuple[str, str], tuple[bool, Counter, Counter]],
) -> set[tuple[str, str]]:
    """:func:`own_senses` from its counts: ``long_labels``, long-form key → the labels of its direct mentions;
    ``uses``, (paper id, short form) of a paper that does not define it → (whether the paper proposes the
    name, the types its sentences give the mentions (:func:`mention_type_vote`), the mentions' labels). A use
    keeps its own sense when the paper proposes the name ("we propose STE, a framework ..." is not another
    paper's "structure extraction (STE)"), or when the paper's type for it (its sentences' majority type, where
    its mentions' majority label agrees) and the long form's type (:func:`long_form_type`) differ, one of them a
    Dataset or a Metric, neither a Concept ("4 datasets, including MOT" is no "multi-object tracking (MOT)";
    "EM" in "in terms of EM" is no "expectation maximization"). The columnar build counts the same in SQL.

    >>> ab = {"mot": "multiobject tracking"}
    >>> dataset = Counter({"Dataset": 1})
    >>> sorted(senses_apart(ab, {}, {("p1", "mot"): (False, dataset, dataset), ("p2", "mot"): (False, Counter(), dataset)}))
    [('p1', 'mot')]
    """
    vocab = default_vocabulary()
    types: dict[str, str | None] = {}
    out = set()
    for (pid, short), (proposed, votes, labels) in sorted(uses.items()):
        long = abbreviations.get(short)
        if long is None:
            continue
        if proposed:
            out.add((pid, short))
            continue
        if not votes:
            continue
        own = max(votes, key=lambda lab: (votes[lab], LABEL_PRIORITY.get(lab, 0)))
        if not labels or own != max(labels, key=lambda lab: (labels[lab], LABEL_PRIORITY.get(lab, 0))):
            continue  # the span model's labels and the sentences do not agree on what the paper means
        if long not in types:
            types[long] = long_form_type(long, long_labels.get(long), vocab)
        ref = types[long]
        if ref is not None and own != ref and CONCEPT not in (own, ref) and SENSE_TYPES & {own, ref}:
            out.add((pid, short))
    return out


def long_form_type(long: str, labels: Counter | None, vocab=None) -> str | None:
    """The type a long form stands for: what the vocabulary knows it as (a metric, a dataset, a Papers with
    Code task, a model family), else what its own words say ("... dataset and benchmark", "equal error rate"),
    else the vote of its direct mentions' labels (None without any).

    >>> long_form_type("face detection dataset and benchmark", None), long_form_type("equal error rate", None)
    ('Dataset', 'Metric')
    """
    v = vocab or default_vocabulary()
    for table, label in ((v.metric_keys, METRIC), (v.dataset_keys, DATASET), (v.pwc_tasks, TASK)):
        if long in table:
            return label
    if long in v.model_families:
        return METHOD
    words = long.split()
    if _LONG_DATASET_WORDS & set(words):
        return DATASET
    if words and words[-1] in _LONG_METRIC_ENDS:
        return METRIC
    return labels_from_votes({long: labels})[long] if labels else None


def sense_keys(
    senses: Mapping[tuple[str, str], str | None],
    abbreviations: Mapping[str, str],
    variants: Mapping[str, str],
    variant_map: Mapping[str, str],
    aliases: Mapping[str, str],
) -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    """How mention keys change where a short form has a sense of its own in a paper (:func:`own_senses`): per
    paper id, mention key → its key in that paper (the short form, and the keys the corpus resolves through it
    such as "SSD models", stop at the short form or go to the paper's own long form); and for the other papers,
    each short form some paper keeps apart → its long form's final key. ``abbreviations``, ``variants`` and
    ``variant_map`` are the maps :func:`build_graph` merges into ``aliases``; the aliases then leave out the
    short forms kept apart, so such a short form is a node of its own.

    >>> sense_keys({("p1", "ssd"): None}, {"ssd": "solid state drive"}, {}, {"ssd model": "ssd"},
    ...            {"ssd": "solid state drive", "ssd model": "solid state drive"})
    ({'p1': {'ssd': 'ssd', 'ssd model': 'ssd'}}, {'ssd': 'solid state drive'})
    """
    step = {**variant_map, **variants, **abbreviations}  # what each key resolves to next, as build_graph merges
    shorts = {short for _, short in senses}
    through: dict[str, list[str]] = defaultdict(list)  # short form -> the keys whose chain reaches it first
    for key in sorted(aliases):
        seen, k = set(), key
        while k not in seen:
            if k in shorts:
                through[k].append(key)
                break
            seen.add(k)
            if k not in step:
                break
            k = step[k]
    per_paper: dict[str, dict[str, str]] = defaultdict(dict)
    for (pid, short), own in sorted(senses.items(), key=lambda kv: kv[0]):
        target = short if own is None else aliases.get(own, own)
        for key in through[short]:
            per_paper[pid][key] = target
    kept = sorted({short for (_, short), own in senses.items() if own is None})
    return dict(per_paper), {short: aliases[short] for short in kept if short in aliases}


def rekeyed(rec: Extraction, own: Mapping[str, str], elsewhere: Mapping[str, str]) -> Extraction:
    """``rec`` with its mentions' and relations' keys changed as :func:`sense_keys` says for its paper."""

    def key(k: str) -> str:
        return own.get(k) or elsewhere.get(k, k)

    if not any(key(m.key) != m.key for m in rec.mentions) and not any(
        key(r.head) != r.head or key(r.tail) != r.tail for r in rec.relations
    ):
        return rec
    return replace(
        rec,
        mentions=[replace(m, key=key(m.key)) for m in rec.mentions],
        relations=[replace(r, head=key(r.head), tail=key(r.tail)) for r in rec.relations],
    )


@lru_cache(maxsize=1)
def _known_terms_by_tail() -> dict[str, list[str]]:
    """Papers with Code tasks and model families by their last two words."""
    v = default_vocabulary()
    out: dict[str, list[str]] = defaultdict(list)
    for term in sorted(v.pwc_tasks | v.model_families):
        words = term.split()
        if len(words) > 2:
            out[" ".join(words[-2:])].append(term)
    return out


def _known_whole(short: str, long: str) -> str | None:
    """The shortest known term (Papers with Code task, model family; only one so long) that ends with a cut
    long form and that the abbreviation fits: "named entity recognition" for "NER" defined as "entity
    recognition".

    >>> _known_whole("NER", "entity recognition")
    'named entity recognition'
    """
    words = long.split()
    if len(words) < 2:
        return None
    found = [
        t
        for t in _known_terms_by_tail().get(" ".join(words[-2:]), [])
        if t.endswith(" " + long) and initials_fit(short, t)
    ]
    shortest = [t for t in found if len(t.split()) == min(len(f.split()) for f in found)]
    return shortest[0] if len(shortest) == 1 else None  # not "chinese named entity recognition"


#: words a long form cannot end with ("Data-Efficient Adversarial Learning for (DEALIO)": cut off)
_OPEN_ENDS = frozenset({"for", "of", "with", "and", "or", "in", "on", "to", "by", "from", "via", "the", "a", "an"})


def initials_fit(short: str, long: str) -> bool:
    """Whether an abbreviation, as written, abbreviates its long form: its capitals stand, in order, in the
    long form's words, each word used starting at its first (or second) letter, and the long form is not
    cut off after a function word. "CANet" is no abbreviation of "Class-Agnostic Segmentation" (the long form lost
    "Networks"), "DEALIO" none of "Data-Efficient Adversarial Learning for".

    >>> initials_fit("QAT", "Quantization-Aware Training"), initials_fit("BiLSTM", "bidirectional LSTM")
    (True, True)
    >>> initials_fit("XGBoost", "extreme gradient boosting"), initials_fit("CANet", "Class-Agnostic Segmentation")
    (True, False)
    >>> initials_fit("DEALIO", "Data-Efficient Adversarial Learning for")
    False
    """
    words = [w for w in re.split(r"[\s\-‐‑/]+", long) if w]
    if not words or words[-1].lower() in _OPEN_ENDS:
        return False
    capitals = [c.lower() for c in short if c.isupper()]
    if len(capitals) < 2:
        return True  # "dropout", "t-SNE" in lower case: nothing to check
    low = [w.lower() for w in words]

    def fits(i: int, j: int) -> bool:  # capitals[i:] from words[j:]
        if i == len(capitals):
            return True
        if j == len(low):
            return False
        if fits(i, j + 1):  # "of", "and": a word the abbreviation skips
            return True
        w = low[j]
        if capitals[i] not in w[:2]:  # a word used gives its first (or second: "eXtreme") letter ...
            return False
        at, k = w.index(capitals[i]) + 1, i + 1
        while True:  # ... and perhaps more from inside it ("autoencoders" → A, E; "LSTM" → L, S, T, M)
            if fits(k, j + 1):
                return True
            if k == len(capitals) or capitals[k] not in w[at:]:
                return False
            at, k = w.index(capitals[k], at) + 1, k + 1

    # a syllable written out ("Net" in "CANet", "Boost" in "XGBoost") opens one of the long form's words
    syllables = re.findall(r"[A-Z][a-z]{2,}", short[:-1] if short.endswith("s") else short)
    return fits(0, 0) and all(any(w.startswith(x.lower()) for w in low) for x in syllables)


def variant_aliases(records: list[Extraction], confirmed: set[str]) -> dict[str, str]:
    """Direct key → derived key, where a derived mention covers the very same span of a
    Concept mention (or the same words elsewhere in that paper) and the corpus confirms it: "noisy labels" →
    "label noise" when some paper says "label noise" (but "active learning", a Method, never becomes
    "learning activity").
    A key with several such variants takes the commonest (equally common: the first in sorted order)."""
    votes: dict[str, Counter] = defaultdict(Counter)
    for rec in records:
        concepts = [m for m in rec.mentions if not m.derived and m.label == CONCEPT]
        direct = {(m.start, m.end): m.key for m in concepts}
        # the same words elsewhere in the paper ("Noisy Labels" in the title, "noisy labels" in the abstract)
        said = {m.text.casefold(): m.key for m in concepts}
        for m in rec.mentions:
            k = direct.get((m.start, m.end)) or said.get(m.text.casefold())
            if m.derived and k is not None and k != m.key and m.key in confirmed:
                votes[k][m.key] += 1
    return commonest(votes)


def commonest(votes: Mapping[str, Counter]) -> dict[str, str]:
    """Each key's commonest value (equally common: the first in sorted order)."""
    return {k: min(c, key=lambda v: (-c[v], v)) for k, c in sorted(votes.items())}


def _resolve(aliases: dict[str, str]) -> dict[str, str]:
    """Follow alias chains to their end (cycles stop where they close)."""
    out = {}
    for key in aliases:
        seen, k = {key}, aliases[key]
        while k in aliases and aliases[k] not in seen:
            seen.add(k)
            k = aliases[k]
        out[key] = k
    return out


def confirmed_keys(records: list[Extraction], aliases: dict[str, str]) -> set[str]:
    """Keys that some paper mentions directly (not only by derivation)."""
    return {aliases.get(m.key, m.key) for rec in records for m in rec.mentions if not m.derived}


def vote_labels(records: list[Extraction], aliases: dict[str, str]) -> dict[str, str]:
    """One label per key: majority of direct mentions, proposals counting double."""
    votes: dict[str, Counter] = defaultdict(Counter)
    for rec in records:
        for m in rec.mentions:
            # a Counter holds any number; typeshed types its counts as int
            votes[aliases.get(m.key, m.key)][m.label] += (2 if m.role else 1) if not m.derived else 0.5  # type: ignore[assignment]
    return labels_from_votes(votes)


def labels_from_votes(votes: Mapping[str, Counter]) -> dict[str, str]:
    """:func:`vote_labels` from its (weighted) votes: key → Counter of labels."""
    return {k: max(c, key=lambda lab: (c[lab], LABEL_PRIORITY[lab])) for k, c in votes.items()}


def sentence_votes(
    records: list[Extraction],
    aliases: dict[str, str],
    wanted: Callable[[str], bool],
    vote_of: Callable[[str, str, str], str | None],
) -> dict[str, Counter]:
    """Key → the votes its direct mentions give: ``vote_of(key, text, sentence)`` of each mention (its own key and
    text, in its sentence) whose merged key is ``wanted``; ``None`` votes nothing."""
    out: dict[str, Counter] = defaultdict(Counter)
    for rec in records:
        n = len(rec.sentences)
        for m in rec.mentions:
            key = aliases.get(m.key, m.key)
            if m.derived or not wanted(key) or not -n <= m.sentence < n:
                continue
            vote = vote_of(m.key, m.text, rec.sentences[m.sentence])
            if vote is not None:
                out[key][vote] += 1
    return out


def context_votes(records: list[Extraction], aliases: dict[str, str], labels: dict[str, str]) -> dict[str, Counter]:
    """Key → the types its sentences give it (:mod:`kg.build.context_types`), over the direct mentions of
    every key voted a Dataset or a Method."""
    return sentence_votes(records, aliases, lambda key: labels.get(key) in (DATASET, METHOD), mention_type_vote)


def use_candidate(key: str, label: str) -> bool:
    """Whether curation may make the key (voted ``label``) a Task from its words alone, so that :func:`use_votes`
    asks its sentences what they use it as: a Concept, Method or Task headed by a word that names an action
    ("network pruning", "feature selection", "visual question answering").

    >>> use_candidate("network pruning", "Concept"), use_candidate("reef net", "Method"), use_candidate("mnist", "Dataset")
    (True, False, False)
    """
    words = key.split()
    return label in (CONCEPT, METHOD, TASK) and bool(words) and _names_an_action(words[-1])


def use_votes(records: list[Extraction], aliases: dict[str, str], labels: dict[str, str]) -> dict[str, Counter]:
    """Key → what its sentences use it as (:func:`kg.build.context_types.use_of`: a problem or a means), over the
    direct mentions of every :func:`use_candidate` key."""
    return sentence_votes(
        records, aliases, lambda key: use_candidate(key, labels.get(key, "")), lambda _, text, sent: use_of(sent, text)
    )


def object_candidate(label: str) -> bool:
    """Whether :func:`object_votes` asks a key's sentences if it is a molecule, a disease or a cited author: a
    key voted a Method, Dataset or Metric (a Concept keeps its mentions: "levels of abstraction")."""
    return label in (METHOD, DATASET, METRIC)


def object_votes(records: list[Extraction], aliases: dict[str, str], labels: dict[str, str]) -> dict[str, Counter]:
    """Key → what its sentences call it when it is none of the graph's things (:func:`kg.build.field_sense.object_vote`:
    "expression of X", "X levels", "X et al"), over the direct mentions of every :func:`object_candidate` key."""
    return sentence_votes(records, aliases, lambda key: object_candidate(labels.get(key, "")), object_vote)


def without_objects(
    curated: dict[str, tuple[str, str]],
    votes: Mapping[str, Counter],
    forms: Mapping[str, Counter],
    labels: Mapping[str, str],
    proposed: AbstractSet[str] = frozenset(),
) -> dict[str, tuple[str, str]]:
    """``curated`` without the keys :func:`kg.build.field_sense.domain_objects` finds in ``votes`` (:func:`object_votes`;
    ``proposed``: the keys a paper proposes)."""
    drop = domain_objects(votes, forms, labels, proposed)
    return {k: d for k, d in curated.items() if k not in drop} if drop else curated


@lru_cache(maxsize=1 << 16)
def sentence_type(sentence: str, text: str) -> str | None:
    """:func:`kg.build.context_types.votes`, remembered: :func:`context_votes` and :func:`evidence_votes` ask it of
    the same mentions."""
    return context_type(sentence, text)


def evidence_vote(key: str, text: str, sentence: str) -> str | None:
    """What one direct mention of a Method says of it being a technique (:func:`kg.build.technique.evidence`):
    its sentence's use ("measured by X") or its type vote (:func:`kg.build.context_types.votes`)."""
    return evidence(sentence, text, sentence_type(sentence, text))


def evidence_votes(records: list[Extraction], aliases: dict[str, str], labels: dict[str, str]) -> dict[str, Counter]:
    """Key → what its sentences show of it being a technique (:func:`evidence_vote`), over the direct mentions of
    every key voted a Method."""
    return sentence_votes(records, aliases, lambda key: labels.get(key) == METHOD, evidence_vote)


def next_word_votes(records: list[Extraction], aliases: dict[str, str], labels: dict[str, str]) -> dict[str, Counter]:
    """Key → the words that continue the phrase after its direct mentions (:func:`kg.build.fragment_sense.next_word`),
    over the direct mentions of every key voted a Concept."""
    return sentence_votes(records, aliases, lambda key: labels.get(key) == CONCEPT, next_word)


def field_votes(
    records: list[Extraction],
    aliases: dict[str, str],
    curated: Mapping[str, tuple[str, str]],
    labels: Mapping[str, str],
) -> dict[str, Counter]:
    """Final key → what the sentences of the keys curated into a Metric or a Task show of it
    (:func:`kg.build.measure_sense.field_vote`: a measure reported, a piece of a name, a problem named); ``labels``:
    the final labels."""
    out: dict[str, Counter] = defaultdict(Counter)
    for label in FIELD_VOTED:
        keys = {key for key, (final, _) in curated.items() if labels.get(final) == label}
        votes = sentence_votes(records, aliases, keys.__contains__, voter(label))
        for key, cues in by_final_key(votes, curated).items():
            out[key].update(cues)
    return out


def by_final_key(votes: Mapping[str, Counter], curated: Mapping[str, tuple[str, str]]) -> dict[str, Counter]:
    """The ``votes`` of each key summed under the final key curation gave it (keys it dropped are left out)."""
    out: dict[str, Counter] = defaultdict(Counter)
    for k, cues in votes.items():
        if k in curated:
            out[curated[k][0]].update(cues)
    return out


def mention_type_vote(key: str, text: str, sentence: str) -> str | None:
    """The type one direct mention (its own ``key`` and ``text``, in ``sentence``) votes in :func:`context_votes`:
    the mention's own words, when they are the whole name ("CAPSLPDB sleep database"), else its sentence's."""
    head = own_head(text)  # the cheaper check first: canonical_key only for a text with a type head
    return head if head and canonical_key(text) == key else sentence_type(sentence, text)


#: the types a named Method's sentences can give it besides Dataset (:func:`retype`)
_NAMED_RETYPES = (TASK, METRIC)


def retype(
    labels: dict[str, str],
    context: dict[str, Counter],
    forms: Mapping[str, Counter] | None = None,
    proposed: AbstractSet[str] = frozenset(),
) -> dict[str, str]:
    """The labels, a Dataset its sentences call a method (more often than data) a Method and the other
    way round ("DiMP" in "trackers such as DaSiamRPN and DiMP"; "CN-Celeb" in "CN-Celeb: a speaker
    recognition dataset"); and a Method written as a name (``forms``: key → its mentions' texts; the
    commonest one a name, :func:`kg.build.variants.proposed_name`) that its sentences call a task or a metric
    more often than a method and than anything else ("the ZeroSpeech 2017 discovery task", "a new metric
    called eAUC", "in terms of NDCG@10") a Task or a Metric. A phrase in lower case keeps the span model's
    label ("few-shot learning" in "few-shot learning tasks"): its sentences' nouns are often its own head;
    so does a name a paper proposes (``proposed``: the paper's contribution is a method or a dataset, and
    a PROPOSES link needs one: "we assign a Topological Uncertainty, a score that ...").

    >>> retype({"eauc": "Method"}, {"eauc": Counter({"Metric": 2})}, {"eauc": Counter({"eAUC": 2})})
    {'eauc': 'Metric'}
    >>> retype({"few shot learning": "Method"}, {"few shot learning": Counter({"Task": 2})})
    {'few shot learning': 'Method'}
    """
    out = dict(labels)
    for key, c in context.items():
        label = labels[key]
        other = METHOD if label == DATASET else DATASET
        if c[other] > c[label]:
            out[key] = other
        elif label == METHOD and forms and key in forms and key not in proposed and _written_as_name(forms[key]):
            best = max(_NAMED_RETYPES, key=lambda t: (c[t], LABEL_PRIORITY[t]))
            if c[best] > c[METHOD] and c[best] > c[DATASET] and _kept_as(key, best, forms[key]):
                out[key] = best
        elif label == METHOD and forms and key in forms and key not in proposed and task_headed(key):
            # "we address seagrass detection", "the task of kelp segmentation": a phrase headed by a task's
            # noun that its sentences call what is solved more often than a method, in half its mentions or
            # more (one list of tasks does not make "clustering" one), is that task
            said_task = c[TASK] > c[METHOD] + c[DATASET] and 2 * c[TASK] >= sum(forms[key].values())
            if said_task and _kept_as(key, TASK, forms[key]):
                out[key] = TASK
    return out


def task_headed(key: str) -> bool:
    """The key's last word is a task's head noun (``task_heads.txt``, "detection", "segmentation"), not "learning"
    (a way to learn: "few-shot learning tasks" keeps its label).

    >>> task_headed("seagrass detection"), task_headed("few shot learning"), task_headed("reef net")
    (True, False, False)
    """
    words = key.split()
    return bool(words) and words[-1] != "learning" and words[-1] in default_lexicon().task_heads


def _kept_as(key: str, label: str, forms: Counter) -> bool:
    """Whether curation keeps ``key`` as a ``label`` (a named task must still be a task's name, "KRL parsing";
    not "KelpSpeech 2019", which a sentence calls a task but is no task's name: it stays a Method and the votes
    lower its quality)."""
    decided = curate(key, label, sorted(forms, key=lambda f: (-forms[f], f)), ())
    # a measure no list knows is kept a Concept by curation; :func:`curate_from_forms` makes it a Metric again
    return decided is not None and (decided[1] == label or (label == METRIC and decided[1] == CONCEPT))


def measured_keys(before: Mapping[str, str], after: Mapping[str, str]) -> set[str]:
    """The keys :func:`retype` made Metrics: their sentences call them measures ("a new metric called eAUC")."""
    return {k for k, label in after.items() if label == METRIC and before.get(k) != METRIC}


def _written_as_name(forms: Counter) -> bool:
    """Whether the commonest of a key's surface forms (equally common: the first in sorted order) is a name."""
    return bool(forms) and proposed_name(min(forms, key=lambda f: (-forms[f], f)))


def surface_forms(records: list[Extraction], aliases: Mapping[str, str]) -> dict[str, Counter]:
    """Key → Counter of the texts of its direct mentions (:func:`retype` reads them)."""
    forms: dict[str, Counter] = defaultdict(Counter)
    for rec in records:
        for m in rec.mentions:
            if not m.derived:
                forms[aliases.get(m.key, m.key)][m.text] += 1
    return forms


def said_and_common(
    context: Mapping[str, Counter],
    curated: Mapping[str, tuple[str, str]],
    df: Mapping[str, int],
    shorts_of: Mapping[str, set[str]],
) -> tuple[dict[str, Counter], set[str]]:
    """What ``_quality`` reads beside a key's own counts: ``said``, final key → the types its sentences give
    it (the :func:`context_votes` of the keys curated into it), and ``common``, the final keys in two papers or
    more (``df``: final key → papers) and their short forms."""
    # names the corpus knows from two papers or more, and their short forms: "SVD" makes "randomized SVD" a variant
    common = {k for k in df if df[k] >= 2}
    common |= {
        short for long, shorts in shorts_of.items() if curated.get(long, (long,))[0] in common for short in shorts
    }
    return by_final_key(context, curated), common


def curate_keys(
    records: list[Extraction],
    aliases: dict[str, str],
    direct: set[str],
    labels: dict[str, str],
    shorts_of: dict[str, set[str]],
    apart: AbstractSet[str] = frozenset(),
    measured: AbstractSet[str] = frozenset(),
    forms: Mapping[str, Counter] | None = None,
    uses: Mapping[str, Counter] | None = None,
) -> dict[str, tuple[str, str]]:
    """Key → (final key, final label) for every directly mentioned key that curation keeps
    (:func:`kg.build.curation.curate`, fed with the key's surface forms, commonest first, equally
    common ones in sorted order); ``apart``: short forms some paper uses in a sense of their own
    (:func:`own_senses`); ``measured``: :func:`measured_keys`; ``forms``: :func:`surface_forms` of
    the records, when the caller has them; ``uses``: :func:`use_votes` (:func:`techniques_kept`)."""
    named = {  # keys a paper proposes under a name ("LINT", "Gem", "WavJEPA-Nat")
        aliases.get(m.key, m.key)
        for rec in records
        for m in rec.mentions
        if not m.derived and m.role and proposed_name(m.text)
    }
    forms = surface_forms(records, aliases) if forms is None else forms
    return curate_from_forms(direct, labels, forms, shorts_of, named, apart, measured, uses)


def curate_from_forms(
    direct: set[str],
    labels: Mapping[str, str],
    forms: Mapping[str, Counter],
    shorts_of: Mapping[str, set[str]],
    named: AbstractSet[str] = frozenset(),
    apart: AbstractSet[str] = frozenset(),
    measured: AbstractSet[str] = frozenset(),
    uses: Mapping[str, Counter] | None = None,
) -> dict[str, tuple[str, str]]:
    """:func:`curate_keys` from each key's surface forms (key → Counter of mention texts), the keys
    a paper proposes under a name (:func:`kg.build.variants.proposed_name`), the short forms whose
    node is a sense of their own (``apart``: not their long form's acronym) and the names their sentences
    call measures (``measured``, :func:`measured_keys`: a Metric, though no list knows it)."""
    out = {}
    for key in sorted(direct):
        seen = forms.get(key) or Counter()
        ranked = sorted(seen, key=lambda f: (-seen[f], f)) or [key]
        decided = curate(key, labels[key], ranked, shorts_of.get(key, ()))
        if key in named and labels[key] in (METHOD, DATASET) and (decided is None or decided[1] in (CONCEPT, TASK)):
            # what a paper names as its own contribution is a node although no list knows it ("a dataset,
            # LINT", "we present WavJEPA-Nat"), and a Method or Dataset, as the roles typed it, though its
            # words would make a task ("Nested Representation Learning")
            decided = None if residue(key, ranked) else (decided[0] if decided else key, labels[key])
        if key in measured and decided is not None and decided[1] == CONCEPT:
            decided = (decided[0], METRIC)  # "a new metric called ReefAUC"
        if decided is not None:
            out[key] = decided
    if uses:
        out = techniques_kept(out, labels, uses, forms, named)
    # an acronym typed Method whose long form the corpus defines as a Task is that task's acronym ("HPO")
    for long, shorts in sorted(shorts_of.items()):
        if out.get(long, ("", ""))[1] == TASK:
            for short in sorted(shorts):
                if short != long and out.get(short, ("", ""))[1] == METHOD and short not in named | apart:
                    out[short] = (out[short][0], TASK)
    return closed_chains(out)


def closed_chains(curated: Mapping[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    """``curated`` with each final key followed to its end: a key curated into a key that is itself curated into a
    third ("reef nets" → "reef net" → "reefnet") meets the third, with its label (a cycle stops where it closes).

    >>> closed_chains({"a": ("b", "Method"), "b": ("c", "Task"), "c": ("c", "Task"), "d": ("d", "Concept")})
    {'a': ('c', 'Task'), 'b': ('c', 'Task'), 'c': ('c', 'Task'), 'd': ('d', 'Concept')}
    """
    out = {}
    for key, decided in curated.items():
        seen = {key}
        while decided[0] in curated and decided[0] not in seen:
            seen.add(decided[0])
            decided = curated[decided[0]]
        out[key] = decided
    return out


def techniques_kept(
    curated: Mapping[str, tuple[str, str]],
    labels: Mapping[str, str],
    uses: Mapping[str, Counter],
    forms: Mapping[str, Counter],
    named: AbstractSet[str] = frozenset(),
) -> dict[str, tuple[str, str]]:
    """``curated`` with a Task made a Method where curation made it one from a Concept's or a Method's label (a
    phrase Papers with Code lists as a task or headed by a task's noun: "network pruning", "feature selection")
    but the sentences of the keys curated into it use it as a means (``uses``: :func:`use_votes`; "we apply kelp
    pruning", "using kelp pruning", "kelp pruning reduces") more often than they name it as what is solved, in
    half its mentions (``forms``: key → its mentions' texts) or more. A phrase named as often a problem as a
    means, or used in passing, stays a Task; so does one the span model typed a Task.

    >>> techniques_kept({"kelp pruning": ("kelp pruning", "Task")}, {"kelp pruning": "Concept"},
    ...                 {"kelp pruning": Counter({"means": 2, "problem": 1})}, {"kelp pruning": Counter({"X": 4})})
    {'kelp pruning': ('kelp pruning', 'Method')}
    """
    said: dict[str, Counter] = defaultdict(Counter)
    mentions: Counter = Counter()
    for key, (new, _) in curated.items():
        said[new].update(uses.get(key, ()))
        mentions[new] += sum(forms.get(key, Counter()).values())
    out = dict(curated)
    for key, (new, label) in curated.items():
        if label == TASK and labels.get(key) in (CONCEPT, METHOD) and key not in named:
            means = said[new][MEANS]
            if means > said[new][PROBLEM] and 2 * means >= mentions[new]:
                out[key] = (new, METHOD)
    return out


@dataclass
class _Use:
    mentions: list[Mention]
    sentences: list[str]


def build_graph(
    papers: list[Paper], records: dict[str, Extraction], config: BuildConfig | None = None
) -> nx.MultiDiGraph:
    """The knowledge graph of ``papers`` from their extraction records (see module docstring)."""
    cfg = (config or BuildConfig()).resolved(len(papers))
    papers = sorted(papers, key=lambda p: p.id)  # every choice below sees the papers in one order, whatever came in
    records = node_mentions(records)  # mentions too unsure to make a node (kg.build.variants)
    recs = [records[p.id] for p in papers if p.id in records]
    abbreviations = resolve_aliases(recs)
    senses = own_senses(recs, abbreviations)  # a short form a paper uses in a sense of its own
    shorts_of: dict[str, set[str]] = defaultdict(set)  # long-form key -> its short-form keys
    for short, long in abbreviations.items():
        shorts_of[long].add(short)
    direct = confirmed_keys(recs, abbreviations)
    variants = variant_aliases(recs, direct)
    aliases = _resolve({**variants, **abbreviations})
    variant_map = variant_keys(recs, aliases)
    aliases = _resolve({**variant_map, **aliases})  # "CNN models" -> CNN, "POS tagging"
    if senses:  # the abbreviation's sense per paper: its own papers keep the short form, the others the long form
        paper_keys, elsewhere = sense_keys(senses, abbreviations, variants, variant_map, aliases)
        records = {pid: rekeyed(rec, paper_keys.get(pid, {}), elsewhere) for pid, rec in records.items()}
        recs = [records[p.id] for p in papers if p.id in records]
        aliases = {k: v for k, v in aliases.items() if k not in elsewhere}
    direct = confirmed_keys(recs, aliases)
    labels = vote_labels(recs, aliases)
    context = context_votes(recs, aliases, labels)
    key_forms = surface_forms(recs, aliases)
    proposed_keys = {aliases.get(m.key, m.key) for rec in recs for m in rec.mentions if m.role and not m.derived}
    voted, labels = labels, retype(labels, context, key_forms, proposed_keys)
    use_counts = use_votes(recs, aliases, labels)
    vocab = default_vocabulary()
    apart = {short for (_, short), own in senses.items() if own is None}  # short forms that are nodes of their own
    curated = curate_keys(
        recs, aliases, direct, labels, shorts_of, apart, measured_keys(voted, labels), key_forms, use_counts
    )
    curated = without_objects(curated, object_votes(recs, aliases, labels), key_forms, labels, proposed_keys)
    sources = sentence_votes(recs, aliases, lambda k: labels.get(k) == DATASET and k not in curated, source_vote)
    curated = sourced_datasets(curated, labels, key_forms, sources)  # "searched in Embase" (kg.build.data_sense)
    typed = labels  # the labels of the keys before curation merged them (evidence_votes below)
    # a merged key takes the label curation gave the key itself, else the first merged into it
    labels = {new: label for key, (new, label) in sorted(curated.items(), key=lambda kv: kv[0] == kv[1][0])}

    # per paper: key -> mentions (with evidence sentences)
    per_paper: dict[str, dict[str, _Use]] = {}
    surface: dict[str, Counter] = defaultdict(Counter)
    votes: dict[str, Counter] = defaultdict(Counter)  # key -> its direct mentions' labels (agreement)
    confidence: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])  # key -> [sum, count] of mention confidence
    proposed: set[str] = set()
    titled: Counter = Counter()  # key -> papers whose title (first sentence) names it directly
    for p in papers:
        rec = records.get(p.id)
        if rec is None:
            continue
        uses: dict[str, _Use] = {}
        in_title: set[str] = set()
        typed_spans = {(m.start, m.end) for m in rec.mentions if not m.derived and m.label != CONCEPT}
        for m in rec.mentions:
            if m.derived and (m.start, m.end) in typed_spans:
                continue  # "active learning" is a Method, not a mention of "learning activity"
            decided = curated.get(aliases.get(m.key, m.key))
            if decided is None:
                continue
            key = decided[0]
            use = uses.setdefault(key, _Use([], []))
            use.mentions.append(m)
            sent = rec.sentences[m.sentence] if -len(rec.sentences) <= m.sentence < len(rec.sentences) else ""
            if sent and sent not in use.sentences:
                use.sentences.append(sent)
            if not m.derived:
                surface[key][m.text] += 1
                votes[key][m.label] += 1
                conf = confidence[key]
                conf[0] += m.confidence
                conf[1] += 1
                if rec.sentences and m.sentence in (0, -len(rec.sentences)):
                    in_title.add(key)
            if m.role and labels[key] in (METHOD, DATASET):
                proposed.add(key)
        per_paper[p.id] = uses
        titled.update(in_title)

    df = Counter(key for uses in per_paper.values() for key in uses)
    n = max(len(papers), 1)
    min_concept, min_entity = cfg.min_concept_papers, cfg.min_entity_papers
    min_shared = cfg.min_cooccurrence_papers
    assert min_concept is not None and min_entity is not None and min_shared is not None, "a resolved BuildConfig"

    def need(key: str) -> int:
        return min_concept if labels[key] in (CONCEPT, TASK) else min_entity  # a task one paper names is that paper's

    def generic(key: str) -> bool:
        return key not in proposed and n >= 50 and df[key] > cfg.max_share * n

    # the entities the corpus supports (enough papers, not in almost every paper): the set termhood is
    # scored over; nothing is deleted, the rest only scores lower (kg.build.entity_quality)
    supported = {k for k in df if k in proposed or (not generic(k) and df[k] >= need(k))}
    entity_papers: dict[str, list[str]] = defaultdict(list)
    for pid, uses in per_paper.items():
        for key in uses:
            entity_papers[key].append(pid)
    # a pair can reach min_shared only between entities in at least min_shared papers
    countable = {k: ps for k, ps in entity_papers.items() if k in supported or len(ps) >= min_shared}
    pairs = pair_counts(countable, cfg.max_entities_per_paper)
    scored = [k for k in sorted(supported) if labels[k] in (CONCEPT, TASK)]
    relevances = relevance({k: entity_papers[k] for k in supported}, pairs, scored)
    said, common = said_and_common(context, curated, df, shorts_of)
    # a Method's evidence of being a technique, in a corpus whose Methods the span model may not know (kg.build.technique)
    shown = None if trusted_methods(surface, labels) else by_final_key(evidence_votes(recs, aliases, typed), curated)
    nexts = by_final_key(next_word_votes(recs, aliases, typed), curated)  # "natural killer (NK) cells"
    if shown is not None:  # and a Metric's or a Task's evidence there (kg.build.measure_sense)
        for key, cues in field_votes(recs, aliases, curated, labels).items():
            shown[key].update(cues)
    qualities = {
        key: _quality(
            key,
            labels[key],
            df[key],
            need(key),
            generic(key),
            key in proposed,
            relevances.get(key),
            votes[key],
            confidence[key][0] / confidence[key][1] if confidence[key][1] else 1.0,
            surface[key],
            n,
            cfg,
            vocab,
            said.get(key),
            common,
            titled[key],
            None if shown is None else shown.get(key, Counter()),
            nexts.get(key),
        )
        for key in df
    }

    G = new_graph()
    for p in papers:
        add_paper(G, p)
    for key in sorted(df):
        forms = surface[key]
        shorts = shorts_of.get(key)
        name = vocab.display_name(key) or _display_name(
            key, forms, Counter({f: c for f, c in forms.items() if canonical_key(f) in shorts}) if shorts else None
        )
        add_entity(
            G,
            labels[key],
            key,
            name,
            aliases=sorted(forms),
            papers=df[key],
            relevance=relevances.get(key),
            quality=qualities[key],
        )

    for pid, uses in per_paper.items():
        pnode = node_id(PAPER, pid)
        for key in sorted(uses):
            use = uses[key]
            label = labels[key]
            rel = PROPOSES if key in proposed and any(m.role for m in use.mentions) else DEFAULT_PAPER_REL[label]
            link_paper(
                G, pnode, node_id(label, key), rel, count=len(use.mentions), evidence=use.sentences[:MAX_EVIDENCE]
            )

    set_first_years(G)

    node_of = {key: node_id(labels[key], key) for key in df}
    for a, b, shared, strength in shown_apart_cooccurrences(pairs, countable, node_of, qualities, n, cfg):
        add_cooccurrence(G, a, b, shared, strength)

    def key_of(mention_key: str) -> str | None:
        decided = curated.get(aliases.get(mention_key, mention_key))
        return decided[0] if decided is not None else None

    for c in merge_claims(recs, key_of, labels):
        add_claim(G, c.head, c.tail, c.type, c.paper_ids, c.evidence, c.confidence, c.sources)
    add_bibliography(G)
    return G


def _quality(
    key: str,
    label: str,
    papers: int,
    need: int,
    generic: bool,
    proposed: bool,
    relevance_score: float | None,
    votes: Counter,
    mean_confidence: float,
    forms: Counter,
    n: int,
    cfg: BuildConfig,
    vocab,
    said: Counter | None = None,
    common: set[str] | None = None,
    titled: int = 0,
    shown: Counter | None = None,
    nexts: Counter | None = None,
) -> float:
    """The entity's ``quality`` (:mod:`kg.build.entity_quality`) from what the build knows of it; ``said``:
    the types its sentences give it (:mod:`kg.build.context_types`); ``common``: keys of names in two
    papers or more (and their short forms); ``titled``: the papers whose title names it; ``shown``: what its
    sentences show of it being a technique (:func:`evidence_votes`), None when the corpus's Methods need no
    evidence (:func:`kg.build.technique.trusted_methods`); ``nexts``: the words after its direct mentions
    (:func:`next_word_votes`)."""
    known = listed(key, label, vocab)
    support = 1.0 if proposed or known else min(1.0, papers / max(need, 1))
    termhood = 1.0
    exempt = proposed or known or key in vocab.concepts or key in vocab.ml_properties
    if label in (CONCEPT, TASK) and n >= MIN_PAPERS_FOR_RELEVANCE and cfg.min_relevance > 0 and not exempt:
        score = relevance_score if relevance_score is not None else specificity(key, vocab)
        termhood = min(1.0, score / cfg.min_relevance)
    ranked = sorted(forms, key=lambda f: (-forms[f], f))
    # a Method's or Dataset's termhood: does its name, as written, name one thing (kg.build.entity_quality)
    if label == METHOD and not known:
        termhood = fit_with_papers(method_fit(key, ranked, vocab, proposed), papers, need)
    elif label == DATASET and not (known or proposed):
        termhood = fit_with_papers(dataset_fit(key, ranked, vocab), papers, need)
    elif label == DATASET and not known and everyday_data(key, ranked, vocab):
        termhood = OTHER_HEAD_FIT  # "speech": a paper's role does not make everyday words a dataset
    elif label == METRIC and not known:  # "A100 GPUs", "performance": no measure
        termhood = fit_with_papers(metric_fit(key, ranked, vocab), papers, need)
    elif label == CONCEPT and not exempt:
        fit = concept_fit(key, ranked, vocab)
        # papers show an acronym ("EEG"), a role or a need many papers share ("target domain", "generalization
        # gap"), but never make another description a concept ("performance gap", "key components")
        fixed = fit < DESCRIPTION_FIT or (fit == DESCRIPTION_FIT and not raised_by_papers(key, ranked, vocab))
        termhood = min(termhood, fit if fixed else fit_with_papers(fit, papers, need))
        if concept_term_probability(key, forms, papers, titled, vocab) < MIN_TERM_PROBABILITY:
            termhood = min(termhood, DESCRIPTION_FIT)  # "graph nodes", "video frames": general vocabulary
    if label == CONCEPT and not exempt and study_description(key, ranked, vocab):
        # "treatment options", "positive correlation" (kg.build.study_phrases)
        termhood = min(termhood, DESCRIPTION_FIT)
    if label == CONCEPT and not exempt and fragment(nexts, sum(forms.values())):
        termhood = min(termhood, DESCRIPTION_FIT)  # "natural killer (NK)" before "cells" (kg.build.fragment_sense)
    if not known and measure_named(label, ranked[0] if ranked else key):
        termhood = min(termhood, DESCRIPTION_FIT)  # "cm3", "ICC≥0.95", "rs4421" (kg.build.measure_shape)
    if label == CONCEPT and not proposed and adjective_only(key, forms, papers, vocab):
        termhood = min(termhood, DESCRIPTION_FIT)  # "concurrent therapy" → concurrence (kg.build.adjective_sense)
    if label == METRIC and not known and procedure_not_measure(key, ranked):
        termhood = min(termhood, OTHER_HEAD_FIT)  # "ANOVA", "log-rank test", "MAIN MEASURES": no measure
    if label == CONCEPT and not proposed and generic_medium(key, ranked, vocab):
        # "speech signal", "text data": what papers work on, named generically; also when the concepts list
        # types it a Concept, and whatever its papers
        termhood = min(termhood, DESCRIPTION_FIT)
    said = said or Counter()
    # "XQ-7 signals": an object; but a technique's images are no vote against it ("MR images": kg.build.lab_technique)
    contrary = max(
        said[METRIC], said[TASK], said[CONCEPT] if label == METHOD and not technique_name(key, ranked) else 0
    )
    if label in (DATASET, METHOD) and not known and contrary > said[label] and 2 * contrary >= sum(votes.values()):
        # "in terms of PESQ and DNSMOS", "tasks such as NER": not data or a method
        termhood = min(termhood, OTHER_HEAD_FIT)
    if (
        label == METHOD
        and not (known or proposed)
        and papers <= need
        and not said[METHOD]
        and all(
            acronym_headed(f) and not family_headed(f, vocab) and canonical_key(f.split()[-1]) not in (common or ())
            for f in ranked
        )
    ):
        # "NFL", "DSTC2", "neural KB", "destination IP": one paper, no long form, no sentence calls it a method
        termhood = min(termhood, DESCRIPTION_FIT)
    if (
        label == METHOD
        and not (known or proposed)
        and papers <= need
        and not said[METHOD]
        and ranked
        and all(without_version(f) != f for f in ranked)
        and not is_model_family(key, vocab)
    ):
        # "OffensEval 2", "KelpTool v2": a numbered name no sentence calls a method may be a shared task, a
        # corpus or a release as well; a model family with its version is one ("wav2vec 2.0")
        termhood = min(termhood, DESCRIPTION_FIT)
    if label == DATASET and not proposed and unnamed_dataset(ranked, said, sum(votes.values()), vocab):
        termhood = min(termhood, OTHER_HEAD_FIT)  # "catalase (CAT)", "dogs": a word, no sentence calls it data
    if (
        label == METHOD
        and shown is not None
        and shown[SOURCE]
        and not shown[TECHNIQUE]
        and not technique_name(key, ranked)
    ):
        # "ReefScholar" of "we searched KelpLit and ReefScholar": a source searched, whatever its name says
        # (kg.build.technique); no sentence of its papers uses it as a technique
        termhood = min(termhood, DESCRIPTION_FIT)
    if label == METHOD and shown is not None and not shown[TECHNIQUE] and not technique_named(key, ranked):
        # "CD4", "HbA1c", "malondialdehyde (MDA)": no paper shows a technique, by its name or its sentences
        # (kg.build.technique); whatever its papers, also a listed name ("the palms" is no PaLM there) and what a
        # paper proposes ("a novel compound named X"): still on its papers' cards
        termhood = min(termhood, DESCRIPTION_FIT)
    if label in (METRIC, DATASET) and not proposed and technique_ending(ranked):
        termhood = min(termhood, OTHER_HEAD_FIT)  # "transmission electron microscopy": a technique, no measure or data
    if label in FIELD_VOTED and shown is not None and not proposed and unreported(label, shown, ranked, known):
        # "cell ratios", "FiO2 ratio" (of "PaO2:FiO2 ratio"), "clustering of participants": in another field no
        # sentence reports the measure or names the problem (kg.build.measure_sense), also a listed name
        termhood = min(termhood, DESCRIPTION_FIT)
    if label == DATASET and not (proposed or said[DATASET]) and (shown is not None or (not known and papers <= need)):
        # "PSRs J1832-0836", "DigiPen": one paper, no sentence calls it data; in a corpus of another field
        # (shown: kg.build.technique.trusted_methods) whatever its papers, also a listed name ("Kinetics")
        termhood = min(termhood, DESCRIPTION_FIT)
    agreement = votes[label] / sum(votes.values()) if votes else 1.0
    shape = shape_score(ranked[:1], key, vocab)
    return entity_quality(support, termhood, agreement, shape, generic=generic, confidence=mean_confidence)


def shown_apart_cooccurrences(
    pairs: Mapping[tuple[str, str], int],
    countable: Mapping[str, Collection[str]],
    node_of: Mapping[str, str],
    qualities: Mapping[str, float],
    n_papers: int,
    cfg: BuildConfig,
) -> list[tuple[str, str, int, float]]:
    """CO_OCCURS ``(node a, node b, shared papers, strength)``: among the entities the default views show
    (quality ≥ :data:`queries.quality.DEFAULT_MIN_QUALITY`), each keeping its strongest links, and apart,
    the links of the others, with their own budget so they never crowd out a shown entity's links.
    ``pairs``: shared-paper counts by entity key (those with fewer than ``min_cooccurrence_papers`` are not
    read); ``countable``: entity key → its papers (only their number is read)."""
    min_shared = cfg.min_cooccurrence_papers
    assert min_shared is not None, "a resolved BuildConfig"
    shown = {k for k, q in qualities.items() if q >= DEFAULT_MIN_QUALITY}
    strong = [(a, b, c) for (a, b), c in pairs.items() if c >= min_shared]
    out = []
    for part in (True, False):
        part_pairs = {(node_of[a], node_of[b]): c for a, b, c in strong if ((a in shown) and (b in shown)) == part}
        if not part_pairs:
            continue
        members = {x for ab in part_pairs for x in ab}
        part_papers = {node_of[k]: pids for k, pids in countable.items() if node_of[k] in members}
        out += cooccurrences(part_papers, n_papers, cfg, part_pairs)
    return out


def cooccurrences(
    entity_papers: Mapping[str, Collection[str]],
    n_papers: int,
    cfg: BuildConfig,
    pairs: Mapping[tuple[str, str], int] | None = None,
):
    """``(a, b, shared papers, association strength)`` for pairs above the thresholds,
    each entity keeping its ``max_cooccurrences_per_entity`` strongest links.
    ``pairs``: the shared-paper counts, when already known (:func:`kg.build.termhood.pair_counts`)."""
    if pairs is None:
        pairs = pair_counts(entity_papers, cfg.max_entities_per_paper)
    min_shared = cfg.min_cooccurrence_papers
    assert min_shared is not None, "a resolved BuildConfig"
    size = {e: len(p) for e, p in entity_papers.items()}
    scored = [(a, b, c, round(c * n_papers / (size[a] * size[b]), 6)) for (a, b), c in pairs.items() if c >= min_shared]
    scored.sort(key=lambda t: (-t[3], -t[2], t[0], t[1]))
    budget: Counter[str] = Counter()
    out = []
    for a, b, c, s in scored:
        if budget[a] < cfg.max_cooccurrences_per_entity or budget[b] < cfg.max_cooccurrences_per_entity:
            budget[a] += 1
            budget[b] += 1
            out.append((a, b, c, s))
    return sorted(out)


def _display_name(key: str, forms: Counter, short_forms: Counter | None = None) -> str:
    """The display name: the most frequent surface form of the key itself (not of a
    variant or abbreviation), with the most frequent short form in parentheses.

    >>> _display_name("sparse autoencoder", Counter({"SAEs": 5, "sparse autoencoders": 2}), Counter({"SAEs": 5}))
    'sparse autoencoders (SAEs)'
    >>> _display_name("diffusion", Counter({"Diffusion": 3, "diffusion": 2, "FooNet": 1}))
    'diffusion'
    >>> _display_name("bert", Counter({"BERT": 4, "Bert": 1}))
    'BERT'
    >>> _display_name("diffusion", Counter({"diffusion": 2, "DMs": 1}), Counter({"DMs": 1}))
    'diffusion'
    >>> _display_name("lvis", Counter({"LVIS dataset": 1}))
    'LVIS'
    >>> _display_name("label noise", Counter({"Label Noise": 3, "label noise": 2}))
    'label noise'
    >>> _display_name("mwe database", Counter({"built MWEs database": 1}))
    'MWEs database'
    >>> _display_name("reef tide embedding", Counter({"- Reef Tide Embedding -": 1, "RTE": 1}), Counter({"RTE": 1}))
    'Reef Tide Embedding (RTE)'
    """
    if not forms:
        return key
    trimmed: Counter = Counter()
    for form, count in forms.items():
        trimmed[_trim(form)] += count
    forms = trimmed
    own = Counter({f: c for f, c in forms.items() if canonical_key(f) == key}) or _key_prefixes(key, forms) or forms
    by_spelling: dict[str, Counter] = defaultdict(Counter)  # "Diffusion" (titles) and "diffusion" are one spelling
    for form, count in own.items():
        by_spelling[form.lower()][form] += count
    spelling = max(by_spelling.values(), key=lambda c: (sum(c.values()), max(c)))
    # within a spelling: the most frequent form; title case ("Label Noise", from titles) and sentence case
    # ("Diffusion") only when nothing else is seen
    name = max(
        spelling.items(),
        key=lambda kv: (not _title_cased(kv[0]), kv[0] != kv[0].capitalize() or kv[0].isupper(), kv[1], kv[0]),
    )[0]
    if short_forms:
        short = max(short_forms.items(), key=lambda kv: (kv[1], kv[0]))[0]
        if short.lower() != name.lower() and find_long_form(short.rstrip("s"), name) is not None:
            name = f"{name} ({short})"  # not "diffusion (DMs)": the name must spell the short form
    return name


def _trim(form: str) -> str:
    """A surface form without words of punctuation at its edges: "- Layer-stacked Embedding -" (a definition
    between dashes) is "Layer-stacked Embedding"; nor a dash its word lost ("MRI-" of "MRI- and CT-guided").

    >>> _trim("- Layer-stacked Embedding -"), _trim("MRI-"), _trim("-")
    ('Layer-stacked Embedding', 'MRI', '-')
    """
    if form.rstrip("-‐‑").strip():
        form = form.rstrip("-‐‑")
    words = form.split()
    while len(words) > 1 and not any(c.isalnum() for c in words[0]):
        words = words[1:]
    while len(words) > 1 and not any(c.isalnum() for c in words[-1]):
        words = words[:-1]
    return " ".join(words)


def _title_cased(form: str) -> bool:
    """Every word of two or more capitalised, none all capitals: "Label Noise", not "BERT Base"."""
    words = form.split()
    return len(words) >= 2 and all(w[:1].isupper() and not w.isupper() for w in words)


def _key_prefixes(key: str, forms: Counter) -> Counter:
    """The run of words in each form that spells the key, leading runs first:
    "LVIS dataset" -> "LVIS" for key "lvis", "built MWEs database" -> "MWEs database"."""
    out: Counter = Counter()
    for form, count in forms.items():
        words = form.split()
        runs = sorted(
            ((i, j) for i in range(len(words)) for j in range(i + 1, len(words) + 1) if j - i < len(words)),
            key=lambda r: (r[0] != 0, r[0], -r[1]),
        )
        for i, j in runs:
            if canonical_key(" ".join(words[i:j])) == key:
                out[" ".join(words[i:j])] += count
                break
    return out
