"""The version of the installed package, in one place (read from the package metadata, written in pyproject.toml).

A basis module, so that every layer can name the version without importing the top package
(``wijkscan.__version__`` is this same value).
"""

from __future__ import annotations

from importlib import metadata

__all__ = ["__version__"]

try:
    __version__ = metadata.version("wijkscan")
except metadata.PackageNotFoundError:                # a source tree that was never installed
    __version__ = "0+onbekend"
