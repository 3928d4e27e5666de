"""Author names in one normalised form: split into surname and given names, keyed, and printed
unambiguously ("Lindqvist M.; Okonkwo C."). The graph keys Author nodes by :func:`author_key` (or
ORCID); ``kg papers --author`` resolves a typed name the same way.
"""

from __future__ import annotations

import re

from extract.normalise import normalise_text

_INITIALS = re.compile(r"(?:[A-Z]\.?[- ]?){1,4}")
_PARTICLES = {
    "van",
    "von",
    "der",
    "den",
    "de",
    "del",
    "della",
    "di",
    "da",
    "du",
    "le",
    "la",
    "dos",
    "das",
    "ter",
    "ten",
}


_GROUP_WORDS = {
    "group",
    "consortium",
    "collective",
    "team",
    "committee",
    "collaboration",
    "network",
    "initiative",
    "investigators",
    "society",
    "association",
    "institute",
    "laboratory",
    "lab",
    "project",
    "working",
}


def is_group(name: str) -> bool:
    """Whether an author name is a group ("The Kite Consortium", "Kite Imaging Study Group"), kept whole.

    >>> is_group("The Kite Consortium"), is_group("Lindqvist, Maïja"), is_group("Theo Group")
    (True, False, False)
    """
    words = normalise_text(name).split()
    return (
        "," not in name
        and len(words) >= 2
        and (words[0] == "the" and len(words) >= 3 or bool(set(words[1:]) & _GROUP_WORDS) and len(words) >= 3)
    )


def split_name(name: str) -> tuple[str, str]:
    """(surname, given names) of an author name in the usual spellings.

    >>> split_name("Lindqvist, Maïja"), split_name("Maïja Lindqvist"), split_name("Lindqvist MK")
    (('Lindqvist', 'Maïja'), ('Lindqvist', 'Maïja'), ('Lindqvist', 'MK'))
    >>> split_name("Ludwig van Beethoven"), split_name("Plato"), split_name("lindqvist m"), split_name("Andrew Ng")
    (('van Beethoven', 'Ludwig'), ('Plato', ''), ('lindqvist', 'm'), ('Ng', 'Andrew'))
    """
    name = " ".join(str(name or "").split())
    if is_group(name):
        return name, ""
    if "," in name:
        surname, _, given = name.partition(",")
        return surname.strip(), given.strip()
    words = name.split()
    if len(words) > 1 and (_INITIALS.fullmatch(words[-1]) or len(words[-1].rstrip(".")) == 1):
        return " ".join(words[:-1]), words[-1]  # "Smith JA" (PubMed, Scopus)
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in _PARTICLES:
        start -= 1
    return " ".join(words[start:]), " ".join(words[:start])


def _initials(given: str) -> str:
    """Initials of given names: "Maïja" → "M", "Jean-Pierre A." → "JPA", "MK" → "MK"."""
    if given.replace(".", "").replace(" ", "").replace("-", "").isupper() and len(given.replace(".", "")) <= 4:
        return "".join(c for c in given if c.isalpha())
    return "".join(part[0] for part in re.split(r"[\s.\-]+", given) if part and part[0].isalpha()).upper()


def author_key(name: str) -> str:
    """The key of an author without ORCID: normalised surname and first initial.

    >>> [author_key(n) for n in ("Lindqvist, Maïja", "Maïja Lindqvist", "Lindqvist M", "LINDQVIST, M.K.", "Plato")]
    ['lindqvist m', 'lindqvist m', 'lindqvist m', 'lindqvist m', 'plato']
    """
    surname, given = split_name(name)
    first = normalise_text(_initials(given)[:1])
    return " ".join(x for x in (normalise_text(surname), first) if x)


def short_name(name: str) -> str:
    """An author as "Surname I." (initials with full stops): never ambiguous in a "; "-joined list.

    >>> short_name("Lindqvist, Maïja"), short_name("Chidi Okonkwo"), short_name("Hopper GM"), short_name("Plato")
    ('Lindqvist M.', 'Okonkwo C.', 'Hopper G.M.', 'Plato')
    """
    surname, given = split_name(name)
    initials = "".join(f"{c}." for c in _initials(given))
    return f"{surname} {initials}".strip()


def format_authors(names, limit: int | None = None) -> str:
    """Authors as "Lindqvist M.; Okonkwo C." (``limit``: the first ones, then "et al.").

    >>> format_authors(["Lindqvist, Maïja", "Chidi Okonkwo", "Ada Lovelace"], limit=2)
    'Lindqvist M.; Okonkwo C.; et al.'
    """
    names = [short_name(n) for n in names or () if isinstance(n, str) and n.strip()]
    if limit is not None and len(names) > limit:
        names = names[:limit] + ["et al."]
    return "; ".join(names)
