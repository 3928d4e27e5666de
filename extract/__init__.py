"""spaCy-based extraction of typed mentions from abstracts."""
