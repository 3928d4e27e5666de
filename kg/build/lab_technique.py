"""Names of an imaging, laboratory or clinical technique: Methods, whatever the span model typed them.

The span model and the concepts list (``concepts.txt``) make "computed tomography", "MRI", "flow cytometry" or
"radiation therapy" Concepts: in machine-learning text an imaging modality is mostly the data a model reads. A
judge of any field counts a technique, a procedure or an assay a Method ("MRI" is how the images are made), so a
Concept or a Method so named is curated a Method (:func:`kg.build.curation.curate`), its name shows it is a
technique (:func:`kg.build.technique.technique_named`) and it names one method
(:func:`kg.build.entity_quality.method_fit`). What the technique makes stays an object: "MRI scans", "CT
images" (their heads are no technique).

Three closed classes of English, not names seen in a corpus:

* a head of a laboratory or imaging technique after a modifier (:data:`TECHNIQUE_HEADS`: "flow cytometry",
  "Western blot", "colony formation assay", "magnetic resonance imaging", "radiation therapy");
* one word ending as a technique or a procedure does (:data:`TECHNIQUE_ENDINGS`: "tomography", "endoscopy",
  "mammography", "appendectomy", "angioplasty", "immunotherapy", "electrophoresis"), but not a field of study or
  a shape of mathematics that ends so ("geography", "cryptography", "geometry": :data:`NOT_TECHNIQUES`);
* the imaging modalities written as acronyms (:data:`IMAGING`: "MRI", "CT", "PET", and their long forms).

>>> technique_name("flow cytometry", ["flow cytometry"]), technique_name("mri", ["MRI"])
(True, True)
>>> technique_name("mri scan", ["MRI scans"]), technique_name("pet", ["pets"]), technique_name("geometry", [])
(False, False, False)
>>> technique_name("risk of revision surgery", []), technique_name("electron microscopy of kelp", [])
(False, False)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from extract.normalise import canonical_key, singular

#: heads of a laboratory, imaging or clinical technique, after a modifier ("flow cytometry", "Western blot",
#: "gas chromatography", "genome sequencing", "in situ hybridization", "magnetic resonance imaging"), of a
#: procedure on a patient ("liver resection", "physical examination", "mechanical ventilation") or of an
#: assessment instrument ("self-report questionnaire")
TECHNIQUE_HEADS = frozenset(
    "assay immunoassay pcr blot blotting electrophoresis chromatography spectroscopy spectrometry microscopy "
    "cytometry calorimetry voltammetry sequencing staining immunostaining imaging hybridization tomography "
    "crystallography therapy surgery resection biopsy transplantation dialysis examination ventilation "
    "questionnaire".split()
)
#: one-word techniques of the laboratory that no ending names ("immunohistochemistry", "immunofluorescence")
TECHNIQUE_WORDS = frozenset(
    "immunohistochemistry immunocytochemistry immunofluorescence immunoblotting immunoprecipitation "
    "immunoassay immunodiffusion".split()
)
#: endings of one word that names a technique or a procedure ("tomography", "endoscopy", "spirometry",
#: "appendectomy", "tracheostomy", "angioplasty", "immunotherapy", "electrophoresis")
TECHNIQUE_ENDINGS = ("graphy", "scopy", "ometry", "ectomy", "ostomy", "plasty", "therapy", "phoresis")
#: words with those endings that name a field of study, a kind of writing or a shape, not a technique
NOT_TECHNIQUES = frozenset(
    "geography biography autobiography bibliography photography typography topography choreography cartography "
    "demography oceanography cryptography steganography ethnography historiography lexicography calligraphy "
    "orthography stenography pornography geometry trigonometry isometry therapy".split()
)
#: what separates the words of a form
_SEPARATORS = re.compile(r"[\s\-‐‑]+")
#: imaging modalities written as acronyms, by key; each needs a form in capitals ("PET", not "pets")
IMAGING_ACRONYMS = frozenset({"mri", "fmri", "ct", "pet", "mr", "spect"})
#: imaging modalities by their long forms ("magnetic resonance (MR)" is how MR images are made)
IMAGING = frozenset(
    {"x ray", "ultrasound", "magnetic resonance", "nuclear magnetic resonance", "magnetic resonance imaging"}
)

#: heads of a technique of computation after a modifier ("nonnegative matrix factorization", "singular value
#: decomposition", "dynamic time warping", "support vector regression"): the span model types them as the terms of
#: a theory, but a judge counts each a method; its quality then comes from the Method's name fit (known or named)
COMPUTING_HEADS = frozenset("factorization factorisation decomposition warping regression".split())

#: words that link a head to what follows it: a phrase with one describes ("discontinuation of X therapy", "X
#: after surgery", "X vs. surgery", "sequencing of kelp samples")
LINKS = frozenset("of after before vs versus for with without in on by from".split())


def technique_name(key: str, forms: Iterable[str]) -> bool:
    """Whether the key, or the long form of the acronym it is written as, names an imaging, laboratory or clinical
    technique (module docstring); ``forms``: its surface forms (an acronym of :data:`IMAGING_ACRONYMS` must be
    written with capitals in one of them: "PET", not "pets").

    >>> technique_name("vfm", ["VFM", "Ventroflurography"]), technique_name("vfm", ["VFM"])
    (True, False)
    """
    forms = list(forms)
    if key in IMAGING_ACRONYMS:
        return any(any(c.isupper() for c in f) and canonical_key(f.split()[0]) == key for f in forms if f.split())
    if _named(key):
        return True
    # a one-word key is often an acronym: its long form among the forms may name the technique
    return " " not in key and any(_named(k) for k in {_words_of(f) for f in forms} - {key})


def computing_technique(key: str) -> bool:
    """Whether the key names a technique of computation by its head after a modifier (:data:`COMPUTING_HEADS`).

    >>> computing_technique("kelp matrix factorization"), computing_technique("regression")
    (True, False)
    >>> computing_technique("decomposition of reef signals")
    False
    """
    words = key.split()
    return len(words) > 1 and words[-1] in COMPUTING_HEADS and not LINKS.intersection(words)


def _words_of(form: str) -> str:
    """A form's words in lower case, dashes as spaces ("X-ray" → "x ray"): enough for :func:`_named`, which reads
    the last word in the singular."""
    return " ".join(_SEPARATORS.split(form.lower().strip()))


@lru_cache(maxsize=1 << 16)
def _named(key: str) -> bool:
    """:func:`technique_name` of one key, by its words alone."""
    words = key.split()
    if not words or LINKS.intersection(words):
        return False  # "risk of kelp surgery", "microscopy of kelp smears": a use of a technique or none, no name
    if key in IMAGING:
        return True
    head = singular(words[-1])
    if len(words) > 1 and (head in TECHNIQUE_HEADS or words[-1] in TECHNIQUE_HEADS):
        return True
    return head in TECHNIQUE_WORDS or (head.endswith(TECHNIQUE_ENDINGS) and head not in NOT_TECHNIQUES)
