"""Reports: the wijkanalyse as a PDF per area, an overview of the gemeente, and batches."""

from .batch import overzicht, rapporten
from .render import Huisstijl, html_rapport, rapport

__all__ = ["Huisstijl", "html_rapport", "overzicht", "rapport", "rapporten"]
