"""Corpus-level curation: the final say on each entity's key and type.

The extractor proposes typed mentions paper by paper; after the builder has
voted one label per key, :func:`curate` decides, from facts about the name
alone, what the entity is:

1. residue (no letters, unbalanced brackets, a leading hyphen or ``%``, LaTeX,
   PTB bracket tokens) and names in ``not_entities.txt`` (languages,
   organisations, venues, platforms, fields) or "X et al" are dropped;
2. a known dataset (``datasets.txt``) is a Dataset under its main key
   ("MS COCO" → COCO, "Stanford Question Answering Dataset" → SQuAD);
3. a model family name ("ResNet34", "VGG19", "BERT-base", "FasterRCNN", "VGGNet-16") is a Method;
4. a phrase in ``generic_terms.txt`` is dropped;
5. then by type: a Dataset must be a name; a Metric is the measure alone
   ("high accuracy" → accuracy) and scores or maps are not Metrics; a Task
   loses a trailing "task" and needs a specific modifier or a Papers with Code
   task name; a Method or Concept made only of everyday words is dropped
   (general-English Zipf frequency, :mod:`extract.vocab`).

>>> curate("resnet34", "Dataset", ["ResNet34"])
('resnet34', 'Method')
>>> curate("ms coco", "Dataset", ["MS COCO"])
('coco', 'Dataset')
>>> curate("benchmark dataset", "Dataset", ["benchmark datasets"]) is None
True
>>> curate("high accuracy", "Metric", ["high accuracy"])
('accuracy', 'Metric')
>>> curate("english", "Method", ["ENGLISH"]) is None
True
>>> curate("context", "Concept", ["context"]) is None
True
>>> curate("invariance", "Concept", ["invariance"])
('invariance', 'Concept')
>>> curate("transformer model", "Method", ["transformer models"])
('transformer', 'Method')
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from extract.lexicon import default_lexicon
from extract.normalise import canonical_key, singular
from extract.vocab import Vocabulary, default_vocabulary
from kg.build.entity_quality import without_version
from kg.build.field_sense import not_a_thing, statistic, written_lower
from kg.build.lab_technique import computing_technique, technique_name
from queries.schema import CONCEPT, DATASET, METHOD, METRIC, TASK

#: words that say nothing specific in an ML abstract, whatever their English frequency
ML_GENERIC_WORDS = frozenset(
    "model network learning training data method approach algorithm framework system feature representation "
    "task performance function loss parameter layer input output prediction deep neural machine artificial "
    "architecture technique sample dataset benchmark result experiment problem large scale based novel proposed "
    "existing new different various multiple efficient effective accurate learned trained pretrained pre "
    "supervised unsupervised latent hidden embedding vector set test real world synthetic baseline automatic "
    "computational statistical linguistic empirical theoretical heuristic evaluation corpus based generative "
    "probabilistic".split()
)
#: words that may stand before a metric name and belong to it ("top-1 accuracy", "mean IoU")
METRIC_MODIFIERS = frozenset("top1 top5 macro micro weighted balanced".split())
#: a metric name needs more than these ("error" alone is no measure)
BARE_METRIC_HEADS = frozenset({"error", "score", "rate", "measure", "metric", "loss", "gain"})
#: heads of Task phrases that are no task on their own
BARE_TASK_HEADS = frozenset(
    "prediction estimation generation modeling modelling detection recognition search adaptation extraction retrieval "
    "reconstruction alignment matching learning optimization analysis processing completion inference "
    "understanding reading labeling labelling tagging synthesis editing localization task".split()
)
#: task heads beyond the extractor's own, for Papers with Code task names ("image super-resolution")
TASK_HEADS = frozenset(
    "resolution selection reduction restoration denoising enhancement inpainting discovery synthesis".split()
)
#: heads ending like an action that name a thing or a way to learn ("graph embedding", "adversarial training")
THING_ING_HEADS = frozenset(
    "learning embedding embeddings training setting settings modeling modelling encoding attention representation "
    "representations convolution convolutions".split()
)
#: endings of a noun made from a verb: the head of a task ("filling", "separation", "diagnosis", "assessment")
ACTION_ENDINGS = ("ing", "tion", "sion", "sis", "ment")
#: heads of problems a Method-typed phrase names when it carries no name and no "how" ("out-of-distribution
#: generalization", "data visualization", "proximity sensing")
PROBLEM_HEADS = frozenset({"generalization", "generalisation", "visualization", "visualisation", "sensing"})
#: task heads that as often name a procedure ("beam search", "spectral clustering", "kernel density estimation",
#: "flow matching", "low-rank adaptation", "feature selection"): a Method with one of them keeps its type
PROCEDURE_TASK_HEADS = frozenset(
    "search matching modeling modelling estimation selection reduction clustering classification generation "
    "adaptation alignment extraction labeling labelling optimization resolution translation tagging "
    "reconstruction inference synthesis task".split()
)
#: modifiers that say how a task is done, so "<how> <task head>" is a Method ("snake-based segmentation",
#: "neural semantic parsing", "end-to-end detection")
HOW_MODIFIERS = frozenset(
    "adaptive adversarial approximate automated automatic bayesian dynamic end ensemble fast generic greedy hierarchical "
    "hybrid interactive iterative joint linear nonlinear online random recursive robust separate sequential sparse "
    "spectral statistical unified variational deep neural learned trained pretrained supervised unsupervised "
    "generative probabilistic heuristic computational model network learning algorithm".split()
)
#: what a "<X> learning" learns or from which labels: a problem setting, not a way to learn ("graph representation
#: learning", "multi-label learning", "partial-label learning", "multi-instance learning")
SETTING_LEARNED = frozenset({"representation", "label", "instance", "view"})
_AT_K = re.compile(r"@\s*\d")
#: heads that make a phrase a map or score a model produces, never a Metric
NON_METRIC_HEADS = frozenset({"map", "maps", "score", "scores", "heatmap", "saliency"})

_RESOLUTION = re.compile(r"^\d+(x|×|times)\d+$")
_RESIDUE = re.compile(r"[\\$^{}=<>|~`]|^[%\-–.,;:/]|^\W*$")
_VERSIONED = re.compile(r"^(?P<stem>.*?[a-z])(?P<version>v?\d[\w.+]*)$")
_SIZE_WORDS = frozenset(
    "base large small tiny xl xxl medium mini micro nano huge giant plus pro turbo instruct chat".split()
)
#: last words that make a dataset name a part of the dataset ("LabelMe data", "ID samples")
DATASET_PARTS = frozenset({"data", "sample", "example", "instance", "image", "point", "split", "subset", "set"})
#: heads that say "a way of doing it": the phrase needs a specific modifier to be a Method
GENERIC_METHOD_HEADS = frozenset(
    {
        "system",
        "technique",
        "method",
        "approach",
        "algorithm",
        "framework",
        "strategy",
        "scheme",
        "procedure",
        "tool",
        "toolkit",
        "pipeline",
        "module",
        "rule",
    }
)
#: verbs and adjectives that open a dataset phrase without being part of the name
DATASET_LEADERS = frozenset(
    {
        "built",
        "developed",
        "created",
        "collected",
        "constructed",
        "introduced",
        "proposed",
        "new",
        "large",
        "novel",
        "annotated",
        "our",
        "publicly",
        "public",
        "available",
        "apriori",
    }
)
_TWO_NAMES = re.compile(r"\d\s*/\s*\d")
#: a form written as an acronym: "NER", "KBQAs"
_ACRONYM_FORM = re.compile(r"^[A-Z][A-Z0-9]+s?$")
#: endings of one-word Methods that name a procedure ("pruning", "regularization"); other one-word
#: Methods that no list knows are judged as Concepts
PROCEDURE_SUFFIXES = ("ing", "ization", "isation")
#: one-word property nouns: generic unless listed in ``ml_properties.txt``
GENERIC_PROPERTY_SUFFIXES = ("ability", "ibility", "ity", "ness")
#: heads of things a model has or assumes, not methods ("Gaussian distribution", "latent space")
#: ("information theory", "statistical learning theory": a body of knowledge, not a method)
#: ("knowledge graph", "scene graph", "ontology": a structure data is kept in, not a method)
CONCEPT_HEADS = frozenset(
    {"distribution", "noise", "space", "prior", "posterior", "bound", "manifold", "landscape", "theory"}
    | {"graph", "hypergraph", "ontology", "taxonomy"}
)
_NUMBER = re.compile(r"%|\d+\.\d+")
#: words that link the parts of a name ("Korean-to-English")
LINK_WORDS = frozenset({"to", "and", "of", "the", "for", "in", "on", "vs", "versus"})
#: generic heads after a family name: "transformer models" is the family "transformer"
FAMILY_HEADS = frozenset(
    {
        "model",
        "architecture",
        "network",
        "backbone",
        "variant",
        "family",
        "encoder",
        "method",
        "algorithm",
        "approach",
        "technique",
    }
)
#: Zipf frequency above which one word is everyday English (context 4.6, quality 5.1; invariance 2.4)
EVERYDAY_ZIPF = 3.6
#: Zipf frequency above which a word inside a phrase carries no specificity of its own
COMMON_ZIPF = 5.0


def _names_an_action(head: str) -> bool:
    """Whether a head word names an action, as a task's does ("filling", "separation"; not "embedding").

    >>> _names_an_action("separation"), _names_an_action("embedding"), _names_an_action("graphs")
    (True, False, False)
    """
    return head.endswith(ACTION_ENDINGS) and head not in THING_ING_HEADS


def curate(
    key: str, label: str, forms: Iterable[str] = (), short_keys: Iterable[str] = (), vocab: Vocabulary | None = None
) -> tuple[str, str] | None:
    """``(key, label)`` after curation, or ``None`` when the entity is dropped (see module docstring).

    ``forms`` are the entity's surface forms (most frequent first); ``short_keys``
    the keys of its abbreviations ("squad" for "stanford question answering").
    """
    v = vocab or default_vocabulary()
    forms = list(forms)
    words = [w for w in key.split() if not _RESOLUTION.match(w)]  # "ImageNet 256×256" is ImageNet
    key = v.synonym_keys.get(" ".join(words), " ".join(words))  # "dimension reduction" → dimensionality reduction
    words = key.split()
    if all(w in METRIC_MODIFIERS for w in words):  # "top-1" cut from "top-1 accuracy"
        return None
    short_keys = list(short_keys)
    lex = default_lexicon()
    if not words or residue(key, forms) or "et al" in key:
        return None
    if not_a_thing(key, label, forms, v):
        return None  # a molecule, a Roman numeral, a group of people, a task without a target (kg.build.field_sense)
    content = [w for w in words if w not in LINK_WORDS]
    if any(k in v.not_entities for k in (key, *short_keys)) or all(w in v.not_entities for w in content):
        return None  # "ENGLISH", "COVID-19", "English-German", "Korean-to-English"
    if statistic(key, label, forms):  # "standard deviation", "odds ratio": a measure, no method or concept
        return v.metric_keys.get(key, key), METRIC
    dataset = _known_dataset(key, forms, v)
    if dataset:
        return dataset, DATASET
    if _known_dataset_version(key, forms, v):
        return key, DATASET  # "SQuAD 2.0", "VoxCeleb 2": a version of a known dataset, under its own key
    if any(is_model_family(k, v) for k in (key, *short_keys)):
        return key, METHOD
    if len(words) > 1 and words[-1] in FAMILY_HEADS and is_model_family(" ".join(words[:-1]), v):
        return " ".join(words[:-1]), METHOD  # "transformer models", "BERT architecture" → the family
    if key in v.problem_settings:  # "continual learning", "few-shot learning": problems, not methods
        return key, TASK
    # "maps", "semantic maps": the everyday word, no mAP
    everyday = bool(forms) and v.everyday_word_not_metric(words[-1], forms[0].split()[-1])
    if key in v.metric_keys and not everyday:  # "area under the curve" → AUC
        return v.metric_keys[key], METRIC
    if key in v.generic_terms or len(key) <= 2:
        return None
    if (label in (CONCEPT, METHOD) or key in v.concepts) and technique_name(key, forms):
        # "computed tomography (CT)", "flow cytometry", "MRI" of "MRI data": a technique (kg.build.lab_technique)
        return key, METHOD
    if label == CONCEPT and computing_technique(key):  # "singular value decomposition": a method's name
        return key, METHOD
    if key in v.concepts:
        return key, CONCEPT
    if everyday:
        label = CONCEPT if label == METRIC else label
    elif key in lex.metrics or label == METRIC:
        metric = _metric(key, words, v)
        if metric or key in lex.metrics:
            return metric
        label = CONCEPT  # "robustness", typed Metric by the proposer, is judged as a Concept
    if label == DATASET:
        return _dataset(key, words, forms, v)
    if label in (TASK, CONCEPT) and any(w.endswith("based") for w in words[:-1]):
        return key, METHOD  # "phrase-based statistical machine translation"
    if label == TASK or (
        label == CONCEPT and words[-1] in lex.task_heads | TASK_HEADS and (len(words) > 1 or key in v.pwc_tasks)
    ):
        # "natural image classification" typed Concept is a task (or nothing, when its modifiers say nothing)
        return _task(key, words, v)
    if key in v.pwc_tasks and words[-1] in lex.task_heads | TASK_HEADS and len(words) > 1:
        return key, TASK  # "dimensionality reduction" typed Method
    if (
        len(words) > 1
        and key in v.pwc_tasks
        and _names_an_action(words[-1])
        and (label == CONCEPT or (label == METHOD and key not in v.model_families))
    ):  # "slot filling", "visual question answering (VQA)": a task Papers with Code lists, typed Concept or
        return key, TASK  # Method, even when named by an acronym; not a technique ("knowledge distillation")
    if (
        len(words) == 1
        and label == CONCEPT
        and key in v.pwc_tasks
        and key.endswith("ing")
        and _names_an_action(key)
        and key not in BARE_TASK_HEADS
        and key not in v.model_families
    ):  # "lipreading" typed Concept: one word Papers with Code lists as a task, an activity ("-ing"; a noun in
        # "-tion" names as often a state or a phenomenon: "hallucination", "negation")
        return key, TASK
    if label == METHOD and not any(_name_like(f) or _names_one_method(f) for f in forms):
        moved = _problem_typed_method(key, words, v)
        if not isinstance(moved, bool):  # False: a Method after all
            return moved
    if label == METHOD and (
        any(_AT_K.search(f) for f in (key, *forms))
        or (len(words[-1]) <= 4 and words[0] not in HOW_MODIFIERS and _metric(key, words[-1:], v))
    ):  # not "variational EM"
        return _metric(key, words, v) or (key, METRIC)  # "pass@1", "mask AP": a measure typed Method
    if label == METHOD and words[-1] in CONCEPT_HEADS:
        return key, CONCEPT  # "Gaussian distribution", "gaussian noise"
    if label == METHOD:
        if words[-1] == "system" and len(words) > 1:
            return None  # "dialogue system", "Spoken Language Systems": an application, not a method
        if words[-1] in GENERIC_METHOD_HEADS and len(words) > 1 and _says_only_what_for(words[:-1], v):
            return None  # "MT system", "alignment techniques", "parsing algorithms"
        if any(_name_like(f) for f in forms):
            return key, METHOD
        if len(words) == 1 and forms and forms[0][:1].isupper():
            return None  # a capitalised word alone is a person or a place ("Collins", "Kamp"), not a method
        if len(words) == 1 and not key.endswith(PROCEDURE_SUFFIXES):
            return curate(key, CONCEPT, forms, (), v)  # "ellipsis", "entailment": no procedure in one word
        return (key, METHOD) if _specific(words, v) else None
    if len(words) > 1 and words[-1] in lex.generic_heads:
        return None  # "classification performance", "simulation results"
    if len(words) == 1 and key.endswith(GENERIC_PROPERTY_SUFFIXES) and key not in v.ml_properties:
        return None  # "scalability", "heterogeneity": every paper has them
    return (key, CONCEPT) if _specific(words, v) or key in v.cso_topics else None


def _problem_typed_method(key: str, words: list[str], v: Vocabulary) -> tuple[str, str] | None | bool:
    """A Method-typed phrase without a name that names a problem: the task it is (via :func:`_task`),
    ``None`` when its modifiers say nothing, ``False`` when it is a Method after all.

    >>> v = default_vocabulary()
    >>> _problem_typed_method("image denoising", ["image", "denoising"], v)
    ('image denoising', 'Task')
    >>> _problem_typed_method("spectral clustering", ["spectral", "clustering"], v), _problem_typed_method(
    ...     "snake based segmentation", ["snake", "based", "segmentation"], v)
    (False, False)
    """
    if len(words) > 1 and words[-1] == "learning":
        if words[-2] in SETTING_LEARNED:  # "graph representation learning", "multi-label learning"
            return key, TASK
        return False
    head = words[-1]
    if head in PROCEDURE_TASK_HEADS or head not in default_lexicon().task_heads | TASK_HEADS | PROBLEM_HEADS:
        return False
    modifiers = words[:-1]
    while modifiers and (modifiers[0] in DATASET_LEADERS or _verbal(modifiers[0], v)):
        modifiers = modifiers[1:]  # "developed clickbait detection", "performing nuclear segmentation"
    key = " ".join([*modifiers, head])
    if modifiers and modifiers[0] in LINK_WORDS:
        return None  # "in-depth understanding"
    if any(w.endswith("based") or w in HOW_MODIFIERS or is_model_family(w, v) for w in modifiers):
        return False  # "deep summarization", "Capsule Network-based speech recognition", "adversarial detection"
    if not modifiers:
        return (key, TASK) if key in v.pwc_tasks and key not in BARE_TASK_HEADS else None
    if key in v.pwc_tasks:
        return key, TASK
    if all(singular(w) in ML_GENERIC_WORDS or w in v.not_entities or w in v.generic_terms for w in modifiers):
        return None
    return key, TASK


def _names_one_method(form: str) -> bool:
    """A form that ends in one (singular) method head: "generalisable segmentation framework",
    "low-resolution segmentation network" name a method; "image denoising methods" name a task's methods."""
    last = form.split()[-1].lower() if form.split() else ""
    return len(form.split()) > 1 and last in default_lexicon().method_heads and singular(last) == last


def _verbal(word: str, v: Vocabulary) -> bool:
    """An everyday participle or evaluative word before a phrase ("performing", "best", "accurate")."""
    return v.zipf(word) >= 4.5 and (word.endswith(("ed", "ing")) or word in {"best", "accurate", "better", "good"})


def residue(key: str, forms: list[str]) -> bool:
    """Extraction residue: no letters, LaTeX or math, a leading hyphen or %, unbalanced brackets.

    >>> residue("s)gd", ["S)GD"]), residue("fold templated piped correction", ["-fold Templated Piped Correction"])
    (True, True)
    """
    if not any(c.isalpha() for c in key) or _RESIDUE.search(key):
        return True
    form = forms[0] if forms else key
    return bool(_RESIDUE.search(form)) or form.count("(") != form.count(")") or form.count("[") != form.count("]")


def is_model_family(key: str, vocab: Vocabulary | None = None) -> bool:
    """A model family name, with an optional version or size: "resnet34", "bert base", "gpt4", "yolov3".

    >>> is_model_family("resnet34"), is_model_family("vgg19"), is_model_family("bert large"), is_model_family("vggish")
    (True, True, True, False)
    """
    v = vocab or default_vocabulary()
    words = key.split()
    if len(words) == 1 and _compact_family(words[0], v):
        return True
    if 1 < len(words) <= 3 and _compact_family("".join(words), v):
        return True  # "mask rcnn" ("Mask-RCNN") is the family "mask r cnn" with its parts joined otherwise
    for i in range(len(words), 0, -1):
        head, rest = " ".join(words[:i]), words[i:]
        versioned = _VERSIONED.match(head)
        if (head in v.model_families or (versioned and versioned["stem"] in v.model_families)) and all(
            _version(w) or w in _SIZE_WORDS for w in rest
        ):
            return True
    return False


def _compact_family(word: str, v: Vocabulary) -> bool:
    """One word that writes a model family without its spaces ("fasterrcnn" for "faster r cnn"), or with "net"
    after it ("vggnet16" for "vgg"), with an optional version.

    >>> v = default_vocabulary()
    >>> _compact_family("fasterrcnn", v), _compact_family("vggnet16", v), _compact_family("reefnet", v)
    (True, True, False)
    """
    versioned = _VERSIONED.match(word)
    for stem in (word, versioned["stem"] if versioned else word):
        if stem in _compact_families(v) or (stem.endswith("net") and stem[:-3] in v.model_families):
            return True
    return False


_COMPACT: dict[int, frozenset[str]] = {}


def _compact_families(v: Vocabulary) -> frozenset[str]:
    """The model families of more than one word, their spaces removed ("faster r cnn" → "fasterrcnn")."""
    if id(v) not in _COMPACT:
        _COMPACT[id(v)] = frozenset(f.replace(" ", "") for f in v.model_families if " " in f)
    return _COMPACT[id(v)]


def _says_only_what_for(modifiers: list[str], v: Vocabulary) -> bool:
    """Whether the words before a generic head only name a task, a field or an acronym of one
    ("machine translation", "NLP", "MT", "alignment")."""
    phrase = " ".join(modifiers)
    return (
        phrase in v.pwc_tasks
        or phrase in v.not_entities
        or all(
            len(w) <= 3 or w in BARE_TASK_HEADS or w in default_lexicon().task_heads or singular(w) in ML_GENERIC_WORDS
            for w in modifiers
        )
    )


def _version(word: str) -> bool:
    """ "34", "v3", "3.5", "b0", "2xl", "7b": a version or size tag."""
    return bool(word) and any(c.isdigit() for c in word) and len(word) <= 6


def _known_dataset(key: str, forms: list[str], v: Vocabulary) -> str | None:
    """The main key of a known dataset this entity names; a name that is also an English
    word ("RACE", "DROP", "GRID") counts only when written as a name."""
    for k in (key, f"{key} dataset"):
        if k in v.dataset_keys and (v.zipf(k) < 3.0 or _name_like(forms[0] if forms else k)):
            if written_lower(v.display_name(v.dataset_keys[k]), forms):
                return None  # "the slow tideflow", "subtype q7": the papers never write the name
            return v.dataset_keys[k]
    return None


def _known_dataset_version(key: str, forms: list[str], v: Vocabulary) -> bool:
    """The commonest form is a known dataset's name with a version after it ("SQuAD 2.0", "VoxCeleb 2"), and
    that name is no model family's.

    >>> v = default_vocabulary()
    >>> _known_dataset_version("squad 2.0", ["SQuAD 2.0"], v), _known_dataset_version("squad", ["SQuAD"], v)
    (True, False)
    """
    if not forms:
        return False
    bare = without_version(forms[0])
    if bare == forms[0]:
        return False
    stem = canonical_key(bare)
    return _known_dataset(stem, [bare], v) is not None and not is_model_family(stem, v)


def _name_like(form: str) -> bool:
    """A name rather than a phrase: a token with two capitals or a digit ("LRS3", "BlockMNIST").

    >>> _name_like("BlockMNIST"), _name_like("LRS3"), _name_like("Neural Network Models"), _name_like("End-to-End")
    (True, True, False, False)
    """
    parts = [p for t in form.split() for p in t.split("-") if p]  # "End-to-End" is no name, "CNN-LSTM" is
    return any(
        sum(c.isupper() for c in t) >= 2 or (any(c.isdigit() for c in t) and any(c.isalpha() for c in t)) for t in parts
    )


def _title_case(form: str) -> bool:
    """Two or more words, each capitalised: "Stanford Natural Language Inference"."""
    words = [w for w in form.split() if w[:1].isalpha()]
    return len(words) >= 2 and all(w[:1].isupper() for w in words)


def _specific(words: list[str], v: Vocabulary) -> bool:
    """Whether a phrase says something specific: one word rarer than everyday English, or a
    phrase with a word that is neither ML boilerplate nor common English."""
    if len(words) == 1:
        return v.zipf(words[0]) < EVERYDAY_ZIPF and words[0] not in ML_GENERIC_WORDS
    return any(w not in ML_GENERIC_WORDS and v.zipf(w) < COMMON_ZIPF for w in words)


def _dataset(key: str, words: list[str], forms: list[str], v: Vocabulary) -> tuple[str, str] | None:
    """A Dataset that no list knows must be written as a name, and be one name; a task Papers with Code lists,
    written as its acronym or headed by an action, is that task ("new results on NER", "audio tagging": the
    task's data, named by the task; not "word embedding")."""
    if key in v.pwc_tasks and (_ACRONYM_FORM.match(forms[0] if forms else "") or _names_an_action(words[-1])):
        return _task(key, words, v)
    if (
        len(words) > 2
        and _names_an_action(words[-1])
        and any(" ".join(words[i:]) in v.pwc_tasks for i in range(1, len(words) - 1))
        and not any(_name_like(f) or _title_case(f) for f in forms if len(f.split()) > 1)
    ):  # "nocturnal sound event detection (NSED)" in "an NSED dataset": a listed task with a modifier, written in lower case
        return key, TASK
    if len(words) > 1 and (words[0] in DATASET_LEADERS or len(words[0]) == 1):  # "developed large … database", "K GIFs"
        return curate(" ".join(words[1:]), DATASET, [" ".join(f.split()[1:]) for f in forms if " " in f], (), v)
    if len(words) > 1 and singular(words[-1]) in DATASET_PARTS:  # "LabelMe data" → LabelMe; "ID samples" → none
        return curate(" ".join(words[:-1]), DATASET, [" ".join(f.split()[:-1]) for f in forms if " " in f], (), v)
    if words[-1] == "system" or (forms and _TWO_NAMES.search(forms[0])):
        return None  # "Lincoln CSR system" is no dataset; "CIFAR-10/100" is two
    if forms and not _name_like(forms[0]) and not (_title_case(forms[0]) and any(_name_like(f) for f in forms)):
        return None  # "out-of-distribution (OoD)": the name must be how the thing is written
    if any(w in LINK_WORDS for w in words) or (forms and _NUMBER.search(without_version(forms[0]))):
        return None  # "MUC-6 and MUC-7 English NE tasks", "AUPRC of 34.20%": not one dataset name ("X 2.1" is)
    if forms and "_" in forms[0]:
        return None  # "Li_2": a symbol, not a name
    if len(words) > 1 and words[-1] in default_lexicon().method_heads:
        return None  # "CLIP image-encoder"
    # "CN-Celeb": one name, whatever its parts
    one_token = bool(forms) and " " not in forms[0].strip() and canonical_key(forms[0]) == key
    if (
        len(words) > 1
        and not one_token
        and words[-1] not in default_lexicon().dataset_heads
        and v.zipf(words[-1]) >= 3.0
    ):
        return None  # "Speculative Decoding", "FLOP count", "JINTACCS messages": a name of something else
    return key, DATASET


def _metric(key: str, words: list[str], v: Vocabulary) -> tuple[str, str] | None:
    """The measure alone: the longest metric name the phrase ends with, keeping only the
    modifiers that make another metric ("top-1 accuracy", "macro F1"; not "high accuracy").

    >>> v = default_vocabulary()
    >>> _metric("classification accuracy", ["classification", "accuracy"], v), _metric("attention score", ["attention", "score"], v)
    (('accuracy', 'Metric'), None)
    """
    metrics = default_lexicon().metrics | v.metric_keys.keys()
    if words[-1] in NON_METRIC_HEADS and key not in metrics:
        return None
    for i in range(len(words)):
        tail = " ".join(words[i:])
        if tail in metrics:
            j = i
            while j > 0 and words[j - 1] in METRIC_MODIFIERS:
                j -= 1
            name = " ".join(words[j:])
            return None if name in BARE_METRIC_HEADS else (v.metric_keys.get(name, name), METRIC)
    return None


def _task(key: str, words: list[str], v: Vocabulary) -> tuple[str, str] | None:
    if len(words) > 1 and words[-1] == "task":
        words = words[:-1]
        key = " ".join(words)
        if key in v.generic_terms or key in v.not_entities:
            return None
    if words[-1] == "learning":  # "semi-supervised learning" is a way to learn, not a task
        return (key, METHOD) if _specific(words, v) else None
    if len(words) == 1:  # a one-word task must be a known one: "summarization", not "annotations"
        return (key, TASK) if key in v.pwc_tasks and key not in BARE_TASK_HEADS else None
    if key in v.pwc_tasks:
        return key, TASK
    if words[-1] not in default_lexicon().task_heads:
        return None
    modifiers = words[:-1]
    if all(singular(w) in ML_GENERIC_WORDS or w in v.not_entities or w in v.generic_terms for w in modifiers):
        return None  # "downstream prediction", "NLP tasks", "learning tasks"
    return key, TASK
