"""Reports: the wijkanalyse as a PDF per area and an overview of the gemeente."""

from .render import Huisstijl, html_rapport, rapport

__all__ = ["Huisstijl", "html_rapport", "rapport"]
