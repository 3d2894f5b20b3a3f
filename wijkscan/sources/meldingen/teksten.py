"""How an instruction in a message is written: as a command-line option or as a Python argument.

The command line reads a file inside :func:`opdrachtregel`; messages then name ``--kolom datum=…``
instead of ``kolommen={'datum': …}``, so a CLI user never sees Python syntax.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator

_CLI: contextvars.ContextVar[bool] = contextvars.ContextVar("wijkscan_meldingen_cli", default=False)


@contextlib.contextmanager
def opdrachtregel() -> Iterator[None]:
    """Messages raised inside this block name command-line options.

    Example
    -------
    >>> with opdrachtregel():
    ...     optie("kolommen={'datum': '<kolom>'}", "--kolom datum=<kolom>")
    '--kolom datum=<kolom>'
    >>> optie("kolommen={'datum': '<kolom>'}", "--kolom datum=<kolom>")
    "kolommen={'datum': '<kolom>'}"
    """
    token = _CLI.set(True)
    try:
        yield
    finally:
        _CLI.reset(token)


def optie(python: str, cli: str) -> str:
    """The Python or the command-line way of saying the same thing, for the caller at hand."""
    return cli if _CLI.get() else python
