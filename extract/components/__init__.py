"""spaCy pipeline components registered as factories (importing this package registers them)."""

from extract.components import abbreviations, compounds, mentions, relations, roles, title_boundary  # noqa: F401
