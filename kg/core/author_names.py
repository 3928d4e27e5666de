"""Author names in one unambiguous short form: ``Lindqvist M.; Okonkwo C.``.

Names arrive as ``First Last``, ``Last, First`` or ``Last FM`` (PubMed,
Scopus); BibTeX's name rules (bibtexparser's splitter: ``von`` particles,
``Jr``) find the surname, and the given names become initials. A list of
names is joined with ``"; "``, which no short name contains.
"""

from __future__ import annotations

import re

from bibtexparser.middlewares.names import InvalidNameError, parse_single_name_into_parts

_INITIALS = re.compile(r"[A-Z]{1,3}|(?:[A-Z]\.){1,3}")
SEPARATOR = "; "


def short_name(name: str) -> str:
    """``Surname I.`` for one author name (particles kept with the surname, initials of every given name).

    >>> [short_name(n) for n in ("Maïja Lindqvist", "Okonkwo, Chidi", "Jean-Pierre Dupont", "van der Berg, Jan")]
    ['Lindqvist M.', 'Okonkwo C.', 'Dupont J.-P.', 'van der Berg J.']
    >>> [short_name(n) for n in ("Smith JA", "Ada K. Lovelace", "OpenAI", "  ")]
    ['Smith J.A.', 'Lovelace A.K.', 'OpenAI', '']
    """
    name = " ".join(str(name).replace(";", ",").split())
    if not name:
        return ""
    words = name.split()
    if "," not in name and len(words) == 2 and _INITIALS.fullmatch(words[1]):  # "Smith JA"
        return f"{words[0]} {'.'.join(words[1].replace('.', ''))}."
    try:
        parts = parse_single_name_into_parts(name, strict=False)
    except InvalidNameError:
        return name
    surname = " ".join(parts.von + parts.last + parts.jr)
    initials = "".join(_initials(given) for given in parts.first)
    return f"{surname} {initials}".strip() if surname else name


def _initials(given: str) -> str:
    """``Jean-Pierre`` → ``J.-P.``, ``K.`` → ``K.``."""
    return "-".join(f"{p[0]}." for p in given.split("-") if p)


def short_names(names: list[str] | None) -> str:
    """Every author's :func:`short_name`, joined with ``"; "``.

    >>> short_names(["Lindqvist, Maïja", "Chidi Okonkwo"])
    'Lindqvist M.; Okonkwo C.'
    """
    return SEPARATOR.join(s for s in (short_name(n) for n in names or []) if s)
