"""The ``quality`` score of an entity: how sure the corpus is that the node is a real thing.

The builder keeps every typed mention that passes per-mention quality (extraction and
:mod:`kg.build.curation`) as a Paper→entity link; it no longer deletes entities a corpus
threshold would drop. Instead every entity carries ``quality`` in [0, 1], and corpus views
(``kg top``, ``kg related``, ``kg viz``, ``kg map``, ``kg export``) show only entities with
``quality >= queries.schema.DEFAULT_MIN_QUALITY`` (0.7) unless asked for ``--all``
(:mod:`queries.quality`). A paper's card lists all of its entities whatever their quality.

The formula (every part in [0, 1])::

    quality  = 0.7 · corpus + 0.3 · name
    corpus   = support · termhood            (0 for a generic entity: in more than
                                              max_share of the papers, from 50 papers on)
    support  = min(1, papers / need)         need: the old automatic paper minimum of the
                                              label (BuildConfig: Concept/Task max(2, N // 5000),
                                              others 1, or 2 from 5,000 papers on); 1 for an
                                              entity a paper proposes or a gazetteer lists
    termhood = min(1, relevance / min_relevance) for a Concept or Task of a corpus of 50+
                                              papers (relevance: kg.build.termhood); its
                                              specificity against general English when the
                                              entity has too few papers to be scored; for a
                                              Concept at most its name fit (concept_fit), and
                                              at most 0.45 for a phrase of general vocabulary
                                              (concept_term_probability below 0.5);
               the name fit for a Method (method_fit), a Dataset (dataset_fit) and a Metric
                                              (metric_fit) no gazetteer lists, raised by papers
                                              (fit_with_papers); 1 for listed entities
    name fit = does the name, as the papers write it, name one thing of the type: 1 for a name
               ("TidalNet", "LoRA", a form written as an acronym, a name as head: "sparse PCA")
               or an established technique ("conditional random fields"); 0.85–0.9 for a name
               with a kind or generic head ("RNN encoder", "AutoDock-GPU program"); 0.6 for an
               unnamed kind or procedure ("straight-through estimator": one more paper shows
               it); 0.45 for a description ("pooling strategy", "DNN solution", "wavelet
               methods", "automated tools", a title's words); 0.4 for a head that names no
               method ("MRI scans", "GAN outputs"); 0.3 for a piece of a string ("NIPS'12")
    name     = (confidence + agreement + shape) / 3
    confidence = mean per-mention confidence of the entity's direct mentions (the calibrated
                probability that the phrase names a thing, extract.components.mention_quality;
                1.0 for records cached before mentions carried it)
    agreement = share of the entity's direct mentions typed with its final label (how sure
                the extractor is of the type, as the corpus sees it: 1 when every mention agrees)
    shape    = 1 for a name ("BERT", "CIFAR-10", "ResNet50": two capitals or a digit),
               0.75 for a phrase of two or more words, 0.5 for a rare single word,
               0.25 for an everyday single word (general-English Zipf ≥ 4)

Why 0.7 and 0.3, and the cut at 0.7: ``corpus`` is 1 exactly for the entities the former
build thresholds kept (papers, share, relevance; proposals and gazetteer entries always),
so every one of them has quality ≥ 0.7 and the default views show what they showed before;
an entity with half the papers it needs scores at most 0.35 + 0.3 = 0.65 and is hidden; just
below the relevance cut, the name decides (relevance 0.2 of 0.25: shown with name ≥ 0.47).

Why the name fit: at one paper ``support`` is 1 for a Method (its paper minimum is 1), so before
the fit every one-paper Method was shown, and most were descriptions ("Python library", "DNN
solution", "rigorous solutions"). The fit asks the question a reader asks of the name alone,
without a list of bad phrases: is it written as a name, is its head a name, a kind of method or
a generic head, does an opening word judge or report, is it two things or a broken string. With
a typical ``name`` of 0.85, a fit ≥ 0.66 is shown at one paper: names, established techniques and
named kinds are; an unnamed kind or procedure needs a second paper (0.6 + 0.15), a description a
third (0.45 + 2 · 0.15), and a phrase headed by no method is never shown (papers do not raise it).

>>> entity_quality(support=1.0, termhood=1.0, agreement=1.0, shape=0.75)
0.975
>>> entity_quality(support=0.5, termhood=1.0, agreement=1.0, shape=1.0)
0.65
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache

from extract.head_words import (
    EMPTY_MODIFIERS,
    GENERIC_THING_HEADS,
    MEASURE_HEADS,
    MODALITY_ENDINGS,
    OBJECT_HEADS,
    RESULT_HEADS,
)
from extract.lexicon import default_lexicon
from extract.normalise import canonical_key, singular
from extract.vocab import Vocabulary, default_vocabulary
from kg.build.lab_technique import technique_name
from queries.schema import CONCEPT, DATASET, METHOD, METRIC, TASK

#: weight of the corpus evidence (support × termhood) in :func:`entity_quality`; the rest is the name's
CORPUS_WEIGHT = 0.7
#: a single word at least this frequent in general English is an everyday word
EVERYDAY_ZIPF = 4.0
#: a part of a name (between spaces and hyphens) with two capitals, or a letter and a digit
_NAME_PART = re.compile(r"[^\W\d_a-z][^\s-]*[^\W\d_a-z]|[^\W\d_][^\s-]*\d|\d[^\s-]*[^\W\d_]")


def entity_quality(
    support: float, termhood: float, agreement: float, shape: float, generic: bool = False, confidence: float = 1.0
) -> float:
    """``0.7 · support · termhood + 0.3 · (confidence + agreement + shape) / 3``, rounded to 4 places
    (see module docstring)."""
    corpus = 0.0 if generic else _unit(support) * _unit(termhood)
    name = (_unit(confidence) + _unit(agreement) + _unit(shape)) / 3
    return round(CORPUS_WEIGHT * corpus + (1 - CORPUS_WEIGHT) * name, 4)


def _unit(x: float) -> float:
    return min(1.0, max(0.0, float(x)))


def shape_score(forms: list[str], key: str, vocab: Vocabulary | None = None) -> float:
    """How much the commonest surface form (else the key) looks like the name of one thing.

    >>> shape_score(["BERT"], "bert"), shape_score(["label noise"], "label noise")
    (1.0, 0.75)
    >>> shape_score(["invariance"], "invariance"), shape_score(["results"], "result")
    (0.5, 0.25)
    >>> shape_score(["CIFAR-10"], "cifar10"), shape_score(["End-to-End"], "end to end"), shape_score(["x2"], "x2")
    (1.0, 0.75, 1.0)
    """
    form = forms[0] if forms else key
    if _NAME_PART.search(form):
        return 1.0
    words = key.split()
    if len(words) >= 2:
        return 0.75
    return 0.25 if (vocab or default_vocabulary()).zipf(words[0] if words else key) >= EVERYDAY_ZIPF else 0.5


def listed(key: str, label: str, vocab: Vocabulary | None = None) -> bool:
    """Whether a gazetteer shipped with paperkg lists ``key`` as a thing of ``label``: a known
    dataset or metric, a Papers with Code task, a model family, a listed concept or property.

    >>> listed("cifar10", "Dataset"), listed("semantic segmentation", "Task"), listed("frobnication", "Task")
    (True, True, False)
    """
    v = vocab or default_vocabulary()
    if label == DATASET:
        return key in v.dataset_names or key in v.dataset_keys
    if label == METRIC:
        return key in v.metric_names or key in v.metric_keys
    if label == TASK:
        return key in v.pwc_tasks
    if label == METHOD:
        return key in v.model_families
    if label == CONCEPT:
        return key in v.concepts or key in v.ml_properties or key in v.problem_settings
    return False


#: heads that say "a way of doing it" without saying which: a Method so headed needs a name
#: ("human-in-the-loop re-id model", "pooling strategy", "DNN solution" are descriptions)
GENERIC_METHOD_HEADS = (GENERIC_THING_HEADS - {"dataset", "benchmark", "study", "phenomenon"}) | {
    "system",
    "program",
    "mechanism",
    "modification",
}
#: heads of Method names that say what kind of thing it is ("straight-through estimator",
#: "disentangled variational autoencoder"); with ``method_heads.txt`` minus the generic ones
THING_METHOD_HEADS = frozenset(
    "autoencoder backbone classifier cnn decoder detector discriminator encoder ensemble estimator extractor "
    "gan generator grammar heuristic learner lstm machine network optimizer parser policy regularization "
    "regularizer rnn solver tokenizer transformer translator net sampler filter attention transform "
    "regression tree forest descent search distillation augmentation layer".split()
)
#: heads of what one does that no list of task or generic heads holds
SETTING_HEADS = frozenset(
    "training customization making computing planning reasoning mining assignment identification "
    "reidentification".split()
)
#: endings of a head that names a procedure ("autoregressive decoding", "LM finetuning")
PROCEDURE_ENDINGS = ("ing", "ization", "isation")
#: words inside a phrase that link it to a second thing ("ResNets on ImageNet-1k")
INNER_LINKS = frozenset({"on", "for", "with", "in", "at", "from", "via", "using", "over"})
#: last words of a form that make it a task ("Visual Entailment Task", "Textual Entailment tasks")
TASK_WORDS = frozenset({"task", "tasks", "subtask", "subtasks"})
#: the name fit of a phrase whose head names no method ("MRI scans", "joint state-action values")
OTHER_HEAD_FIT = 0.4
#: the name fit of a procedure no list knows ("autoregressive decoding", "motor timing"): shown from two papers
PROCEDURE_FIT = 0.6
#: the name fit of a piece of a string ("based BCIs", "ZMG19,CGH+19")
BROKEN_FIT = 0.3
#: the name fit of a description: a generic head without a name ("pooling strategy")
DESCRIPTION_FIT = 0.45
#: what each paper beyond the ones the label needs adds to the name fit (3 papers make a term)
FIT_PER_PAPER = 0.15
_SPLIT = re.compile(r"[\s]+")
#: characters that join two names or cut a string ("THUrssq/Tianchi04", "NIPS'12", "examples - robotic …")
_BROKEN = re.compile(r"[/\\,;:+'’$]|\s[-–—]\s|-$")


def method_fit(key: str, forms: list[str], vocab: Vocabulary | None = None, proposed: bool = False) -> float:
    """How much the entity, as its papers write it, names one method (1.0) rather than
    describing one or naming something else (0.4): the termhood of a Method, from its name alone.

    * 1.0 — written as a name somewhere (a form that is one name token: "EfficientNets",
      "ADA" for "adversarial data augmentation"), a name as head ("sparse PCA", "AST BPE"),
      or an established technique: the key or a tail of it a model family or a
      known term (Papers with Code, CSO: "conditional random fields",
      "disentangled variational autoencoder");
    * 0.9 — a name before a generic head, not a model family ("AutoDock-GPU program");
    * 0.85 — a head that names a kind of method after a name ("RNN encoder");
    * 0.6 — the same without a name ("straight-through estimator", "neural classifier") and a
      procedure ("autoregressive decoding", "motor timing"): a second paper shows them;
    * 0.45 — a description: a generic head ("pooling strategy", "human-in-the-loop re-id
      model", "DNN solution"), a class (a plural generic head: "wavelet methods"), an opening
      adjective that judges ("accurate edge representation learning"), a title in title case
      and no name ("Deep Data-Driven Reinforcement Learning"), two names in one ("X/Y"), a kind of a
      field ("quantum machine learning", "explainable AI");
    * 0.4 — any other head: the phrase names a thing that is no method ("MRI scans",
      "joint state-action values", "vector cosine"); an object of
      :data:`~extract.head_words.OBJECT_HEADS`, also as an acronym's long form, an imaging modality, a kind
      of a listed signal, a version of a platform ("EEG recordings", "Information Technology (IT)",
      "T1w MRI", "TPU-v3"); what its papers call a task ("Visual Entailment Task"); a generic head after
      words that say nothing of which ("conventional methods", "AI models"): papers never raise these.

    >>> method_fit("efficientnet", ["EfficientNets"]), method_fit("sparse pca", ["sparse PCA"])
    (1.0, 1.0)
    >>> method_fit("straight through estimator", ["straight-through estimator"]), method_fit("rnn encoder", ["RNN encoder"])
    (0.6, 0.85)
    >>> method_fit("pooling strategy", ["pooling strategy"]), method_fit("mri scan", ["MRI scans"])
    (0.45, 0.4)

    A known technique stays one whatever its first word ("naive Bayes classifier"; not "naive classifier"):

    >>> method_fit("naive bayes classifier", ["Naive Bayes classifier"]), method_fit("naive classifier", ["naive classifier"])
    (1.0, 0.45)
    """
    v = vocab or default_vocabulary()
    form = forms[0] if forms else key
    words = key.split()
    if not words:
        return OTHER_HEAD_FIT
    if (
        _BROKEN.search(form)
        or cut_off(key)
        or words[0] in EMPTY_MODIFIERS
        or _compound_adjective(form)
        or (any(_one_name(f, v) for f in forms) and _compound_adjective(_long_form(forms)))  # "low-resolution (LR)"
        or _shouted(form, v)
    ):
        # "THUrssq/Tianchi04", "arXiv:1803.09797", "NIPS'12", "based BCIs", "AI-assisted", "ABSTRACT SHORTENED
        # DUE": a piece of a string
        return BROKEN_FIT
    if _head_before_name(form):
        return (
            BROKEN_FIT  # "method ARA", "model QR-MIX", "network named TransBTS": the span took the word before the name
        )
    # "computed tomography", "MRI" (kg.build.lab_technique): what it makes ("CT image dataset") is no vote against it
    technique = technique_name(key, forms)
    if not technique and any(
        len(f.split()) > 1 and f.split()[-1].lower() in default_lexicon().dataset_heads for f in forms
    ):
        return OTHER_HEAD_FIT  # "Car Crash Dataset (CCD)": its paper calls it a dataset
    if (
        not technique
        and any(len(f.split()) > 1 and f.split()[-1].lower() in TASK_WORDS for f in forms)
        and not any(len(f.split()) > 1 and _method_head(f.split()[-1]) for f in forms)
    ):
        return OTHER_HEAD_FIT  # "Visual Entailment Task": its papers call it a task, none a method ("clustering algorithm")
    if _names_an_object(forms, v) and not technique:
        return OTHER_HEAD_FIT  # "EEG recordings", "Information Technology (IT)", "T1w MRI", "TPU-v3": no method
    if (_formalism_form(key, v) or _names_a_formalism(forms, v)) and not technique:
        return OTHER_HEAD_FIT  # "Markov games", "partially observable Markov decision processes (POMDPs)": no method
    bare = [without_version(f) for f in forms]
    if bare != forms and all(bare):
        # "wav2vec 2.0", "Marlin v2": the version numbers the name, the name decides
        return method_fit(canonical_key(bare[0]) or key, bare, v, proposed)
    if not proposed and (_of_a_field(key, v) or _of_a_field(canonical_key(_long_form(forms)), v)):
        return DESCRIPTION_FIT  # "quantum machine learning", "explainable AI": a field, a class of methods
    if any(_one_name(f, v) for f in forms):
        # written as a name ("EfficientNets", "ADA"); but an acronym of a long form in lower case headed
        # by a task or by no method ("quaternion matrix completion (QMC)", "edge servers (ESs)") is an
        # abbreviation, not a method's name, unless its paper proposes it: a second paper shows it
        long = [f for f in forms if len(f.split()) > 1 and not any(c.isupper() for c in f)]
        plain = long and not proposed and not (_names_a_method(long[0], v) or technique)
        return PROCEDURE_FIT if plain else 1.0
    tokens = [t for t in _SPLIT.split(form.strip()) if t]
    if "of" in tokens[1:-1]:  # "Gaussian assumption of classical PCA": the head stands before "of"
        tokens = tokens[: tokens.index("of")]
    words = canonical_key(" ".join(tokens)).split() or words  # the form's own head ("XLMR-large model")
    if len(tokens) > 1 and _judging(tokens[0], v) and not _known_technique(key, v):
        if _generic_only(key, tokens, v):
            return OTHER_HEAD_FIT  # "conventional methods", "existing AI approaches": no paper makes it a term
        return DESCRIPTION_FIT  # "used RNN", "lower FLOPs", "accurate edge representation learning"
    if {"and", "or"} & set(words) or INNER_LINKS & set(tokens[1:-1]):
        # "attack and detection algorithms", "Pediatric and Post-Contrast MRI", "ResNets on ImageNet-1k": two things
        return DESCRIPTION_FIT
    head_token = tokens[-1] if tokens else words[-1]
    if _NAME_PART.search(head_token) and canonical_name(head_token) not in v.not_entities:
        if len(tokens) > 1 and _plural_name(head_token) and any(t[:1].islower() for t in tokens[:-1]):
            return PROCEDURE_FIT  # "speaker discriminative CNNs", "SOTA GNNs": a class of a named kind
        return 1.0  # "sparse PCA", "AST BPE": the head is a name
    head = singular(words[-1])
    kind = head in THING_METHOD_HEADS or words[-1] in THING_METHOD_HEADS or words[-1].endswith(PROCEDURE_ENDINGS)
    if key in v.model_families or (kind and _known_technique(key, v)):
        return 1.0  # "conditional random field", "data augmentation"
    if technique:
        # "flow cytometry", "computed tomography": a technique of a science (kg.build.lab_technique); a plural
        # ("migration assays") is a class of them, shown from a second paper
        return PROCEDURE_FIT if singular(head_token.lower()) != head_token.lower() else 1.0
    modifiers = tokens[:-1]
    named_modifier = any(_NAME_PART.search(t) and canonical_name(t) not in v.not_entities for t in modifiers)
    if _title_cased(tokens) and not named_modifier:
        # a title's words, no name: "Deep Data-Driven Reinforcement Learning"; but what a paper
        # proposes in capitals is its name ("Memoised Wake Sleep")
        return 0.9 if proposed and singular(words[-1]) not in _setting_heads() else DESCRIPTION_FIT
    # a variant of an established technique: "disentangled variational autoencoder" (not of a
    # problem setting: "multilingual few-shot learning")
    tails = (" ".join(words[i:]) for i in range(1, len(words) - 1))
    if kind and any(_known_technique(t, v) and t not in v.problem_settings for t in tails):
        return 1.0
    plural = singular(head_token.lower()) != head_token.lower()
    if head in GENERIC_METHOD_HEADS:
        name_before = bool(modifiers) and len(tokens) <= 3 and _own_name(modifiers[-1])
        name_before = name_before and not _family(modifiers[-1], v)
        if name_before and not plural:
            return 0.9  # "AutoDock-GPU program": the name is the method
        if _generic_only(key, tokens, v):
            return OTHER_HEAD_FIT  # "conventional methods", "AI models": no count of papers makes it a term
        return DESCRIPTION_FIT  # "pooling strategy", "DNN solution", "wavelet methods"
    if plural and kind:
        return DESCRIPTION_FIT  # a plural: a class of methods ("multi-view encoder networks")
    if head in THING_METHOD_HEADS or words[-1] in THING_METHOD_HEADS:
        # "RNN encoder", "VAE decoder"; but "neural classifier", "navigation policy" need a second paper
        return 0.85 if named_modifier else PROCEDURE_FIT if len(words) > 1 else DESCRIPTION_FIT
    if head in _setting_heads():
        if head in default_lexicon().generic_heads and head not in _task_heads():
            return OTHER_HEAD_FIT  # "end-to-end manner", "few-shot learning setting": an empty head
        return DESCRIPTION_FIT  # "multi-domain learning", "rapid customization", "product search": a setting or a task
    if kind:  # "autoregressive decoding" but also "motor timing": a second paper makes it a term
        return PROCEDURE_FIT
    return OTHER_HEAD_FIT


#: a version or number written as a word of its own after a name: "2.0", "v2", "III", "3", "2019"
VERSION_WORD = re.compile(r"v?\d{1,2}(?:\.\d{1,2})*|v\d+(?:\.\d+)*|(?:19|20)\d\d|II|III|IV|VI|VII|VIII|IX|XI|XII")


def without_version(form: str) -> str:
    """The form without the version words after its name ("wav2vec 2.0" -> "wav2vec", "Marlin v2 1.1" -> "Marlin");
    a form that is only a version, or that has no name before it, is returned whole ("2.0", "the 2").

    >>> without_version("wav2vec 2.0"), without_version("KELP III"), without_version("ReefNet"), without_version("2.0")
    ('wav2vec', 'KELP', 'ReefNet', '2.0')
    """
    tokens = form.split()
    end = len(tokens)
    while end > 1 and VERSION_WORD.fullmatch(tokens[end - 1]):
        end -= 1
    if end == len(tokens) or not any(c.isupper() or c.isdigit() for c in " ".join(tokens[:end])):
        return form
    return " ".join(tokens[:end])


#: a bare acronym: capitals and digits, perhaps a plural s ("MGB3", "VPN", "APTs"), not a coined name ("PoseNet")
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9]+s?$")


def bare_acronym(form: str) -> bool:
    """A name written only as capitals and digits ("NFL", "DSTC2", "RNAs"): without a long form or a
    sentence that calls it a method, it may name anything (a league, a dataset, a molecule).

    >>> bare_acronym("NFL"), bare_acronym("APTs"), bare_acronym("PoseNet"), bare_acronym("t-SNE")
    (True, True, False, False)
    """
    return bool(_ACRONYM.match(form.strip()))


def acronym_headed(form: str) -> bool:
    """A bare acronym, alone or after words in lower case ("NFL", "neural KB", "destination IP"; not
    "PoseNet", "Thigh Dixon MRI" is capitalised but a scan, "sparse PCA" is one too).

    >>> acronym_headed("neural KB"), acronym_headed("NFL"), acronym_headed("parametric UMAP"), acronym_headed("SASRec")
    (True, True, True, False)
    """
    tokens = form.split()
    return bool(tokens) and bare_acronym(tokens[-1]) and all(t.islower() for t in tokens[:-1])


def family_headed(form: str, vocab: Vocabulary | None = None) -> bool:
    """The last word is a model family ("robust PCA", "vanilla DQN", "sparse NMF"): a variant of a known method."""
    tokens = form.split()
    return bool(tokens) and _family(tokens[-1], vocab or default_vocabulary())


#: a version after a platform's name ("TPU-v3", "Python 3")
_VERSION = re.compile(r"^v?\d[\w.]*$", re.IGNORECASE)
#: fields in ``not_entities.txt`` short enough to be written as a last word ("explainable AI", "REST API")
_SHORT_FIELD = 3


def _object_form(form: str, v: Vocabulary) -> bool:
    """The form names a thing of :data:`~extract.head_words.OBJECT_HEADS` (a signal, a device, a disease, a
    technology, a challenge; also data) or a measure (:data:`~extract.head_words.MEASURE_HEADS`), an imaging modality ("computed tomography"), a kind of a listed
    signal written as its acronym ("T1w MRI"), or a version of a platform ("TPU-v3").

    >>> v = default_vocabulary()
    >>> [_object_form(f, v) for f in ("EEG recordings", "Denial-of-Service", "ElectroCOrticoGraphy", "T1w MRI")]
    [True, True, True, True]
    >>> [_object_form(f, v) for f in ("TPU-v3", "DSTC Challenges 8", "LSTM cells", "stable diffusion", "Service")]
    [True, True, False, False, False]
    """
    tokens = form.split()
    if "of" in tokens[1:-1]:  # "Histogram of Oriented Gradients": the head stands before "of"
        tokens = tokens[: tokens.index("of")]
    while len(tokens) > 1 and tokens[-1].isdigit():  # "Technology Challenges 8"
        tokens = tokens[:-1]
    if not tokens:
        return False
    parts = [p for p in re.split(r"[-‐‑]", canonical_name(tokens[-1])) if p]
    if not parts:
        return False
    head = parts[-1]
    things = OBJECT_HEADS | MEASURE_HEADS
    if (len(tokens) > 1 or len(parts) > 1) and (head in things or singular(head) in things):
        return True  # "EEG recordings", "edge devices", "Denial-of-Service", "signal-to-noise ratio"; not "Service"
    if head.isalpha() and head.endswith(MODALITY_ENDINGS):
        return True  # "ElectroCOrticoGraphy", "computed tomography", "fluorescence microscopy"
    if len(tokens) > 1 and bare_acronym(tokens[-1]) and canonical_name(tokens[-1]) in v.concepts:
        return True  # "grayscale MRI", "multi-channel EEG": a kind of a signal (concepts.txt)
    stem = re.split(r"[-\s]+", form.strip())
    return len(stem) == 2 and canonical_name(stem[0]) in v.not_entities and bool(_VERSION.match(stem[1]))


def _names_an_object(forms: list[str], v: Vocabulary) -> bool:
    """The commonest form names no method but an object (:func:`_object_form`), or the entity is written as a
    name whose long form does ("IT" for "Information Technology", "DoS" for "Denial-of-Service")."""
    if not forms:
        return False
    if _object_form(forms[0], v):
        return True
    long = _long_form(forms)
    return bool(long) and any(_one_name(f, v) for f in forms) and _object_form(long, v)


#: heads of a formalism a method is built on or a problem is stated in, not a method: games ("Markov games",
#: "stochastic games"), logics ("linear temporal logic"), grammars ("context-free grammar")
FORMALISM_HEADS = frozenset({"game", "logic", "grammar"})


def _formalism_form(form: str, v: Vocabulary) -> bool:
    """The form names a formalism: its head is one of :data:`FORMALISM_HEADS`, or its words end in a concept of
    ``concepts.txt`` of two words or more (a kind of it: "partially observable Markov decision process" of
    "Markov decision process").

    >>> v = default_vocabulary()
    >>> [_formalism_form(f, v) for f in ("Markov games", "observable Markov decision processes", "game engine", "GamesNet")]
    [True, True, False, False]
    """
    words = canonical_key(form).split()
    if not words:
        return False
    if len(words) > 1 and singular(words[-1]) in FORMALISM_HEADS:
        return True
    words[-1] = singular(words[-1])
    return any(" ".join(words[i:]) in v.concepts for i in range(1, len(words) - 1))  # a tail of two words or more


def _names_a_formalism(forms: list[str], v: Vocabulary) -> bool:
    """The commonest form names a formalism (:func:`_formalism_form`), or the entity is written as a name whose
    long form does ("POMDPs" for "partially observable Markov decision processes")."""
    if not forms:
        return False
    if _formalism_form(forms[0], v):
        return True
    long = _long_form(forms)
    return bool(long) and any(_one_name(f, v) for f in forms) and _formalism_form(long, v)


def _long_form(forms: list[str]) -> str:
    """The commonest form of two or more words, a hyphenated one or a word not written as a name: an acronym's
    long form ("Magnetoencephalography" for "MEG"), or ''."""
    return next((f for f in forms if len(f.split()) > 1 or "-" in f or not _NAME_PART.search(f)), "")


def _of_a_field(key: str, v: Vocabulary) -> bool:
    """The key ends in a field, a platform or an organisation of ``not_entities.txt`` after a modifier
    ("quantum machine learning", "scalable machine learning", "explainable AI", "REST API"): a kind of a
    field, not one method (a long single word is left alone: "feature engineering").

    >>> v = default_vocabulary()
    >>> _of_a_field("quantum machine learning", v), _of_a_field("explainable ai", v), _of_a_field("feature engineering", v)
    (True, True, False)
    """
    words = key.split()
    for i in range(1, len(words)):
        tail = " ".join(words[i:])
        if tail in v.not_entities and (i < len(words) - 1 or len(tail) <= _SHORT_FIELD):
            return True
    return False


def _method_head(word: str) -> bool:
    """A last word that makes a phrase a method ("algorithm", "network", "classifier")."""
    w = singular(canonical_name(word))
    return w in default_lexicon().method_heads or w in THING_METHOD_HEADS or w in GENERIC_METHOD_HEADS


def _generic_only(key: str, tokens: list[str], v: Vocabulary) -> bool:
    """A generic head ("methods", "approach") after modifiers that say nothing of which (:func:`_empty_modifier`),
    not a known term ("genetic algorithm", "topic models" are): a description no count of papers makes a term.

    >>> v = default_vocabulary()
    >>> _generic_only("conventional method", ["conventional", "methods"], v), _generic_only("ai model", ["AI", "models"], v)
    (True, True)
    >>> _generic_only("genetic algorithm", ["genetic", "algorithms"], v), _generic_only("wavelet method", ["wavelet", "methods"], v)
    (False, False)
    """
    return (
        len(tokens) > 1
        and singular(canonical_name(tokens[-1])) in GENERIC_METHOD_HEADS
        and all(_empty_modifier(t, v) for t in tokens[:-1])
        and not _known_technique(key, v)
    )


def _empty_modifier(token: str, v: Vocabulary) -> bool:
    """A modifier that says nothing of which method: one that judges (:func:`_judging`), an everyday word
    (Zipf ≥ :data:`EVERYDAY_ZIPF`), a generic ML word ("deep", "neural", "learning") or a field ("AI").

    >>> v = default_vocabulary()
    >>> [_empty_modifier(t, v) for t in ("conventional", "AI", "statistical", "wavelet", "Zentropy", "kernel")]
    [True, True, True, False, False, False]
    """
    from kg.build.curation import ML_GENERIC_WORDS

    w = canonical_name(token)
    if _NAME_PART.search(token) and w not in v.not_entities:
        return False  # "DNN", "GPU-based"
    parts = [p for p in re.split(r"[-‐‑]", w) if p]
    return (
        _judging(token, v)
        or w in v.not_entities
        or all(singular(p) in ML_GENERIC_WORDS for p in parts)  # "deep", "learning-based"
        or (len(parts) == 1 and v.zipf(w) >= EVERYDAY_ZIPF)  # "hybrid"; not "human-in-the-loop"
    )


def _head_before_name(form: str) -> bool:
    """A generic head before one name ("method ARA", "model QR-MIX", "network named TransBTS"): a cut span.

    >>> _head_before_name("method ARA"), _head_before_name("network named TransBTS"), _head_before_name("model predictive control")
    (True, True, False)
    """
    tokens = form.split()
    rest = [t for t in tokens[1:] if t.lower() not in ("named", "called", "dubbed", "termed")]
    return (
        len(tokens) > 1
        and tokens[0].lower() in GENERIC_THING_HEADS | {"network"}
        and len(rest) == 1
        and bool(_NAME_PART.search(rest[0]))
    )


def _names_a_method(phrase: str, v: Vocabulary) -> bool:
    """Whether a phrase's head is a kind of method, a generic method head or a procedure, or the phrase
    ends in an established technique ("context encoder network", "adversarial data augmentation")."""
    words = canonical_key(phrase).split()
    if not words:
        return False
    head = singular(words[-1])
    for tail in (" ".join(words[i:]) for i in range(max(1, len(words) - 1))):  # the phrase, or a tail of 2+ words
        if tail in v.model_families or (
            tail in v.cso_topics and tail not in v.pwc_tasks and tail not in v.generic_terms
        ):
            return True  # an established technique, not a task ("matrix completion")
    if head in THING_METHOD_HEADS or head in GENERIC_METHOD_HEADS:
        return True
    return words[-1].endswith(PROCEDURE_ENDINGS) and head not in _setting_heads()


@lru_cache(maxsize=1)
def _setting_heads() -> frozenset[str]:
    """Heads of what one does, not how ("learning", "training", "optimization", "search"): a Method
    so headed needs a name or an established term ("contrastive learning")."""
    from kg.build.curation import BARE_TASK_HEADS, TASK_HEADS

    lex = default_lexicon()
    return frozenset(BARE_TASK_HEADS | TASK_HEADS | lex.task_heads | lex.generic_heads | SETTING_HEADS)


#: opening words that judge or report rather than name ("lower FLOPs", "used RNN", "potential … BCI")
JUDGING_WORDS = frozenset(
    "used using potential lower higher larger smaller better faster simpler improved baseline top real-world sota "
    "individual equivalent corresponding accurate reliable trustworthy mainstream classical similar base well-known "
    "widely-used so-called off-the-shelf commonly-used".split()
)
#: an opening gerund at least this frequent in general English is an activity ("fitting SDEs", "training CNNs")
GERUND_ZIPF = 3.0
#: a past participle at least this frequent in general English opens a description ("automated tools")
PARTICIPLE_ZIPF = 3.8


def _judging(token: str, v: Vocabulary) -> bool:
    """An opening word (of two or more) that describes rather than names: a generic modifier
    ("accurate", "novel"), a comparative, a common past participle ("used", "automated") or gerund
    ("fitting SDEs": an activity)."""
    w = token.lower()
    return (
        w in JUDGING_WORDS
        or w in default_lexicon().generic_modifiers
        or (w.endswith("ed") and w.isalpha() and v.zipf(w) >= PARTICIPLE_ZIPF)
        or (w.endswith("ing") and w.isalpha() and v.zipf(w) >= GERUND_ZIPF)
    )


@lru_cache(maxsize=1)
def _task_heads() -> frozenset[str]:
    """Heads of what one does (tasks, training, search): a phrase so headed may be a term with more papers."""
    from kg.build.curation import BARE_TASK_HEADS, TASK_HEADS

    return frozenset(BARE_TASK_HEADS | TASK_HEADS | default_lexicon().task_heads | SETTING_HEADS)


def canonical_name(token: str) -> str:
    """A token's key for a list lookup: lower case, without surrounding punctuation."""
    return token.strip("()[]{},.;:'\"").lower()


#: last parts of a compound adjective ("AI-assisted", "GPU-based", "noise-aware")
ADJECTIVE_TAILS = EMPTY_MODIFIERS | {"assisted", "guided", "enabled", "free", "specific", "agnostic", "inspired"}


def _shouted(form: str, v: Vocabulary) -> bool:
    """Everyday words in capitals ("ABSTRACT SHORTENED DUE"): a heading or a note, not a name."""
    tokens = [t for t in form.split() if any(c.isalpha() for c in t)]
    everyday = [t for t in tokens if len(t) >= 3 and v.zipf(t) >= 3.5]
    return len(tokens) > 1 and all(t.isupper() for t in tokens) and len(everyday) >= max(2, len(tokens) / 2)


#: last parts of a one-token compound adjective that names a property or a class ("NP-hard", "NP-complete",
#: "PAC-Bayesian"): complexity words and adjective endings
PROPERTY_TAILS = frozenset({"hard", "complete"})
ADJECTIVE_ENDINGS = ("ian", "ous", "ive", "able", "ible", "ful", "less")


def _compound_adjective(form: str) -> bool:
    """The form ends in a compound adjective ("AI-assisted", "GPU-based"): it qualifies a noun it lost; or the
    form is one such token naming a property ("NP-hard", "PAC-Bayesian", "low-resolution": a degree word before
    a noun).

    >>> [_compound_adjective(f) for f in ("AI-assisted", "NP-hard", "PAC-Bayesian", "low-resolution")]
    [True, True, True, True]
    >>> [_compound_adjective(f) for f in ("Actor-Critic", "BERT-base", "low-rank adaptation", "CNN-LSTM", "Fast-RCNN")]
    [False, False, False, False, False]
    """
    tokens = form.split()
    parts = re.split(r"[-‐‑]", tokens[-1].lower()) if tokens else []
    if len(parts) > 1 and parts[-1] in ADJECTIVE_TAILS:
        return True
    if len(tokens) != 1 or len(parts) != 2 or not all(parts):
        return False
    return (
        parts[-1] in PROPERTY_TAILS
        or (parts[-1].endswith(ADJECTIVE_ENDINGS) and len(parts[-1]) > 5)
        or (parts[0] in DEGREE_WORDS and re.split(r"[-‐‑]", tokens[-1])[-1].islower())  # not "Fast-RCNN"
    )


def _plural_name(token: str) -> bool:
    """A name in the plural: capitals and a final lower-case s ("CNNs", "GANs", "BCIs")."""
    return len(token) > 2 and token.endswith("s") and token[-2].isupper()


def _own_name(token: str) -> bool:
    """A name of one thing rather than of a field ("RL", "EA", "ML"): four or more characters, or a digit
    ("AutoDock-GPU", "G2P", "ReSA")."""
    last = re.split(r"[-‐‑]", token)[-1].lower()
    return (
        bool(_NAME_PART.search(token))
        and (len(token) >= 4 or any(c.isdigit() for c in token))
        and last not in EMPTY_MODIFIERS  # "MFCC-based approach": the name is what it is based on
    )


def _one_name(form: str, v: Vocabulary) -> bool:
    """A form that is one name token ("EfficientNets", "ADA", "BPE"), not a language or a platform."""
    token = form.strip()
    return (
        bool(token)
        and " " not in token
        and "/" not in token
        and bool(_NAME_PART.search(token))
        and (canonical_name(token) not in v.not_entities)
    )


def _family(token: str, v: Vocabulary) -> bool:
    """A token that is a model family on its own ("DNN", "CNN", "LSTM"): a generic head after it
    describes a use of the family, not a new method."""
    return canonical_name(token).rstrip("s") in v.model_families or canonical_name(token) in v.model_families


def _known_technique(phrase: str, v: Vocabulary) -> bool:
    return phrase in v.model_families or (
        (phrase in v.cso_topics or phrase in v.pwc_tasks) and phrase not in v.generic_terms
    )


def _title_cased(tokens: list[str]) -> bool:
    """Two or more words, each capitalised and none a name: "Deep Data-Driven Reinforcement Learning"."""
    words = [t for t in tokens if t[:1].isalpha()]
    return len(words) >= 2 and all(w[:1].isupper() for w in words)


def fit_with_papers(fit: float, papers: int, need: int) -> float:
    """The name fit raised by the papers beyond those the label needs (not a fit below
    :data:`DESCRIPTION_FIT`): each adds :data:`FIT_PER_PAPER` (a phrase three papers use as a method is a term, two papers are not enough for a description).

    >>> fit_with_papers(0.45, 1, 1), fit_with_papers(0.45, 3, 1), fit_with_papers(0.45, 4, 2), fit_with_papers(0.4, 9, 1)
    (0.45, 0.75, 0.6, 0.4)
    """
    if fit < DESCRIPTION_FIT:
        return fit  # a piece of a string or a phrase headed by no method stays so however often seen
    return round(min(1.0, fit + FIT_PER_PAPER * max(0.0, papers / max(need, 1) - 1)), 4)


#: last words of a Dataset phrase that make it data of a kind, not a named dataset ("EHR data", "OOS data")
DATA_OF_A_KIND = frozenset({"data", "samples", "points", "records", "recordings"})
#: characters that join two names or cut a string: "miniImageNet, tieredImageNet", "D4RL: Datasets", "CPU+GPU"
_JOINERS = re.compile(r"[,;:/\\+'’]|\s[-–—]\s")


def dataset_fit(key: str, forms: list[str], vocab: Vocabulary | None = None) -> float:
    """How much the entity, as its papers write it, names one dataset (1.0): the termhood of a
    Dataset no gazetteer lists.

    * 0.3 — two names or a piece of a string ("miniImageNet, tieredImageNet", "D4RL: Datasets",
      "leoxiaobin/CvT", "AMDA linearly");
    * 0.4 — everyday words only, written in lower case and nowhere as a name ("speech", "real-world data",
      "news articles"): what the data is about, not a dataset, however many papers use it;
    * 0.45 — a description: an opening word in lower case ("downscaled WSIs", "average PSNR",
      "artificial TVGs", "structured query language SPARQL"), or data of a kind ("EHR data");
    * 1.0 otherwise: a name ("CAL500", "NIGENS General Sound Events Database", "SEWA dataset").

    >>> dataset_fit("cal500", ["CAL500"]), dataset_fit("sewa", ["SEWA dataset"])
    (1.0, 1.0)
    >>> dataset_fit("downscaled wsi", ["downscaled WSIs"]), dataset_fit("ehr", ["EHR data"])
    (0.45, 0.45)
    >>> dataset_fit("miniimagenet tieredimagenet", ["miniImageNet, tieredImageNet"])
    0.3
    """
    form = (forms[0] if forms else key).strip()
    tokens = form.split()
    if not tokens or _JOINERS.search(form) or cut_off(key) or (len(tokens) > 1 and tokens[-1].lower().endswith("ly")):
        return BROKEN_FIT
    if everyday_data(key, forms or [form], vocab or default_vocabulary()):
        return OTHER_HEAD_FIT
    if len(tokens) > 1 and tokens[0].islower() and not any(c.isdigit() for c in tokens[0]):
        return DESCRIPTION_FIT
    if all(len(f.split()) > 1 and f.split()[-1].lower() in DATA_OF_A_KIND for f in forms or [form]):
        return DESCRIPTION_FIT
    if _datasets_of_a_task(forms or [form], vocab or default_vocabulary()):
        return DESCRIPTION_FIT
    return 1.0


def _datasets_of_a_task(forms: list[str], v: Vocabulary) -> bool:
    """Every form is a task's acronym before a plural dataset noun ("three KBQA datasets": the initials of the
    Papers with Code task "knowledge base question answering"): several datasets of a task, not one dataset.

    >>> _datasets_of_a_task(["KBQA datasets"], default_vocabulary()), _datasets_of_a_task(["REEF datasets"], default_vocabulary())
    (True, False)
    """
    for f in forms:
        tokens = f.split()
        if len(tokens) != 2 or not bare_acronym(tokens[0]) or tokens[1].lower() not in _PLURAL_DATASET_NOUNS:
            return False
        if tokens[0].lower().rstrip("s") not in _task_initials(v):
            return False
    return bool(forms)


_PLURAL_DATASET_NOUNS = frozenset({"datasets", "benchmarks", "corpora"})


_INITIALS: dict[int, frozenset[str]] = {}


def _task_initials(v: Vocabulary) -> frozenset[str]:
    """The initials of the Papers with Code tasks of three words or more ("kbqa")."""
    if id(v) not in _INITIALS:
        _INITIALS[id(v)] = frozenset("".join(w[0] for w in t.split()) for t in v.pwc_tasks if len(t.split()) >= 3)
    return _INITIALS[id(v)]


def everyday_data(key: str, forms: list[str], v: Vocabulary) -> bool:
    """Every word of the key is everyday English (Zipf ≥ :data:`EVERYDAY_ZIPF`), the commonest form is in lower
    case and no form is written as a name: "speech", "real-world data" (not "Places", "SUN", "CIFAR-10").

    >>> v = default_vocabulary()
    >>> everyday_data("speech", ["speech", "Speech"], v), everyday_data("real world data", ["real-world data"], v)
    (True, True)
    >>> everyday_data("place", ["Places"], v), everyday_data("sun", ["SUN"], v), everyday_data("ehr", ["EHR data"], v)
    (False, False, False)
    """
    words = key.split()
    return (
        bool(words)
        and forms[0].islower()
        and not any(_NAME_PART.search(f) for f in forms)
        and all(v.zipf(w) >= EVERYDAY_ZIPF for w in words)
    )


#: heads that are what something produces or achieves ("performance drop", "SSIM gains"): the mention
#: checks' list less the heads a concept may have ("impulse response", "pose estimate", "emergent behavior")
CONCEPT_RESULT_HEADS = RESULT_HEADS - {"behavior", "behaviour", "estimate", "response"}
#: opening words of degree, also compared: a Concept so opened is a state of something ("slow convergence", "short
#: random walks", "higher frequency")
DEGREE_WORDS = frozenset(
    "slow fast high low short long small large minimum maximum poor strong weak slower faster higher lower shorter "
    "longer smaller larger greater poorer stronger weaker".split()
)
#: first parts of a one-word adjective ("nonconvex", "low-latency", "high-dimensional")
_ADJECTIVE_PREFIX = re.compile(r"^(non|low|high)-?[a-z]")
#: endings of a noun that such a word may still be ("nonlinearity", "low-rankness")
_NOUN_ENDINGS = ("ity", "ness", "ion", "ence", "ance", "ing", "ism", "ment", "ship", "er", "or")


#: opening words that name a role in one paper's set-up, not a concept ("input sentence", "target speaker",
#: "user query"); a phrase so opened is a term only when more papers use it ("target domain")
ROLE_WORDS = frozenset("input output target source user test training query given current original".split())
#: heads of what a study needs, fears or loses ("accuracy requirements", "privacy concerns", "performance gap")
NEED_HEADS = frozenset("requirement criterion criteria concern burden gap reduction degradation issue".split())
#: heads that say what a text is about, not which idea ("research topics", "conversational context", "application
#: areas"): a closed class of abstract nouns of subject matter
SUBJECT_HEADS = frozenset("topic context area aspect direction theme perspective".split())
#: a quantity of a resource ("memory usage", "computation power", "energy consumption"): what a method costs, not
#: an idea of the field; heads of an amount after a word of :data:`RESOURCE_WORDS`
AMOUNT_HEADS = frozenset("usage use consumption footprint overhead cost power budget demand".split())
RESOURCE_WORDS = frozenset(
    "memory computation computational compute computing energy power storage bandwidth time runtime gpu cpu "
    "hardware resource".split()
)


def _subject_or_amount(tokens: list[str]) -> bool:
    """A phrase headed by a subject-matter noun or naming an amount of a resource.

    >>> _subject_or_amount(["research", "topics"]), _subject_or_amount(["memory", "usage"]), _subject_or_amount(["expressive", "power"])
    (True, True, False)
    """
    if len(tokens) < 2:
        return False
    last = canonical_name(tokens[-1])
    heads = {last, singular(last), last[:-1] if last.endswith("s") else last}  # "topics" (singular keeps "-ics")
    return bool(heads & SUBJECT_HEADS) or (
        bool(heads & AMOUNT_HEADS) and singular(canonical_name(tokens[-2])) in RESOURCE_WORDS
    )


#: words a name does not start or end with: a piece cut from a sentence ("learning for", "of the model")
FUNCTION_WORDS = frozenset("of for with and or in on to by from via the a an at as than".split())
#: the Latin word of "in situ", "in vivo", "in vitro", "in silico" opening a key: the span lost its "in"
CUT_LATIN = frozenset({"situ", "vivo", "vitro", "silico", "utero"})


@lru_cache(maxsize=1)
def _agent_heads() -> frozenset[str]:
    """Singular heads of people, organisations, venues and tools (``agent_heads.txt``, as the mention checks)."""
    from extract.vocab import word_list

    return frozenset(singular(w.lower()) for w in word_list("agent_heads.txt"))


#: link words inside a hyphenated compound ("grapheme-to-phoneme", "state-of-the-art", "end-to-end")
_COMPOUND_LINKS = frozenset({"to", "of", "and", "vs", "by", "the"})


def _linked_modifier(token: str) -> bool:
    """A hyphenated compound with a link word inside ("Grapheme-to-Phoneme", "signal-to-noise"): a modifier
    of a noun the span lost ("… conversion", "… ratio"), never a concept on its own.

    >>> _linked_modifier("Grapheme-to-Phoneme"), _linked_modifier("low-rank"), _linked_modifier("Korean-to")
    (True, False, False)
    """
    parts = [p.lower() for p in re.split(r"[-‐‑]", token)]
    return len(parts) >= 3 and any(p in _COMPOUND_LINKS for p in parts[1:-1])


def cut_off(key: str) -> bool:
    """The key starts or ends with a function word, or starts with the Latin word of "in situ" or "in vivo"
    without its "in": a piece of a sentence, not a name.

    >>> cut_off("data efficient adversarial learning for"), cut_off("learning to rank")
    (True, False)
    >>> cut_off("situ hybridization"), cut_off("in situ hybridization")
    (True, True)
    """
    words = key.split()
    return bool(words) and (words[0] in FUNCTION_WORDS | CUT_LATIN or words[-1] in FUNCTION_WORDS)


def concept_fit(key: str, forms: list[str], vocab: Vocabulary | None = None) -> float:
    """How much the entity, as its papers write it, names a concept rather than describing something:
    an upper bound on a Concept's termhood.

    * 0.3 — a piece of a string ("X, Y", "A/B", "learning for"), or a linked compound that lost its noun
      ("multilingual grapheme-to-phoneme", "signal-to-noise");
    * 0.4 — people, organisations, venues or tools ("annotators", "translation firms");
    * 0.6 — an acronym no long form explains ("CC", "ENs": a second paper more shows it);
    * 0.45 — a description: a generic head ("language phenomena"), a need or a loss ("privacy
      concerns", "performance gap"), an opening word that names a role in the paper's set-up
      ("input sentence", "target speaker"), an opening word that judges or reports ("giving rise", "novel
      insights", "used features") or says a degree ("slow convergence", unless the phrase is an
      established term: "maximum likelihood"), a head that is a result ("performance drop"), a class of
      methods (a plural method head: "face detectors"), or one adjective ("nonconvex", "low-latency");
    * 1.0 otherwise.

    >>> concept_fit("label noise", ["label noise"]), concept_fit("nonconvex", ["nonconvex"])
    (1.0, 0.45)
    >>> concept_fit("give rise", ["giving rise"]), concept_fit("nonlinearity", ["nonlinearity"])
    (0.45, 1.0)
    >>> concept_fit("translation firm", ["translation firms"]), concept_fit("target speaker", ["target speaker"])
    (0.4, 0.45)
    """
    v = vocab or default_vocabulary()
    form = (forms[0] if forms else key).strip()
    tokens = form.split()
    if not tokens or _JOINERS.search(form) or cut_off(key) or _linked_modifier(tokens[-1]):
        return BROKEN_FIT  # also "Multilingual Grapheme-to-Phoneme", "signal-to-noise": a modifier that lost its noun
    if all(bare_acronym(f) for f in forms or [form]):
        return PROCEDURE_FIT  # "CC", "ENs", "US": an acronym no long form explains; more papers show it ("EEG", "MDP")
    head = singular(tokens[-1].lower())
    if head in _agent_heads():
        return OTHER_HEAD_FIT  # "annotators", "translation firms", "domain experts": people and organisations
    if len(tokens) > 1 and (
        head in GENERIC_THING_HEADS
        or head in NEED_HEADS
        or tokens[0].lower() in ROLE_WORDS | {"performance"}
        or _subject_or_amount(tokens)
    ):
        return DESCRIPTION_FIT  # "language phenomena", "privacy concerns", "input sentence", "performance gap"
    if len(tokens) > 1 and (_judging(tokens[0], v) or tokens[0].lower() in DEGREE_WORDS) and key not in v.cso_topics:
        return DESCRIPTION_FIT  # "slow convergence", "high sample complexity"; not "maximum likelihood"
    if len(tokens) > 1 and singular(tokens[-1].lower()) in CONCEPT_RESULT_HEADS:
        return DESCRIPTION_FIT  # "performance drop", "accuracy gains": what something achieves, not a concept
    last = tokens[-1].lower()
    if len(tokens) > 1 and singular(last) != last and singular(last) in THING_METHOD_HEADS:
        return DESCRIPTION_FIT  # "face detectors", "sentence encoders": a class of methods (method_fit says so too)
    word = tokens[0].lower()
    if len(tokens) == 1 and _ADJECTIVE_PREFIX.match(word) and not word.rstrip("s").endswith(_NOUN_ENDINGS):
        return DESCRIPTION_FIT
    return 1.0


def raised_by_papers(key: str, forms: list[str], vocab: Vocabulary | None = None) -> bool:
    """Whether papers may still make a Concept of :func:`concept_fit` 0.45 a term: a phrase that opens with a role
    in one paper's set-up ("target domain", "input noise") or is headed by a need or a loss ("generalization gap",
    "variance reduction"), where many papers sharing it make it a term of the field; a generic head, an opening
    word that judges or says a degree, "performance", a result, a class of methods or one adjective stay
    descriptions whatever their papers ("performance gap", "key components", "slow convergence").

    >>> raised_by_papers("target domain", ["target domain"]), raised_by_papers("generalization gap", ["generalization gap"])
    (True, True)
    >>> raised_by_papers("performance gap", ["performance gap"]), raised_by_papers("key component", ["key components"])
    (False, False)
    """
    v = vocab or default_vocabulary()
    tokens = ((forms[0] if forms else key).strip() or key).split()
    if len(tokens) < 2:
        return False
    first, head = tokens[0].lower(), singular(tokens[-1].lower())
    if first == "performance" or head in GENERIC_THING_HEADS or head in _agent_heads() or _subject_or_amount(tokens):
        return False  # also "research topics", "memory usage" in many papers
    if _judging(tokens[0], v) or first in DEGREE_WORDS:
        return False  # "high computational burden", "slow convergence"
    return first in ROLE_WORDS or head in NEED_HEADS


#: the features of :func:`concept_term_probability`, in order
TERM_FEATURES = ("everyday", "everyday_head", "phrase", "task_listed", "named", "titled", "papers", "plural")
#: weights of :func:`concept_term_probability` (logistic regression, the last one the bias), fitted on the
#: Concepts the default views showed of 1,000 arXiv abstracts (lines 1–1000 of the project's arXiv sample),
#: each judged by hand by the definition of a Concept ("a named idea of the field": label noise, yes;
#: graph nodes, video frames, background knowledge, no), the gazetteer-listed ones left out (149, 45 no); 10-fold
#: cross-validated AUC 0.78 on that set; at 0.5 it hides 18 of the 45 and 6 of the 104
TERM_WEIGHTS = {
    "everyday": -1.21,
    "everyday_head": -0.94,
    "phrase": 1.47,
    "task_listed": 1.0,
    "named": 1.03,
    "titled": 1.18,
    "papers": 1.15,
    "plural": -0.82,
    "bias": 0.01,
}
#: a Concept less likely than this to be a term of the field is a phrase of general vocabulary
MIN_TERM_PROBABILITY = 0.5
#: papers beyond this many raise the term probability no further: the weight of ``papers`` was fitted on
#: Concepts of 1 to a few dozen papers (most 2–5), and past a handful of papers a count says how common a
#: phrase is, not that it is a term ("use cases" is in hundreds of papers of a large corpus); without the
#: bound a phrase of everyday words shown at 0.1 at 2 papers passed 0.5 from about 10
TERM_PAPERS_SATURATION = 8

#: heads that name a signal or a medium: a phrase so headed after everyday words names the stuff a paper
#: works on ("speech signal", "audio signal", "text data", "video frames"), not an idea of the field
MEDIUM_HEADS = frozenset(
    {"signal", "data", "image", "video", "recording", "waveform", "scan", "frame", "text", "audio", "clip", "sound"}
)


def generic_medium(key: str, forms: Counter | dict[str, int] | list[str], vocab: Vocabulary | None = None) -> bool:
    """A signal or a medium named generically: a phrase headed by a medium (:data:`MEDIUM_HEADS`) whose other
    words are all everyday English (Zipf ≥ 4) and no form of which is written as a name. "Speech signal",
    "audio signals", "input text" are what papers work on, whatever their count of papers; "EEG signals" and
    "hyperspectral images" name a kind of data of the field (a rare word or a name says which).

    >>> generic_medium("speech signal", ["speech signals"]), generic_medium("hyperspectral image", ["hyperspectral images"])
    (True, False)
    >>> generic_medium("eeg signal", ["EEG signals"]), generic_medium("signal", ["signal"])
    (False, False)
    """
    v = vocab or default_vocabulary()
    words = key.split()
    if len(words) < 2 or singular(words[-1]) not in MEDIUM_HEADS:
        return False
    if any(_NAME_PART.search(f) for f in forms):
        return False  # "EEG signals", "RGB-D images": a name says which
    return all(v.zipf(w) >= EVERYDAY_ZIPF for w in words[:-1])


def concept_term_features(
    key: str, forms: Counter | dict[str, int], papers: int, titled: int, vocab: Vocabulary | None = None
) -> dict[str, float]:
    """What tells a Concept that names an idea of the field ("label noise", "negative transfer") from a phrase
    any scientific text may use ("graph nodes", "video frames", "background knowledge"):

    * ``everyday``: how everyday its rarest word is in general English (Zipf / 5; 0 for a word rarer than the
      list goes): "catastrophic" and "equivariant" are rare, "graph node" is not;
    * ``everyday_head``: the same for its last word;
    * ``phrase``: two words or more (a single word's commonness is its own feature);
    * ``task_listed``: Papers with Code lists it;
    * ``named``: a form written as a name or an acronym a paper defines ("knowledge graphs (KGs)");
    * ``titled``: a title names it (a paper is about it, not only using it in passing);
    * ``papers``: the natural log of its papers, up to :data:`TERM_PAPERS_SATURATION` (a count says how
      common a phrase is, past a handful of papers not that it is a term);
    * ``plural``: the share of its mentions in the plural (countable objects: "video frames", "node pairs").
    """
    v = vocab or default_vocabulary()
    words = key.split() or [key]
    total = sum(forms.values()) or 1
    plural = sum(c for f, c in forms.items() if f.split() and singular(f.split()[-1].lower()) != f.split()[-1].lower())
    return {
        "everyday": min(v.zipf(w) for w in words) / 5,
        "everyday_head": v.zipf(words[-1]) / 5,
        "phrase": float(len(words) > 1),
        "task_listed": float(key in v.pwc_tasks),
        "named": float(any(_NAME_PART.search(f) for f in forms)),
        "titled": float(titled > 0),
        "papers": math.log(min(max(papers, 1), TERM_PAPERS_SATURATION)),
        "plural": plural / total,
    }


def concept_term_probability(
    key: str, forms: Counter | dict[str, int], papers: int, titled: int = 0, vocab: Vocabulary | None = None
) -> float:
    """The probability that a Concept names an idea of the field rather than being a phrase of general
    vocabulary (:func:`concept_term_features`, weights :data:`TERM_WEIGHTS`).

    >>> concept_term_probability("video frame", {"video frames": 2}, 2) < MIN_TERM_PROBABILITY
    True
    >>> concept_term_probability("catastrophic forgetting", {"catastrophic forgetting": 4}, 4) > MIN_TERM_PROBABILITY
    True
    """
    feats = concept_term_features(key, forms, papers, titled, vocab)
    z = TERM_WEIGHTS["bias"] + sum(TERM_WEIGHTS[f] * x for f, x in feats.items())
    return round(1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))), 4)


#: heads of a statistic or of a measure taken of a body or a sample ("odds ratio", "confidence interval", "standard
#: deviation", "body mass index", "waist circumference", "plasma concentrations", "antibody titers"): a Metric
#: (:func:`kg.build.field_sense.statistic`)
STATISTIC_HEADS = frozenset(
    {"deviation", "interval", "range", "ratio", "index", "circumference", "concentration", "titer", "titre"}
)


def metric_fit(key: str, forms: list[str], vocab: Vocabulary | None = None) -> float:
    """How much a Metric no gazetteer lists, as its papers write it, names a measure: the termhood of such a Metric.

    * 0.4 — hardware, a platform or an object ("A100 GPUs", "GPU cluster", "edge devices": a token of
      ``not_entities.txt``, or a last word of :data:`~extract.head_words.OBJECT_HEADS`), or one everyday word that
      names no measure ("performance", "results"): what is measured or used, not a measure;
    * 1.0 — a name or an acronym ("PSNR", "FLOPs") or a phrase headed by a measure ("Bayesian Dirichlet
      scores", "peak sidelobe rate"; :data:`~extract.head_words.MEASURE_HEADS` and the last words of
      ``metric_heads.txt``), or one word rarer than everyday English ("perplexity");
    * 0.6 — any other phrase ("children's IQ tests", "confidence interval"), and one that opens with a word
      that judges or says a degree ("elevated cell ratio"): a second paper shows it.

    >>> metric_fit("a100 gpu", ["A100 GPUs"]), metric_fit("performance", ["performance"]), metric_fit("image quality", ["image quality"])
    (0.4, 0.4, 0.6)
    >>> metric_fit("psnr", ["PSNR"]), metric_fit("bayesian dirichlet", ["Bayesian Dirichlet scores"]), metric_fit("perplexity", ["perplexity"])
    (1.0, 1.0, 1.0)
    """
    v = vocab or default_vocabulary()
    form = forms[0] if forms else key
    tokens = [canonical_name(t) for f in forms or [form] for t in re.split(r"[\s‐‑-]+", f) if canonical_name(t)]

    def bases(t: str) -> set[str]:
        return {t, singular(t), t[:-1] if t.endswith("s") else t}

    lasts = [canonical_name(f.split()[-1]) for f in forms or [form] if f.split()]
    if any(bases(t) & v.not_entities for t in tokens) or any(bases(t) & OBJECT_HEADS for t in lasts):
        return OTHER_HEAD_FIT  # "A100 GPUs", "GPU cluster", "edge devices": hardware, a platform, an object
    words = key.split()
    if len(words) == 1 and not _NAME_PART.search(form) and v.zipf(words[0]) >= EVERYDAY_ZIPF:
        return OTHER_HEAD_FIT  # "performance", "results": a generic quantity word
    heads = MEASURE_HEADS | {h.split()[-1] for h in default_lexicon().metrics if h.split()}
    if len(words) > 1 and (_judging(words[0], v) or words[0] in DEGREE_WORDS):
        return PROCEDURE_FIT  # "elevated cell ratio", "low signal-to-noise ratios": a finding, a second paper shows it
    if any(_NAME_PART.search(f) and " " not in f.strip() for f in forms or [form]) or len(words) == 1:
        return 1.0
    if any(f.split() and singular(canonical_name(f.split()[-1])) in heads for f in forms or [form]):
        return 1.0
    return PROCEDURE_FIT
