"""Canonical keys: how surface forms of one entity meet on one node.

The rules are deterministic string rules (no model), so the same function
resolves names typed by a user at query time.

>>> canonical_key("Sparse Autoencoders")
'sparse autoencoder'
>>> canonical_key("CIFAR-10") == canonical_key("cifar10")
True
>>> canonical_key("SAEs")
'sae'
>>> canonical_key("invariances")
'invariance'
"""

from __future__ import annotations

import re
import unicodedata

_KEEP_S = ("ss", "us", "is", "ics", "sis", "xis", "ous", "as", "os")
_INVARIANT_PLURALS = {"data", "series", "species", "news", "media", "criteria", "corpora", "physics", "dynamics"}
_IRREGULAR = {
    "analyses": "analysis",
    "hypotheses": "hypothesis",
    "indices": "index",
    "matrices": "matrix",
    "vertices": "vertex",
    "phenomena": "phenomenon",
    "corpora": "corpus",
    "criteria": "criterion",
    "biases": "bias",
    "aliases": "alias",
}
_SPLIT = re.compile(r"[\s\-_‐‑‒–—/]+")
_STRIP = re.compile(r"^[^\w+#]+|[^\w+#]+$")
_POSSESSIVE = re.compile(r"'s\b")
#: prefixes written with or without a hyphen: "pre-trained" = "pretrained", "multi-task" = "multitask"
_PREFIXED = re.compile(
    r"(?<![^\W_])(pre|post|non|multi|semi|co|re|sub|bi|inter|intra|anti|auto|un)[-‐‑](?=[a-z])", re.IGNORECASE
)


def _join_prefix(match: re.Match) -> str:
    prefix = match[1]
    return match[0] if prefix.isupper() else prefix  # "RE-ranking" (an acronym) stays apart


def singular(word: str) -> str:
    """Singular form of one lowercase word by suffix rules.

    >>> [singular(w) for w in ["models", "studies", "losses", "dynamics", "data", "biases", "matches", "scenarios"]]
    ['model', 'study', 'loss', 'dynamics', 'data', 'bias', 'match', 'scenario']
    """
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if word.endswith("ios") and len(word) > 5:  # scenarios, ratios (not chaos, logos)
        return word[:-1]
    if word in _INVARIANT_PLURALS or len(word) <= 3 or not word.endswith("s") or word.endswith(_KEEP_S):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "ches", "shes", "xes", "zes")):
        return word[:-2]
    return word[:-1]


def _acronym_singular(token: str) -> str:
    """'SAEs' -> 'SAE', 'LLMs' -> 'LLM' (upper-case stem + plural s)."""
    if len(token) >= 3 and token.endswith("s") and token[:-1].isupper():
        return token[:-1]
    return token


_CLOSING_OF = {"(": ")", "[": "]", "{": "}"}


def _stripped(part: str) -> str:
    """A token without the punctuation around it, but with the closing bracket of a bracket it opens inside:
    "SE(3)" keeps its ")" (stripping it left "se(3"), "(SE(3))" loses only the outer pair.

    >>> _stripped("SE(3)"), _stripped("(SE(3))"), _stripped("(3)"), _stripped("models),")
    ('SE(3)', 'SE(3)', '3', 'models')
    """
    core = _STRIP.sub("", part)
    if not core:
        return core
    end = part.find(core) + len(core)
    rest = part[end:]
    for opening, closing in _CLOSING_OF.items():
        while core.count(opening) > core.count(closing) and rest.startswith(closing):
            core, rest = core + closing, rest[1:]
    return core


def canonical_key(text: str) -> str:
    """The canonical key of a surface form: case, plural, hyphen/space, letter-digit variants meet.

    >>> canonical_key("back-translation") == canonical_key("back translation")
    True
    >>> canonical_key("the LVIS's")
    'the lvis'
    >>> canonical_key("CRPS"), canonical_key("Cityscapes")
    ('crps', 'cityscape')
    >>> canonical_key("pre-trained language models") == canonical_key("pretrained language model")
    True
    >>> canonical_key("non-negative matrix factorisations")
    'nonnegative matrix factorization'
    >>> canonical_key("SE(3)-invariant networks")
    'se(3) invariant network'
    """
    text = unicodedata.normalize("NFKC", text).replace("’", "'")
    text = _POSSESSIVE.sub("", text)
    text = _PREFIXED.sub(_join_prefix, text)
    parts = [_stripped(p) for p in _SPLIT.split(text)]
    parts = [_acronym_singular(p) for p in parts if p]
    if not parts:
        return ""
    words = [p.lower() for p in parts]
    words = [re.sub(r"isation(s?)$", r"ization\1", w) for w in words]  # British spelling
    if not parts[-1].isupper():  # acronyms keep their S: "CRPS", "MSE" (plural "SAEs" handled above)
        words[-1] = singular(words[-1])
    # letter-digit joins: "cifar 10" == "cifar10", "gpt 2" == "gpt2"
    out: list[str] = []
    for w in words:
        if out and w.isdigit() and out[-1].isalpha() and len(out[-1]) > 1:
            out[-1] += w
        else:
            out.append(w)
    return " ".join(out)


#: Penn Treebank bracket tokens, which some corpora carry in place of brackets
PTB_BRACKETS = {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-LCB-": "{", "-RCB-": "}"}
_OPENING = re.compile(r"-(LRB|LSB|LCB)-\s*")
_CLOSING = re.compile(r"\s*-(RRB|RSB|RCB)-")


def unbracket(text: str) -> str:
    """PTB bracket tokens back to brackets.

    >>> unbracket("neural networks -LRB- NNs -RRB- are")
    'neural networks (NNs) are'
    """
    text = _OPENING.sub(lambda m: PTB_BRACKETS[m[0].strip()], text)
    return _CLOSING.sub(lambda m: PTB_BRACKETS[m[0].strip()], text)


def derived_nouns(adjective: str) -> list[str]:
    """Candidate nouns an adjective derives from (validated against the corpus later).

    >>> derived_nouns("invariant")
    ['invariance']
    >>> derived_nouns("noisy")
    ['noise', 'noisiness']
    >>> derived_nouns("robust")
    ['robustness']
    """
    a = adjective.lower()
    if a.endswith("ant"):
        return [a[:-3] + "ance"]
    if a.endswith("ent"):
        return [a[:-3] + "ence"]
    if a.endswith(("able", "ible")):
        return [a[:-2] + "ility"]  # interpretable -> interpretability
    if a.endswith("y") and len(a) > 4:
        return [a[:-1] + "e", a[:-1] + "iness"]
    if a.endswith("ive"):
        return [a + "ness", a[:-1] + "ity"]
    if a.endswith("e") and len(a) > 4:
        return [a[:-1] + "ity"]  # sparse -> sparsity
    if len(a) > 4 and a.isalpha():
        return [a + "ness"]
    return []


def normalise_text(text: str) -> str:
    """Case-, accent- and punctuation-blind form of a text, in any script: how titles
    and search words are compared (entity names use :func:`canonical_key`).

    Letters and digits of every script are kept (NFKD, combining accents
    dropped, case-folded); everything else separates words.

    >>> normalise_text("FlowState: Sampling-Rate  Invariant!")
    'flowstate sampling rate invariant'
    >>> normalise_text("Über Lernen"), normalise_text("深度学习用于图像分割"), normalise_text("Нейронные сети")
    ('uber lernen', '深度学习用于图像分割', 'неиронные сети')
    """
    if text.isascii():  # nothing to decompose (a third of the read time on 5,250 abstracts)
        kept = text.casefold()
    else:
        decomposed = unicodedata.normalize("NFKD", text)
        kept = "".join(c for c in decomposed if unicodedata.category(c) != "Mn").casefold()
    return " ".join(re.findall(r"[^\W_]+", kept))
