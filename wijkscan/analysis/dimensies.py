"""The dimensions of the aandachtsgebieden score and their default indicators and weights.

A gemeente designates aandachtsgebieden on socio-economic position, safety and liveability
together; national instruments do the same (the Leefbaarometer's five dimensions, Rotterdam's
Wijkprofiel's three indexes, the CBS SES-WOA score). wijkscan therefore scores every area per
**dimension** first and combines the dimension scores into one composite afterwards.

Why the defaults are what they are is explained in ``docs/aandachtsgebieden.md``. In short:

* sociaal-economisch carries the most weight (what policy notes and national selections name first);
* leefbaarheid (openbare ruimte) and beleving (the survey) follow; veiligheid weighs 0,5;
* veiligheid and voorzieningen **cannot make an area an aandachtsgebied on their own**
  (``ALLEEN_VERSTERKEND``): crime per 1.000 inwoners follows visitors (centres, business parks,
  institutions), and the distance to a huisarts or supermarket is long in every rural area. They
  strengthen the case of an area whose residents are already worse off on a residential dimension
  (``WOONDIMENSIES``). The rule is in
  :func:`wijkscan.analysis.aandachtsgebieden.bereken_aandachtsgebieden` (``alleen_versterkend``).

Example
-------
>>> DIMENSIES["voorzieningen"].gewicht
0.25
>>> ALLEEN_VERSTERKEND
('voorzieningen', 'veiligheid')
>>> STANDAARD["woz_waarde"]
('sociaal_economisch', 1.0, 'hoger_beter')
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Dimensie:
    """One dimension of the composite score."""

    label: str
    gewicht: float
    toelichting: str


#: Dimensions in display order: key -> label, weight in the composite, one Dutch sentence.
DIMENSIES: dict[str, Dimensie] = {
    "sociaal_economisch": Dimensie("Sociaal-economisch", 1.0,
                                   "inkomen, uitkeringen, woningwaarde en eigendom, SES-score van het CBS"),
    "veiligheid": Dimensie("Veiligheid", 0.5, "geregistreerde misdrijven per 1.000 inwoners; telt alleen mee "
                            "naast een andere dimensie, want misdrijven volgen ook bezoekers"),
    "leefbaarheid": Dimensie("Leefbaarheid", 0.75,
                             "meldingen openbare ruimte, leegstand, waardering van de openbare ruimte, "
                             "Leefbaarometer"),
    "beleving": Dimensie("Beleving", 0.75, "hoe bewoners hun buurt ervaren (bewonersenquête)"),
    "voorzieningen": Dimensie("Voorzieningen", 0.25,
                              "afstand tot huisarts, supermarkt, kinderopvang en school; telt alleen mee "
                              "naast een andere dimensie"),
}

#: Dimensions that may only strengthen the case of an area, never make it on their own.
#: Voorzieningen: every rural area is far from services. Veiligheid: registered crime counts where
#: the crime happens and is divided by the people who *live* there, so it follows visitors (centres,
#: stations, shopping and business areas, recreation parks), not the position of residents.
ALLEEN_VERSTERKEND: tuple[str, ...] = ("voorzieningen", "veiligheid")

#: The residential dimensions: at least one must be elevated for an aandachtsgebied.
WOONDIMENSIES: tuple[str, ...] = ("sociaal_economisch", "leefbaarheid", "beleving")

#: An area needs a figure on at least one of these before it gets a score (when the gemeente has any).
VEREIST: tuple[str, ...] = ("sociaal_economisch", "leefbaarheid", "beleving")

#: Default indicator set: id -> (dimension, weight within the dimension, direction).
#: The direction here is the one that matters for deprivation; it overrides a "neutraal" in the
#: catalogue (WOZ, koop share and eengezins share are neutral in the profile, not here).
STANDAARD: dict[str, tuple[str, float, str]] = {
    # sociaal-economisch
    "ses_score": ("sociaal_economisch", 1.5, "hoger_beter"),
    "inkomen_per_inwoner": ("sociaal_economisch", 1.0, "hoger_beter"),
    "huishoudens_laag_inkomen": ("sociaal_economisch", 1.0, "hoger_slechter"),
    "huishoudens_sociaal_minimum": ("sociaal_economisch", 1.0, "hoger_slechter"),
    "bijstand_per_1000": ("sociaal_economisch", 1.0, "hoger_slechter"),
    "ao_per_1000": ("sociaal_economisch", 0.5, "hoger_slechter"),
    "ww_per_1000": ("sociaal_economisch", 0.5, "hoger_slechter"),
    "woz_waarde": ("sociaal_economisch", 1.0, "hoger_beter"),
    "koopwoningen_aandeel": ("sociaal_economisch", 0.5, "hoger_beter"),
    "corporatiewoningen_aandeel": ("sociaal_economisch", 0.5, "hoger_slechter"),
    "eengezinswoningen_aandeel": ("sociaal_economisch", 0.25, "hoger_beter"),
    "opleiding_laag_aandeel": ("sociaal_economisch", 0.5, "hoger_slechter"),
    # veiligheid
    "misdrijven_per_1000": ("veiligheid", 1.0, "hoger_slechter"),
    # leefbaarheid / openbare ruimte
    "leefbaarometer_afwijking": ("leefbaarheid", 1.5, "hoger_beter"),
    "meldingen_per_1000": ("leefbaarheid", 0.5, "hoger_slechter"),
    "leegstand_aandeel": ("leefbaarheid", 0.5, "hoger_slechter"),
    "waardering_onderhoud_straat": ("leefbaarheid", 1.0, "hoger_beter"),
    "waardering_groen": ("leefbaarheid", 0.5, "hoger_beter"),
    "waardering_verlichting": ("leefbaarheid", 0.5, "hoger_beter"),
    "waardering_speelvoorzieningen": ("leefbaarheid", 0.5, "hoger_beter"),
    "waardering_verkeersveiligheid": ("leefbaarheid", 0.5, "hoger_beter"),
    "overlast_geluid": ("leefbaarheid", 0.5, "hoger_slechter"),
    # beleving (survey)
    "waardering_woonomgeving": ("beleving", 1.0, "hoger_beter"),
    "veiligheidsgevoel": ("beleving", 1.0, "hoger_beter"),
    "sociale_cohesie": ("beleving", 1.0, "hoger_beter"),
    "buurtcontacten": ("beleving", 0.5, "hoger_beter"),
    "burenhulp": ("beleving", 0.5, "hoger_beter"),
    # voorzieningen
    "afstand_huisarts": ("voorzieningen", 1.0, "hoger_slechter"),
    "afstand_supermarkt": ("voorzieningen", 1.0, "hoger_slechter"),
    "afstand_kinderdagverblijf": ("voorzieningen", 0.5, "hoger_slechter"),
    "afstand_school": ("voorzieningen", 0.5, "hoger_slechter"),
    "waardering_voorzieningen": ("voorzieningen", 1.0, "hoger_beter"),
}


def dimensie_label(key: str) -> str:
    """Dutch label of a dimension key (the key itself for an own dimension).

    Example
    -------
    >>> dimensie_label("sociaal_economisch")
    'Sociaal-economisch'
    """
    d = DIMENSIES.get(key)
    return d.label if d else key.replace("_", " ").capitalize()


__all__ = ["ALLEEN_VERSTERKEND", "DIMENSIES", "STANDAARD", "VEREIST", "WOONDIMENSIES", "Dimensie", "dimensie_label"]
