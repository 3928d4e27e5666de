"""Typed entity mentions from noun phrases, names and abbreviations.

One component, ``paperkg_mentions``, sets ``doc._.kg_mentions`` to a list of
:class:`extract.record.Mention`. The algorithm, per sentence:

1. candidates: spaCy noun chunks, cleaned (determiners, pronouns, numbers and
   generic modifiers such as "novel" or "existing" stripped), plus the title's
   "Name:" prefix and the long and short forms of "long form (SF)" pairs;
2. termhood: a phrase that is only a generic head ("method", "results") is dropped;
3. type by head word and lexicon (Dataset, Metric, Task, Method), names
   (CamelCase, ALL-CAPS, letter+digit) default to Method and become Dataset in
   dataset contexts ("on X", "datasets such as X and Y", the gazetteer),
   everything else is a Concept;
4. key: :func:`extract.normalise.canonical_key`, with "X dataset" → X and
   "diffusion model(s)" → "diffusion" (a generic head after a nominalisation);
5. derived concepts, kept by the builder only where the corpus confirms them:
   "invariant features" → invariance, "noisy labels" → label noise,
   "speaker invariance" → invariance, "diffusion-based" → diffusion.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from extract.lexicon import Lexicon, default_lexicon
from extract.normalise import canonical_key, derived_nouns, singular
from extract.record import Mention
from kg.schema import CONCEPT, DATASET, METHOD, METRIC, TASK

if not Doc.has_extension("kg_mentions"):
    Doc.set_extension("kg_mentions", default=[])
if not Doc.has_extension("kg_abbreviations"):
    Doc.set_extension("kg_abbreviations", default={})

LEADING_POS = {"DET", "PRON", "PART", "ADP", "CCONJ", "SCONJ", "PUNCT", "NUM", "ADV", "SYM", "AUX", "INTJ", "SPACE", "X"}
TRAILING_POS = {"PUNCT", "PART", "SPACE", "ADP", "CCONJ", "DET"}
#: heads dropped from the key after a nominalisation: "diffusion models" → "diffusion"
STRIPPABLE_HEADS = {"model", "method", "approach", "technique", "framework", "strategy", "scheme",
                    "paradigm", "mechanism"}
#: verbs the tagger reads as plural nouns at the end of a chunk ("BlockMNIST leverages")
GLUED_VERBS = {"leverages", "achieves", "outperforms", "improves", "enables", "uses", "shows", "provides",
               "requires", "yields", "allows", "learns", "exhibits", "performs", "generates", "produces",
               "demonstrates", "introduces", "proposes", "presents", "reduces", "increases", "captures",
               "combines", "exploits", "employs", "utilizes", "utilises", "relies", "suffers", "remains",
               "consists", "contains", "includes", "maintains", "obtains", "surpasses", "beats", "fails",
               "show", "shows", "demonstrate", "indicate", "indicates", "suggest", "suggests", "reveal", "reveals"}
NOMINAL_SUFFIXES = ("sion", "tion", "ance", "ence", "ity", "ness", "ism")
PROPERTY_SUFFIXES = ("ance", "ence", "ity", "ness")
#: adjectives whose noun stands for the same property on its own
PROPERTY_ADJECTIVES = ("ant", "ent", "able", "ible")
#: "relies on X" is not an evaluation on dataset X
NOT_EVAL_BEFORE_ON = {"based", "rely", "relies", "relying", "depend", "depends", "depending", "focus", "focuses",
                      "focusing", "focused", "built", "build", "builds", "conditioned", "operate", "operates",
                      "act", "acts", "draw", "draws", "impact", "effect", "effects", "light", "emphasis", "insights"}
DATASET_HOPS = {"pobj", "prep", "appos", "conj", "compound", "nmod", "npadvmod", "amod", "dep"}


def is_name_token(tok: Token) -> bool:
    """CamelCase, ALL-CAPS or letter+digit tokens: "FlowState", "BERT", "LRS3", "V-ASR"."""
    s = tok.text
    if len(s) < 2 or not any(c.isalpha() for c in s) or s[0].isdigit():
        return False
    parts = [p for p in s.replace("‐", "-").split("-") if p]
    if len(parts) > 1 and all(p.islower() or (p[0].isupper() and p[1:].islower()) for p in parts):
        return False  # a title-case compound ("In-Context", "Out-of-Distribution") is no name
    if sum(c.isupper() for c in s) >= 2:
        return True
    return any(c.isdigit() for c in s)


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
    """"ResNet-50 and WideResNet models" -> "ResNet-50", "WideResNet models" (a name before the
    conjunction); other chunks ("local and global behavior") stay whole."""
    cuts = [t.i for t in chunk if t.pos_ == "CCONJ" or t.text == ","]
    if not cuts or not any(is_name_token(t) for t in chunk[: cuts[0] - chunk.start]):
        return [chunk]
    parts, start = [], chunk.start
    for cut in cuts:
        parts.append(chunk.doc[start:cut])
        start = cut + 1
    parts.append(chunk.doc[start : chunk.end])
    return [p for p in parts if len(p)]


class MentionExtractor:
    """The ``paperkg_mentions`` component (see module docstring)."""

    def __init__(self, lexicon: Lexicon, max_tokens: int = 8):
        self.lex = lexicon
        self.max_tokens = max_tokens

    # -- candidates -------------------------------------------------------
    def clean(self, span: Span) -> Span | None:
        """Strip what is not part of a term; None when nothing term-like is left."""
        doc = span.doc
        start, end = span.start, span.end
        for i in range(start, end):  # "state-of-the-art X" -> "X"
            if doc[i].lower_ == "art" and i - start >= 2 and doc[i - 2].lower_ == "the":
                start = i + 1
        for i in range(start, end):  # "X (Y)" -> "X"
            if doc[i].text in "([":
                end = i
                break
        while start < end and (
            doc[start].pos_ in LEADING_POS
            or doc[start].lower_ in self.lex.generic_modifiers
            or doc[start].like_num
            or doc[start].text[0].isdigit()
        ) and not is_name_token(doc[start]) and not hyphen_joined(doc, start, end):
            start += 1
        while end > start and (
            doc[end - 1].pos_ in TRAILING_POS or doc[end - 1].text in "-–" or doc[end - 1].lower_ in GLUED_VERBS
        ):
            end -= 1
        if start < end and doc[start].text in "-–":  # a compound cut in half ("-fold ...")
            return None
        if end - start > self.max_tokens:
            start = end - self.max_tokens
        if start >= end:
            return None
        out = doc[start:end]
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
        if is_name(span, in_title):
            return METHOD
        return CONCEPT

    def key_and_label(self, span: Span, in_title: bool) -> tuple[str, str]:
        key = canonical_key(span.text)
        label = self.label_of(span, key, in_title)
        head = singular(span[-1].lower_)
        if len(span) > 1 and label == DATASET and head in self.lex.dataset_heads:
            names = [t for t in span[:-1] if is_name_token(t) or t.pos_ == "PROPN"]
            if names and span[0] in names and not span[-1].text[:1].isupper():  # "the LVIS dataset" -> LVIS, not "Penn Treebank" -> Penn
                run = span[: next((i for i, t in enumerate(span) if t not in names), len(span) - 1)]
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
        """"on X", "across the X", or X governed by "datasets"/"benchmarks" within a few hops."""
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

    # -- main ----------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        sent_of = {}
        for si, sent in enumerate(doc.sents):
            for tok in sent:
                sent_of[tok.i] = si
        title_end = doc._.title_end
        mentions: dict[tuple[int, int, str], Mention] = {}

        def add(span: Span, key: str, label: str, derived: bool = False, role: str | None = None) -> Mention | None:
            if not key:
                return None
            text = span.text.rstrip(".,;:")  # "ADE20K." when the tokenizer kept the full stop
            m = Mention(label=label, key=key, text=text, start=span.start_char, end=span.start_char + len(text),
                        sentence=sent_of.get(span.start, 0), role=role, derived=derived)
            mentions[(span.start_char, span.end_char, key)] = m
            return m

        candidates: dict[tuple[int, int], Span] = {}
        for chunk in doc.noun_chunks:
            for part in split_coordination(chunk):
                span = self.clean(part)
                if span is not None:
                    candidates[(span.start, span.end)] = span
        # names the parser left outside noun chunks ("... such as RandAugment")
        for tok in doc:
            if is_name_token(tok) and not any(s <= tok.i < e for s, e in candidates):
                span = self.clean(doc[tok.i : tok.i + 1])
                if span is not None:
                    candidates[(span.start, span.end)] = span

        for span in candidates.values():
            in_title = span.start < title_end
            key, label = self.key_and_label(span, in_title)
            if label == METHOD and is_name(span, in_title) and self.dataset_context(span):
                label = DATASET
            add(span, key, label)
            for dkey, dspan in self.derived(span):
                add(dspan, dkey, CONCEPT, derived=True)
            if len(span) > 1:  # names inside longer phrases: "ImageNet classification"
                for tok in span:
                    if is_name_token(tok) and tok.i != span.end - 1:
                        k = canonical_key(tok.text)
                        lab = DATASET if k in self.lex.datasets else METHOD
                        add(doc[tok.i : tok.i + 1], k, lab, derived=True)

        # propagate Dataset along coordinations: "on CIFAR-10, CelebA, ImageNet and LSUN"
        by_root = {}
        for (s, e), span in candidates.items():
            m = mentions.get((span.start_char, span.end_char, self.key_and_label(span, s < title_end)[0]))
            if m is not None:
                by_root[span.root.i] = m
        for root_i, m in sorted(by_root.items()):
            tok = doc[root_i]
            if m.label == METHOD and tok.dep_ in ("conj", "appos") and is_name_token(tok):
                head = by_root.get(tok.head.i)
                if head is not None and head.label == DATASET:
                    m.label = DATASET

        # "sparse autoencoders (SAEs)": every SAE/SAEs mention takes the long form's key
        abbreviations: dict[str, tuple[str, str]] = {}
        for long_span, short in doc._.abbreviations:
            lspan = self.clean(long_span) or long_span
            key, label = self.key_and_label(lspan, lspan.start < title_end)
            add(lspan, key, label)
            add(short, canonical_key(short.text), label)
            abbreviations[canonical_key(short.text)] = (key, label)
        unique: dict[tuple[int, int, str], Mention] = {}
        for m in mentions.values():
            if m.key in abbreviations:
                m.key, m.label = abbreviations[m.key]
            unique.setdefault((m.start, m.end, m.key), m)
        doc._.kg_abbreviations = {short: key for short, (key, _) in abbreviations.items() if short != key}
        doc._.kg_mentions = sorted(unique.values(), key=lambda m: (m.start, m.end, m.key))
        return doc


@Language.factory("paperkg_mentions", default_config={"max_tokens": 8})
def make_mention_extractor(nlp: Language, name: str, max_tokens: int):
    return MentionExtractor(default_lexicon(), max_tokens=max_tokens)
