"""The entity labels and text relations the extractor emits.

The graph schema (:mod:`queries.schema`) takes these names from here, so the
extractor needs nothing from ``kg``.
"""

METHOD = "Method"
DATASET = "Dataset"
TASK = "Task"
METRIC = "Metric"
CONCEPT = "Concept"

OUTPERFORMS = "OUTPERFORMS"
EXTENDS = "EXTENDS"
