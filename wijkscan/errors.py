"""Exceptions a user can cause. Their messages are Dutch and say what to do."""

from __future__ import annotations


class WijkscanFout(Exception):
    """Base class of every error wijkscan raises on purpose (Dutch message)."""


class OnbekendeGemeente(WijkscanFout, KeyError):
    """The gemeente code or name is unknown or ambiguous."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class GeenTabel(WijkscanFout, ValueError):
    """CBS has no table for the requested year, or the niveau is unknown."""


class GeenVerbinding(WijkscanFout, ConnectionError):
    """A service could not be reached and nothing usable is cached."""


class OngeldigAntwoord(WijkscanFout, ValueError):
    """A service answered, but not with what it should (broken JSON, endless paging)."""


class OngeldigeInvoer(WijkscanFout, ValueError):
    """A file or table the user supplied cannot be used as it is."""
