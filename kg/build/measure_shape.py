"""Names whose shape is a unit of measure, a threshold or a gene variant's identifier: no method, dataset or concept.

In a clinical or a physical abstract the span model types a unit it read beside a number ("a volume of 12 cm3",
"at 3 MHz", "2 mg/kg") or a cut-off ("ICC≥0.95") as a Method, and a dbSNP identifier ("rs1234") as a Method or
a Metric. The shape says it, without a list of names:

* :func:`unit`: an SI prefix, a unit symbol and a power, or a quotient of such ("cm3", "kDa", "mg/kg");
  never a form all in capitals ("ML", "MV", "MM" are acronyms of names as often);
* :func:`threshold`: a comparison sign before a number ("ICC≥0.95", "age>65");
* :func:`variant_id`: "rs" and digits, the identifier of a single-nucleotide variant.

:func:`measure_named` hides such an entity (``kg.build.builder``: its termhood falls to the description fit), it
never drops it: its papers keep their links. A Metric is left alone (a unit beside a measure is another rule's).
"""

from __future__ import annotations

import re

from queries.schema import DATASET, METHOD, METRIC

#: one unit symbol with an optional SI prefix and power ("cm3", "µmol", "kHz", "Gy", "h")
_UNIT = r"(?:[kcmµμunpdMG]?(?:m|g|L|l|s|Hz|Gy|Pa|W|V|J|mol|eV|Da|T|M)[23]?|min|h)"
_UNITS = re.compile(rf"^{_UNIT}(?:/{_UNIT})*$")
_THRESHOLD = re.compile(r"[≥≤<>=]\s*\d")
_VARIANT = re.compile(r"^rs\d{3,}$")


def unit(form: str) -> bool:
    """Whether ``form`` is a unit of measure: a prefixed unit symbol with its power, or a quotient of them.

    >>> unit("cm3"), unit("MHz"), unit("mg/kg"), unit("kDa"), unit("mL/min")
    (True, True, True, True, True)
    >>> unit("ML"), unit("MV"), unit("mAP"), unit("ResNet50"), unit("VGG1")
    (False, False, False, False, False)
    """
    return not form.isupper() and bool(_UNITS.match(form))


def threshold(form: str) -> bool:
    """Whether ``form`` holds a comparison sign before a number, a cut-off, not a name.

    >>> threshold("ICC≥0.95"), threshold("age > 65"), threshold("Kelp-3"), threshold("seq2seq")
    (True, True, False, False)
    """
    return bool(_THRESHOLD.search(form))


def variant_id(form: str) -> bool:
    """Whether ``form`` is a dbSNP identifier, "rs" and three digits or more.

    >>> variant_id("rs4421"), variant_id("rs12"), variant_id("rsnet101")
    (True, False, False)
    """
    return bool(_VARIANT.match(form))


def measure_named(label: str, form: str) -> bool:
    """Whether an entity of type ``label``, written ``form`` most often, is named by a unit or a threshold (any
    type but Metric), or by a variant's identifier (a Method or a Dataset; a variant is a Concept).

    >>> measure_named("Method", "mm2"), measure_named("Method", "rs77123"), measure_named("Concept", "p<0.05")
    (True, True, True)
    >>> measure_named("Concept", "rs77123"), measure_named("Metric", "mm2"), measure_named("Method", "UNet")
    (False, False, False)
    """
    if label == METRIC:
        return False
    return unit(form) or threshold(form) or (label in (METHOD, DATASET) and variant_id(form))
