"""Typed entity mentions from noun phrases, names and abbreviations.

One component, ``paperkg_mentions``, sets ``doc._.kg_mentions`` to a list of
:class:`extract.record.Mention`. The algorithm, per sentence:

1. candidates: spaCy noun chunks, cleaned (determiners, pronouns, numbers and
   generic modifiers such as "novel" or "existing" stripped), plus the title's
   "Name:" prefix and the long and short forms of "long form (SF)" pairs;
2. termhood: a phrase that is only a generic head ("method", "results") is dropped;
3. type by head word and lexicon (Dataset, Metric, Task, Method), names
   (CamelCase, ALL-CAPS, letter+digit) and model families however written ("svm")
   default to Method, and names become Dataset in
   dataset contexts ("on X", "datasets such as X and Y", the gazetteer),
   everything else is a Concept;
4. key: :func:`extract.normalise.canonical_key`, with "X dataset" → X and
   "diffusion model(s)" → "diffusion" (a generic head after a nominalisation);
5. derived concepts, kept by the builder only where the corpus confirms them:
   "invariant features" → invariance, "noisy labels" → label noise,
   "speaker invariance" → invariance, "diffusion-based" → diffusion.
"""

from __future__ import annotations

from collections import Counter
from typing import NamedTuple

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from extract.components.abbreviations import abbreviation_spans
from extract.components.mention_quality import confidence, drop_threshold, features, reject_reason
from extract.components.name_runs import (
    capitalised_word,
    inner_piece,
    is_name_token,
    joined_names,
    name_piece,
    name_rest,
    name_run_word,
    shouted_tokens,
    url_tokens,
    with_version,
)
from extract.labels import CONCEPT, DATASET, METHOD, METRIC, TASK
from extract.lexicon import Lexicon, default_lexicon
from extract.normalise import canonical_key, derived_nouns, singular
from extract.record import MIN_NODE_CONFIDENCE, Mention
from extract.schwartz_hearst import initials_aligned
from extract.vocab import default_vocabulary

if not Doc.has_extension("kg_mentions"):
    Doc.set_extension("kg_mentions", default=[])
if not Doc.has_extension("kg_abbreviations"):
    Doc.set_extension("kg_abbreviations", default={})
if not Doc.has_extension("kg_mention_features"):  # filled only for training the scorer
    Doc.set_extension("kg_mention_features", default=[])

LEADING_POS = {
    "DET",
    "PRON",
    "PART",
    "ADP",
    "CCONJ",
    "SCONJ",
    "PUNCT",
    "NUM",
    "ADV",
    "SYM",
    "AUX",
    "INTJ",
    "SPACE",
    "X",
}
TRAILING_POS = {"PUNCT", "PART", "SPACE", "ADP", "CCONJ", "DET"}
#: heads dropped from the key after a name ("LSTM baselines" → LSTM) or a nominalisation: "diffusion models" → "diffusion"
STRIPPABLE_HEADS = {
    "model",
    "baseline",
    "variant",
    "solution",
    "architecture",
    "network",
    "backbone",
    "family",
    "method",
    "approach",
    "technique",
    "framework",
    "strategy",
    "scheme",
    "paradigm",
    "mechanism",
}
#: verbs the tagger reads as plural nouns at the end of a chunk ("BlockMNIST leverages")
GLUED_VERBS = {
    "leverages",
    "achieves",
    "outperforms",
    "improves",
    "enables",
    "uses",
    "shows",
    "provides",
    "requires",
    "yields",
    "allows",
    "learns",
    "exhibits",
    "performs",
    "generates",
    "produces",
    "demonstrates",
    "introduces",
    "proposes",
    "presents",
    "reduces",
    "increases",
    "captures",
    "combines",
    "exploits",
    "employs",
    "utilizes",
    "utilises",
    "relies",
    "suffers",
    "remains",
    "consists",
    "contains",
    "includes",
    "maintains",
    "obtains",
    "surpasses",
    "beats",
    "fails",
    "show",
    "demonstrate",
    "indicate",
    "indicates",
    "suggest",
    "suggests",
    "reveal",
    "reveals",
}
NOMINAL_SUFFIXES = ("sion", "tion", "ance", "ence", "ity", "ness", "ism")
PROPERTY_SUFFIXES = ("ance", "ence", "ity", "ness")
#: one-word concepts kept beside the proposed spans: "invariance", "sparsity", "diffusion"
ABSTRACT_SUFFIXES = (*PROPERTY_SUFFIXES, "sion")
#: adjectives whose noun stands for the same property on its own
PROPERTY_ADJECTIVES = ("ant", "ent", "able", "ible")
#: "relies on X" is not an evaluation on dataset X
NOT_EVAL_BEFORE_ON = {
    "based",
    "rely",
    "relies",
    "relying",
    "depend",
    "depends",
    "depending",
    "focus",
    "focuses",
    "focusing",
    "focused",
    "built",
    "build",
    "builds",
    "conditioned",
    "operate",
    "operates",
    "act",
    "acts",
    "draw",
    "draws",
    "impact",
    "effect",
    "effects",
    "light",
    "emphasis",
    "insights",
}
#: labels the span proposer (``paperkg_spans``) may give; others in ``doc.ents`` are ignored
PROPOSED_LABELS = {METHOD, DATASET, TASK, METRIC, CONCEPT}
#: which noun chunks become candidates besides the proposed spans
NOUN_CHUNK_MODES = ("typed", "uncovered", "all", "none")
#: "a rule named GateDrop": the naming word is not part of the name
NAMING_WORDS = {"called", "named", "termed", "dubbed", "coined"}
#: what is compared by these verbs is a method ("X outperforms Y")
COMPARISON_VERBS = {"outperform", "surpass", "beat"}
#: finite verbs: a proposed span holding one is not a term ("OrbitDiff lowers FID")
FINITE_VERB_TAGS = {"VBZ", "VBP", "VBD", "MD"}
#: whether name tokens ("BERT", "LRS3") no proposed span covers become candidates
NAME_MODES = ("all", "none")
#: adverbs that form a technical compound with the participle after them ("fully connected layers")
COMPOUND_ADVERBS = {
    "fully",
    "densely",
    "sparsely",
    "locally",
    "globally",
    "partially",
    "doubly",
    "linearly",
    "weakly",
    "strongly",
}
DATASET_HOPS = {"pobj", "prep", "appos", "conj", "compound", "nmod", "npadvmod", "amod", "dep"}


def is_name(span: Span, in_title: bool = False) -> bool:
    """Whether a span names a specific thing rather than a general notion."""
    for tok in span:
        if is_name_token(tok):
            return True
        if not in_title and tok.pos_ == "PROPN" and tok.text[:1].isupper() and not tok.is_sent_start:
            return True
    return False


def hyphen_joined(doc: Doc, i: int, end: int) -> bool:
    """Whether token ``i`` is the first part of a hyphenated compound: "in-context",
    "few-shot", "out-of-distribution" stay whole."""
    return i + 2 < end + 1 and i + 1 < len(doc) and doc[i + 1].text in "-‐" and not doc[i].whitespace_


def split_coordination(chunk: Span) -> list[Span]:
    """ "ResNet-50 and WideResNet models" -> "ResNet-50", "WideResNet models" (a name before the
    conjunction), "Dropout or weight decay" -> "Dropout", "weight decay" (a noun phrase of its own
    before it); chunks whose first conjunct only modifies the head ("local and global behavior",
    "image and text retrieval") stay whole. Capitalised words inside a sentence are names too before a head that
    names data or is a name ("Ocean Scenes and Reef Shots datasets" -> "Ocean Scenes", "Reef Shots datasets";
    "the Web or newswire documents" stays whole), and a chunk that opens with a comma
    or a conjunction ("namely, A, B") is split after it."""
    while len(chunk) > 1 and (chunk[0].pos_ in ("CCONJ", "ADV") or chunk[0].text == ",") and "," in chunk.text:
        chunk = chunk[1:]  # "namely, miniImageNet, tieredImageNet"
    cuts = [t.i for t in chunk if t.pos_ == "CCONJ" or t.text == ","]
    if not cuts:
        return [chunk]
    first = chunk[: cuts[0] - chunk.start]
    own_phrase = (
        len(first) > 0
        and first[-1].pos_ in ("NOUN", "PROPN")
        and first[-1].dep_ not in ("compound", "amod", "nmod")
        and not (first[-1].head.i >= chunk.end - 1 and first[-1].dep_ == "conj" and first[-1].head.dep_ == "compound")
    )
    words = [t for t in first if t.pos_ != "DET"]
    shared = chunk[-1]  # the head the conjuncts share names data or is a name: "X and Y datasets", "X and YNet"
    named = (
        len(words) > 0
        and all(is_name_token(t) or capitalised_word(t) or t.text in "-‐‑" for t in words)
        and (is_name_token(shared) or singular(shared.lower_) in default_lexicon().dataset_heads)
    )
    if not any(is_name_token(t) for t in first) and not own_phrase and not named:
        return [chunk]
    parts, start = [], chunk.start
    for cut in cuts:
        parts.append(chunk.doc[start:cut])
        start = cut + 1
    parts.append(chunk.doc[start : chunk.end])
    return [p for p in parts if len(p)]


def campaign(key: str) -> bool:
    """A venue or shared-task campaign with its year ("SemEval-2020"): never a Method.

    >>> campaign("semeval2020"), campaign("bert2")
    (True, False)
    """
    stem = key.rstrip("0123456789 ")
    return stem != key and stem in default_vocabulary().not_entities


def modifies_next(tok: Token, end: int) -> bool:
    """An adverb that modifies the adjective or participle after it: "fully | connected layers"."""
    nxt = tok.i + 1
    return (
        tok.lower_ in COMPOUND_ADVERBS
        and nxt < end - 1
        and tok.head.i == nxt
        and tok.doc[nxt].tag_ in ("JJ", "VBN", "VBG")
    )


def complete(span: Span) -> Span:
    """A span that stops inside a compound runs on to the compound's head:
    "topology of river | basins" -> "topology of river basins"."""
    last = span[-1]
    if last.dep_ == "compound" and span.end <= last.head.i < span.end + 3 and last.head.pos_ in ("NOUN", "PROPN"):
        return span.doc[span.start : last.head.i + 1]
    return span


def widen(span: Span, chunk_by_end: dict[int, Span]) -> Span:
    """A proposed span that is the tail of a noun chunk takes the whole chunk: "label | noise"."""
    chunk = chunk_by_end.get(span.end)
    return chunk if chunk is not None and chunk.start < span.start else span


def known_term(key: str) -> bool:
    """A Papers with Code task or a Computer Science Ontology topic (and not a generic phrase)."""
    v = default_vocabulary()
    return (key in v.pwc_tasks or key in v.cso_topics) and key not in v.generic_terms and key not in v.not_entities


def compared(span: Span) -> bool:
    """Whether the span is the subject or object of "outperform / surpass / beat" (conjuncts included)."""
    tok = span.root
    while tok.dep_ == "conj" and tok.head is not tok:
        tok = tok.head
    return tok.dep_ in ("nsubj", "dobj") and tok.head.lemma_ in COMPARISON_VERBS


def _aligned(short: str, long: str) -> int:
    found = initials_aligned(short, long)
    return -1 if found is None else found


def whole_long_form(cleaned: Span, long_span: Span, short: str) -> Span:
    """The long form of "long form (SF)" a mention keeps: the cleaned span, unless cleaning cut a word the short
    form's letters need ("whole" of "whole slide images (WSIs)", "1-Nearest" of "1-Nearest Neighbor ... (1-NN)"),
    then the span the abbreviation detector found (its letters aligned, :func:`extract.schwartz_hearst.initials_aligned`)."""
    if cleaned.start <= long_span.start and cleaned.end >= long_span.end:
        return cleaned
    cut = [t for t in long_span if not cleaned.start <= t.i < cleaned.end]
    if all(_name_word(t) for t in cut) and _aligned(short, cleaned.text) < _aligned(short, long_span.text):
        return long_span
    return cleaned


#: the parts of speech of the words a long form may hold beside its head ("Dynamically Pruned", "1-Nearest")
NAME_WORD_POS = {"ADJ", "ADV", "NOUN", "PROPN", "NUM"}


def _name_word(tok: Token) -> bool:
    """A word that can belong to a name: no determiner, pronoun or finite verb ("the", "no", "employs a")."""
    if tok.text in "-‐‑":
        return True
    if tok.tag_ in FINITE_VERB_TAGS or not any(c.isalnum() for c in tok.text):
        return False
    return tok.pos_ in NAME_WORD_POS or (tok.pos_ == "VERB" and tok.tag_ in ("VBN", "VBG"))


def whole_key(key: str, span: Span, short: str) -> str:
    """The key of a long form ``span`` defining ``short``: ``key`` (from :meth:`MentionExtractor.key_and_label`,
    which may drop a generic head: "diffusion models" -> diffusion), unless the dropped words give the short form
    letters the kept words do not ("Value Decomposition Network (VDN)", "Separating-Illumination Network
    (Sill-Net)"): then the whole span's key. "graph attention network (GAT)" stays "graph attention"."""
    full = canonical_key(span.text)
    if key == full:
        return key
    kept = next(
        (span[i:j] for i in range(len(span)) for j in range(len(span), i, -1) if canonical_key(span[i:j].text) == key),
        None,
    )
    if kept is None:
        return key
    if _aligned(short, kept.text) < _aligned(short, span.text):
        return full
    return key


def definition_text(long_span: Span, after: Span) -> str:
    """The text of a definition mention "long form (SF) rest": the long form, and the rest when it is a head
    that goes on with the name ("Markov random field (MRF) models"; not "- that automatically decomposes ...")."""
    rest = [t for t in after if not t.is_space]
    if 0 < len(rest) <= 2 and all(t.pos_ in ("NOUN", "PROPN") and t.is_alpha for t in rest):
        return " ".join(f"{long_span.text} {after.text}".split())
    return " ".join(long_span.text.split())


def one_label_per_key(mentions: list[Mention]) -> None:
    """One type per name within a paper: the most frequent among its direct mentions (the first on a tie)."""
    votes: dict[str, Counter] = {}
    for m in sorted(mentions, key=lambda m: m.start):
        if not m.derived:
            votes.setdefault(m.key, Counter())[m.label] += 1
    for m in mentions:
        if m.key in votes:
            m.label = votes[m.key].most_common(1)[0][0]


class Candidates(NamedTuple):
    spans: dict[tuple[int, int], Span]  #: cleaned candidates by token range
    proposed: dict[tuple[int, int], str]  #: the label the trained proposer gave, for the spans it found
    definitions: dict[tuple[int, int], tuple[Span, str]]  #: proposed "long form (SF)" spans by short form
    chunks: list[Span]  #: every cleaned noun chunk (derived concepts come from all of them)


class MentionExtractor:
    """The ``paperkg_mentions`` component (see module docstring)."""

    def __init__(self, lexicon: Lexicon, max_tokens: int = 8, noun_chunks: str = "typed", names: str = "all"):
        if noun_chunks not in NOUN_CHUNK_MODES:
            raise ValueError(f"noun_chunks must be one of {NOUN_CHUNK_MODES}, not {noun_chunks!r}")
        if names not in NAME_MODES:
            raise ValueError(f"names must be one of {NAME_MODES}, not {names!r}")
        self.lex = lexicon
        self.max_tokens = max_tokens
        self.noun_chunks = noun_chunks
        self.names = names
        self.collect_features = False  #: scripts/train_mention_scorer.py sets it
        self._cache_doc: Doc | None = None
        self._memo: dict = {}

    # -- candidates -------------------------------------------------------
    def _cache(self, doc: Doc) -> dict:
        """Per-doc memo of :meth:`clean` and :meth:`reason` (both are asked several times per span)."""
        if self._cache_doc is not doc:
            self._cache_doc, self._memo = doc, {}
        return self._memo

    def clean(self, span: Span) -> Span | None:
        """Strip what is not part of a term; None when nothing term-like is left."""
        memo = self._cache(span.doc)
        k = ("clean", span.start, span.end)
        if k not in memo:
            memo[k] = self._clean(span)
        return memo[k]

    def reason(self, span: Span) -> str | None:
        """:func:`extract.components.mention_quality.reject_reason` of a cleaned span (memoised per doc)."""
        memo = self._cache(span.doc)
        k = ("reason", span.start, span.end)
        if k not in memo:
            memo[k] = reject_reason(span, None, self.lex)
        return memo[k]

    def _clean(self, span: Span) -> Span | None:
        doc = span.doc
        memo = self._cache(doc)
        if "skip" not in memo:  # tokens no mention holds: web addresses, sentences in capitals
            memo["skip"] = url_tokens(doc) | shouted_tokens(doc)
        if memo["skip"].intersection(range(span.start, span.end)):
            return None
        start, end = span.start, span.end
        in_title = start < doc._.title_end  # "Combining Machine Learning and ...": a title's verb is no term
        for i in range(start, end):  # "state-of-the-art X" -> "X"
            if doc[i].lower_ == "art" and i - start >= 2 and doc[i - 2].lower_ == "the":
                start = i + 1
        for i in range(start, end):  # "X (Y)" -> "X"
            if doc[i].text in "([":
                end = i
                break
        while (
            start < end
            and (
                (doc[start].pos_ in LEADING_POS and not modifies_next(doc[start], end))
                or (doc[start].tag_ == "VBG" and doc[start].pos_ == "VERB" and start + 1 < end and in_title)
                or (doc[start].tag_ in ("JJR", "RBR") and end - start > 2)  # "faster inference speed"
                or doc[start].lower_ in NAMING_WORDS
                or doc[start].lower_ in self.lex.generic_modifiers
                or doc[start].like_num
                or doc[start].text[0].isdigit()
            )
            and not is_name_token(doc[start])
            and not hyphen_joined(doc, start, end)
            and not name_run_word(doc[start], end)
        ):
            # a number and the letters glued to it are one quantity: "35K | instructions", "6G | networks"
            if (doc[start].like_num or doc[start].text[0].isdigit()) and not doc[start].whitespace_:
                start += 1
            start += 1
        while end > start and (
            doc[end - 1].pos_ in TRAILING_POS
            or doc[end - 1].text in "-–"
            or doc[end - 1].lower_ in GLUED_VERBS
            or (doc[end - 1].pos_ == "VERB" and doc[end - 1].dep_ in ("acl", "relcl") and end - start > 1)
        ):
            end -= 1
        if start < end and doc[start].text in "-–":  # a compound cut in half ("-fold ...")
            return None
        if end - start > self.max_tokens:
            start = end - self.max_tokens
        if start >= end:
            return None
        out = doc[start:end]
        if end == span.end:  # the rest of a capitalised name and its version: "Dialogue System | Challenges 8"
            # back to the name's start too, unless a short form follows: its letters say where that name starts
            # ("a Gaussian Variational Autoencoder (VAE)")
            before_short = end < len(doc) and doc[end].text == "("
            out = with_version(name_rest(out, self.max_tokens, left=start == span.start and not before_short))
            if memo["skip"].intersection(range(out.start, out.end)):
                return None
        if any(t.like_url or t.like_email for t in out) or not any(c.isalpha() for c in out.text):
            return None
        if len(out) == 1:
            tok = out[0]
            if not is_name_token(tok) and (tok.is_stop or len(tok.text) < 3 or tok.pos_ not in ("NOUN", "PROPN")):
                return None
            if singular(tok.lower_) in self.lex.generic_heads and not is_name_token(tok):
                return None
        return out

    # -- typing ------------------------------------------------------------
    def label_of(self, span: Span, key: str, in_title: bool) -> str:
        head = singular(span[-1].lower_)
        last2 = " ".join(key.split()[-2:])
        if key in self.lex.datasets:
            return DATASET
        if key in self.lex.metrics or last2 in self.lex.metrics or (head in self.lex.metrics and len(span) <= 3):
            return METRIC
        if head in self.lex.dataset_heads:
            return DATASET
        if head in self.lex.task_heads:
            return TASK
        if head in self.lex.method_heads or head in ("learning", "training", "distillation", "augmentation"):
            return METHOD
        if is_name(span, in_title) or key in default_vocabulary().model_families:
            return METHOD  # a name, or a model family however it is written ("svm")
        return CONCEPT

    def key_and_label(self, span: Span, in_title: bool) -> tuple[str, str]:
        key = canonical_key(span.text)
        label = self.label_of(span, key, in_title)
        head = singular(span[-1].lower_)
        if len(span) > 1 and label == DATASET and head in self.lex.dataset_heads:
            # a capitalised word the tagger took for a noun is part of the name too ("Reef Shots datasets")
            names = [t for t in span[:-1] if is_name_token(t) or t.pos_ == "PROPN" or capitalised_word(t)]
            if names and not span[-1].text[:1].isupper():  # "the LVIS dataset" -> LVIS, not "Penn Treebank" -> Penn
                first = span[0] if span[0] in names else names[0]  # "benchmark ATIS dataset" -> ATIS
                rest = span[first.i - span.start :]
                run = rest[: next((i for i, t in enumerate(rest) if t not in names), len(rest) - 1)]
                key = canonical_key(run.text)
        elif len(span) > 1 and head in STRIPPABLE_HEADS:
            prev = span[-2]
            if all(is_name_token(t) or t.text == "-" for t in span[:-1]):  # "WideResNet models" -> WideResNet
                key, label = canonical_key(span[:-1].text), METHOD
            elif prev.pos_ in ("NOUN", "PROPN") and prev.lower_.endswith(NOMINAL_SUFFIXES):
                modifier = span[:-1]
                key = canonical_key(modifier.text)
                label = self.label_of(modifier, key, in_title)
        return key, label

    def dataset_context(self, span: Span) -> bool:
        """ "on X", "across the X", or X governed by "datasets"/"benchmarks" within a few hops."""
        doc = span.doc
        i = span.start - 1
        while i >= 0 and doc[i].pos_ == "DET":
            i -= 1
        if i >= 0 and doc[i].lower_ in ("on", "across") and (i == 0 or doc[i - 1].lower_ not in NOT_EVAL_BEFORE_ON):
            return True
        tok = span.root
        for _ in range(4):
            if tok.dep_ not in DATASET_HOPS or tok.head is tok:
                break
            tok = tok.head
            if singular(tok.lower_) in self.lex.dataset_heads:
                return True
        return False

    # -- derived concepts ---------------------------------------------------
    def derived(self, span: Span) -> list[tuple[str, Span]]:
        out: list[tuple[str, Span]] = []
        doc = span.doc
        toks = list(span)
        for j, tok in enumerate(toks):
            low = tok.lower_
            if capitalised_word(tok):  # a word of a name ("Document to Sequence Kelp") stands for no property
                continue
            if tok.pos_ == "ADJ" and low.isalpha() and low not in self.lex.generic_modifiers and len(low) > 4:
                for noun in derived_nouns(low):
                    if low.endswith(PROPERTY_ADJECTIVES):  # invariant -> invariance; not random -> randomness
                        out.append((noun, doc[tok.i : tok.i + 1]))
                    if len(toks) == 2 and j == 0 and toks[1].pos_ == "NOUN":  # noisy labels -> label noise
                        out.append((f"{singular(toks[1].lower_)} {noun}", span))
            elif tok.pos_ in ("NOUN", "PROPN") and low.endswith(PROPERTY_SUFFIXES) and len(toks) > 1 and low.isalpha():
                out.append((singular(low), doc[tok.i : tok.i + 1]))  # speaker invariance -> invariance
            if low == "based" and j >= 2 and toks[j - 1].text == "-":  # diffusion-based -> diffusion
                out.append((canonical_key(toks[j - 2].text), doc[toks[j - 2].i : toks[j - 2].i + 1]))
        return out

    # -- candidates: proposed spans first, then rules -------------------------
    def candidates(self, doc: Doc) -> Candidates:
        """Cleaned candidate spans by token range, the label proposed for those the NER found, and
        the proposed spans that define an abbreviation ("Markov random field (MRF) models"), by short form.

        The trained proposer's spans (``doc.ents``) outside the title come first
        (cleaned; one holding a finite verb, or a verb the tagger took for a noun, is no term and is dropped); then noun
        chunks as :meth:`keep_chunk` decides; then, with ``names="all"``, name
        tokens nothing covers.
        """
        candidates: dict[tuple[int, int], Span] = {}
        proposed: dict[tuple[int, int], str] = {}
        definitions: dict[tuple[int, int], tuple[Span, str]] = {}
        chunks: list[Span] = []
        covered: set[int] = set()
        described: set[int] = set()  # tokens of dataset descriptions: their names are no datasets either
        shorts = [short for _, short in abbreviation_spans(doc)]
        noun_chunks = list(doc.noun_chunks)
        chunk_by_end = {chunk.end: chunk for chunk in noun_chunks}
        title_end = doc._.title_end
        for chunk in noun_chunks:  # "a large-scale human-annotated Chinese multimodal NER dataset"
            span = self.clean(chunk)
            if span is not None and self.dataset_description(span):
                described.update(range(span.start, span.end))
        for ent in doc.ents:
            if ent.label_ not in PROPOSED_LABELS or ent.start < title_end:  # titles go to the rules
                continue
            if described.issuperset(range(ent.start, ent.end)):
                continue
            covered.update(range(ent.start, ent.end))
            short = next((sf for sf in shorts if ent.start < sf.start - 1 and sf.end < ent.end), None)
            if short is not None:  # the span holds "long form (SF)": one mention, decided with the abbreviation
                definitions[(short.start, short.end)] = (ent, ent.label_)
                continue
            span = self.clean(widen(complete(ent), chunk_by_end))
            if span is not None and self.dataset_description(span):
                described.update(range(ent.start, ent.end))
                covered.difference_update(range(ent.start, ent.end))
                continue
            if span is not None and not any(t.tag_ in FINITE_VERB_TAGS or t.lower_ in GLUED_VERBS for t in span):
                parts = [p for p in map(self.clean, self.split_proposed(span)) if p is not None]
                for part in parts:  # "Dropout or weight decay": two mentions
                    if self.dataset_description(part):
                        described.update(range(part.start, part.end))
                    elif self.term(part):
                        candidates[(part.start, part.end)] = part
                        proposed[(part.start, part.end)] = ent.label_
                if not any((p.start, p.end) in candidates for p in parts):
                    covered.difference_update(range(ent.start, ent.end))  # rejected: its names may stand alone
            else:
                covered.difference_update(range(ent.start, ent.end))
        if self.noun_chunks != "none":
            for chunk in noun_chunks:
                for part in split_coordination(chunk):
                    span = self.clean(part)
                    if span is None:
                        continue
                    chunks.append(span)
                    if self.dataset_description(span):
                        described.update(range(span.start, span.end))
                    if (span.start, span.end) not in candidates and self.keep_chunk(span, covered) and self.term(span):
                        candidates[(span.start, span.end)] = span
        for name in joined_names(doc, self.max_tokens):  # "Document to Sequence Kelp": one name, not its pieces
            for s, e in list(candidates):
                if name.start <= s and e <= name.end and (s, e) != (name.start, name.end):
                    del candidates[(s, e)]
                    proposed.pop((s, e), None)
            span = self.clean(name)
            if span is not None and (span.start, span.end) == (name.start, name.end) and self.term(span):
                candidates[(span.start, span.end)] = span
            covered.update(range(name.start, name.end))
        rejected_shorts = {  # "Case Western Reserve University (CWRU)": the short form of no entity
            i
            for long, short in abbreviation_spans(doc)
            if not self.term(self.clean(long) or long)
            for i in range(short.start, short.end)
        }
        if self.names == "all":  # names nothing else holds ("... such as RandAugment")
            held = {i for s, e in candidates for i in range(s, e)}
            for tok in doc:
                bracketed = (
                    0 < tok.i < len(doc) - 1
                    and doc[tok.i - 1].text == "("
                    and doc[tok.i + 1].text == ")"
                    and tok.i not in rejected_shorts
                )
                if (
                    is_name_token(tok)
                    and (tok.i not in covered or bracketed)
                    and tok.i not in held | described
                    and not name_piece(tok)
                ):
                    span = self.clean(doc[tok.i : tok.i + 1])
                    if span is not None:
                        candidates[(span.start, span.end)] = span
        return Candidates(candidates, proposed, definitions, chunks)

    def split_proposed(self, span: Span) -> list[Span]:
        """A proposed span that coordinates two things is split ("KITTI and NuScenes datasets",
        "PartialFed and FedBN", "Dropout or weight decay"); one whose conjuncts share a plural head
        ("appearance and motion cues", "RM and ATIS CSR tasks") stays whole, as SciERC annotates it."""
        parts = split_coordination(span)
        if len(parts) == 1:
            return parts
        head = span[-1]
        if is_name_token(head) or singular(head.lower_) in self.lex.dataset_heads:
            return parts
        if singular(head.lower_) == head.lower_ and all(len(p) for p in parts):
            return parts  # singular head: two things ("Dropout or weight decay")
        return [span]

    def term(self, span: Span) -> bool:
        """Whether a candidate passes the structural checks of :mod:`extract.components.mention_quality`
        (generic heads, people and organisations, campaigns, broken strings, descriptions of datasets)."""
        if self.reason(span) not in (None, "generic head"):
            return False  # a generic head with adjectives is a span of low confidence (see __call__)
        return not self.dataset_description(span)

    def dataset_description(self, span: Span) -> bool:
        """A dataset head after descriptive words around a name: "nested NER datasets" (a class of
        datasets), "large-scale human-annotated Chinese multimodal NER dataset" (a description);
        "benchmark ATIS dataset" names ATIS, "CIFAR-10 and SVHN datasets" is split before."""
        head = span[-1].lower_
        if len(span) < 2 or singular(head) not in self.lex.dataset_heads or span[-1].text[:1].isupper():
            return False
        mods = [t for t in span[:-1] if t.text not in "-‐‑"]
        names = [t for t in mods if is_name_token(t) or t.pos_ == "PROPN"]
        if not names or any(t.pos_ == "CCONJ" or t.text == "," for t in mods):
            return False
        before = [t for t in mods if t.i < names[0].i]
        plural = singular(head) != head
        return (plural and len(before) > 0) or len(before) >= 2

    def keep_chunk(self, span: Span, covered: set[int]) -> bool:
        """Whether a cleaned noun chunk is a candidate beside the proposed spans (``noun_chunks`` mode).

        Titles are left to the rules (the proposer learnt on abstracts' sentences,
        not on Title Case); elsewhere "typed" keeps a chunk no proposed span
        touches when the lexicons type it (Dataset, Task, Method, Metric heads),
        it is a name, a known term (Papers with Code task, CSO topic), a noun
        compound ("label noise") or one abstract noun ("invariances"), so
        generic phrases ("the data", "strong results") stay out.
        """
        in_title = span.start < span.doc._.title_end
        if self.noun_chunks == "all" or in_title:
            return True
        if covered.intersection(range(span.start, span.end)):
            return False
        if self.noun_chunks == "uncovered" or is_name(span, in_title):
            return True
        key, label = self.key_and_label(span, in_title)
        if known_term(key) or (len(span) == 2 and all(t.pos_ == "NOUN" for t in span)):
            return True  # a Papers with Code task or CSO topic; a noun compound ("label noise")
        if label == CONCEPT and " " not in key and key.endswith(ABSTRACT_SUFFIXES):
            return True  # "invariances", "diffusion models" -> diffusion (generic ones such as "performance" are cleaned away)
        return label != CONCEPT

    def confirm(self, span: Span, key: str, proposed: str, in_title: bool) -> str:
        """The type of a proposed span: the proposer's, unless the lexicons or the context decide.

        A gazetteer dataset is a Dataset, a metric name a Metric and a model family a Method
        whatever the proposer says; a name ("RiverNet", "CAMELS") is a Dataset where the context
        says so ("on X", "the X dataset", "datasets such as X"), a Method when it is
        compared ("X outperforms Y") or when the proposer calls a coined name
        ("MarginCal", "BERT") a Concept.
        """
        if key in self.lex.datasets:
            return DATASET
        last2 = " ".join(key.split()[-2:])
        if key in self.lex.metrics or last2 in self.lex.metrics:
            return METRIC
        if proposed == CONCEPT and key in default_vocabulary().model_families:
            return METHOD  # "svm", "support vector machine": a model family is a method, however it is written
        if is_name(span, in_title) and proposed not in (METRIC, TASK):
            if self.dataset_context(span):
                return DATASET
            if compared(span) or (proposed == CONCEPT and any(is_name_token(t) for t in span)):
                return METHOD
        return proposed

    # -- main ----------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        sent_of = {}
        for si, sent in enumerate(doc.sents):
            for tok in sent:
                sent_of[tok.i] = si
        title_end = doc._.title_end
        mentions: dict[tuple[int, int, str], Mention] = {}

        def add(
            span: Span,
            key: str,
            label: str,
            derived: bool = False,
            role: str | None = None,
            text: str | None = None,
            conf: float = 1.0,
        ) -> Mention | None:
            trimmed = span.text.rstrip(".,;:")  # "ADE20K." when the tokenizer kept the full stop
            if not key or default_vocabulary().everyday_word_not_metric(key, trimmed):
                return None  # "maps" in "this map is monotone": the everyday word, no mention of mAP
            m = Mention(
                label=label,
                key=key,
                text=text or trimmed,
                start=span.start_char,
                end=span.start_char + len(trimmed),
                sentence=sent_of.get(span.start, 0),
                role=role,
                derived=derived,
                confidence=conf,
            )
            mentions[(span.start_char, span.end_char, key)] = m
            return m

        candidates, proposed, definitions, chunks = self.candidates(doc)
        collected: list = []
        low = drop_threshold()

        def scored(span: Span, key: str, label: str) -> float:
            in_title = span.start < title_end
            feats = features(
                span, key, label, proposed.get((span.start, span.end)), self.lex, in_title, self.reason(span)
            )
            if self.collect_features:
                collected.append([span.start_char, span.end_char, label, feats])
            return confidence(feats)

        for chunk in chunks:  # "invariant features" -> invariance even where the phrase is no candidate
            if (chunk.start, chunk.end) not in candidates and self.term(chunk):
                for dkey, dspan in self.derived(chunk):
                    add(dspan, dkey, CONCEPT, derived=True)
        for span in candidates.values():
            in_title = span.start < title_end
            key, label = self.key_and_label(span, in_title)
            if (span.start, span.end) in proposed:
                label = self.confirm(span, key, proposed[(span.start, span.end)], in_title)
            elif label == METHOD and is_name(span, in_title) and self.dataset_context(span):
                label = DATASET
            conf = scored(span, key, label)
            if conf < low or (label == METHOD and campaign(key)):
                continue
            add(span, key, label, conf=conf)
            for dkey, dspan in (
                self.derived(span) if conf >= MIN_NODE_CONFIDENCE else ()
            ):  # not "approach classicalness"
                add(dspan, dkey, CONCEPT, derived=True)
            if len(span) > 1:  # names inside longer phrases: "ImageNet classification"
                for tok in span:  # not a piece of a longer name: "EXtended | Reef Tracker", "R&D | 500 index"
                    if is_name_token(tok) and tok.i != span.end - 1 and not inner_piece(tok):
                        k = canonical_key(tok.text)
                        lab = DATASET if k in self.lex.datasets else METHOD
                        add(doc[tok.i : tok.i + 1], k, lab, derived=True)

        # a term the paper uses is a term wherever it recurs in the paper ("Label Noise" in the title)
        found: dict[str, str] = {}
        found_conf: dict[str, float] = {}
        for m in mentions.values():
            if not m.derived:
                found.setdefault(m.key, m.label)
                found_conf[m.key] = max(found_conf.get(m.key, 0.0), m.confidence)
        taken = {(m.start, m.end) for m in mentions.values()}
        for chunk in chunks:
            if (chunk.start_char, chunk.start_char + len(chunk.text.rstrip(".,;:"))) not in taken and self.term(chunk):
                key = self.key_and_label(chunk, chunk.start < title_end)[0]
                if key in found:
                    add(chunk, key, found[key], conf=found_conf[key])

        # propagate Dataset along coordinations: "on CIFAR-10, CelebA, ImageNet and LSUN"
        by_root = {}
        for (s, _e), span in candidates.items():
            hit = mentions.get((span.start_char, span.end_char, self.key_and_label(span, s < title_end)[0]))
            if hit is not None:
                by_root[span.root.i] = hit
        for root_i, m in sorted(by_root.items()):
            tok = doc[root_i]
            if m.label == METHOD and tok.dep_ in ("conj", "appos") and is_name_token(tok):
                head = by_root.get(tok.head.i)
                if head is not None and head.label == DATASET:
                    m.label = DATASET

        # "sparse autoencoders (SAEs)": every SAE/SAEs mention takes the long form's key
        abbreviations: dict[str, tuple[str, str]] = {}
        whole: dict[str, str] = {}  # key cut by a head the acronym needs -> the whole long form's key
        for long_span, short in abbreviation_spans(doc):
            lspan = whole_long_form(self.clean(long_span) or long_span, long_span, short.text)
            if not self.term(lspan):
                continue  # "Case Western Reserve University (CWRU)": an organisation, no entity
            key, label = self.key_and_label(lspan, lspan.start < title_end)
            cut_key, kept = key, whole_key(key, lspan, short.text)
            if kept != key:  # "Value Decomposition Network (VDN)" is no "value decomposition"
                whole[key], key = kept, kept
            if (lspan.start, lspan.end) in proposed:
                label = self.confirm(lspan, key, proposed[(lspan.start, lspan.end)], lspan.start < title_end)
            conf = scored(lspan, key, label)
            # a definition is one mention of the long form, spanning "long form (SF)" (and the rest of a
            # proposed span: "Markov random field (MRF) models"); the short form is a mention of its own
            if (short.start, short.end) in definitions:
                ent, proposed_label = definitions[(short.start, short.end)]
                label = self.confirm(lspan, key, proposed_label, lspan.start < title_end)
                # "CNNs and support vector machine classifiers (SVM)": the definition starts after the
                # last conjunction before the long form; what precedes it is a mention of its own
                cut = max(
                    (t.i + 1 for t in doc[ent.start : lspan.start] if t.pos_ == "CCONJ" or t.text in ",;"),
                    default=ent.start,
                )
                if cut > ent.start:
                    other = self.clean(doc[ent.start : cut])
                    if other is not None and self.term(other):
                        okey, olabel = self.key_and_label(other, other.start < title_end)
                        add(other, okey, self.confirm(other, okey, proposed_label, other.start < title_end))
                    ent = doc[cut : ent.end]
                # the mention holds the whole long form, where the span model cut its first word off
                # ("belief model (TBM)" of "transferable belief model (TBM)"); its text is the long form and a
                # head after the short form ("Markov random field (MRF) models"), not the words around it
                ent = doc[min(ent.start, lspan.start) : ent.end]
                add(ent, key, label, text=definition_text(lspan, doc[short.end + 1 : ent.end]), conf=conf)
            elif doc[short.end : short.end + 1].text == ")":
                for k in {key, cut_key}:  # the bare long form, if a candidate
                    mentions.pop((lspan.start_char, lspan.end_char, k), None)
                add(doc[lspan.start : short.end + 1], key, label, text=lspan.text, conf=conf)
            else:
                add(lspan, key, label, conf=conf)
            add(short, canonical_key(short.text), label, conf=conf)
            abbreviations[canonical_key(short.text)] = (key, label)
        unique: dict[tuple[int, int, str], Mention] = {}
        for m in mentions.values():
            if m.key in whole and canonical_key(m.text) == whole[m.key]:
                m.key = whole[m.key]  # "Value Decomposition Network" again, after the paper defined VDN
            if m.key in abbreviations:
                m.key, m.label = abbreviations[m.key]
            unique.setdefault((m.start, m.end, m.key), m)
        one_label_per_key(list(unique.values()))
        doc._.kg_abbreviations = {short: key for short, (key, _) in abbreviations.items() if short != key}
        if self.collect_features:
            doc._.kg_mention_features = collected
        doc._.kg_mentions = sorted(unique.values(), key=lambda m: (m.start, m.end, m.key))
        return doc


@Language.factory("paperkg_mentions", default_config={"max_tokens": 8, "noun_chunks": "typed", "names": "all"})
def make_mention_extractor(nlp: Language, name: str, max_tokens: int, noun_chunks: str, names: str):
    return MentionExtractor(default_lexicon(), max_tokens=max_tokens, noun_chunks=noun_chunks, names=names)
