"""The command line's consoles, markup off: file names, codes and messages print as they are
(``khao_sat[ban_2].gpkg`` is a name, not a style)."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

console = Console(stderr=True, markup=False)  # progress, notes and errors
out = Console(markup=False)  # answers


def error(message: str) -> None:
    console.print(Text.assemble(("error:", "red"), " ", message))


def note(message: str) -> None:
    console.print(Text.assemble(("note:", "yellow"), " ", message))
