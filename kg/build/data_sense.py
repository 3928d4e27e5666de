"""Which names are data: a source a study searches, and words that only look like a dataset's name.

The span model and the gazetteers know machine-learning corpora. In another field a paper's data are
bibliographic databases, registries and portals ("searched in Embase and Scopus", "patients were drawn
from the TRIDENT registry"), and the span model files many other things as Datasets: an enzyme and its
acronym ("catalase (CAT)"), a disease ("osteoarthritis (OA)"), an animal ("dogs"), an everyday word that is
also a known corpus ("Kinetics of drug release"). Two rules, both decided by what the name's own
sentences call it (:mod:`kg.build.context_types`), not by lists of this field's names:

* :func:`sourced_datasets`: a name a sentence of a search or a database calls data is a Dataset,
  even when written as capitalised words ("Embase", "Scopus", "Web of Science"), which curation otherwise
  asks to be written as a name (two capitals or a digit) and to hold no link word;
* :func:`unnamed_dataset`: a Dataset that some paper writes in lower case as a plain word ("catalase",
  "dogs", "kinetics"), an everyday word in capitals (the heading "METHODS:") or a chemical formula, and
  that its sentences seldom call data, names no dataset (its fit is the one of a phrase
  headed by no dataset, below the view cut), also when a gazetteer lists the word.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping

from extract.lexicon import default_lexicon
from extract.normalise import singular
from extract.vocab import Vocabulary, default_vocabulary
from kg.build.curation import residue
from kg.build.field_sense import chemical_formula, not_a_thing
from queries.schema import DATASET

#: a word this frequent in general English (wordfreq Zipf) written in capitals is a heading ("METHODS")
EVERYDAY_ZIPF = 4.0
#: a one-word name rarer in general English than this (wordfreq Zipf) may be a source's name ("Embase": 0)
SOURCE_ZIPF = 3.0


#: words a source's name may hold in lower case ("Web of Science", "Registro de la Enfermedad")
_NAME_LINKS = frozenset("of the and for de la del des du di".split())


def _capitalised_name(form: str) -> bool:
    """Capitalised words made of letters, link words in lower case between them ("Embase", "Web of Science",
    "Cochrane Central"; not "the", "EMBASE2", "web of science", "Reviews of trials").

    >>> _capitalised_name("Embase"), _capitalised_name("Web of Science"), _capitalised_name("embase")
    (True, True, False)
    """
    words = form.split()
    return (
        bool(words)
        and words[0][:1].isupper()
        and all(w.replace("-", "").isalpha() for w in words)
        and all(w[:1].isupper() or w in _NAME_LINKS for w in words)
    )


#: words of a sentence that speaks of sources of data: a search, a database, a registry
_SOURCE_WORDS = re.compile(
    r"\b(?:databases?|data\s*bases?|databanks?|registr(?:y|ies)|biobanks?|repositor(?:y|ies)|"
    r"search(?:ed|es|ing)?|retrieved)\b",
    re.IGNORECASE,
)


#: a name that goes on after the mention: a link word that never joins two items of a list and a capitalised word
#: ("Medical Information Mart| for Intensive Care"), or "and" and capitalised words up to a source's noun ("Cochrane
#: Kidney| and Transplant Register", "Face Detection Dataset| and Benchmark"; not "Embase| and Scopus")
_GOES_ON = re.compile(
    r"^\s+(?:(?:for|of)\s+[A-Z]|(?:and|&)\s+(?:[A-Z][\w-]*\s+){0,3}"
    r"(?:Register|Registry|Database|Databank|Library|Benchmark|Dataset|Corpus)\b)"
)
#: the same before the mention: "Reef Mart for |Intensive Care"
_WENT_BEFORE = re.compile(r"[A-Z][\w-]*\s+(?:for|of)\s+$")


def source_vote(key: str, text: str, sentence: str) -> str | None:
    """A Dataset vote for a mention its sentence calls data (:func:`kg.build.builder.mention_type_vote`) in a
    sentence that speaks of a search, a database or a registry ("searched in Embase, Scopus and", "from the
    TRIDENT registry"); ``None`` otherwise ("a network across Europe and Australasia": data by its cue alone).

    >>> source_vote("embase", "Embase", "We searched in Embase and Scopus.")
    'Dataset'
    >>> source_vote("australasia", "Australasia", "Results on Europe and Australasia.") is None
    True
    >>> source_vote("reef kidney", "Reef Kidney", "We searched the Reef Kidney and Transplant Register.") is None
    True
    >>> source_vote("reef mart", "Reef Mart", "Data came from the database called Reef Mart for Intensive Care.") is None
    True
    >>> source_vote("intensive care", "Intensive Care", "Data came from the database called Reef Mart for Intensive Care.") is None
    True
    """
    from kg.build.builder import mention_type_vote  # noqa: PLC0415 (the builder imports this module)

    if not _SOURCE_WORDS.search(sentence):
        return None
    i = sentence.find(text)
    if i >= 0 and (_GOES_ON.match(sentence[i + len(text) :]) or _WENT_BEFORE.search(sentence[:i])):
        return None  # "Cochrane Kidney" of "the Cochrane Kidney and Transplant Register": a piece of a longer name
    return DATASET if mention_type_vote(key, text, sentence) == DATASET else None


def sourced_datasets(
    curated: Mapping[str, tuple[str, str]],
    labels: Mapping[str, str],
    forms: Mapping[str, Counter],
    sources: Mapping[str, Counter],
    vocab: Vocabulary | None = None,
) -> dict[str, tuple[str, str]]:
    """``curated`` with the keys voted a Dataset (``labels``, after :func:`kg.build.builder.retype`) that curation
    dropped only because their commonest form is capitalised words, not a name's letters ("Embase", "Web of
    Science"), when one such word is rare in English, no
    list says it is no entity, and a sentence of its direct mentions calls it a source of data (``sources``: key →
    the :func:`source_vote` of its mentions; "searched in Embase", "the Scopus database"); not the last words of
    another key ("End Results" of "Surveillance Epidemiology End Results").

    >>> sourced_datasets({}, {"end result": "Dataset", "surveillance end result": "Method"}, {"end result": Counter({"End Results": 1})}, {"end result": Counter({"Dataset": 1})})
    {}
    >>> got = sourced_datasets({}, {"embase": "Dataset"}, {"embase": Counter({"Embase": 2})}, {"embase": Counter({"Dataset": 2})})
    >>> got
    {'embase': ('embase', 'Dataset')}
    >>> sourced_datasets({}, {"embase": "Dataset"}, {"embase": Counter({"Embase": 3})}, {"embase": Counter()})
    {}
    """
    v = vocab or default_vocabulary()
    # the last words of a longer name are a piece of it ("End Results" of "Surveillance, Epidemiology, and End
    # Results"), not a source of their own
    tails = {" ".join(words[i:]) for k in labels if len(words := k.split()) > 1 for i in range(1, len(words))}
    added = {}
    for key, label in labels.items():
        if label != DATASET or key in curated or key not in forms or key in v.not_entities or key in tails:
            continue
        seen = forms[key]
        ranked = sorted(seen, key=lambda f: (-seen[f], f))
        said = sources.get(key, Counter())
        if (
            ranked
            and _capitalised_name(ranked[0])
            and (len(key.split()) > 1 or v.zipf(key) < SOURCE_ZIPF)
            and not residue(key, ranked)
            and not not_a_thing(key, DATASET, ranked, v)  # "European Organisation for …": who acts, no data
            and said[DATASET] >= 1
        ):
            added[key] = (key, DATASET)
    return {**curated, **added} if added else dict(curated)


def _plain_word_form(form: str) -> bool:
    """A form written in lower case letters (with hyphens and spaces), no dataset noun among its words: a word
    of the text, not a name ("penn treebank" in lower case still names its corpus).

    >>> _plain_word_form("catalase"), _plain_word_form("CAT"), _plain_word_form("Kinetics"), _plain_word_form("x2")
    (True, False, False, False)
    >>> _plain_word_form("penn treebank")
    False
    """
    letters = form.replace("-", "").replace(" ", "")
    heads = default_lexicon().dataset_heads
    return (
        bool(letters)
        and letters.isalpha()
        and letters.islower()
        and not any(singular(w) in heads or w in heads for w in form.replace("-", " ").split())
    )


def _shouted_word(form: str, v: Vocabulary) -> bool:
    """One everyday English word written in capitals: a section's heading ("METHODS", "RESULTS"), not a name.

    >>> v = default_vocabulary()
    >>> _shouted_word("METHODS", v), _shouted_word("MEDLINE", v), _shouted_word("Methods", v)
    (True, False, False)
    """
    return form.isalpha() and form.isupper() and len(form) > 3 and v.zipf(form) >= EVERYDAY_ZIPF


def unnamed_dataset(forms: list[str], said: Counter | None, mentions: int = 0, vocab: Vocabulary | None = None) -> bool:
    """Whether a Dataset is a word that names no dataset: some paper writes it as a plain word in lower case
    ("catalase" beside "CAT", "dogs", "kinetics" beside "Kinetics") or as an everyday word in capitals (a
    heading: "METHODS"), and its sentences (``said``: the types they give it) call it data in no more than a
    fifth of its direct ``mentions`` (none when the count is not given). A dataset written once in lower case
    is still called one ("the kelpcount dataset", "trained on kelpcount"), and so is a word in capitals
    ("results on DROP"); one sentence among 180 headings "METHODS:" does not make the heading data. A chemical
    formula ("WSe2", "SiO2": field_sense.chemical_formula) is as odd a name for data.

    >>> unnamed_dataset(["CAT", "catalase"], Counter()), unnamed_dataset(["CAT", "catalase"], Counter({"Dataset": 1}))
    (True, False)
    >>> unnamed_dataset(["MEDLINE"], Counter()), unnamed_dataset(["METHODS"], Counter())
    (False, True)
    >>> unnamed_dataset(["METHODS"], Counter({"Dataset": 1}), 180), unnamed_dataset(["DROP"], Counter({"Dataset": 3}), 10)
    (True, False)
    >>> unnamed_dataset(["WSe2"], Counter(), 3)
    True
    """
    v = vocab or default_vocabulary()
    odd = any(_plain_word_form(f) or _shouted_word(f, v) or chemical_formula(f) for f in forms)
    return odd and 5 * (said or Counter())[DATASET] <= mentions
