"""Names that, in the paper's own field, name no method, dataset, metric or concept of the graph.

The gazetteers and the span model were made on machine-learning text. In a field the project has never
seen (biomedicine, chemistry, the environment) the same span model types molecules, genes, proteins,
diseases, patient groups and cited authors as Methods or Metrics, and a gazetteer name matches an
everyday word of that field ("the slow tideflow" is no dataset Tideflow). This module decides from the
name and its sentences only, never from a list of names seen in a corpus:

* **the name's shape** (:func:`not_a_thing`, called by :func:`kg.build.curation.curate`): a nucleic acid
  ("mRNA", "cfDNA", "miR-21b"), a chemical formula made of element symbols ("K2S2O8", "SiCl4"), a name
  headed by "gene", "protein", "mRNA" or "receptor", a Roman numeral or a string of initials ("IV",
  "U.K"), a clause with a finite verb, an organisation ("Reef Safety Agency"), an ion cut from its charge
  ("Zn2"), a group of people as a Concept ("ventilated patients"), a task
  whose only modifiers say when or how ("early screening"); a gazetteer dataset the papers only write in
  lower case while its name has capitals (:func:`written_lower`: "tideflow" is not Tideflow); a Method
  or a Concept headed by a statistic is a Metric (:func:`statistic`: "standard deviation", "odds ratio");
* **the syntax of the name's own sentences** (:func:`object_vote`): "X gene / protein / mRNA /
  expression", "patients with X", "risk for X", and for a symbol also "expression / levels / mutation of
  X", "binding to X", "X levels" say X is a molecule, a gene or a disease; "Name (2009", "Name et al" say
  it is a cited author. :func:`domain_objects` drops a key when a third or more of its direct mentions
  say so (``kg.build.builder.object_votes``, the columnar build in SQL);
* **a short form written as an everyday word** (:func:`everyday_use`): a paper that writes another
  paper's acronym only in lower case means the word (``kg.build.builder.own_senses``).

Every regular expression here reads a bounded slice of the sentence around the mention, so the cost
stays linear on hostile input.

>>> not_a_thing("mrna", "Method", ["mRNA"]), not_a_thing("resnet50", "Method", ["ResNet50"])
(True, False)
>>> object_vote("kelp7", "KELP7", "Expression of KELP7 was lower in the tumours.")
'object'
>>> object_vote("reefnet2", "ReefNet2", "We train ReefNet2 on the coral images.") is None
True
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet

from extract.normalise import singular
from extract.vocab import Vocabulary, default_vocabulary
from kg.build.entity_quality import STATISTIC_HEADS
from kg.build.technique import technique_head
from queries.schema import CONCEPT, DATASET, METHOD, METRIC, TASK

#: the chemical element symbols (a closed class of science, not names seen in a corpus)
ELEMENTS = frozenset(
    "H He Li Be B C N O F Ne Na Mg Al Si P S Cl Ar K Ca Sc Ti V Cr Mn Fe Co Ni Cu Zn Ga Ge As Se Br Kr Rb Sr Y Zr "
    "Nb Mo Tc Ru Rh Pd Ag Cd In Sn Sb Te I Xe Cs Ba La Ce Pr Nd Pm Sm Eu Gd Tb Dy Ho Er Tm Yb Lu Hf Ta W Re Os Ir "
    "Pt Au Hg Tl Pb Bi Po At Rn Fr Ra Ac Th Pa U Np Pu Am Cm Bk Cf Es Fm Md No Lr".split()
)
_ELEMENT_COUNT = re.compile(r"([A-Z][a-z]?)(\d*)")
#: most atoms of one element a formula of the kind abstracts name holds ("C6H12O6"); "UCF101" is a name
MAX_ATOMS = 20
#: a nucleic acid: "DNA", "mRNA", "circRNAs", "cfDNA", "miR-21b", "circRNA"
_NUCLEIC = re.compile(r"^(?:[a-z]{0,5}(?:RNA|DNA)s?|miR-?\d+[a-z]?(?:-\d+[a-z]?)*)$")
#: last words of a name that make it a molecule or a gene ("KELP7 gene", "frobnin receptor")
MOLECULE_HEADS = frozenset({"gene", "protein", "mrna", "receptor", "enzyme", "antibody", "kinase", "isoform"})
#: a Roman numeral of two letters or more ("II", "IV", "XII": a grade, a stage, a phase)
_ROMAN = re.compile(r"^(?:x{0,3})(?:ix|iv|v?i{0,3})$")
#: a string of initials ("U.K", "e.g", "N.Z.")
_INITIALS = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]?\.?$")
#: heads of groups of people ("ventilated patients", "older adults"): who is studied, not a concept
PEOPLE_HEADS = frozenset(
    "patient subject participant individual people person adult child children infant woman women man men "
    "volunteer survivor recipient donor resident nurse physician clinician cohort adolescent teenager student "
    "professional worker practitioner caregiver parent mother father smoker respondent athlete employee neonate "
    "newborn".split()
)
#: heads of organisations ("Reef Safety Agency", "Kelp Growers Association"): who acts, not a method, dataset
#: or concept
ORGANISATION_HEADS = frozenset(
    "organization organisation association society agency administration foundation committee council "
    "ministry department institute university college hospital company corporation".split()
)
#: openings that make a risk a statistic of epidemiology ("relative risk", "absolute risk"), not a danger
RISK_STATISTICS = frozenset({"relative", "absolute", "attributable"})
#: an ion of one two-letter element with its charge cut off ("Zn2" of "Zn2+")
_ION = re.compile(r"^([A-Z][a-z])([1-4])$")

#: modifiers that say when, how or how well a task is done, not which one ("early screening", "automated
#: prediction"); a task so modified has no target of its own
MANNER_MODIFIERS = frozenset(
    "early earlier late timely rapid fast quick accurate reliable robust automated automatic manual "
    "clinical precise improved efficient".split()
)
#: task heads a manner modifier can leave without a target
_TARGETLESS_HEADS = frozenset(
    "detection prediction diagnosis identification recognition classification screening assessment "
    "estimation segmentation translation analysis".split()
)

#: words right after a name that say it is a molecule, a gene, a cell type or a disease
#: ("KELP7 expression", "frobnin receptor", "sepsis patients"); "cells" is not among them ("LSTM cells")
_AFTER_OBJECT = re.compile(
    r"^\W{0,3}(?:genes?|proteins?|mRNAs?|receptors?|expression|mutations?|mutants?|"
    r"polymorphisms?|alleles?|isoforms?|cytokines?|antibod(?:y|ies)|inhibitors?|signall?ing|pathways?|"
    r"deficiency|knockdown|knockout|overexpression|methylation|transcripts?|patients|infections?)\b",
    re.IGNORECASE,
)
#: words after a symbol ("TIV3 levels", "QX2 concentrations") that say it is a substance; after a phrase they
#: are as often a quantity of the field ("noise levels")
_AFTER_SUBSTANCE = re.compile(r"^\W{0,3}(?:levels|concentrations?)\b", re.IGNORECASE)
#: phrases before a symbol (or before a list it is in) that say it is a molecule or a gene ("expression of
#: ZOR1 and TIV3", "binding to TIV3")
_BEFORE_OBJECT = re.compile(
    r"(?:expressions?|levels?|concentrations?|mutations?|overexpression|upregulation|downregulation|"
    r"knockdown|silencing|inhibition|methylation|secretion|binding)\s+(?:of|in|to)\s",
    re.IGNORECASE,
)
#: phrases before any name that say it is a disease ("patients with frobnosis", "at risk for frobnosis")
_BEFORE_DISEASE = re.compile(
    r"(?:(?:patients|people|individuals|diagnosed|infected)\s+with|risk\s+(?:of|for)|diagnosis\s+of)\s",
    re.IGNORECASE,
)
#: words right after any name that say it is a substance given or measured ("ZAP-treated", "40 mg of" is before;
#: "ZAP 40 mg", "ZAP-induced", "ZAP-positive cells", "ZAP supplementation")
_AFTER_SUBSTANCE_ANY = re.compile(
    r"^(?:\s*\(?\d+(?:\.\d+)?\s*(?:mg|µg|μg|ug|ng|g|ml|mL|mmol|µmol|μmol|nmol|mM|µM|μM|nM|IU|U)\b|"
    r"[-‐‑](?:induced|treated|exposed|loaded|positive|negative|deficient|mediated|dependent|stimulated)\b|"
    r"\s+(?:supplementation|administration|exposure|treatment\s+group|toxicity|poisoning|intake|dosage|doses?)\b)",
    re.IGNORECASE,
)
#: words right after a symbol that say it is a cell type, a molecule's activity or a content ("HEK7 cells", "SOD
#: activity"); after a phrase they are as often a method's part ("LSTM cells" is listed, and kept)
_AFTER_SYMBOL_OBJECT = re.compile(r"^\W{0,3}(?:cells?|activit(?:y|ies)|contents?|production|release)\b", re.IGNORECASE)
#: phrases before any name that say it is a substance given or met ("treated with X", "a dose of X", "exposure to
#: X", "supplemented with X"): what is studied, not how
_BEFORE_SUBSTANCE = re.compile(
    r"(?:treated\s+with|treatment\s+with|doses?\s+of|exposure\s+to|"
    r"exposed\s+to|supplement(?:ed|ation)\s+with|infected\s+with|injection\s+of|injected\s+with|"
    r"intake\s+of|inhibitors?\s+of|agonists?\s+of|antagonists?\s+of)\s",
    re.IGNORECASE,
)
#: a section heading of a structured abstract ("METHODS:", "Conclusions:"): an everyday word (or words) opening
#: the sentence, in capitals or capitalised, before a colon
_HEADING_AFTER = re.compile(r"^\s*:")
#: words after a heading's colon read: a sentence follows, at most its first word capitalised
_HEADING_READ = 4
#: words that end a list or start a clause: a cue before them is not about the name after them
_CLAUSE_BREAK = frozenset(
    "was were is are be been has have had can could may will not also which that who using used by we our while "
    "whereas than as for on in at from into".split()
)
#: a cited author: "Name et al", "Name (2009", "Name and Other (2009", "Name, 2009"
_CITED = re.compile(r"^\s*(?:et\s+al\b|(?:(?:and|&)\s+[A-Z][\w'-]*\s*)?[,(]\s*(?:19|20)\d\d)")
#: characters of the sentence read around a mention
_WINDOW = 80
#: occurrences of a mention's text in its sentence read at most ("the receptor (KELP7) … binding to KELP7")
_OCCURRENCES = 4
#: most words between a cue and the name it is about ("expression of A, B and C")
_LIST_WORDS = 10
#: most words in lower case (besides "and", "or", "the") there: a long form in the list ("frobnin kinase (FK)")
_PLAIN_WORDS = 3
_LIST_GLUE = frozenset({"and", "or", "the", "a", "an", "both"})


def chemical_formula(form: str) -> bool:
    """Whether the form is a formula of two element symbols or more with a count at the end ("K2S2O8", "SiCl4").

    >>> chemical_formula("K2S2O8"), chemical_formula("SiCl4"), chemical_formula("W2V"), chemical_formula("VGG16")
    (True, True, False, False)
    >>> chemical_formula("CaCO3"), chemical_formula("UCF101"), chemical_formula("SUP2")
    (True, False, False)
    """
    if not form or not form[-1].isdigit() or len(form) > 12:
        return False
    parts = _ELEMENT_COUNT.findall(form)
    if len(parts) < 2 or "".join(s + n for s, n in parts) != form or not all(s in ELEMENTS for s, _ in parts):
        return False
    counts = [int(n) for _, n in parts if n]
    if any(c > MAX_ATOMS for c in counts):
        return False  # "UCF101", "FC100": a name with a number, no formula
    # three one-letter symbols with one count ("SUP2") spell a word; "CaCO3", "C6H12O6" have a two-letter symbol
    # or more counts
    return len(parts) < 3 or len(counts) >= 2 or any(len(s) == 2 for s, _ in parts)


def symbol(text: str) -> bool:
    """One token with two capitals, or a letter and a digit ("AF", "TIV3", "Th1", "PM2.5"): the cues before a
    name and "levels" after it count only for a symbol ("the expression of the posterior" is mathematics,
    "noise levels" a quantity).

    >>> symbol("TIV3"), symbol("Th1"), symbol("AF"), symbol("Expected Improvement"), symbol("noise"), symbol("42")
    (True, True, True, False, False, False)
    """
    if not text or any(c.isspace() for c in text) or not any(c.isalpha() for c in text):
        return False
    return sum(c.isupper() for c in text) >= 2 or any(c.isdigit() for c in text)


def molecule(key: str, forms: list[str], formula: bool = True) -> bool:
    """A nucleic acid, a chemical formula (``formula``: also these), or a name headed by "gene", "protein",
    "mRNA" … (the commonest form).

    >>> molecule("lncrna", ["circRNAs"]), molecule("kelp7 gene", ["KELP7 gene"]), molecule("mlp", ["MLP"])
    (True, True, False)
    """
    form = forms[0] if forms else key
    words = key.split()
    return bool(
        _NUCLEIC.match(form)
        or (formula and chemical_formula(form))
        or (len(words) > 1 and singular(words[-1]) in MOLECULE_HEADS)
    )


def _name_head(words: list[str]) -> str:
    """The head of a key's words: the last, or the word before the first "for" ("european organization for research
    and treatment of cancer" is an organization; not "of": "university of kelp repository" is a repository).

    >>> _name_head("kelp growers association".split()), _name_head("tidal organisation for reef care".split())
    ('association', 'organisation')
    """
    cut = next((i for i, w in enumerate(words) if w == "for" and i > 0), len(words))
    return words[cut - 1] if words else ""


def _head_capitalised(head: str, forms: Iterable[str]) -> bool:
    """Whether a form names ``head`` with a capital, as a proper name does ("… Association", "Organisation for …")."""

    def spelt(word: str) -> str:  # British and American spelling: "Organisation" for the key's "organization"
        return singular(word.lower()).replace("isation", "ization")

    return any(w[:1].isupper() and spelt(w) == spelt(head) for f in forms for w in f.split())


def statistic(key: str, label: str, forms: Iterable[str] = ()) -> bool:
    """Whether a Method or a Concept is a statistic or a body measure by its head (:data:`STATISTIC_HEADS`),
    written in lower case (a name in capitals, "Reef Likelihood Ratios (RLR)", is a method): a Metric, what a
    study measures, never a Concept ("odds ratio", "confidence interval", "body mass index").

    >>> statistic("standard deviation", "Method", ["standard deviation"]), statistic("reef mass index", "Method")
    (True, True)
    >>> statistic("reef likelihood ratio", "Method", ["Reef Likelihood Ratios"]), statistic("ratio", "Method")
    (False, False)
    >>> statistic("kelp ratio test", "Method"), statistic("odds ratio", "Concept"), statistic("odds ratio", "Task")
    (False, True, False)
    >>> statistic("relative risk", "Concept"), statistic("recurrence risk", "Concept")
    (True, False)
    """
    words = key.split()
    head = words[-1] if words else ""
    return (
        label in (METHOD, CONCEPT)
        and len(words) > 1
        and (head in STATISTIC_HEADS or (head == "risk" and words[0] in RISK_STATISTICS))
        and not _head_capitalised(head, forms)
    )


def not_a_thing(key: str, label: str, forms: list[str], vocab: Vocabulary | None = None) -> bool:
    """Whether the entity, by its name's shape alone, is none of the graph's things (module docstring).

    >>> not_a_thing("iv", "Method", ["IV"]), not_a_thing("u.k", "Metric", ["U.K"])
    (True, True)
    >>> not_a_thing("ventilated patient", "Concept", ["ventilated patients"])
    True
    >>> not_a_thing("patient", "Concept", ["patient"])
    True
    >>> not_a_thing("early screening", "Task", ["early screening"]), not_a_thing("kelp detection", "Task", [])
    (True, False)
    """
    words = key.split()
    if not words:
        return False
    form = forms[0] if forms else key
    if _ROMAN.match(key) and len(key) >= 2 or _INITIALS.match(form) or _clause(form):
        return True
    if label in (METHOD, DATASET, METRIC) and molecule(key, forms, formula=label != DATASET):
        return True  # a dataset's name is often letters and a count ("PH2"): no formula read there
    if label == CONCEPT and singular(words[-1]) in PEOPLE_HEADS:
        return True
    head = _name_head(words)
    if len(words) > 1 and head in ORGANISATION_HEADS and label in (METHOD, DATASET, CONCEPT):
        return _head_capitalised(head, forms)  # "Kelp Growers Association", not "data association"
    if label in (METHOD, METRIC) and (ion := _ION.match(form)) and ion.group(1) in ELEMENTS:
        return True
    return (
        label in (TASK, CONCEPT)
        and len(words) > 1
        and words[-1] in _TARGETLESS_HEADS
        and all(w in MANNER_MODIFIERS for w in words[:-1])
    )


#: finite verbs that make a long string a clause, not a name ("X extension of Y were also generated")
_FINITE = frozenset({"is", "are", "was", "were", "been", "has", "have", "had"})


def _clause(form: str) -> bool:
    """A form of four words or more with a finite verb in lower case: a clause the span model read as a name.

    >>> _clause("kelp model extension of ReefNet were also trained (KMR)"), _clause("Kelp Is Enough")
    (True, False)
    """
    words = form.split()
    return len(words) >= 4 and any(w in _FINITE for w in words)


def written_lower(name: str | None, forms: list[str]) -> bool:
    """A gazetteer ``name`` written with capitals that every one of the entity's forms writes in lower case:
    the papers mean the everyday word or a label of their own ("the slow tideflow", "subtype q7").

    >>> written_lower("Tideflow", ["tideflow"]), written_lower("Tideflow", ["Tideflow", "tideflow"])
    (True, False)
    >>> written_lower("reefbank", ["reefbank"]), written_lower("Q7", [])
    (False, False)
    """
    return name is not None and name != name.lower() and bool(forms) and all(f == f.lower() for f in forms)


#: Zipf frequency from which a word in lower case is everyday English ("garden", "grid"; not "bert")
EVERYDAY_ZIPF = 4.0


def everyday_use(text: str, vocab: Vocabulary | None = None) -> bool:
    """Whether a mention of a short form is an everyday English word in lower case ("garden" where another paper
    defines "GARDEN"): a paper that writes it so means the word, not the other paper's abbreviation.

    >>> everyday_use("garden"), everyday_use("GARDEN"), everyday_use("svm")
    (True, False, False)
    """
    return text.isalpha() and text.islower() and (vocab or default_vocabulary()).zipf(text) >= EVERYDAY_ZIPF


def object_vote(key: str, text: str, sentence: str) -> str | None:
    """What one mention's sentence says the name is, when it is none of the graph's things: ``"object"``
    (a molecule, gene, cell type or disease: "expression of X", "X levels", "patients with X") or
    ``"person"`` (a cited author: "X et al", "X (2009"); else None.

    >>> object_vote("frobnin", "frobnin", "Serum frobnin receptor levels rose.")
    'object'
    >>> object_vote("frobnin", "frobnin", "Serum frobnin levels rose.")
    >>> object_vote("tiv3", "TIV3", "TIV3 levels rose.")
    'object'
    >>> object_vote("kelp7", "KELP7", "The expression of GLIM2, TOR4 and KELP7 was measured.")
    'object'
    >>> object_vote("kelp7", "KELP7", "The expression of GLIM2 was measured using KELP7.") is None
    True
    >>> object_vote("marlow", "Marlow", "It was scored as in Marlow and Quint (2011).")
    'person'
    >>> object_vote("adam", "Adam", "We train with Adam (Kingma and Ba, 2015).") is None
    True
    >>> object_vote("kelp7", "KELP7", "The spike uses KELP7 for entry, and binding to KELP7 is fast.")
    'object'
    """
    if not text:
        return None
    at, seen = sentence.find(text), 0
    while at >= 0 and seen < _OCCURRENCES:
        vote = _vote_at(text, sentence, at)
        if vote is not None:
            return vote
        at, seen = sentence.find(text, at + len(text)), seen + 1
    return None


def heading(text: str, sentence: str, at: int) -> bool:
    """Whether the mention of ``text`` at offset ``at`` is a section heading of a structured abstract: it opens
    the sentence, a colon and a sentence follow (not a title in title case), and it is everyday English written in
    capitals or capitalised ("METHODS:", "Main outcome measures:"; not "ReefNet:" or "SHORE: Better Kelp Detection").

    >>> heading("METHODS", "METHODS: We enrolled 40 adults.", 0), heading("Conclusions", "Conclusions: It works.", 0)
    (True, True)
    >>> heading("ReefNet", "ReefNet: a model for reefs", 0), heading("METHODS", "The METHODS: none", 4)
    (False, False)
    >>> heading("SHORE", "SHORE: Better Kelp Detection with Less Data", 0)
    False
    """
    words = text.split()
    colon = _HEADING_AFTER.match(sentence[at + len(text) :])
    if sentence[:at].strip() or not words or not colon:
        return False
    following = sentence[at + len(text) + colon.end() :].split()[:_HEADING_READ]
    if sum(w[:1].isupper() for w in following) > 1:
        return False  # "REEF: Improving Kelp Detection": a title in title case, not a heading before a sentence
    if not all(w.isalpha() for w in words) or not (text.isupper() or words[0][1:].islower()):
        return False
    v = default_vocabulary()
    return all(w.lower() in ("and", "of") or v.zipf(w.lower()) >= EVERYDAY_ZIPF for w in words)


def _vote_at(text: str, sentence: str, at: int) -> str | None:
    """:func:`object_vote` for the occurrence of ``text`` at offset ``at`` of ``sentence``."""
    if heading(text, sentence, at):
        return "heading"
    after = sentence[at + len(text) : at + len(text) + _WINDOW]
    if text[:1].isupper() and text[1:].islower() and _CITED.match(after):
        return "person"
    if _AFTER_OBJECT.match(after):
        return "object"
    before = sentence[max(0, at - _WINDOW) : at]
    if _cue_before(_BEFORE_DISEASE, before):
        return "object"
    if not technique_head(text) and (_AFTER_SUBSTANCE_ANY.match(after) or _cue_before(_BEFORE_SUBSTANCE, before)):
        return "object"  # "treated with ZAP", "ZAP 40 mg", "ZAP-induced"; not "treated with kelp therapy"
    if not symbol(text):
        return None
    if _AFTER_SUBSTANCE.match(after) or _AFTER_SYMBOL_OBJECT.match(after) or _cue_before(_BEFORE_OBJECT, before):
        return "object"
    return None


def _cue_before(cue_pattern: re.Pattern, before: str) -> bool:
    """Whether the last cue of ``cue_pattern`` in ``before`` (the text before a name) is about the name: only a
    list of names lies between them, no clause."""
    cue = None
    for found in cue_pattern.finditer(before):
        cue = found
    if cue is None:
        return False
    between = before[cue.end() :].replace(",", " ").split()
    if len(between) > _LIST_WORDS or any(w.lower().strip("()") in _CLAUSE_BREAK for w in between):
        return False
    plain = [w for w in between if w.isalpha() and w.islower() and w not in _LIST_GLUE]
    return len(plain) <= _PLAIN_WORDS


def domain_objects(
    votes: Mapping[str, Counter],
    forms: Mapping[str, Counter],
    keep: Mapping[str, str] | None = None,
    proposed: AbstractSet[str] = frozenset(),
) -> set[str]:
    """The keys a third or more of whose direct mentions (``forms``: key → its mentions' texts) their sentences
    call a molecule, a disease, a cited author or a section heading (``votes``: :func:`object_vote` per key),
    except those the shipped gazetteers list as a thing of their label (``keep``: key → label, checked with
    :func:`kg.build.entity_quality.listed`); a name a paper proposes (``proposed``) is no heading ("SHORE:" alone,
    a title cut at its colon).

    >>> domain_objects({"shore": Counter({"heading": 1})}, {"shore": Counter({"SHORE": 2})}, proposed={"shore"})
    set()

    >>> domain_objects({"kelp7": Counter({"object": 1})}, {"kelp7": Counter({"KELP7": 3})})
    {'kelp7'}
    >>> domain_objects({"kelp7": Counter({"object": 1})}, {"kelp7": Counter({"KELP7": 4})})
    set()
    """
    from kg.build.entity_quality import listed

    v = default_vocabulary()
    out = set()
    for key, c in votes.items():
        said = c["object"] + c["person"] + (c["heading"] if key not in proposed else 0)
        mentions = sum(forms.get(key, Counter()).values()) or said
        if said and 3 * said >= mentions and not (keep and key in keep and listed(key, keep[key], v)):
            out.add(key)
    return out
