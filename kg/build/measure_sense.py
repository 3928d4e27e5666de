"""Whether a Metric's sentences report it as a measure, and a Task's name it as a problem, in another field.

In a corpus whose Methods the span model does not know (:func:`kg.build.technique.trusted_methods`: clinical and
laboratory abstracts) the Metric and Task labels are as unsure as the Method label. A measure phrase there is as
often a description ("cell ratios", "myocardial deformation indices"), a piece of a ratio cut at its colon or
slash ("FiO2 ratio" of "PaO2:FiO2 ratio"), a word inside a name ("F1 crosses", "the Heinz Recall Study") or a
technique ("transmission electron microscopy"); a task word is an everyday activity ("clustering of
participants", "translation in the clinic"). The sentences decide, not lists of the field's names:

* :data:`MEASURE`: a sentence reports a value of the name or computes it ("X was 1.6", "X (OR = 2.1)", "X of
  0.9", "X: 7 months", "X was significantly lower", "we calculated X", "X were estimated", "X score");
* :data:`PIECE`: the mention is the end of a longer name cut at a colon or a slash ("PaO2:FiO2 ratio");
* :data:`PROBLEM`: a sentence names it as what is solved (:func:`kg.build.context_types.use_of`: "the task
  of X", "methods for X") or gives it a Task's context (:func:`kg.build.context_types.votes`).

:func:`kg.build.builder._quality` hides (termhood 0.45; the facts stay on the papers' cards) a Metric no
sentence reports, or whose every mention is a piece, and a Task no sentence names as a problem, also a listed
one: a gazetteer of machine-learning measures and tasks says little of what "recall" or "clustering" mean in a
clinical sentence. A Metric or a Dataset named by a technique ("-scopy", "-graphy", "-phoresis":
:func:`technique_ending`) is no measure and no data in any corpus.

>>> field_vote("The odds ratio was 2.5 (95% CI 1.1-4.0).", "odds ratio", "Metric")
'measure'
>>> field_vote("We sorted the cell ratios and monocyte populations.", "cell ratios", "Metric") is None
True
>>> field_vote("The PaO2:FiO2 ratio fell to 180.", "FiO2 ratio", "Metric")
'piece'
>>> field_vote("We address kelp counting with drones.", "kelp counting", "Task")
'problem'
>>> field_vote("A network for kelp counting.", "kelp counting", "Task"), field_vote("We adjusted for kelp counting.", "kelp counting", "Task")
('problem', None)
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable

from extract.normalise import singular
from kg.build.context_types import PROBLEM, use_of
from kg.build.context_types import votes as context_type
from kg.build.entity_quality import _NAME_PART
from queries.schema import METRIC, TASK

#: the vote for a sentence that reports a value of the name or computes it
MEASURE = "measure"
#: the vote for a mention that is the end of a longer name cut at a colon or a slash
PIECE = "piece"
#: the labels whose keys :func:`field_vote` asks about (one kind of vote each: a vote is a function of the mention's
#: key, text and sentence, so the columnar build's memo keeps them apart)
FIELD_VOTED = (METRIC, TASK)
#: characters of the sentence read on each side of a mention
_WINDOW = 100
#: short forms or brackets right after the name ("odds ratio [OR], 2.5", "Kelp Index (KI) = 3")
_BRACKETS = re.compile(r"^\s*(?:\([^()]{1,30}\)|\[[^\[\]]{1,30}\]|[)\]])")
#: a number, a sign or a comparison right after the name ("X = 2", "X: 7 months", "X of 0.9", "X, 2.51",
#: "X was 1.6", "X was significantly lower", "X were calculated"), or a measure's noun ("X score", "X values")
_VALUE_AFTER = re.compile(
    r"^(?:\s*[:=<>≤≥]|,?\s*[-−]?\d|\s+(?:of|at|from|to|by)\s+[-−]?\d|\s*[(\[]\s*(?:\w+\s*)?[=<>≤≥:]|"
    r"(?:\s+(?:of|in|for|among|between)\b[^.;:,()]{1,80}?|(?:\s+\w+){0,2}?)\s+(?:was|were|is|are|remained|reached|ranged|rose|fell|increased|decreased|declined|"
    r"improved|worsened|correlated|differed|changed)\b\s*(?:(?:\w+ly|not|also|then)\s+){0,2}"
    r"(?:[-−<>≤≥=~]?\s*\d|higher|lower|greater|smaller|larger|increased|decreased|reduced|elevated|similar|"
    r"comparable|different|associated|correlated|calculated|estimated|measured|computed|determined|assessed|"
    r"recorded|obtained|found|observed|used|compared|analy[sz]ed|evaluated|significant|less|more|unchanged|normal|"
    r"abnormal|from|to|by|in|with|"
    r"between|above|below)|\s+(?:calculated|measured|estimated|determined|computed)\b|"
    r"\s+(?:scores?|scoring|values?|levels?\s+of\s+\d|cut-?offs?|thresholds?|quintiles?|quartiles?|tertiles?)\b)",
    re.IGNORECASE,
)
#: words before the name that compute, report or change it ("we calculated X", "higher X", "an X of")
_MEASURED_BEFORE = re.compile(
    r"(?:\b(?:calculat|estimat|measur|comput|determin|assess|record|evaluat|report|obtain|derive|quantif|"
    r"increas|decreas|reduc|improv|lower|higher|elevat|raise|predict|adjust|pool|exceed)\w*\s+"
    r"(?:(?:the|a|an|their|its|mean|median|overall|crude|adjusted|pooled|by|using|with)\s+){0,3}|"
    r"\b(?:in\s+terms\s+of|mean|median|per|with\s+an?|95\s?%|above|below|correlat\w*\s+with|"
    r"associat\w*\s+with)\s+(?:the\s+)?)$",
    re.IGNORECASE,
)
#: "for" right before a name, and the word before it
_FOR = re.compile(r"(\w+)\s+for\s+(?:the\s+)?$", re.IGNORECASE)
#: kinds of method whose "for" names a problem ("a network for X"); after another word ("accounted for X",
#: "avenues for X") "for" names none
_METHOD_NOUNS = frozenset(
    "method model network approach algorithm framework tool system technique pipeline strategy solution".split()
)
#: the end of a longer name right before the mention: a token and a colon or a slash without spaces
_CUT_BEFORE = re.compile(r"[\w)\]][:/]$")
#: the same with a space after the colon or the slash, for a ratio ("the erythrocyte: plasma ratio")
_CUT_RATIO = re.compile(r"[\w)\]]\s?[:/]\s?$")
_RATIO = re.compile(r"\bratios?$", re.IGNORECASE)
#: endings of a technique's or a procedure's name ("transmission electron microscopy", "angiography"): what a
#: study does, not what it measures ("-metry" names measures as well: "asymmetry")
_TECHNIQUE_ENDINGS = ("graphy", "scopy", "phoresis", "ectomy", "otomy", "ostomy", "plasty", "therapy")


def field_vote(sentence: str, text: str, label: str) -> str | None:
    """What one mention (``text``, one of its occurrences in ``sentence``) of a key voted ``label`` says of it
    (module docstring): for a Metric :data:`PIECE` or :data:`MEASURE`, for a Task :data:`PROBLEM`; else None.

    >>> field_vote("Mean BMI was higher in boys.", "BMI", "Metric"), field_vote("We calculated the PPR.", "PPR", "Metric")
    ('measure', 'measure')
    >>> field_vote("Crosses of the F1 and F2 lines were made.", "F1", "Metric") is None
    True
    >>> field_vote("Scores of the kelp trial of 2019 differ.", "kelp trial", "Task") is None
    True
    """
    at = sentence.find(text)
    if label == TASK:
        bare = _FOR.search(sentence[max(0, at - _WINDOW) : at]) if at >= 0 else None
        if at < 0 or (
            bare and singular(bare.group(1).lower()) not in _METHOD_NOUNS and context_type(sentence, text) != TASK
        ):
            return None  # "accounted for clustering of participants", "avenues for translation in the clinic"
        return PROBLEM if use_of(sentence, text) == PROBLEM or context_type(sentence, text) == TASK else None
    if label != METRIC:
        return None
    seen = None
    while at >= 0:
        before = sentence[max(0, at - _WINDOW) : at]
        if _CUT_BEFORE.search(before) or (_RATIO.search(text) and _CUT_RATIO.search(before)):
            seen = seen or PIECE
        else:
            after = sentence[at + len(text) : at + len(text) + _WINDOW]
            once = _BRACKETS.sub("", after, count=1)
            if any(_VALUE_AFTER.match(a) for a in (after, once, _BRACKETS.sub("", once, count=1))):
                return MEASURE  # "X (OR = 1.9)", "X (SC) was 2"
            if _MEASURED_BEFORE.search(before):
                return MEASURE
        at = sentence.find(text, at + len(text))
    return seen


def voter(label: str) -> Callable[[str, str, str], str | None]:
    """:func:`field_vote` for the keys of ``label``, as the sentence votes ask it: ``(key, text, sentence)``."""

    def vote(_key: str, text: str, sentence: str) -> str | None:
        return field_vote(sentence, text, label)

    return vote


def unreported(label: str, votes: Counter, forms: Iterable[str] = (), known: bool = False) -> bool:
    """Whether a Metric or a Task (``votes``: its :func:`field_vote` counts; ``forms``: its mentions' texts;
    ``known``: a gazetteer lists it) lacks the evidence its type needs in another field: a Task no sentence names
    as a problem; a Metric no sentence reports as a measure (a piece never counts) when a gazetteer lists it
    as one word ("F1" of "F1 crosses", "Recall" of a study's name; not "odds ratio"), no form is written as a name ("cell ratios") or a mention is a piece ("FiO2 ratio"):
    a name the paper gives a measure ("SII", "FSFI indices") says which measure as a sentence would.

    >>> unreported("Metric", Counter({MEASURE: 1, PIECE: 2}), ["cell ratio"]), unreported("Metric", Counter(), ["cell ratios"])
    (False, True)
    >>> unreported("Metric", Counter(), ["Kelp Index (KLI)"]), unreported("Metric", Counter(), ["F1"], known=True)
    (False, True)
    >>> unreported("Metric", Counter(), ["odds ratio", "OR"], known=True)
    False
    >>> unreported("Metric", Counter({PIECE: 1}), ["FiO2 ratio"])
    True
    >>> unreported("Task", Counter()), unreported("Task", Counter({PROBLEM: 1})), unreported("Method", Counter())
    (True, False, False)
    """
    if label == TASK:
        return not votes[PROBLEM]
    forms = list(forms)
    named = any(_NAME_PART.search(f) for f in forms)
    one_word = all(len(f.split()) == 1 for f in forms)  # a listed phrase of words ("odds ratio") is one measure
    return label == METRIC and not votes[MEASURE] and ((known and one_word) or not named or votes[PIECE] > 0)


def technique_ending(forms: Iterable[str]) -> bool:
    """Whether a Metric's or a Dataset's forms name a technique or a procedure by their last word's ending: no
    measure, no data ("transmission electron microscopy", "On SDS-polyacrylamide gel electrophoresis, …").

    >>> technique_ending(["transmission electron microscopy", "TEM"]), technique_ending(["asymmetry index"])
    (True, False)
    """
    return any(f.split() and f.split()[-1].lower().endswith(_TECHNIQUE_ENDINGS) for f in forms)
