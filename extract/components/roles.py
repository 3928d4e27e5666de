"""What a paper proposes, as opposed to what it uses: sets ``Mention.role``.

``paperkg_roles`` marks a mention ``"proposes"`` when

* it is the title's "Name:" prefix ("FlowState: Sampling Rate Invariant ..."), or the
  subtitle words that prefix abbreviates ("MRL: Matryoshka Representation Learning":
  both, one entity), or the whole title when the title is a name
  ("Matryoshka Representation Learning");
* it is a name in the object of "we propose / introduce / present / ... X"
  (including an appositive: "we propose a tokenizer, KARL, which ...") or the
  long or short form of an abbreviation defined there, or a name right after
  the verb ("we propose FrameAvg, ...", whatever the parse);
* it follows "called / named / termed / dubbed" or "we call / we term" (an article between
  is fine: "which we term a dynamic neural module network") in a sentence with "we"/"our"
  or with a proposal verb of "this paper / work";
* it is "our X" / "the proposed X" for a name X, also past one general noun ("our model
  Seq2CNN", "the proposed method, FooNet"), or a coined name right after a general noun the
  authors bring in ("we explore a sampling-based algorithm ERTS");
* it is a name in brackets in a sentence where the authors propose something ("a model for
  music source separation (Meta-TasNet)");
* it is a name that "outperforms existing / previous / state-of-the-art ..." ("DREAM
  substantially outperforms existing approaches").

A name right after the proposal verb ("This paper presents Gem, a ...") or in such brackets
becomes a Method mention (a Dataset one when a dataset word follows) even where the span
model found none there. A name the shipped vocabulary already knows (a CSO topic, a Papers
with Code task, a listed dataset, metric or model family: "CNN", "reinforcement learning")
is established, so it is never what the paper proposes.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from extract.components.mentions import is_name, is_name_token
from extract.labels import CONCEPT, DATASET, METHOD
from extract.normalise import canonical_key
from extract.record import Mention
from extract.schwartz_hearst import find_long_form
from extract.vocab import default_vocabulary

PROPOSE_VERBS = {
    "propose",
    "introduce",
    "present",
    "develop",
    "design",
    "devise",
    "build",
    "create",
    "release",
    "construct",
    "contribute",
    "formulate",
    "offer",
    "put",
    "describe",
}
NAMING_WORDS = {"called", "named", "termed", "dubbed", "coined"}
DATASET_WORDS = {"dataset", "datasets", "benchmark", "benchmarks", "corpus", "corpora"}
#: general nouns between "our" / "the proposed" and the name they introduce ("our model Seq2CNN")
GENERAL_NOUNS = {
    "model",
    "method",
    "approach",
    "framework",
    "architecture",
    "system",
    "algorithm",
    "network",
    "networks",
    "technique",
    "scheme",
    "module",
    "tool",
    "pipeline",
    "dataset",
    "benchmark",
    "corpus",
}
#: nouns that make a proposed name a Method ("the X algorithm", "X, a loss")
METHOD_NOUNS = {"loss", "strategy", "mechanism", "encoder", "decoder", "policy", "layer", "objective", "agent"}
#: words that name earlier work in "X outperforms existing / previous / state-of-the-art ..."
PRIOR_WORK = {"existing", "previous", "prior", "state-of-the-art", "baseline", "baselines", "competing", "current"}
PROPOSES = "proposes"


def established(key: str) -> bool:
    """Whether the shipped vocabulary knows ``key`` as an existing thing (so no paper proposes it).

    >>> established("convolutional neural network"), established("seq2cnn")
    (True, False)
    """
    v = default_vocabulary()
    return (
        key in v.cso_topics
        or key in v.pwc_tasks
        or key in v.dataset_keys
        or key in v.metric_keys
        or key in v.model_families
        or key in v.generic_terms
    )


def _title_prefix(doc: Doc) -> Span | None:
    """The "Name" of a "Name: subtitle" title, when it is a short name."""
    end = doc._.title_end or 0
    for tok in doc[: min(end, 8)]:
        if tok.text == ":":
            prefix = doc[0 : tok.i]
            if prefix[0].lower_ in TITLE_LINKS:  # "Beyond Self-attention: ...", "Towards X: ..."
                return None
            if 1 <= len(prefix) <= 5 and (is_name(prefix, in_title=True) or len(prefix) <= 2):
                return prefix
            return None
    return None


def _title_long_form(doc: Doc, prefix: Span) -> Span | None:
    """The subtitle words an acronym prefix stands for: "MRL: Matryoshka Representation Learning"."""
    start, end = prefix.end + 1, doc._.title_end
    while end > start and (doc[end - 1].is_space or doc[end - 1].is_punct):
        end -= 1
    for stop in range(start + 2, min(end, start + 8) + 1):  # shortest run of two or more words first
        candidate = doc[start:stop]
        if find_long_form(prefix.text, candidate.text) == 0:
            return candidate
    return None


#: words that make a title a description rather than a name ("... for Image Recognition")
TITLE_LINKS = {
    "for",
    "with",
    "via",
    "using",
    "towards",
    "toward",
    "on",
    "in",
    "from",
    "to",
    "by",
    "through",
    "is",
    "are",
    "can",
    "do",
    "does",
    "what",
    "how",
    "why",
    "when",
    "without",
    "beyond",
    "versus",
    "vs",
}


def _title_name(doc: Doc) -> Span | None:
    """The whole title, when it is a name: two to six capitalised words, one noun phrase
    and no linking word ("Matryoshka Representation Learning")."""
    end = doc._.title_end
    while end > 0 and (doc[end - 1].is_space or doc[end - 1].is_punct):
        end -= 1
    title = doc[:end]
    words = [t for t in title if t.is_alpha]
    if not 2 <= len(title) <= 6 or not words or any(t.lower_ in TITLE_LINKS for t in title):
        return None
    if not all(t.text[:1].isupper() for t in words) or any(t.pos_ in ("VERB", "AUX") for t in title):
        return None
    return title if title.root.pos_ in ("NOUN", "PROPN") and title[-1].pos_ in ("NOUN", "PROPN") else None


def _proposal_objects(doc: Doc) -> list[Span]:
    """Token ranges that hold what "we propose ..." introduces."""
    spans = []
    for tok in doc:
        if tok.pos_ != "VERB" or tok.lemma_ not in PROPOSE_VERBS:
            continue
        if not _ours(tok):
            continue
        for child in tok.children:
            if child.dep_ in ("dobj", "nsubjpass", "attr", "oprd"):
                spans.extend(noun_phrase_spans(child))
    return spans


def _right_after_proposal(doc: Doc) -> list[int]:
    """Token indices right after "we propose / introduce ..." (determiners skipped)."""
    out = []
    for tok in doc:
        verb = tok.lemma_ in PROPOSE_VERBS or tok.lower_ in PROPOSE_VERBS
        # "We present X": the tagger sometimes reads "present" as an adjective
        if verb and ((tok.pos_ == "VERB" and _ours(tok)) or (tok.i > 0 and doc[tok.i - 1].lower_ == "we")):
            i = tok.i + 1
            while i < len(doc) and doc[i].pos_ == "DET":
                i += 1
            if i < len(doc):
                out.append(i)
    return out


def _introduced(noun) -> bool:
    """Whether a noun phrase brings in something new: "a / an / a new … algorithm", not "the method"."""
    doc, i = noun.doc, noun.i - 1
    while i >= max(0, noun.i - 6) and (doc[i].pos_ in ("ADJ", "NOUN", "PROPN", "ADV", "VERB") or doc[i].text == "-"):
        i -= 1  # the modifiers: "a Thompson sampling-based algorithm"
    return i >= 0 and doc[i].lower_ in ("a", "an") and i < noun.i - 1


def _authors_speak(sent: Span) -> bool:
    """ "we"/"our" in the sentence, or a proposal verb of "this paper" ("This paper proposes a rule named X")."""
    return any(t.lower_ in ("we", "our") or (t.lemma_ in PROPOSE_VERBS and t.pos_ == "VERB" and _ours(t)) for t in sent)


def _ours(verb) -> bool:
    """Whether the verb, or a verb it hangs from, has "we" / "this paper" as subject or is passive."""
    for _ in range(6):
        for c in verb.children:
            if c.dep_ in ("nsubj", "nsubjpass", "auxpass") and c.lower_ in (
                "we",
                "paper",
                "work",
                "study",
                "is",
                "are",
            ):
                return True
        if verb.head is verb:
            return False
        verb = verb.head
    return False


def noun_phrase_spans(tok) -> list[Span]:
    """The object noun phrase with its appositions and parenthesised names, without
    prepositional phrases or relative clauses ("X for using Y" -> X)."""
    keep = {"appos", "amod", "compound", "nmod", "det", "poss", "conj", "cc", "punct", "nummod", "npadvmod", "advmod"}
    out = [tok.doc[tok.left_edge.i : tok.i + 1]]
    for child in tok.rights:
        if child.dep_ in keep:
            out.extend(noun_phrase_spans(child))
    return out


@Language.component("paperkg_roles")
def roles(doc: Doc) -> Doc:
    mentions: list[Mention] = doc._.kg_mentions
    by_start: dict[int, list[Mention]] = {}
    for m in mentions:
        by_start.setdefault(m.start, []).append(m)

    short_forms: dict[str, set[str]] = {}
    for short, long in doc._.kg_abbreviations.items():
        short_forms.setdefault(long, set()).add(short)

    def known(m: Mention) -> bool:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        return any(map(established, {m.key, *short_forms.get(m.key, ())})) or known_parts(span, m.key)

    strong: set[int] = set()  # mentions named outright ("called X", the title's "X:"): proposals even if known

    def mark(ms, names_only: bool = True, named: bool = False):
        for m in ms:
            if m.derived or (not named and known(m)):
                continue
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if not names_only or (span is not None and is_name(span, in_title=span.start < doc._.title_end)):
                m.role = PROPOSES
                if named:
                    strong.add(id(m))

    def propose(span: Span, label: str, sentence: int = 0, named: bool = False) -> str:
        key = canonical_key(span.text)
        mentions.append(
            Mention(
                label=label,
                key=key,
                text=span.text,
                start=span.start_char,
                end=span.end_char,
                sentence=sentence,
                role=PROPOSES,
            )
        )
        if named:
            strong.add(id(mentions[-1]))
        return key

    def propose_name(tok, coined: bool = False) -> None:
        """Mark the mention at ``tok``, or make one of a name the span model missed (``coined``: any
        coined one-token name, whatever follows it)."""
        if tok.idx in by_start:
            mark(by_start[tok.idx])
            return
        if not (is_name_token(tok) if coined else _new_name(tok)) or established(canonical_key(tok.text)):
            return
        label = DATASET if any(t.lower_ in DATASET_WORDS for t in doc[tok.i + 1 : tok.i + 4]) else METHOD
        propose(doc[tok.i : tok.i + 1], label, sentence_of[tok.i])
        by_start[tok.idx] = [mentions[-1]]

    prefix = _title_prefix(doc)
    if prefix is not None:
        subtitle = doc[prefix.end : doc._.title_end].text.lower()
        label = DATASET if any(w in subtitle.split() for w in DATASET_WORDS) else METHOD
        short = propose(prefix, label, named=True)
        long_form = _title_long_form(doc, prefix)
        if long_form is not None:  # both sides of "MRL: Matryoshka Representation Learning", one entity
            doc._.kg_abbreviations = {**doc._.kg_abbreviations, short: propose(long_form, label, named=True)}
    else:
        name = _title_name(doc)
        if name is not None:
            propose(name, DATASET if name[-1].lower_ in DATASET_WORDS else METHOD, named=True)

    defined = {m.key for m in mentions}  # keys of abbreviations resolved earlier
    abbreviation_keys = set(doc._.kg_abbreviations.values()) & defined
    for obj in _proposal_objects(doc):
        inside = [m for m in mentions if obj.start_char <= m.start and m.end <= obj.end_char]
        mark(inside)
        mark([m for m in inside if m.key in abbreviation_keys], names_only=False)
    sentence_of = {tok.i: si for si, sent in enumerate(doc.sents) for tok in sent}
    for i in _right_after_proposal(doc):  # "we propose FrameAvg, ..." even when the parse goes astray
        propose_name(doc[i])
    for sent in doc.sents:
        if sent.start >= doc._.title_end and _proposes(sent):  # "... source separation (Meta-TasNet)"
            for tok in sent[1:-1]:
                if tok.nbor(-1).text == "(" and tok.nbor(1).text == ")" and is_name_token(tok):
                    propose_name(tok)
    for tok in doc:
        named = tok.lower_ in NAMING_WORDS or (
            tok.lower_ in ("call", "term") and tok.i > 0 and doc[tok.i - 1].lower_ == "we"
        )
        if named and _authors_speak(tok.sent):
            nxt = tok.i + 1
            while nxt < len(doc) and (doc[nxt].is_punct or doc[nxt].lower_ in ("a", "an", "the")):
                nxt += 1
            if nxt < len(doc):
                mark(by_start.get(doc[nxt].idx, []), names_only=False, named=True)
        if tok.lower_ in ("our", "proposed") and tok.i + 1 < len(doc):
            i = tok.i + 1
            if doc[i].lower_ == "proposed" and i + 1 < len(doc):
                i += 1
            mark(by_start.get(doc[i].idx, []))
            if doc[i].lower_ in GENERAL_NOUNS:  # "our model Seq2CNN", "the proposed method, FooNet"
                i += 1
                while i < len(doc) and doc[i].text in (",", ":"):
                    i += 1
                if i < len(doc):
                    propose_name(doc[i])
        elif tok.lower_ in GENERAL_NOUNS and tok.i + 1 < len(doc) and _introduced(tok) and _authors_speak(tok.sent):
            propose_name(doc[tok.i + 1], coined=True)  # "we explore a Thompson sampling-based algorithm ERTS"
    for tok in doc:  # "DREAM substantially outperforms existing approaches": a new name beats what exists
        if tok.lemma_ == "outperform" and any(t.lower_ in PRIOR_WORK for t in tok.subtree):
            for subject in (c for c in tok.children if c.dep_ == "nsubj" and is_name_token(c)):
                propose_name(subject)
    for m in mentions:  # the mention finder's own proposals too ("a novel multiscale Bayesian inference approach")
        if m.role == PROPOSES and id(m) not in strong and known(m):
            m.role = None
    _type_by_context(doc, mentions)
    return doc


def _type_by_context(doc: Doc, mentions: list[Mention]) -> None:
    """A proposed name takes its type from the noun it names: "the Traced Integer (TInt) framework" is
    a Method, "a dataset, LINT" a Dataset, "a sentence embedding model called X" a Method; every
    mention of its key follows."""
    labels: dict[str, str] = {}
    for m in mentions:
        if m.role != PROPOSES or m.label not in (METHOD, DATASET, CONCEPT):
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        words = [
            span[-1],
            *_next_nouns(span),
            span.root.head if span.root.dep_ == "appos" else span.root,
            *_noun_named(span),
        ]
        for w in words:
            if w.lower_ in DATASET_WORDS:
                labels[m.key] = DATASET
                break
            if w.lower_ in GENERAL_NOUNS or w.lower_ in METHOD_NOUNS:
                labels[m.key] = METHOD
                break
    for m in mentions:
        if m.key in labels and m.label in (METHOD, DATASET, CONCEPT):
            m.label = labels[m.key]


def _next_nouns(span: Span) -> list:
    """The nouns right after a name, past brackets and dashes ("TInt) framework", "MP-SAE -- an SAE")."""
    out = []
    for tok in span.doc[span.end : span.end + 4]:
        if tok.is_punct or tok.pos_ == "DET":
            continue
        if tok.pos_ in ("NOUN", "PROPN"):
            out.append(tok)
        break
    return out


def _noun_named(span: Span) -> list:
    """The noun a name is given to: "a sentence embedding model called X", "a corpus, named X",
    "an approach, which we term X"."""
    doc, i = span.doc, span.start - 1
    while i >= 0 and (doc[i].is_punct or doc[i].pos_ == "DET"):
        i -= 1
    if i >= 1 and doc[i].lower_ in ("call", "term") and doc[i - 1].lower_ == "we":
        i -= 2
    elif i >= 0 and doc[i].lower_ in NAMING_WORDS:
        i -= 1
    else:
        return []
    while i >= 0 and (doc[i].is_punct or doc[i].lower_ in ("which", "that")):
        i -= 1
    return [doc[i]] if i >= 0 and doc[i].pos_ in ("NOUN", "PROPN") else []


def known_parts(span: Span | None, key: str) -> bool:
    """Whether a phrase only describes established things: its names are all known and no other word
    is capitalised as a coined name is ("bidirectional LSTM recurrent neural network", "LSTM-based
    approach"; not "In-Domain GAN Inversion"), or it is a known term after lowercase modifiers
    ("multiscale Bayesian inference approach", key "multiscale bayesian inference")."""
    if span is None:
        return False
    names = [t for t in span if is_name_token(t)]
    coined = any(t.text[:1].isupper() and not t.is_sent_start for t in span if not is_name_token(t))
    if names and not coined and all(established(canonical_key(t.text.split("-")[0])) for t in names):
        return True
    words = [t for t in span if not t.is_punct]
    key_words = key.split()
    return any(
        all(t.text.islower() for t in words[:i])
        and (
            established(canonical_key(span[words[i].i - span.start :].text))
            or (len(key_words) - i >= 2 and established(" ".join(key_words[i:])))
        )
        for i in range(1, len(words) - 1)
    )


def _new_name(tok) -> bool:
    """A one-token name a paper can give its own work: "Seq2CNN", "DREAM", or a capitalised word
    that is not the sentence's first ("Gem"), followed by a comma, bracket, colon or the end."""
    if not (is_name_token(tok) or (tok.text[:1].isupper() and tok.is_alpha and not tok.is_sent_start)):
        return False
    return tok.i + 1 >= len(tok.doc) or tok.nbor(1).text in (",", "(", ":", ";", ")", ".")


def _proposes(sent: Span) -> bool:
    """Whether the authors propose something in the sentence ("we propose", "this paper presents")."""
    return any(t.lemma_ in PROPOSE_VERBS and t.pos_ == "VERB" and _ours(t) for t in sent)
