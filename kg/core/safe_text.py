"""Data made safe to show and to write, whatever characters it holds.

Titles, names and evidence come from files nobody checked, so wherever they
leave the program they pass through one of these:

* :func:`visible` for the terminal: control characters (``ESC``, ``BEL``,
  C1 codes such as ``CSI``), bidirectional overrides and lone surrogates are
  written as Python-style escapes (``\\x1b``), so they show and do nothing;
* :func:`spreadsheet_cell` for CSV that people open in a spreadsheet: OWASP's
  rule against formula injection, a ``'`` before a cell that starts with
  ``=``, ``+``, ``-``, ``@``, tab or carriage return;
* :func:`json_text` for JSON on stdout: the characters :mod:`json` leaves raw
  (C1 codes, bidi overrides, line/paragraph separators) as ``\\uXXXX``;
* :func:`xml_text` for XML (GraphML, GEXF): characters XML 1.0 cannot hold
  written as visible escapes;
* :func:`no_lone_surrogates` for anything encoded as UTF-8.
"""

from __future__ import annotations

import re

from extract.surrogates import no_lone_surrogates  # noqa: F401 (re-exported: callers import it from here)

#: C0 controls but newline and tab, DEL, C1 controls, bidi embeddings/overrides/isolates, lone surrogates
_TERMINAL_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
#: what json.dumps(ensure_ascii=False) leaves raw but a terminal or a JavaScript parser may act on
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
#: characters XML 1.0 cannot hold (and lone surrogates, which UTF-8 cannot hold)
_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: OWASP CSV injection: cells starting with these are read as formulas by spreadsheets
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with every character a terminal would act on shown as an escape.

    >>> visible("red \\x1b[31m, bell \\x07, CSI \\x9b, RLO \\u202e, ok\\tand\\nnewline")
    'red \\\\x1b[31m, bell \\\\x07, CSI \\\\x9b, RLO \\\\u202e, ok\\tand\\nnewline'
    """
    return _TERMINAL_UNSAFE.sub(_escape, text)


def one_line(text: str) -> str:
    """:func:`visible` on one line (newlines and tabs become spaces), for messages.

    >>> one_line("bad\\ntitle\\r \\x1b]8;;http://x\\x07")
    'bad title\\\\x0d \\\\x1b]8;;http://x\\\\x07'
    """
    return visible(str(text).replace("\n", " ").replace("\t", " "))


def spreadsheet_cell(text: str) -> str:
    """A CSV cell a spreadsheet shows as text, never runs as a formula (OWASP's rule).

    >>> spreadsheet_cell('=HYPERLINK("http://evil.example","x")'), spreadsheet_cell("-1+2"), spreadsheet_cell("ok")
    ('\\'=HYPERLINK("http://evil.example","x")', "'-1+2", 'ok')
    """
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def json_text(dumped: str) -> str:
    """JSON text (from ``json.dumps(..., ensure_ascii=False)``) with terminal-active characters escaped.

    >>> import json
    >>> json_text(json.dumps("a\\x9bb\\u2028c", ensure_ascii=False))
    '"a\\\\u009bb\\\\u2028c"'
    """
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)


def xml_text(text: str) -> str:
    """``text`` with the characters XML 1.0 cannot hold written as visible escapes.

    >>> xml_text("id\\x01with\\x00controls\\ud83d")
    'id\\\\x01with\\\\x00controls\\\\ud83d'
    """
    return _XML_UNSAFE.sub(_escape, text)
