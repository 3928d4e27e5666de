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

#: claims the trained relation component gives (SciERC's types, renamed; direction as in SciERC):
#: X USED_FOR Y = "X is used for Y"; a Dataset or Metric EVALUATES the Method or Task it evaluates;
#: X PART_OF Y; X IS_A Y (hyponym → hypernym); X FEATURE_OF Y; COMPARED_WITH and CONJUNCTION are
#: symmetric and emitted once, head key < tail key
USED_FOR = "USED_FOR"
EVALUATES = "EVALUATES"
PART_OF = "PART_OF"
IS_A = "IS_A"
FEATURE_OF = "FEATURE_OF"
COMPARED_WITH = "COMPARED_WITH"
#: "X and Y" coordination: scored by ``kg eval``, not a graph link
CONJUNCTION = "CONJUNCTION"

#: every relation type the extractor emits, and the symmetric ones among them
RELATION_TYPES = (USED_FOR, EVALUATES, PART_OF, IS_A, FEATURE_OF, COMPARED_WITH, OUTPERFORMS, EXTENDS, CONJUNCTION)
SYMMETRIC_RELATIONS = frozenset({COMPARED_WITH, CONJUNCTION})

#: who made a relation (``Relation.source``)
RULE = "rule"
MODEL = "model"

#: head nouns (lemmas) naming a kind of thing of one label: "methods such as X" lists Methods,
#: "benchmarks including X" Datasets. A Hearst hyponym must have the label its hypernym's head
#: noun names; a head noun not listed here asks for the hypernym mention's own label.
KIND_NOUNS = {
    **dict.fromkeys(
        (
            "method",
            "approach",
            "algorithm",
            "model",
            "technique",
            "network",
            "architecture",
            "framework",
            "scheme",
            "strategy",
            "classifier",
            "estimator",
            "procedure",
            "learner",
            "encoder",
            "decoder",
            "optimizer",
            "solver",
            "heuristic",
            "baseline",
            "system",
            "tool",
            "toolkit",
        ),
        METHOD,
    ),
    **dict.fromkeys(("dataset", "benchmark", "corpus", "corpora", "database", "treebank"), DATASET),
    **dict.fromkeys(("task", "problem", "application"), TASK),
    **dict.fromkeys(("metric", "measure", "score", "criterion", "criteria"), METRIC),
}
#: head nouns naming the parts of something: "the components of X, including Y" → Y PART_OF X
PART_NOUNS = frozenset({"component", "part", "module", "stage", "step", "element", "ingredient", "block", "layer"})
#: what a Hearst hyponym of a Method, Concept or Task may be besides its hypernym's own label: SciERC's
#: Method and OtherScientificTerm blur ("SPARQL" among "query languages"), so they stand for each other
COMPATIBLE = {METHOD: {METHOD, CONCEPT}, CONCEPT: {METHOD, CONCEPT}}
