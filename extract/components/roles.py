"""What a paper proposes, as opposed to what it uses: sets ``Mention.role``.

``paperkg_roles`` marks a mention ``"proposes"`` when

* it is the title's "Name:" (or "Name --") prefix ("FlowState: Sampling Rate Invariant ..."),
  or the subtitle words that prefix abbreviates ("MRL: Matryoshka Representation Learning":
  both, one entity), or the whole title when the title is a name
  ("Matryoshka Representation Learning"); a prefix or title of several words only when it holds
  a coined name token or the abstract writes it again as a name, and is no known field or task
  (not "Network Embedding: An Overview", "End-to-End Neural Entity Linking");
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
  substantially outperforms existing approaches");
* it is a name given in passing: a short name in brackets after "a novel / new ..." or "our ...", or
  after "a / an ..." that "we" make ("a new twin reef cloning (TRC) architecture", "we trained a small
  kelp counting network (KCNet)"); a name after "our novel / new" ("our novel Echo Balance Loss"); or spelt by odd capitals of its long form
  ("Tide-INvariant fiLtEr (TILE)"); one name after "namely" in a proposal sentence; a name
  given with "termed / called" after "a novel ..." ("a novel sampling method, termed X, which");
  capitalised words before the type noun of a proposal's object ("a novel unsupervised Tide
  Caption Swap model"); the members of "a family of X models"; a new name as the subject of
  "consists of / comprises / contains" in the sentence that first writes it ("ReefBench consists of").

A name right after the proposal verb ("This paper presents Gem, a ...") or in such brackets
becomes a Method mention (a Dataset one when a dataset word follows) even where the span
model found none there. A name the shipped vocabulary already knows (a CSO topic, a Papers
with Code task, a listed dataset, metric or model family: "CNN", "reinforcement learning")
is established, so it is never what the paper proposes. Nor is a description: a phrase whose
first word is a lowercase word ("bidirectional contraction OCC loss"), unless it is given an
acronym, or the apposition after a capitalised name.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from extract.components import contribution_model
from extract.components.mentions import is_name
from extract.components.name_runs import is_name_token
from extract.labels import CONCEPT, DATASET, METHOD, TASK
from extract.lexicon import default_lexicon
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
#: "proposed" after one of these is the authors' earlier work ("our previously proposed MossFormer")
EARLIER = {"previously", "earlier", "recently", "originally", "already", "formerly", "once"}
#: heads of an object that is an idea or a problem, not an artefact ("we develop the notion of RG flow")
IDEA_NOUNS = {"notion", "concept", "idea", "problem", "question", "setting", "phenomenon", "perspective", "view"}
IDEA_NOUNS |= {"direction", "hypothesis", "hypotheses"}  # "we put forward the hypothesis that ..."
#: heads of an object that is a change made inside something that exists ("by introducing a Glu-to-Ser
#: mutation"): "introduce" means "put in", the paper brings no named thing
CHANGE_NOUNS = {"mutation", "substitution", "deletion", "insertion", "residue", "knockout", "knockdown"}
#: words after which the names of a sentence are earlier work ("a combination of two existing frameworks: GF and MMT")
EXISTING = {
    "existing",
    "previous",
    "prior",
    "popular",
    "standard",
    "conventional",
    "traditional",
    "classic",
    "classical",
    "well-known",
    "off-the-shelf",
    "established",
}
#: verbs a title states about its subject: "Prefix Conditioning Unifies Language and Label Supervision"
#: (the plain forms only of verbs that are no common noun: not "matter", "scale", "help")
_CLAIM_VERBS = (
    "enable improve prevent make learn find beat outperform elicit reduce boost unlock generalize generalise "
    "achieve enhance mitigate accelerate"
).split()
TITLE_VERBS = (
    {f"{v}s" for v in _CLAIM_VERBS}
    | set(_CLAIM_VERBS)
    | {f"{v}s" for v in "help yield allow scale bridge meet matter solve close leverage explain reveal align".split()}
    | {"unifies", "unify", "carries"}
)
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


def known_thing(key: str) -> bool:
    """Whether the shipped vocabulary knows ``key`` as the name of one thing (a model, dataset or metric),
    not as a topic or task an acronym may also stand for."""
    v = default_vocabulary()
    return key in v.dataset_keys or key in v.metric_keys or key in v.model_families


def _title_prefix(doc: Doc) -> Span | None:
    """The "Name" of a "Name: subtitle" or "Name -- subtitle" title, when it is a short name: one word,
    or words with a coined name token ("I-GCN", not "GAN"), or words the abstract writes again as a name
    and no known field or task ("Network Embedding: An Overview" is a topic)."""
    end = doc._.title_end or 0
    for tok in doc[1 : min(end, 8)]:
        if tok.text == ":" or _spaced_dash(tok):
            prefix = doc[0 : tok.i]
            if prefix[0].lower_ in TITLE_LINKS or _gerund(prefix[0]):  # "Towards X: ...", "Finding Dori: ..."
                return None
            if not 1 <= len(prefix) <= 5 or not (is_name(prefix, in_title=True) or len(prefix) <= 2):
                return None
            if _linked_words(prefix) or _studied(doc[tok.i + 1 : end]):  # "Tide Drift After Storms: ...",
                return None  # "KelpX7: Variant Detection and Association Analysis": a subject of study
            if (
                len(prefix) == 1
                or _has_coined_token(prefix)
                or (_written_again(doc, prefix) and not _field_or_task(prefix))
            ):
                return prefix
            return None
    return None


#: heads of a title phrase that says what the authors did to study a thing, not a thing they made:
#: "Kelp Decline: A Case Study", "Transcriptomic Analysis Reveals ..."
STUDY_HEADS = {
    "analysis",
    "analyses",
    "study",
    "studies",
    "review",
    "overview",
    "survey",
    "assessment",
    "evaluation",
    "comparison",
    "investigation",
    "characterization",
    "characterisation",
    "identification",
    "detection",
    "profiling",
    "report",
    "association",
    "associations",
    "effect",
    "effects",
    "role",
    "roles",
    "implications",
    "insights",
    "perspective",
    "perspectives",
    "update",
    "observation",
    "observations",
    "exploration",
    "measurement",
    "screening",
    "sequencing",
}


def _linked_words(span: Span) -> bool:
    """Words joined by a preposition on its own ("Drift After Storms", "Kelp in Cold Water"): a
    description of a topic; not a hyphenated name ("Mixture-of-Experts")."""
    return any(
        t.pos_ == "ADP"
        and not (t.nbor(-1).text in ("-", "‐") or (t.i + 1 < len(t.doc) and t.nbor(1).text in ("-", "‐")))
        for t in span[1:-1]
    )


def _studied(subtitle: Span) -> bool:
    """Whether a subtitle says the title's name is studied: its first phrase (to a comma, "and" or a
    preposition) ends in a noun of study ("Variant Detection, Association Analysis ...", "A Case Study
    in ...", "An Overview"), not in what is made ("A Framework for ...", "Construction and Use")."""
    words: list = []
    for t in subtitle:
        if t.is_punct or t.lower_ in ("and", "or", "&") or t.pos_ == "ADP":
            if words:
                break
            continue
        words.append(t)
    return bool(words) and words[-1].lower_ in STUDY_HEADS


def _spaced_dash(tok) -> bool:
    """A dash between spaces that splits a title like a colon ("NORESQA -- A Framework for ...")."""
    return tok.text in ("--", "—", "–") and bool(tok.whitespace_) and bool(tok.nbor(-1).whitespace_)


def _has_coined_token(span: Span) -> bool:
    """Whether a phrase holds a name token no vocabulary knows: "MaxiMin", "ResAD++" (not "GAN", "BERT",
    nor "Human-AI", a word and a known name)."""
    return any(is_name_token(t) and _coined_token(t.text) for t in span)


def _coined_token(text: str) -> bool:
    parts = [p for p in re.split(r"[-‐]", text) if p]
    known = [established(canonical_key(p)) or (p[:1].isupper() and p[1:].islower()) for p in parts]
    return not established(canonical_key(text)) and not (len(parts) > 1 and all(known))


def _written_again(doc: Doc, span: Span) -> bool:
    """Whether the abstract (after the title) writes the title's phrase again as the title writes it,
    capitals and all: the paper speaks of it by that name ("Barlow Twins does not require ...",
    "Our main contribution is Matryoshka Representation Learning (MRL)"); a title's topic comes back in
    lowercase words or not at all ("the stationary representations learned by ...")."""
    words = " ".join(_plain_words(span.text))
    return bool(words) and f" {words} " in f" {' '.join(_plain_words(doc[doc._.title_end :].text))} "


def _plain_words(text: str) -> list[str]:
    """The words of a text without a plural "s", capitals kept: "Barlow Twins" reads as "Barlow Twin"."""
    return [w[:-1] if len(w) > 3 and w.endswith("s") else w for w in re.findall(r"[A-Za-z0-9]+", text)]


def _field_or_task(span: Span) -> bool:
    """Whether a phrase is a research field or task the vocabulary knows ("Network Embedding"), what a
    title is about rather than what it proposes."""
    v, key = default_vocabulary(), canonical_key(span.text)
    return key in v.cso_topics or key in v.pwc_tasks


def _title_long_form(doc: Doc, prefix: Span) -> Span | None:
    """The subtitle words an acronym prefix stands for: "MRL: Matryoshka Representation Learning"; its
    last word starts with the acronym's last capital (not "Generative End-to-End" for "GenAD: Generative
    End-to-End Autonomous Driving", a run cut before the words that the "AD" stands for)."""
    start, end = prefix.end + 1, doc._.title_end
    while end > start and (doc[end - 1].is_space or doc[end - 1].is_punct):
        end -= 1
    capitals = [c for c in prefix.text if c.isupper()]
    for stop in range(start + 2, min(end, start + 8) + 1):  # shortest run of two or more words first
        candidate = doc[start:stop]
        last = candidate.text.split()[-1]
        if stop < end and doc[stop].lower_ in ("and", "or", "&", ","):
            continue  # "Rapidity" of "... with Rapidity and Robustness": a coordination cut in half
        if find_long_form(prefix.text, candidate.text) == 0 and (not capitals or last[:1].upper() == capitals[-1]):
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
    and no linking word ("Matryoshka Representation Learning"), no known field or task. It stays a
    proposal only with a coined name token, or written again as a name in the abstract, or as the title
    form of the name the abstract proposes (:func:`_title_as_described`); not "End-to-End Neural Entity
    Linking", a task the abstract speaks of in other words."""
    end = doc._.title_end
    while end > 0 and (doc[end - 1].is_space or doc[end - 1].is_punct):
        end -= 1
    title = doc[:end]
    words = [t for t in title if t.is_alpha]
    if not 2 <= len(title) <= 6 or not words or any(t.lower_ in TITLE_LINKS for t in title) or _gerund(title[0]):
        return None
    if not all(t.text[:1].isupper() for t in words) or any(t.pos_ in ("VERB", "AUX") for t in title):
        return None
    if title.root.pos_ not in ("NOUN", "PROPN") or title[-1].pos_ not in ("NOUN", "PROPN"):
        return None
    if title[-1].lower_ in STUDY_HEADS:  # "Systematic Kelp Survey": a title of a study
        return None
    return title if not _field_or_task(title) else None


def _proposal_objects(doc: Doc) -> list[Span]:
    """Token ranges that hold what "we propose ..." introduces."""
    spans = []
    for tok in doc:
        if tok.pos_ != "VERB" or tok.lemma_ not in PROPOSE_VERBS:
            continue
        if not _ours(tok):
            continue
        for child in tok.children:
            if child.dep_ in ("dobj", "nsubjpass", "attr", "oprd") and child.lemma_ not in IDEA_NOUNS | CHANGE_NOUNS:
                child = _member_of_family(child)  # "we present a family of SkipNet models": the models
                # "we introduce FlowState, a novel TSFM architecture": what follows a name describes it
                written_as_name = is_name_token(child) or (child.text[:1].isupper() and not child.is_sent_start)
                phrase = noun_phrase_spans(child, appositions=not written_as_name)
                spans.extend(_before_existing(tok, phrase))
    return [span for span in spans if len(span)]


#: nouns of a proposal's object that stand for the things it holds ("a family of SkipNet models")
FAMILY_NOUNS = {"family", "suite", "series", "set", "class"}


def _member_of_family(noun):
    """The noun after "of" when a proposal's object is a family of things ("a family of SkipNet models",
    "a suite of FooBench tasks"): the things are what is named; else the noun itself."""
    if noun.lemma_ not in FAMILY_NOUNS:
        return noun
    for prep in noun.rights:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            return next((c for c in prep.children if c.dep_ == "pobj"), noun)
    return noun


def _before_existing(verb, phrase: list[Span]) -> list[Span]:
    """The parts of a proposal verb's object before a word that names earlier work ("the Grammatical
    Framework (GLF), a combination of two existing frameworks: the GF and MMT")."""
    end = max((span.end for span in phrase), default=verb.i)
    cut = next((t.i for t in verb.doc[verb.i + 1 : end] if t.lower_ in EXISTING), None)
    if cut is None:
        return phrase
    return [span.doc[span.start : min(span.end, cut)] for span in phrase if span.start < cut]


def _right_after_proposal(doc: Doc) -> list[int]:
    """Token indices right after "we propose / introduce ..." (determiners skipped)."""
    out = []
    for tok in doc:
        verb = tok.lemma_ in PROPOSE_VERBS or tok.lower_ in PROPOSE_VERBS
        # "We present X": the tagger sometimes reads "present" as an adjective
        if verb and ((tok.pos_ == "VERB" and _ours(tok)) or (tok.i > 0 and doc[tok.i - 1].lower_ == "we")):
            if any(c.dep_ == "dobj" and c.lemma_ in CHANGE_NOUNS for c in tok.children):
                continue  # "by introducing a Gly-to-Trp mutation": a change put in, no named thing
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
    """Whether the verb, or a verb it hangs from as a coordinated or purpose verb ("we take ... and
    re-contextualize X to design Y"), has "we" / "this paper" as subject or is passive; not a verb inside
    a noun phrase ("we propose a framework for creating OpenAI Gym environments")."""
    if _said_of_the_field(verb):
        return False
    for step in range(6):
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
        if verb.head is verb or (step == 0 and _in_noun_phrase(verb)):
            return False
        verb = verb.head
    return False


#: adverbs by which a passive proposal verb speaks of what the field does ("X is currently proposed as a
#: therapy", "X is widely described"), not of what this paper brings
FIELD_ADVERBS = {
    "currently",
    "widely",
    "commonly",
    "often",
    "frequently",
    "generally",
    "usually",
    "traditionally",
    "increasingly",
    "previously",
    "recently",
    "originally",
    "already",
    "extensively",
}


def _said_of_the_field(verb) -> bool:
    """A passive proposal verb in the perfect ("several markers have been proposed") or with an adverb
    of what is usual ("tidal pumping is currently proposed as a remedy"): others proposed it, before."""
    children = list(verb.children)
    if not any(c.dep_ == "auxpass" for c in children):
        return False
    here = any(t.lower_ in ("this", "we", "our", "here", "herein", "present") for t in verb.sent)
    perfect = any(c.dep_ == "aux" and c.lemma_ == "have" for c in children) and not here  # "here, X has been"
    return perfect or any(c.dep_ == "advmod" and c.lower_ in FIELD_ADVERBS for c in children)


def noun_phrase_spans(tok, appositions: bool = True) -> list[Span]:
    """The object noun phrase with its appositions and parenthesised names, without
    prepositional phrases or relative clauses ("X for using Y" -> X)."""
    keep = {"appos", "amod", "compound", "nmod", "det", "poss", "conj", "cc", "punct", "nummod", "npadvmod", "advmod"}
    if not appositions:
        keep.discard("appos")
    out = [tok.doc[tok.left_edge.i : tok.i + 1]]
    for child in tok.rights:
        if child.dep_ in keep:
            out.extend(noun_phrase_spans(child, appositions))
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
        # a short form tells only as the name of a known thing: "BERT" is a model, but "DRM" as a known
        # topic (digital rights management) says nothing of "Domain-specific Risk Minimization (DRM)"
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        shorts = short_forms.get(m.key, ())
        return established(m.key) or any(map(known_thing, shorts)) or known_parts(span, m.key)

    long_forms = set(doc._.kg_abbreviations.values())  # "invariant graph Transformer (IGT)": a name by its acronym
    strong: set[int] = set()  # mentions named outright ("called X", the title's "X:"): proposals even if known

    def mark(ms, names_only: bool = True, named: bool = False):
        for m in ms:
            if m.derived or (not named and known(m)):
                continue
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if not names_only or (
                span is not None
                and is_name(span, in_title=span.start < doc._.title_end)
                and (not _described(m.text) or m.key in long_forms or canonical_key(m.text) in long_forms)
            ):
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
        if tok.lemma_ in IDEA_NOUNS:  # "we develop the notion of RG flow"
            return
        if tok.idx in by_start:
            mark(by_start[tok.idx])
            return
        if not (is_name_token(tok) if coined else _new_name(tok)) or established(canonical_key(tok.text)):
            return
        label = DATASET if any(t.lower_ in DATASET_WORDS for t in doc[tok.i + 1 : tok.i + 4]) else METHOD
        propose(doc[tok.i : tok.i + 1], label, sentence_of[tok.i])
        by_start[tok.idx] = [mentions[-1]]

    unconfirmed_title: tuple[Mention, str] | None = None
    prefix = _title_prefix(doc)
    if prefix is not None:
        subtitle = doc[prefix.end : doc._.title_end].text.lower()
        label = DATASET if any(w in subtitle.split() for w in DATASET_WORDS) else METHOD
        short = propose(prefix, label, named=True)
        long_form = _title_long_form(doc, prefix)
        if long_form is not None:  # both sides of "MRL: Matryoshka Representation Learning", one entity
            doc._.kg_abbreviations = {**doc._.kg_abbreviations, short: propose(long_form, label, named=True)}
    else:
        name = _title_name(doc) or _title_subject(doc) or _title_lead(doc)
        if name is not None:
            key = propose(name, DATASET if name[-1].lower_ in DATASET_WORDS else METHOD, named=True)
            if name.end >= _title_words(doc).end and not (_has_coined_token(name) or _written_again(doc, name)):
                unconfirmed_title = (mentions[-1], key)  # kept only as the abstract's own name of it, below

    defined = {m.key for m in mentions}  # keys of abbreviations resolved earlier
    abbreviation_keys = set(doc._.kg_abbreviations.values()) & defined
    sentence_of = {tok.i: si for si, sent in enumerate(doc.sents) for tok in sent}
    for obj in _proposal_objects(doc):
        inside = [m for m in mentions if obj.start_char <= m.start and m.end <= obj.end_char]
        mark(inside)
        mark([m for m in inside if m.key in abbreviation_keys], names_only=False)
        for name_run, label in _runs_before_type_noun(obj):  # "a novel unsupervised Headline Swap model"
            a, b = name_run.start_char, name_run.end_char
            if any(m.start == a and m.end == b and m.role for m in mentions):
                continue
            key = propose(name_run, label, sentence_of[name_run.start])
            for m in mentions:  # "Phase Coral-mixing strategy" is the strategy named by the run
                if m.start == a and m.end > b and len(m.text[len(name_run.text) :].split()) == 1:
                    m.key, m.role = key, None
    for i in _right_after_proposal(doc):  # "we propose FrameAvg, ..." even when the parse goes astray
        propose_name(doc[i])
    for sent in doc.sents:
        if sent.start >= doc._.title_end and _proposes(sent):  # "... source separation (Meta-TasNet)"
            for tok in sent[1:-1]:
                if (
                    tok.nbor(-1).text == "("
                    and tok.nbor(1).text == ")"
                    and not _modifies_next(tok.nbor(1))
                    and is_name_token(tok)
                    and not _numeral(tok)
                    and _named_by_proposal(tok)
                ):
                    propose_name(tok)
            # "we trained a small kelp prompt network (KPNet)", "a new twin reef cloning (TRC)
            # architecture": a short name the authors give in passing to something they bring in
        if sent.start >= doc._.title_end:
            speak = _authors_speak(sent) or any(t.lower_ in NOVEL for t in sent)
            for tok in sent[1:-1]:
                if (speak and _acronym_in_passing(tok)) or _spelt_in_capitals(tok):
                    if tok.idx not in {m.start for m in mentions if m.role}:
                        propose_name(tok)
    for tok in doc:
        named = (
            tok.lower_ in NAMING_WORDS
            or (tok.lower_ in ("call", "term") and tok.i > 0 and doc[tok.i - 1].lower_ == "we")
            or (tok.lower_ == "as" and tok.i > 1 and doc[tok.i - 1].lower_ == "to" and doc[tok.i - 2].lemma_ == "refer")
        )
        if named and tok.i > 0 and doc[tok.i - 1].lower_ == "also":  # "the RFC algorithm, also called the
            _also_called(doc, mentions, tok)  # Bonsai algorithm": another name of the same thing
        elif (
            named
            and (_authors_speak(tok.sent) or _novel_before(tok) or _this_thing_before(tok))
            and not _names_an_idea(tok)
        ):
            nxt = tok.i + 1
            while nxt < len(doc) and (doc[nxt].is_punct or doc[nxt].lower_ in NAMED_OBJECT):
                nxt += 1  # "we call our algorithm tidal echo replay (TER)"
            listed = _listed_name(doc, nxt, spelt=doc[nxt].idx not in by_start) if nxt < len(doc) else None
            bracket = _bracketed_short_name(doc, nxt) if listed is None and nxt < len(doc) else None
            if bracket is not None:  # "termed Tide Sampling by Kelp-based Drift in One Pass (TSKD)": a long
                short = propose(doc[bracket : bracket + 1], METHOD, sentence_of[nxt], named=True)  # name
                propose(doc[nxt : bracket - 1], METHOD, sentence_of[nxt], named=True)  # with links the run
                mentions[-1].key = short  # stops at: one entity, its short form and its long form
            elif listed is not None:  # "which we refer to as Sift, Fold and Rinse (SFR)": the short name
                mark(by_start.get(listed.idx, []), names_only=False, named=True)
                propose_name(listed, coined=True)
            elif nxt < len(doc):
                here = [m for m in by_start.get(doc[nxt].idx, []) if not m.derived]
                run = _name_run(doc, nxt)  # "called Self-supervised Aggregation of Diverse Experts, which"
                if run is not None and not any(m.end >= run.end_char for m in here):
                    label = here[0].label if here and here[0].label in (METHOD, DATASET) else METHOD
                    propose(run, label, sentence_of[nxt], named=True)
                elif (plain := _plain_name(doc, nxt)) is not None and not any(m.end >= plain.end_char for m in here):
                    # "a method, termed tidal hopping, which", "called kelp representation as contract."
                    label = DATASET if any(t.lower_ in DATASET_WORDS for t in doc[tok.i - 3 : tok.i]) else METHOD
                    propose(plain, label, sentence_of[nxt], named=True)
                elif here:
                    mark(here, names_only=False, named=True)
                elif _spelt_name(doc[nxt]):  # "a dataset called 3DIEBench", no mention found there
                    label = DATASET if any(t.lower_ in DATASET_WORDS for t in doc[tok.i - 3 : tok.i]) else METHOD
                    propose(doc[nxt : nxt + 1], label, sentence_of[nxt], named=True)
        if tok.lower_ == "namely" and _proposes(tok.sent):  # "we build a multi-stage framework ..., namely
            nxt = tok.i + 1  # `KT-in-RS'": one name (not "two tasks, namely X and Y": a list of what exists)
            while nxt < len(doc) and not any(c.isalnum() for c in doc[nxt].text):  # quotes: "`" too
                nxt += 1
            after = [t.lower_ for t in doc[nxt + 1 : nxt + 3]]
            if nxt < len(doc) and not any(w in ("and", "or", ",") for w in after):
                # given outright, so a name built of known parts stands ("MT" and "MS" are known topics)
                mark([m for m in by_start.get(doc[nxt].idx, []) if not established(m.key)], named=True)
                propose_name(doc[nxt], coined=True)
        earlier = tok.i > 0 and doc[tok.i - 1].lower_ in EARLIER  # "our previously proposed MossFormer"
        if tok.lower_ in ("our", "proposed") and tok.i + 1 < len(doc) and not earlier:
            i = tok.i + 1
            if doc[i].lower_ in ("proposed", *NOVEL) and i + 1 < len(doc):
                i += 1  # "our proposed X", "our novel Reef Loss"
            mark(by_start.get(doc[i].idx, []))
            if doc[i].lower_ in GENERAL_NOUNS:  # "our model Seq2CNN", "the proposed method, FooNet"
                i += 1
                while i < len(doc) and doc[i].text in (",", ":"):
                    i += 1
                if i < len(doc):
                    propose_name(doc[i])
        elif tok.lower_ in GENERAL_NOUNS and tok.i + 1 < len(doc) and _introduced(tok) and _authors_speak(tok.sent):
            # "we explore a Thompson sampling-based algorithm ERTS", "a new slot filling model, LEONA, which"
            nxt = tok.i + 2 if doc[tok.i + 1].text == "," and tok.i + 2 < len(doc) else tok.i + 1
            propose_name(doc[nxt], coined=True)
    for tok in doc[doc._.title_end :]:  # "ReefBench consists of 12 tasks": a new name the paper describes
        if tok.lemma_ in DESCRIBING_VERBS and tok.pos_ in ("VERB", "AUX"):
            for subject in (c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")):
                if _spelt_name(subject) and _coined_token(subject.text) and _first_said_here(doc, subject):
                    propose_name(subject, coined=True)
                    about_data = {t.lower_ for t in [*tok.sent, *_title_words(doc)]} & (DATASET_CONTEXT | {"tasks"})
                    for m in by_start.get(subject.idx, []):  # "... of 12 tasks over 40 sites, with annotated
                        if m.role == PROPOSES and about_data and m.label in (METHOD, CONCEPT):  # images"
                            m.label = DATASET
    for tok in doc:  # "DREAM substantially outperforms existing approaches": a new name beats what exists
        if tok.lemma_ == "outperform" and any(t.lower_ in PRIOR_WORK for t in tok.subtree):
            for subject in (c for c in tok.children if c.dep_ == "nsubj" and is_name_token(c)):
                propose_name(subject)
    for m in mentions:  # the mention finder's own proposals too ("a novel multiscale Bayesian inference approach")
        if m.role == PROPOSES and id(m) not in strong and known(m):
            m.role = None
    _title_as_described(doc, mentions)
    if unconfirmed_title is not None and unconfirmed_title[0].key == unconfirmed_title[1]:
        unconfirmed_title[0].role = None  # a whole title the abstract never names so: its topic, not a name
    _short_for(doc, mentions)
    # typed while still marked: a description the paper does not propose keeps the type its own noun
    # gives it ("machine translation system CCLINC" is a Method although CCLINC is the proposal)
    _type_by_context(doc, mentions)
    for m in [*_descriptions(doc, mentions), *_introduced_before(doc, mentions), *_components(doc, mentions)]:
        if id(m) not in strong:
            m.role = None
    for m in [*_nested_words(doc, mentions), *_part_of_longer_name(doc, mentions)]:
        m.role = None
    for m in mentions:  # 'solution of our team "TAL-ai', "BGAR(1": a cut phrase is no name
        if m.role == PROPOSES and _unbalanced(m.text):
            m.role = None
    # which rule fired, for the decision: a name given outright (the title's, "called X") or another rule;
    # a list, not a set: user_data travels between processes as msgpack
    doc.user_data["paperkg_named"] = sorted({m.key for m in mentions if m.role == PROPOSES and id(m) in strong})
    weights = contribution_model.scorer_weights() if contribution_model.ENABLED else None
    if weights is not None:  # the rules' vote is one feature; the fitted decision has the last word
        contribution_model.decide(doc, mentions, weights)
    return doc


#: words that say a thing is the authors' own, where no "we" is written ("a novel method, termed X")
NOVEL = {"novel", "new"}
#: words that end the phrase a bracketed short name stands for, walking back from the bracket
_PHRASE_STOPS = {"the", "this", "these", "those", "that", "which", "its", "their", "such"}


def _plain_name(doc: Doc, start: int) -> Span | None:
    """The lowercase words a naming word gives as a name, when they end the clause: "termed tidal
    hopping, which ...", "called kelp representation as contract." (two to five words, no verb,
    pronoun or article among them); None otherwise."""
    end = start
    while end < len(doc) and end - start <= 5 and (doc[end].is_alpha or doc[end].text in ("-", "‐")):
        if doc[end].pos_ in ("AUX", "PRON", "DET", "CCONJ", "NUM") or doc[end].tag_ in _FINITE:
            return None
        end += 1
    if not 2 <= end - start <= 5 or end >= len(doc) or doc[end].text not in (",", ".", ";", "(", ":"):
        return None
    return doc[start:end]


#: verbs of a sentence that says what a thing is made of ("ReefBench consists of 12 tasks")
DESCRIBING_VERBS = {"consist", "comprise", "contain", "span", "cover"}


def _first_said_here(doc: Doc, tok) -> bool:
    """Whether the abstract writes the name first in this sentence (the title may hold it): a name it
    spoke of before is known to the reader already."""
    start = doc._.title_end
    return not any(t.text == tok.text for t in doc[start : tok.sent.start])


def _bracketed_short_name(doc: Doc, start: int) -> int | None:
    """The index of a coined short name in brackets that ends a long name given right after a naming
    word ("termed Tide Sampling by Kelp-based Drift in One Pass (TSKD), was"): words only (no comma,
    verb or full stop) from ``start`` to the bracket, which must begin with a capital."""
    if not doc[start].text[:1].isupper():
        return None
    for j in range(start + 1, min(start + 16, len(doc) - 2)):
        t = doc[j]
        if t.text == "(":
            name = doc[j + 1]
            ok = doc[j + 2].text == ")" and is_name_token(name) and _coined_token(name.text) and j - start >= 2
            return j + 1 if ok else None
        if (t.is_punct and t.text not in ("-", "‐")) or t.tag_ in _FINITE:
            return None
    return None


def _this_thing_before(tok) -> bool:
    """ "this / our ... system" right before a naming word: "This assembled system, termed X": the paper
    names the thing it just spoke of as its own."""
    window = tok.doc[max(tok.sent.start, tok.i - 5) : tok.i]
    return any(
        t.lower_ in ("this", "our") and any(n.lower_ in GENERAL_NOUNS for n in tok.doc[t.i + 1 : min(t.i + 4, tok.i)])
        for t in window
    )


def _novel_before(tok) -> bool:
    """ "novel" / "new" a few words before a naming word of the same sentence: "a novel hybrid sampling
    method, termed coral drifting"."""
    return any(t.lower_ in NOVEL for t in tok.doc[max(tok.sent.start, tok.i - 8) : tok.i])


def _acronym_in_passing(tok) -> bool:
    """A coined short name in brackets after a phrase that brings something new in: "a novel tide-adaptive
    Transformer (TA-Transformer)", "a new twin reef cloning (TRC) architecture", "our kelp prompt
    network (KPNet)": "novel / new" or "our" before the words it names, or "a / an" after a verb by which
    the authors make it ("we trained a small kelp prompt network (KPNet)", "we ... collect a large-scale
    reef dataset (RD)"); no "the", verb (but a participle of the phrase: "a drifting reef dataset"),
    preposition or word of earlier work between, and no known name ("for a damped tidal oscillator
    (DTO)", "fitting a mixed Poisson kernel (MPK)" bring in what exists)."""
    doc = tok.doc
    if not (tok.i >= 2 and doc[tok.i - 1].text == "(" and tok.i + 1 < len(doc) and doc[tok.i + 1].text == ")"):
        return False
    if not is_name_token(tok) or _numeral(tok) or established(canonical_key(tok.text)):
        return False
    if _modifies_next(doc[tok.i + 1]):
        return False
    i, words = tok.i - 2, 0
    while i >= max(tok.sent.start, tok.i - 10):
        t = doc[i]
        inside = t.dep_ in ("amod", "compound") and t.head.i < tok.i  # "a drifting reef dataset (DRD)"
        verb = t.pos_ in ("VERB", "AUX", "PRON") and not (t.lower_ == "our" or inside)
        if t.lower_ in _PHRASE_STOPS or t.lower_ in EXISTING or verb:
            return False
        if (t.lower_ in NOVEL and t.text.islower()) or t.lower_ == "our":  # "a Novel Tide Test (NTT)": the
            return words >= 1  # capital says the word is part of an existing name, not the authors' claim
        if t.lower_ in ("a", "an"):  # "we trained a small kelp prompt network (KPNet)": what the authors make
            return words >= 1 and i > tok.sent.start and _made_by_us(doc[i - 1])
        if t.is_punct and t.text not in ("-", "‐") or t.pos_ in ("ADP", "CCONJ"):
            return False
        words += 1
        i -= 1
    return False


#: verbs by which the authors make a thing they then name in passing ("we collect a large reef
#: image corpus (RIC)"); not verbs of using or fitting what exists ("fitting a mixed Poisson kernel")
MAKING_VERBS = {"build", "collect", "compile", "construct", "create", "curate", "design", "develop", "train"}


def _made_by_us(verb) -> bool:
    """Whether ``verb`` is a verb of making with "we" as its subject, or coordinated with one that has
    ("we design a pipeline and collect a ... dataset (KPD)")."""
    if verb.lemma_ not in MAKING_VERBS or verb.pos_ != "VERB":
        return False
    for v in (verb, verb.head if verb.dep_ == "conj" else verb):
        if any(c.dep_ == "nsubj" and c.lower_ == "we" for c in v.children):
            return True
    return False


def _spelt_in_capitals(tok) -> bool:
    """A short name in brackets whose long form capitalises letters inside its words to spell it, a name
    coined by the authors: "Tide-INvariant fiLtEr (TILE)", "COral COnservatism (COCO)"
    (not "Graph Convolutional Network (GCN)": first letters only)."""
    doc = tok.doc
    if not (tok.i >= 2 and doc[tok.i - 1].text == "(" and tok.i + 1 < len(doc) and doc[tok.i + 1].text == ")"):
        return False
    letters = [c for c in tok.text if c.isupper()]
    if len(letters) < 3 or not is_name_token(tok) or established(canonical_key(tok.text)):
        return False
    window = [t for t in doc[max(tok.sent.start, tok.i - 9) : tok.i - 1] if any(c.isupper() for c in t.text)]
    used, need = [], list(letters)
    for t in reversed(window):  # the words that give the last capitals, from the bracket back
        caps = [c for c in t.text if c.isupper()]
        if not need or need[-len(caps) :] != caps:
            break
        need = need[: -len(caps)]
        used.append(t)
    # capitals against the way words are written: "INvariant", "COmpositional", "inferencE" (not
    # "Tide-Invariant", nor a word in camel case, "ReefLine Grouping (RLG)")
    parts = [p for t in used for p in re.split(r"[-‐]", t.text)]
    # a word holding a run of three capitals writes an existing short name inside it ("microRNAs",
    # "ATPase", "RNAs"): its capitals are the usual spelling, not the authors' play on letters
    odd = any(
        (re.match(r"[A-Z]{2,}[a-z]", p) or re.match(r"[a-z]+[A-Z]", p)) and not re.search(r"[A-Z]{3}", p) for p in parts
    )
    return not need and odd


def _runs_before_type_noun(obj: Span) -> list[tuple[Span, str]]:
    """Capitalised names inside a proposal's object written before the noun that says what they are: "a
    novel unsupervised Tide Caption Swap model" (Method), "a new Phase Coral-mixing
    strategy"; with their type. Not a known term nor words a task is named by."""
    doc, out, i = obj.doc, [], obj.start
    while i < obj.end:
        run = _name_run(doc, i) if not doc[i].is_sent_start else None
        if run is None or run.end > obj.end or run.end >= len(doc):
            i += 1
            continue
        head = doc[run.end]
        if head.lower_ in DATASET_WORDS:
            label = DATASET
        elif head.lower_ in GENERAL_NOUNS or head.lower_ in METHOD_NOUNS:
            label = METHOD
        else:
            label = ""
        if label and _coined(run) and not _task_like(run):
            out.append((run, label))
        i = run.end
    return out


def _described(text: str) -> bool:
    """A phrase whose first word is a lowercase word is a description that holds names, not a name
    ("bidirectional contraction OCC loss", "network-based Transfer Learning approach"): a name is
    written as a name from its first word ("FlowState", "Wasserstein dependency measure", "cMIM"), or
    the paper gives it an acronym ("invariant graph Transformer (IGT)")."""
    words = text.split()
    return len(words) >= 2 and words[0].replace("-", "").isalpha() and words[0].islower()


def _unbalanced(text: str) -> bool:
    """A phrase cut inside brackets or quotes: 'solution of our team "TAL-ai', "BGAR(1"."""
    return text.count("(") != text.count(")") or text.count("[") != text.count("]") or text.count('"') % 2 == 1


def _part_of_longer_name(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Proposals without a short name of their own whose words begin the long form of another proposed
    name that has one: the title's "Compositional Conservatism" is part of "COmpositional COnservatism
    with Anchor-seeking (COCOA)", the contribution."""
    proposed = [m for m in mentions if m.role == PROPOSES]
    with_short = set()
    for m in proposed:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        # a short form that stands for words (not "Skipnet-M", a name of its own that "SkipNet" begins)
        if span is not None and len(span) == 1 and is_name_token(span[0]) and m.key != canonical_key(m.text):
            with_short.add(m.key)
    return [
        m for m in proposed if m.key not in with_short and any(longer.startswith(m.key + " ") for longer in with_short)
    ]


#: words between a naming verb and the name that say what is named ("we call our algorithm X", "we term it X")
NAMED_OBJECT = {"a", "an", "the", "our", "this", "it", "these", "them", "algorithm", "method", "model", "approach"}
NAMED_OBJECT |= {"framework", "system", "technique", "architecture", "procedure", "scheme", "strategy", "network"}


def _names_an_idea(tok) -> bool:
    """A naming verb after an idea noun: "we identify a new concept termed the kelp prompt" names a
    notion, not the artefact the paper proposes."""
    before = [t for t in tok.doc[max(tok.i - 2, 0) : tok.i] if not t.is_punct]
    if before and before[-1].lemma_ in IDEA_NOUNS:
        return True
    verb = tok if tok.pos_ == "VERB" else tok.head  # "a research direction, which we term X"
    return verb.dep_ in ("relcl", "acl") and verb.head.lemma_ in IDEA_NOUNS


def _listed_name(doc: Doc, start: int, spelt: bool = True):
    """The bracketed short name after the words at ``start`` when those words are a list ("Sift, Fold
    and Rinse (SFR)": a list is no name) or (``spelt``: when the span model found no mention there)
    the short name's long form ("tidal echo replay (TER)"); None otherwise."""
    sent_end = doc[start].sent.end
    commas = 0
    for i in range(start, min(start + 10, sent_end - 2)):
        t = doc[i]
        if t.text == "(":
            short = doc[i + 1]
            if i == start or doc[i + 2].text != ")" or not is_name_token(short):
                return None
            spelt = spelt and find_long_form(short.text, doc[start:i].text) == 0
            return short if commas or spelt else None
        if t.text == "," or t.lower_ in ("and", "&"):
            commas += 1
        elif not (t.is_alpha or t.text.replace("-", "").isalpha() or t.text in ("-", "‐")) or t.pos_ in (
            "VERB",
            "AUX",
            "ADP",
            "DET",
        ):  # "tide-adaptive KTransformer (TA-KTransformer)": a hyphenated word is one token
            return None
    return None


def _nested_words(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Proposals that are no name: a Roman numeral ("(II) independent feature learning"), a single
    common word inside a longer proposed phrase (the "Pattern" of "Dynamic Pattern")."""
    proposed = [m for m in mentions if m.role == PROPOSES]
    out = []
    for m in proposed:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or len(span) != 1:
            continue
        if _numeral(span[0]):
            out.append(m)
        elif not is_name_token(span[0]) and any(
            o is not m and o.start <= m.start and m.end <= o.end and " " in o.text.strip() for o in proposed
        ):
            out.append(m)
    return out


def _modifies_next(close) -> bool:
    """Whether the bracketed name before ``close`` modifies a task word after the bracket: "end-to-end (E2E)
    recognition" names a kind of recognition, not what the paper proposes ("... Learning (MFEDRL)
    classifier" is the classifier's name)."""
    nxt = close.nbor(1) if close.i + 1 < len(close.doc) else None
    return nxt is not None and nxt.lower_ in default_lexicon().task_heads


def _spelt_name(tok) -> bool:
    """A token written as a coined name, digits first too: "3DIEBench", "LINT" (not "In-Context")."""
    return is_name_token(tok) or (tok.text[:1].isdigit() and sum(c.isupper() for c in tok.text) >= 2)


def _numeral(tok) -> bool:
    """A Roman numeral that counts stages or parts ("(II) independent feature learning"), no name."""
    return bool(re.fullmatch(r"[IVX]{1,4}", tok.text))


def _descriptions(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Proposed phrases that describe another proposed name they hold: "optimal distribution selection
    model OptDist", "generalized QFlip strategy" (the name is the contribution, once), and phrases that
    are not one name (:func:`_not_one_name`)."""
    names = {m.key for m in mentions if m.role == PROPOSES and " " not in m.text.strip()}
    long_forms = set((doc._.kg_abbreviations or {}).values())
    out = []
    for m in mentions:
        if m.role != PROPOSES or m.key in names or " " not in m.text.strip():
            continue
        if _not_one_name(m.text) and m.key not in long_forms:  # "Reef-coding and Kelp-neurons
            out.append(m)  # improved Tidal Actor Network (RKTAN)" is one name: it has one short form
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        held = {canonical_key(t.text) for t in span if is_name_token(t)} | {canonical_key(span[0].text.split("-")[0])}
        if held & (names - {m.key}):  # "OMEGA-Out-of-distribution Math Problems Evaluation"
            out.append(m)
    return out


def _not_one_name(text: str) -> bool:
    """A coordination, a glued phrase or a kind of method, not a name: "MDP-DIV-kNN and MDP-DIV-NTN
    methods", "listening comprehension task - Spoken SQuAD", "AVS-based approaches"."""
    words = text.lower().split()
    return any(w in ("and", "or", "-", "–", "—") for w in words) or (
        len(words) >= 2 and words[-2].endswith("-based") and words[-1].rstrip("s") in GENERAL_NOUNS | {"approache"}
    )


def _introduced_before(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Proposed names the abstract already spoke of, unproposed, in an earlier sentence: background, not
    the contribution ("time series foundation models (TSFMs) ... We introduce FlowState, a novel TSFM
    architecture")."""
    title_end = doc[doc._.title_end - 1].idx if doc._.title_end else -1
    first: dict[str, Mention] = {}
    for m in sorted(mentions, key=lambda m: m.start):
        if not m.derived and m.start > title_end:
            first.setdefault(m.key, m)
    out = []
    for key, m0 in first.items():
        marked = [m for m in mentions if m.key == key and m.role == PROPOSES]
        if marked and m0.role != PROPOSES and m0.sentence < min(m.sentence for m in marked):
            out.extend(marked)
    return out


def _title_as_described(doc: Doc, mentions: list[Mention]) -> None:
    """A title that is a name and the name the abstract gives the same thing are one entity: "2D
    Matryoshka Sentence Embeddings" and "Two-dimensional Matryoshka Sentence Embedding (2DMSE)"."""
    title_end = doc[doc._.title_end - 1].idx if doc._.title_end else -1
    title = [m for m in mentions if m.role == PROPOSES and m.start == 0 and len(m.key.split()) >= 3]
    body = [m for m in mentions if m.role == PROPOSES and m.start > title_end and len(m.key.split()) >= 3]
    for t in title:
        for b in body:
            if b.key != t.key and t.key.split()[-2:] == b.key.split()[-2:]:
                for m in mentions:
                    if m.key == t.key:
                        m.key = b.key
                break


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
        for w in words:  # a type word, or a known dataset the name is given to ("a compact variant of
            # ImageNet, called SlimageNet64")
            if w.lower_ in DATASET_WORDS or canonical_key(w.text) in default_vocabulary().dataset_keys:
                labels[m.key] = DATASET
                break
            if w.lower_ in GENERAL_NOUNS or w.lower_ in METHOD_NOUNS:
                labels[m.key] = METHOD
                break
    proposed = {m.key: m for m in mentions if m.role == PROPOSES}
    for key in proposed:  # "WavJEPA-Nat", a variant of the proposed WavJEPA, is what WavJEPA is
        base = next((k for k in proposed if " " not in k and key.startswith(k + " ")), None)
        if base is not None and key not in labels and labels.get(base, proposed[base].label) != CONCEPT:
            labels[key] = labels.get(base, proposed[base].label)
    sentences = list(doc.sents)
    for key, m in proposed.items():  # no noun beside the name: the first that follows it in a sentence
        if key in labels:  # of its own ("we introduce OMEGA-Out-of-distribution ... - a diverse benchmark")
            continue
        after = _type_after(doc, [n for n in mentions if n.key == key], m.text)
        if after is not None:
            labels[key] = after
        elif m.label == DATASET and not any(  # "MP-SAE -- an SAE that ...": a dataset needs a dataset word
            t.lower_ in DATASET_CONTEXT
            for n in mentions
            if n.key == key and n.role == PROPOSES
            for t in sentences[min(n.sentence, len(sentences) - 1)]
        ):
            labels[key] = METHOD
    for m in mentions:  # what a paper proposes is a Method unless a dataset word says otherwise ("we
        # introduce the Wasserstein dependency measure", "which we refer to as self-distillation")
        if m.role == PROPOSES and m.label == CONCEPT:
            labels.setdefault(m.key, METHOD)
    # a proposal the span model took for a task, when its head is no task word: "a special case of
    # emulated fine-tuning (EFT)" (not "test-agnostic long-tailed recognition")
    heads = default_lexicon().task_heads
    tasks = {m.key for m in mentions if m.role == PROPOSES and m.label == TASK and m.key.split()[-1] not in heads}
    for m in mentions:
        if m.key in labels and m.label in (METHOD, DATASET, CONCEPT):
            m.label = labels[m.key]
        elif m.key in tasks and m.label == TASK:
            m.label = labels.get(m.key, METHOD)


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
    defined = span.doc._.kg_abbreviations or {}  # "GNN" defined as graph neural network

    def known_name(tok) -> bool:  # "two-GNN", "LSTM-based": the parts written as names
        parts = [p for p in tok.text.split("-") if any(c.isupper() for c in p)] or [tok.text]
        return all(established(k) or established(defined.get(k, "")) for k in map(canonical_key, parts))

    if names and not coined and all(map(known_name, names)):
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


def _in_noun_phrase(verb) -> bool:
    """A verb that modifies a noun ("a framework for creating X", "a model trained on Y"), not one that
    goes on the authors' clause ("we tackle the problem by proposing X")."""
    if verb.dep_ in ("acl", "relcl", "amod", "pobj"):
        return True
    return verb.dep_ == "pcomp" and verb.head.head.pos_ not in ("VERB", "AUX")


def _named_by_proposal(tok) -> bool:
    """Whether a name in brackets names what the sentence's proposal verb brings in: the first verb
    above it proposes ("we propose a model for source separation (Meta-TasNet)"; not "a module based
    on a feedforward sequential memory network (FSMN)", "a framework that leverages Property-Based
    Testing (PBT)"), and no word of earlier work comes between ("two existing frameworks: ... (GF)")."""
    head = tok.head
    for _ in range(12):
        if head.pos_ in ("VERB", "AUX") or head.head is head:
            break
        if head.lemma_ in IDEA_NOUNS:  # "we formulate a new setting, continual offline RL (CORL)"
            return False
        if head.lower_ == "of" and head.head.lower_ not in GENERAL_NOUNS:  # "an implementation of meta-experience
            return False  # replay (MER)", "the ratio of ... (IGD)": what the proposal is made of or about exists
            # (but "the method of contrastive denoising (CD-CoT)" names the method)
        head = head.head
    if head.lemma_ not in PROPOSE_VERBS or not _ours(head):  # "models for constructing the kelp-risk (KR)
        return False  # measures": a verb inside what the authors bring in, of a thing it works on
    lo, hi = sorted((head.i, tok.i))
    return not any(t.lower_ in EXISTING for t in tok.doc[lo:hi])


def _gerund(tok) -> bool:
    """A title that starts with a verb in -ing describes an activity, not a name ("Finding Dori: ...",
    "Discovering Temporally-Aware Reinforcement Learning Algorithms")."""
    return (
        tok.is_alpha
        and tok.lower_.endswith("ing")
        and len(tok) > 5
        and tok.i + 1 < len(tok.doc)
        and tok.nbor(1).text != "-"
    )


#: lowercase words inside a title-case name: "Self-supervised Aggregation of Diverse Experts"
NAME_LINKS = {"of", "for", "and", "with", "in", "on", "to", "via"}


def _name_run(doc: Doc, start: int) -> Span | None:
    """The capitalised words a name is written in from ``start``, joined by hyphens or by small words
    before another capitalised word ("Self-supervised Aggregation of Diverse Experts"); None for fewer
    than two words."""
    if not doc[start].text[:1].isupper():
        return None
    i = start
    while i < len(doc):
        t = doc[i]
        if t.text in ("-", "‐") and not doc[i - 1].whitespace_ and i + 1 < len(doc):
            i += 2
        elif (t.text[:1].isupper() and t.text.replace("-", "").isalpha()) or is_name_token(t):
            i += 1
        elif t.lower_ in NAME_LINKS and i + 1 < len(doc) and doc[i + 1].text[:1].isupper():
            i += 1
        else:
            break
    words = [w for t in doc[start:i] for w in t.text.split("-") if w.isalpha()]
    return doc[start:i] if len(words) >= 2 else None


def _title_words(doc: Doc) -> Span:
    end = doc._.title_end
    while end > 0 and (doc[end - 1].is_space or doc[end - 1].is_punct):
        end -= 1
    return doc[:end]


def _coined(span: Span) -> bool:
    """Whether a phrase can be a new name: not a known term, nor only known terms and lowercase modifiers."""
    key = canonical_key(span.text)
    return bool(key) and not established(key) and not known_parts(span, key) and not _generic_phrase(key)


def _generic_phrase(key: str) -> bool:
    """ "pre-training tasks", "language models": general words only, no name of a thing."""
    v = default_vocabulary()
    return all(w in v.generic_terms or w in GENERIC_TITLE_WORDS for w in key.split())


#: words that alone do not make a title's subject a name ("Language Models", "Pre-training Tasks")
GENERIC_TITLE_WORDS = {
    "pre",
    "training",
    "pretraining",
    "task",
    "model",
    "language",
    "large",
    "neural",
    "network",
    "deep",
    "learning",
    "method",
    "approach",
    "representation",
    "feature",
    "data",
    "machine",
    "simple",
    "efficient",
    "better",
    "new",
    "transformer",
    "llm",
    "agent",
}


def _title_subject(doc: Doc) -> Span | None:
    """The subject of a title that states a claim about it: "Prefix Conditioning Unifies Language and
    Label Supervision", "Relative representations enable zero-shot latent space communication"
    (one to five words, a coined phrase: not "Large Language Models", "Vision Transformers")."""
    title = _title_words(doc)
    for tok in title[1:6]:
        if tok.lower_ in TITLE_LINKS or tok.is_punct and tok.text not in ("-", "‐"):
            return None
        if tok.lower_ in TITLE_VERBS and tok.i + 1 < len(title):
            subject = title[: tok.i]
            if subject[0].lower_ in TITLE_LINKS or subject[0].pos_ in ("DET", "PRON") or _gerund(subject[0]):
                return None
            one_name = len(subject) == 1 and is_name_token(subject[0])
            if subject[-1].lower_ in STUDY_HEADS:  # "Transcriptomic Analysis Reveals ...": what was done
                return None
            if (len(subject) >= 2 or one_name) and not _task_like(subject) and _coined(subject):
                return subject if _said_as_ours(doc, subject) else None
            return None
    return None


#: what authors do when they study what exists, and what they say they found: with "we", these verbs
#: alone do not make a paper the making of something new
STUDY_VERBS = set(
    "review evaluate analyze analyse assess investigate examine measure compare study explore determine identify "
    "observe collect enroll enrol recruit include perform conduct report aim seek test characterize characterise "
    "quantify estimate calculate follow survey interview search screen sequence treat administer use apply "
    "retrieve obtain record detect find show demonstrate reveal confirm suggest conclude hypothesize hypothesise "
    "note see discuss summarize summarise highlight provide focus describe examine validate verify select "
    "evaluate analyse inspect monitor track sample isolate culture".split()
)


def _said_as_ours(doc: Doc, span: Span) -> bool:
    """Whether the paper makes something new, so that a title's claim is about its own thing: the abstract
    writes the phrase again as the title writes it, capitals and all, or the authors propose / present
    / develop something in it, or say they do anything but study ("we fold the two losses into one"),
    or speak of "our method / this approach". A study's title states a
    finding about what exists ("Kelp Shading Improves Reef Survival" over an abstract of measurements
    that proposes nothing)."""
    if _written_again(doc, span) or any(obj.start >= doc._.title_end for obj in _proposal_objects(doc)):
        return True
    for tok in doc[doc._.title_end :]:  # "we fold both objectives into one encoder": the authors make, not
        if tok.pos_ == "VERB" and tok.lemma_ not in STUDY_VERBS | PROPOSE_VERBS:  # only measure ("we measured")
            if any(c.dep_ == "nsubj" and c.lower_ == "we" for c in tok.children):
                return True
    return any(
        t.lower_ in ("our", "this", "proposed") and any(n.lower_ in GENERAL_NOUNS for n in doc[t.i + 1 : t.i + 3])
        for t in doc[doc._.title_end :]
    )


def _title_lead(doc: Doc) -> Span | None:
    """The capitalised words a title starts with before "for / via / with ...", when the authors' own
    sentences say them ("In-Domain GAN Inversion for Real Image Editing": "we propose an in-domain GAN
    inversion approach"): the title writes the name of what they propose."""
    title = _title_words(doc)
    end = None
    for tok in title[2:8]:
        if tok.lower_ in TITLE_LINKS and tok.nbor(-1).text not in ("-", "‐") and tok.nbor(1).text not in ("-", "‐"):
            end = tok.i
            break
    if end is None:
        return None
    lead = doc[:end]
    words = [t for t in lead if t.is_alpha]
    if not 2 <= len(words) <= 6 or not all(
        t.text[:1].isupper() or (t.i > 0 and t.nbor(-1).text in ("-", "‐")) for t in words
    ):
        return None
    if any(t.is_punct and t.text not in ("-", "‐") for t in lead) or lead[0].lower_ in TITLE_LINKS:
        return None
    if _gerund(lead[0]) or lead[0].pos_ == "DET" or _task_like(lead) or not _coined(lead):
        return None
    if lead[-1].lower_ in STUDY_HEADS:  # "Integrated Kelp Analysis for ...": what was done, not made
        return None
    if canonical_key(lead.text).split()[-1] in GENERIC_TITLE_WORDS:  # "EEG Representation", "Two Stream Networks"
        return None
    if not any(is_name_token(t) for t in lead):  # "Multi-Level Knowledge Distillation for ...": words a
        return None  # description of the method is written in, no name ("GAN" in "In-Domain GAN Inversion")
    key = canonical_key(lead.text)
    for obj in _proposal_objects(doc):
        if obj.start >= doc._.title_end and f" {key} " in f" {canonical_key(obj.text)} ":
            return lead
    return None


def _task_like(span: Span) -> bool:
    """A phrase that names a task or a property ("Letter-Based Speech Recognition", "World Modeling",
    "Kernel Heterogeneity"), not a method."""
    head = span[-1].lower_
    return head in default_lexicon().task_heads or head.endswith(("ity", "ness"))  # "Kernel Heterogeneity"


#: heads of a part of a method ("a distribution selection module (DSM) is proposed")
COMPONENT_HEADS = {"module", "block", "layer", "unit", "component", "head", "branch", "submodule"}


def _components(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """The named parts of a proposed method, when the paper also proposes the method itself under a name:
    OptDist's "distribution selection module (DSM)" is in OptDist, not a contribution beside it."""
    proposed = [m for m in mentions if m.role == PROPOSES]
    parts = [m for m in proposed if m.key.split()[-1] in COMPONENT_HEADS]
    whole = {m.key for m in proposed} - {m.key for m in parts}
    return parts if whole else []


def _also_called(doc: Doc, mentions: list[Mention], tok) -> None:
    """ "X, also called Y": Y is another name of X, one entity (the key of X)."""
    before = [
        m for m in mentions if not m.derived and m.end <= doc[tok.i - 1].idx and m.sentence == _sentence(doc, tok)
    ]
    nxt = tok.i + 1
    while nxt < len(doc) and (doc[nxt].is_punct or doc[nxt].lower_ in ("a", "an", "the")):
        nxt += 1
    if not before or nxt >= len(doc):
        return
    first = max(before, key=lambda m: (m.end, -m.start))
    for m in mentions:
        if m.start == doc[nxt].idx and not m.derived:
            m.key, m.role = first.key, first.role


def _sentence(doc: Doc, tok) -> int:
    return next(i for i, sent in enumerate(doc.sents) if sent.start <= tok.i < sent.end)


def _short_for(doc: Doc, mentions: list[Mention]) -> None:
    """A proposed one-word name in brackets right after a proposed phrase it abbreviates is the same
    entity: 'Ablated Learned Temperature Energy (or "AbeT" for short)'."""
    proposed = [m for m in mentions if m.role == PROPOSES and not m.derived]
    for long in (m for m in proposed if " " in m.text):
        for short in proposed:
            if short.key == long.key or " " in short.text or not 0 < short.start - long.end <= 12:
                continue
            between = doc.text[long.end : short.start]
            if "(" in between and ")" not in between and find_long_form(short.text, long.text) == 0:
                old = short.key
                for m in mentions:
                    if m.key == old:
                        m.key = long.key


#: words that tell a sentence is about data ("we release X, a collection of 10k annotated images")
DATASET_CONTEXT = DATASET_WORDS | {
    "suite",
    "collection",
    "testbed",
    "data",
    "annotations",
    "annotated",
    "dictionary",
    "lexicon",
    "treebank",
    "resource",
    "resources",
}
#: finite verbs end the phrase that says what a name is
_FINITE = {"VBZ", "VBP", "VBD", "VB", "MD"}


def _type_after(doc: Doc, mentions: list[Mention], text: str) -> str | None:
    """The type the first type noun after a name's body mentions (or a body token written as the name)
    gives it, before the phrase ends at a finite verb or a relative clause."""
    title_end = doc._.title_end
    starts = [doc.char_span(m.start, m.end, alignment_mode="expand") for m in mentions]
    ends = {s.end for s in starts if s is not None and s.start >= title_end}
    ends |= {t.i + 1 for t in doc[title_end:] if t.text == text or t.text.startswith(text + "-")}
    for end in sorted(ends):
        for tok in doc[end : end + 20]:
            if tok.is_sent_start or tok.tag_ in _FINITE or tok.lower_ in ("which", "that", ";"):
                break
            if tok.lower_ in DATASET_WORDS:
                return DATASET
            if tok.lower_ in GENERAL_NOUNS or tok.lower_ in METHOD_NOUNS:
                return METHOD
    return None
