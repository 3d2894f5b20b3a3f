"""The version of wijkscan, from the package metadata (written once: ``pyproject.toml``).

A basis module, so that every layer (the CLI, the fingerprint of a report) can read it without importing the top
package; ``wijkscan.__version__`` is this value.

Example
-------
>>> from wijkscan.versie import __version__
>>> __version__ != ""
True
"""

from importlib import metadata as _metadata

try:
    __version__ = _metadata.version("wijkscan")
except _metadata.PackageNotFoundError:                # a source tree that was never installed
    __version__ = "0+onbekend"

__all__ = ["__version__"]
