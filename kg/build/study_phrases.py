"""Phrases of a study's report that name no concept or measure: descriptions, results and procedures.

Clinical and biomedical abstracts report on patients, treatments and findings in words that look like terms
to rules made on machine-learning text. Three closed classes of English, not lists of this field's phrases:

* :func:`study_description`, a Concept: a head that describes what a study looks at (characteristics,
  presentation, options, modalities, patterns, guidelines, spectrum, management, findings, profile, risk,
  complications, or a quantity measured of a sample: temperature, density, level …) after
  everyday words only, or words that only say when ("clinical characteristics", "treatment options",
  "expression patterns", "postoperative complications", "room temperature"), or one such word of a
  report alone ("endpoints", "findings"): what any
  report says, not a named idea; a rarer word says which ("metabolic profile" is kept) — or a head that
  names a statistical relation or result (association, correlation, difference, significance, trend …)
  after a word of sign or degree ("positive correlation", "significant differences", "statistical
  significance"): a finding, not a concept — or a head that names the study or report itself or how much a
  finding matters ("systematic review", "randomized controlled trial (RCT)", "clinical relevance"), a
  statistical procedure ("Bonferroni correction", "descriptive statistics") or a control group ("positive
  control", "healthy controls"), whatever the modifiers;
* :func:`procedure_not_measure`, a Metric: a statistical procedure (a test, an analysis of variance, a
  regression: "ANOVA", "log-rank test", "Cox regression") is how a study compares, not what it measures;
  a measure noun after a word that only ranks it ("main measures", "primary outcomes") is a section's
  heading.
"""

from __future__ import annotations

import re

from extract.normalise import singular
from extract.vocab import Vocabulary, default_vocabulary
from kg.build.curation import _name_like

#: heads that describe what a study looks at, not which thing ("clinical characteristics", "treatment options")
DESCRIBING_HEADS = frozenset(
    "characteristic characteristics presentation option modality pattern guideline spectrum management finding implication "
    "profile course status practice outcome feature aspect regimen criterion criteria protocol date period factor "
    "symptom complication risk event phase temperature density level limit".split()
)
#: a modifier that says only when, relative to a treatment or a stay ("postoperative complications", "long-term
#: outcomes"), says no more of which than an everyday word does
_WHEN = re.compile(
    r"^(?:(?:pre|post|peri|intra)-?(?:operative|natal|partum|procedural)|in-hospital|(?:long|short)-term)$"
)
#: one word of a report's own ("endpoints", "findings"): a section's subject, no concept
REPORT_WORDS = frozenset("endpoint outcome finding implication guideline".split())
#: heads that name the kind of study or report itself ("systematic review", "randomized controlled trial (RCT)",
#: "cohort study"), or how much a finding matters ("clinical relevance", "prognostic significance"): the report's
#: own words, whatever their modifiers, also when a paper gives them an acronym
REPORT_HEADS = frozenset("review trial study survey meta-analysis report relevance significance importance".split())
#: openings that make a control a study group, not an idea ("positive control", "healthy controls")
CONTROL_WORDS = frozenset("positive negative healthy matched untreated vehicle sham".split())
#: heads of a statistical relation or result ("positive correlation", "significant differences")
RELATION_HEADS = frozenset(
    "association correlation relationship relation difference significance trend effect link change increase "
    "decrease".split()
)
#: opening words of sign, significance or degree before a relation head
SIGN_WORDS = frozenset(
    "positive negative significant nonsignificant non-significant insignificant statistical statistically "
    "inverse strong weak marked notable slight modest substantial direct close clear".split()
)
#: heads of a statistical procedure: a test or an analysis is how a study compares, no measure
PROCEDURE_HEADS = frozenset("test anova ancova manova analysis regression".split())
#: heads of a statistical procedure a study applies, as a Concept ("multivariable regression", "Bonferroni
#: correction", "descriptive statistics"): how the study compares, no concept ("analysis" alone names many ideas)
PROCEDURE_CONCEPT_HEADS = (PROCEDURE_HEADS - {"analysis"}) | {"correction", "statistic", "statistics"}
#: measure nouns that a section heading uses ("MAIN MEASURES", "primary outcomes")
HEADING_MEASURES = frozenset("measure outcome endpoint metric variable".split())
#: opening words that rank a measure ("main", "primary") rather than say which
RANKING_WORDS = frozenset("main primary secondary key major principal other additional".split())
#: a modifier this frequent in general English (wordfreq Zipf) says nothing of which
EVERYDAY_ZIPF = 4.0


def _words(key: str, forms: list[str]) -> list[str]:
    """The lower-case words of the commonest form (the key when there is none)."""
    return ((forms[0] if forms else key).strip() or key).lower().split()


def study_description(key: str, forms: list[str], vocab: Vocabulary | None = None) -> bool:
    """Whether a Concept (its key and surface forms, commonest first) describes what a study looks at or reports
    a finding, rather than naming an idea (module docstring).

    >>> study_description("clinical characteristic", ["clinical characteristics"])
    True
    >>> study_description("positive correlation", ["positive correlation"]), study_description("tidal correlation", ["tidal correlation"])
    (True, False)
    >>> study_description("metabolic profile", ["metabolic profile"]), study_description("label noise", ["label noise"])
    (False, False)
    >>> study_description("randomized controlled trial", ["RCTs", "randomized controlled trials"])
    True
    >>> study_description("positive control", ["positive control"]), study_description("seizure control", ["seizure control"])
    (True, False)
    >>> study_description("postoperative complication", ["postoperative complications"]), study_description("endpoint", ["endpoints"])
    (True, True)
    """
    v = vocab or default_vocabulary()
    words = _words(key, forms)
    if len(words) < 2:  # an acronym the commonest form ("RCTs"): the key's words
        words = key.split()
    head = singular(words[-1]) if words else ""
    if len(words) < 2:
        return head in REPORT_HEADS | REPORT_WORDS | HEADING_MEASURES  # "endpoints", "findings"
    if head in REPORT_HEADS or (head == "control" and words[0] in CONTROL_WORDS):
        return True  # "systematic review", "randomized controlled trial (RCT)", "positive control"
    if any(_name_like(f) for f in forms):
        return False  # a form written as a name ("COA" for "clinical outcome assessment", "OGTT" a clinical test)
    if head in PROCEDURE_CONCEPT_HEADS:
        return True  # "Bonferroni correction", "descriptive statistics", "multivariable regression"
    if head in RELATION_HEADS and words[0] in SIGN_WORDS:
        return True
    return head in DESCRIBING_HEADS and all(v.zipf(w) >= EVERYDAY_ZIPF or _WHEN.match(w) for w in words[:-1])


def procedure_not_measure(key: str, forms: list[str]) -> bool:
    """Whether a Metric (no gazetteer lists it) is a statistical procedure or a section heading (module
    docstring): "ANOVA", "log-rank test", "MAIN MEASURES"; not "Dice score", "QuillMOS".

    >>> procedure_not_measure("anova", ["ANOVA"]), procedure_not_measure("log rank test", ["log-rank test"])
    (True, True)
    >>> procedure_not_measure("main measure", ["MAIN MEASURES"]), procedure_not_measure("dice score", ["Dice score"])
    (True, False)
    """
    words = _words(key, forms)
    if not words:
        return False
    head = singular(words[-1])
    return head in PROCEDURE_HEADS or (
        len(words) > 1 and head in HEADING_MEASURES and all(w in RANKING_WORDS for w in words[:-1])
    )
