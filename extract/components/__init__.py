"""spaCy pipeline components registered as factories (importing this package registers them)."""

from extract.components import (  # noqa: F401
    abbreviations,
    compounds,
    mentions,
    plain_record,
    relation_model,
    relations,
    roles,
    spans,
    title_boundary,
)
