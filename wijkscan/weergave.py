"""Tables in a notebook the Dutch way: ``25.625`` and ``48,56`` instead of ``25625.0`` and ``48.558952``.

One call at the top of a notebook sets pandas' display options for the rest of the session; it changes
how numbers are *shown*, never the numbers themselves (an export to Excel or CSV keeps them exact).

Example
-------
>>> import pandas as pd
>>> import wijkscan
>>> wijkscan.nederlandse_weergave()
>>> print(pd.DataFrame({"inwoners": [25625.0], "aandeel_65plus": [24.5523]}))
   inwoners  aandeel_65plus
0    25.625            24,6
>>> wijkscan.nederlandse_weergave(False)     # back to pandas' own display
"""

from __future__ import annotations

import math

from .nlformat import getal


def nl_getal(x: float) -> str:
    """A float as a Dutch reader expects it: whole numbers with a thousands point, others with a decimal comma
    (1 decimal from 10, 2 below 10).

    Example
    -------
    >>> nl_getal(25625.0), nl_getal(48.558952), nl_getal(0.979836), nl_getal(-3.0)
    ('25.625', '48,6', '0,98', '-3')
    """
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    x = float(x)
    if x.is_integer() or abs(x) >= 1000:
        return getal(x, 0)
    return getal(x, 1 if abs(x) >= 10 else 2)


def nederlandse_weergave(aan: bool = True) -> None:
    """Show numbers in pandas tables (notebook and print) the Dutch way; ``False`` restores pandas' default.

    Sets ``display.float_format`` and the Styler's ``thousands``/``decimal`` options.
    """
    import pandas as pd

    if aan:
        pd.set_option("display.float_format", nl_getal)
        pd.set_option("styler.format.thousands", ".")
        pd.set_option("styler.format.decimal", ",")
    else:
        for optie in ("display.float_format", "styler.format.thousands", "styler.format.decimal"):
            pd.reset_option(optie)
