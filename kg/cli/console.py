"""The rich console every ``kg`` command prints with (made on first use by :mod:`kg.cli.output`)."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.text import Text

from kg.core.safe_text import visible


class SafeConsole(Console):
    """A rich console that shows strings as they are: no markup or emoji codes, control
    characters escaped. Styled output is built with :class:`rich.text.Text` instead."""

    def __init__(self, **kwargs: Any):
        super().__init__(markup=False, emoji=False, **kwargs)

    def render_str(self, text: str, **kwargs: Any) -> Text:
        kwargs["markup"] = False
        kwargs["emoji"] = False
        return super().render_str(visible(text), **kwargs)
