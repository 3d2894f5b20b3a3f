"""Kept for existing imports: the result now lives in :mod:`wijkscan.model`, the run in :mod:`wijkscan.pipeline`.

``from wijkscan.analysis.wijkanalyse import wijkanalyse, Wijkprofiel`` keeps working; new code
imports ``wijkscan.wijkanalyse`` / ``wijkscan.model.Wijkprofiel``. The pipeline is imported
lazily, so nothing in :mod:`wijkscan.analysis` depends on the stage after it.
"""

from __future__ import annotations

from typing import Any

from ..model import Wijkprofiel

__all__ = ["Wijkprofiel", "wijkanalyse"]  # noqa: F822 (lazy, see __getattr__)


def __getattr__(name: str) -> Any:
    if name == "wijkanalyse":
        from ..pipeline import wijkanalyse

        return wijkanalyse
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
