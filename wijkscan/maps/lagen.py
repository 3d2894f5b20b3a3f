"""Kept for existing imports: the meldingen layers are made in :mod:`wijkscan.analysis.meldingenlagen`.

Maps only draw; counting belongs to the analysis.
"""

from ..analysis.meldingenlagen import Meldingenlagen, meldingenlagen

__all__ = ["Meldingenlagen", "meldingenlagen"]
