"""paperkg: a knowledge graph of methods, datasets, tasks and concepts from abstracts."""

__version__ = "0.1.0"
