"""Whether a Method shows, in one of its papers, that it is a technique, a procedure or a tool.

The span model was trained on computer-science abstracts. In a field it never saw (clinical and
laboratory abstracts) it types drugs, genes, proteins, cell lines, lab quantities, diseases and section
headings as Methods, most of them symbols ("CD4", "HbA1c") that look like the names of methods. A name's
shape does not tell "ELISA" from "SOD"; what its papers say does. In such a corpus a Method, also one a
gazetteer lists ("the palms" is no PaLM) or a paper proposes ("a novel compound named X"), is shown only with
one piece of evidence (:func:`kg.build.builder._quality` reads it; it stays on its papers' cards):

* **its name** (:func:`technique_named`): a form or the long form of its acronym headed by a method or a
  procedure ("logistic regression", "enzyme-linked immunosorbent assay", "quantitative PCR", "radiofrequency
  ablation", "liquid chromatography", "Hamilton test"), an established technique of the gazetteers, or a
  name of two capitalised parts joined ("ReefNet", "GlobalScan"): a software's or a model's name;
* **a sentence that uses it** (:func:`technique_vote`): "using X", "measured by X", "with the help of X",
  "patients underwent X", "X was performed / applied / used", "X assay"; or a context vote for a method
  (:mod:`kg.build.context_types`: "compared to X", "X outperforms").

A corpus of the span model's own field needs no such evidence: there most Methods name a technique by their
words, and the name fit (:func:`kg.build.entity_quality.method_fit`) decides. :func:`trusted_methods` tells
the two apart by that share.

Clinical interventions named as procedures ("radiotherapy", "cholecystectomy", "cognitive therapy") are
Methods, as a judge of a clinical graph counts them: a technique of the field. Substances, genes and
diseases are not; "treated with X" and "X mg" say nothing of a technique and are no evidence.

>>> technique_named("elisa", ["ELISA", "enzyme-linked immunosorbent assay"]), technique_named("sod", ["SOD"])
(True, False)
>>> technique_vote("Cytokines were measured by ELISA in serum.", "ELISA")
'technique'
>>> technique_vote("SOD activity rose after treatment.", "SOD") is None
True
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import lru_cache

from extract.lexicon import default_lexicon
from extract.normalise import canonical_key, singular
from extract.vocab import default_vocabulary
from kg.build.entity_quality import PROCEDURE_ENDINGS, THING_METHOD_HEADS
from kg.build.lab_technique import technique_name
from queries.schema import METHOD

#: the vote :func:`technique_vote` gives (counted beside the type votes of :mod:`kg.build.context_types`)
TECHNIQUE = "technique"
#: the vote :func:`evidence` gives a mention in a sentence about a literature search or a database ("we searched
#: KelpLit and ReefScholar"): a source searched, no technique, whatever its name
SOURCE = "source"
#: words of a sentence about a search of the literature or a database
_SEARCH_SENTENCE = re.compile(r"\b(?:databases?|data\s*bases?|databanks?|search(?:ed|es|ing)?)\b", re.IGNORECASE)

#: heads of a science's techniques, procedures and instruments that the machine-learning method heads
#: (``method_heads.txt``, :data:`kg.build.entity_quality.THING_METHOD_HEADS`) do not hold: a closed class
#: of English nouns, no names
TECHNIQUE_HEADS = frozenset(
    "assay test analysis regression simulation protocol therapy surgery ablation transplantation "
    "transplant resection excision biopsy injection implantation intervention pcr blot electrophoresis "
    "chromatography spectroscopy spectrometry microscopy cytometry calorimetry diffraction voltammetry "
    "questionnaire inventory interview checklist scale software tool kit package platform program "
    "sampling sequencing staining imaging calculation".split()
)
#: endings of a head that names a technique or a procedure ("tomography", "endoscopy", "densitometry",
#: "appendectomy", "tracheotomy", "angioplasty", "immunotherapy", "electrophoresis")
TECHNIQUE_ENDINGS = ("graphy", "scopy", "metry", "ectomy", "otomy", "ostomy", "plasty", "therapy", "phoresis")
#: a name of two capitalised parts joined ("ReefNet", "GlobalScan"); not a gene, protein or RNA symbol ("GroEL",
#: "TseTBg": one or two lower-case letters; "circHIPK3", "neuroHIV": a prefix before a symbol)
_JOINED_NAME = re.compile(r"[A-Z][a-z]{2,}[A-Z][a-z]{2,}")

#: words right before a name that use it as a technique ("using X", "measured by X", "underwent X")
_USED_BEFORE = re.compile(
    r"(?:\busing|\bby\s+means\s+of|\bwith\s+the\s+(?:help|aid|use)\s+of|\bunderw(?:ent|ent\s+an?)|\bundergoing|"
    r"\b(?:measured|assessed|determined|evaluated|detected|quantified|analy[sz]ed|estimated|examined|confirmed|"
    r"characteri[sz]ed|calculated|verified|visuali[sz]ed|monitored|investigated|obtained|tested|performed|"
    r"identified|screened|genotyped|imaged|scored|modell?ed|simulated)\s+(?:by|using|with|via|through|on))"
    r"\s+(?:(?:a|an|the)\s+)?$",
    re.IGNORECASE,
)
#: words right after a name that use it as a technique ("X was performed", "X assay", "X-based")
_USED_AFTER = re.compile(
    r"^(?:-based\b|-guided\b|\s+(?:was|were|is|are|has\s+been|have\s+been|had\s+been)\s+(?:\w+ly\s+)?"
    r"(?:performed|conducted|carried\s+out|applied|used|employed|utili[sz]ed|implemented|done|fitted|run)\b|"
    r"\s+(?:assays?|analys[ie]s|tests?|techniques?|procedures?|protocols?|software|kits?|analy[sz]ers?)\b)",
    re.IGNORECASE,
)
#: characters of the sentence read on each side of a mention
_WINDOW = 70
#: a short form in brackets right after a name ("Kelp Count Kit (KCK) assay"): read past it
_PAREN = re.compile(r"^\s*\([^()]{1,30}\)")
#: share of a corpus's Methods that must name a technique by their words (:func:`technique_named`) for the span
#: model's Method label to be trusted there (:func:`trusted_methods`): 37 % of them in 1,000 arXiv machine-learning
#: abstracts, 11-12 % in clinical ones; the cut lies between, nearer the clinical side
TRUSTED_SHARE = 0.25
#: fewer Methods than this say nothing of the field: the label is trusted
MIN_METHODS_JUDGED = 50
#: Methods read at most to judge the share (the first in key order): the cost stays bounded at any corpus size
MAX_METHODS_JUDGED = 5000
#: words right before a name that compare quantities or groups, not methods ("higher than X", "other than X",
#: "X versus Y", "compared with the X group"), or a section heading ("METHODS: X and Y cells were grown"): a type
#: vote for a method from them is no evidence
_COMPARED_ONLY = re.compile(
    r"(?:\b(?:than|versus|vs\.?|compared\s+(?:to|with))\s+(?:the\s+)?|\bmethods?\s*:\s*)$", re.IGNORECASE
)
#: a verb after a name whose subject is a marker in other fields ("X predicts poor prognosis")
_MARKER_VERB = re.compile(r"^\s+predict(?:s|ed)\b", re.IGNORECASE)
#: heads whose sense of a method other fields do not share ("a genetic variant", "an antimicrobial agent", "a
#: secretion system", "a protective mechanism", "social networks"): a name so headed, or a type vote for a method
#: beside them, is no evidence unless it ends in a model family ("capsule network")
OTHER_SENSE_HEADS = frozenset({"variant", "agent", "system", "mechanism", "network", "net"})
_OTHER_SENSE = re.compile(
    r"\b(?:variants?|agents?|systems?|mechanisms?|networks?|librar(?:y|ies)|databases?)\b", re.IGNORECASE
)


def joined_name(form: str) -> bool:
    """A token of two capitalised parts joined: a tool's or a model's name.

    >>> joined_name("ReefNet"), joined_name("GlobalScan"), joined_name("GroEL"), joined_name("circHIPK3")
    (True, True, False, False)
    """
    return " " not in form.strip() and bool(_JOINED_NAME.search(form))


def technique_head(phrase: str) -> bool:
    """Whether the phrase's last word names a technique, a procedure or an instrument of a science
    (:data:`TECHNIQUE_HEADS` after a modifier: "analysis" alone names none; :data:`TECHNIQUE_ENDINGS`).

    >>> technique_head("MTT assay"), technique_head("computed tomography"), technique_head("serum IgE")
    (True, True, False)
    """
    return _head_of(tuple(canonical_key(phrase).split()))


def _head_of(words: tuple[str, ...]) -> bool:
    """:func:`technique_head` of a key's words."""
    if not words:
        return False
    last = words[-1]
    return (len(words) > 1 and singular(last) in TECHNIQUE_HEADS) or last.endswith(TECHNIQUE_ENDINGS)


def technique_named(key: str, forms: Iterable[str]) -> bool:
    """Whether the key or one of its forms names a technique (module docstring): a technique head, a joined name,
    or a phrase of two words or more headed by a method or ending in an established technique
    (:func:`_method_phrase`).

    >>> technique_named("cox regression", ["Cox regression"]), technique_named("reefscan", ["ReefScan"])
    (True, True)
    >>> technique_named("malondialdehyde", ["MDA", "malondialdehyde"]), technique_named("cd4", ["CD4"])
    (False, False)
    """
    return technique_name(key, forms) or any(_names_technique(p) for p in (key, *forms))


@lru_cache(maxsize=1 << 16)
def _names_technique(phrase: str) -> bool:
    """:func:`technique_named` of one phrase (remembered: a build asks it of each form twice)."""
    words = tuple(canonical_key(phrase).split())
    return _head_of(words) or joined_name(phrase) or _method_words(words)


def _method_phrase(phrase: str) -> bool:
    """A phrase of two words or more headed by a kind of method (``method_heads.txt``,
    :data:`kg.build.entity_quality.THING_METHOD_HEADS`: "model", "algorithm", "classifier") or ending in a model
    family ("deep capsule network"). Not by an ending in "-ing" or "-ization" ("GABA signalling", "end joining" are
    processes of a cell as often), a head of :data:`OTHER_SENSE_HEADS` ("kelp growers network") or a topic of the
    computer-science ontology: these name a method in machine-learning text, not in every field.

    >>> _method_phrase("kelp detection model"), _method_phrase("kelp signalling"), _method_phrase("pca")
    (True, False, False)
    >>> _method_phrase("kelp grower network"), _method_phrase("deep capsule network")
    (False, True)
    """
    return _method_words(tuple(canonical_key(phrase).split()))


def _method_words(words: tuple[str, ...]) -> bool:
    """:func:`_method_phrase` of a key's words."""
    if len(words) < 2:
        return False
    families = default_vocabulary().model_families
    if any(" ".join(words[i:]) in families for i in range(len(words) - 1)):
        return True
    head = singular(words[-1])
    if head in OTHER_SENSE_HEADS or words[-1].endswith(PROCEDURE_ENDINGS):
        return False
    return head in default_lexicon().method_heads or head in THING_METHOD_HEADS


def technique_vote(sentence: str, text: str) -> str | None:
    """:data:`TECHNIQUE` when the sentence uses the name ``text`` (one of its occurrences) as a technique
    ("using X", "measured by X", "patients underwent X", "X was performed", "X assay"), else None.

    >>> technique_vote("Tumours were removed using Kelpotomy.", "Kelpotomy")
    'technique'
    >>> technique_vote("All patients underwent ZAP before discharge.", "ZAP")
    'technique'
    >>> technique_vote("Patients were treated with ZAP.", "ZAP") is None
    True
    >>> technique_vote("The Kelp Count Kit (KCK) assay was run twice.", "Kelp Count Kit")
    'technique'

    """
    at = sentence.find(text)
    while at >= 0:
        before = sentence[max(0, at - _WINDOW) : at]
        after = _PAREN.sub("", sentence[at + len(text) : at + len(text) + _WINDOW], count=1)
        if _USED_BEFORE.search(before) or _USED_AFTER.match(after):
            return TECHNIQUE
        at = sentence.find(text, at + len(text))
    return None


def evidence(sentence: str, text: str, type_vote: str | None) -> str | None:
    """What one mention's sentence shows of the name ``text`` being a technique: :data:`TECHNIQUE` for a use
    (:func:`technique_vote`) or for the sentence's type vote for a method (``type_vote``, from
    :func:`kg.build.context_types.votes`: "X outperforms", "the X model", "models such as X"), unless that vote
    comes from a comparison ("higher than X", "compared with X"), a section heading ("Methods: X"), a marker's verb
    ("X predicts") or a noun of another sense near the name ("variants", "agent", "system", "mechanism",
    "network", "library", "database").

    >>> evidence("Cytokines were measured by ZAP.", "ZAP", None), evidence("ReefDet outperforms it.", "ReefDet", "Method")
    ('technique', 'technique')
    >>> evidence("Damage was greater than ZAP.", "ZAP", "Method"), evidence("Two variants, ZAP3 and ZAP4.", "ZAP3", "Method")
    (None, None)
    >>> evidence("Compared with ZAP, it was safe.", "ZAP", "Method"), evidence("ZAP7 predicts relapse.", "ZAP7", "Method")
    (None, None)

    A sentence about a search or a database names sources, also after "using" (:data:`SOURCE`):

    >>> evidence("Studies were found by searches using KelpLit and ReefScholar.", "ReefScholar", None)
    'source'
    """
    if _SEARCH_SENTENCE.search(sentence):
        return SOURCE
    if technique_vote(sentence, text):
        return TECHNIQUE
    if type_vote != METHOD:
        return None
    at = sentence.find(text)
    before, after = sentence[max(0, at - _WINDOW) : at], sentence[at + len(text) : at + len(text) + _WINDOW]
    if _COMPARED_ONLY.search(before) or _MARKER_VERB.match(after):
        return None
    if _OTHER_SENSE.search(before[-40:]) or _OTHER_SENSE.search(after[:40]):
        return None
    return TECHNIQUE


def trusted_methods(forms: Mapping[str, Counter], labels: Mapping[str, str]) -> bool:
    """Whether the corpus's Methods (``labels``: key → final label; ``forms``: key → its mentions' texts) are of the
    span model's own field: :data:`TRUSTED_SHARE` or more of them name a technique by their words
    (:func:`technique_named`), or there are too few to tell (:data:`MIN_METHODS_JUDGED`). Otherwise a Method
    needs evidence (module docstring).

    >>> kinds = {"kelp regression": "Method", "ReefNet": "Method", "CD4": "Method", "IL7": "Method"}
    >>> forms = {k: Counter({k: 1}) for k in kinds}
    >>> trusted_methods(forms, kinds), trusted_methods({**forms, **{f"GX{i}": Counter() for i in range(60)}},
    ...                                                {**kinds, **{f"GX{i}": "Method" for i in range(60)}})
    (True, False)
    """
    keys = sorted(k for k, label in labels.items() if label == METHOD and k in forms)[:MAX_METHODS_JUDGED]
    if len(keys) < MIN_METHODS_JUDGED:
        return True
    named = sum(technique_named(k, forms[k]) for k in keys)
    return named >= TRUSTED_SHARE * len(keys)
