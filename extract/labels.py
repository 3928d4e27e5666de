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
USED_FOR = "USED_FOR"
EVALUATES = "EVALUATES"
PART_OF = "PART_OF"
IS_A = "IS_A"
FEATURE_OF = "FEATURE_OF"
COMPARED_WITH = "COMPARED_WITH"
CONJUNCTION = "CONJUNCTION"
