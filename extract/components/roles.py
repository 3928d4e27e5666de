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
* it follows "called / named / termed / dubbed" in a sentence with "we"/"our"
  or with a proposal verb of "this paper / work";
* it is "our X" / "the proposed X" for a name X.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from extract.components.mentions import is_name
from extract.labels import DATASET, METHOD
from extract.normalise import canonical_key
from extract.record import Mention
from extract.schwartz_hearst import find_long_form

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
}
NAMING_WORDS = {"called", "named", "termed", "dubbed", "coined"}
DATASET_WORDS = {"dataset", "datasets", "benchmark", "benchmarks", "corpus", "corpora"}
PROPOSES = "proposes"


def _title_prefix(doc: Doc) -> Span | None:
    """The "Name" of a "Name: subtitle" title, when it is a short name."""
    end = doc._.title_end or 0
    for tok in doc[: min(end, 8)]:
        if tok.text == ":":
            prefix = doc[0 : tok.i]
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

    def mark(ms, names_only: bool = True):
        for m in ms:
            if m.derived:
                continue
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if not names_only or (span is not None and is_name(span, in_title=span.start < doc._.title_end)):
                m.role = PROPOSES

    def propose(span: Span, label: str) -> str:
        key = canonical_key(span.text)
        mentions.append(
            Mention(
                label=label,
                key=key,
                text=span.text,
                start=span.start_char,
                end=span.end_char,
                sentence=0,
                role=PROPOSES,
            )
        )
        return key

    prefix = _title_prefix(doc)
    if prefix is not None:
        subtitle = doc[prefix.end : doc._.title_end].text.lower()
        label = DATASET if any(w in subtitle.split() for w in DATASET_WORDS) else METHOD
        short = propose(prefix, label)
        long_form = _title_long_form(doc, prefix)
        if long_form is not None:  # both sides of "MRL: Matryoshka Representation Learning", one entity
            doc._.kg_abbreviations = {**doc._.kg_abbreviations, short: propose(long_form, label)}
    else:
        name = _title_name(doc)
        if name is not None:
            propose(name, DATASET if name[-1].lower_ in DATASET_WORDS else METHOD)
    defined = {m.key for m in mentions}  # keys of abbreviations resolved earlier
    abbreviation_keys = set(doc._.kg_abbreviations.values()) & defined
    for obj in _proposal_objects(doc):
        inside = [m for m in mentions if obj.start_char <= m.start and m.end <= obj.end_char]
        mark(inside)
        mark([m for m in inside if m.key in abbreviation_keys], names_only=False)
    for i in _right_after_proposal(doc):  # "we propose FrameAvg, ..." even when the parse goes astray
        mark(by_start.get(doc[i].idx, []))
    for tok in doc:
        if tok.lower_ in NAMING_WORDS and _authors_speak(tok.sent):
            nxt = tok.i + 1
            while nxt < len(doc) and doc[nxt].is_punct:
                nxt += 1
            if nxt < len(doc):
                mark(by_start.get(doc[nxt].idx, []), names_only=False)
        if tok.lower_ in ("our", "proposed") and tok.i + 1 < len(doc):
            after = doc[tok.i + 1]
            if after.lower_ == "proposed" and tok.i + 2 < len(doc):
                after = doc[tok.i + 2]
            mark(by_start.get(after.idx, []))
    return doc
