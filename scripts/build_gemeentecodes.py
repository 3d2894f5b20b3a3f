"""Build wijkscan/data/gemeentecodes.csv: every gemeente code in the CBS/PDOK gemeente files of 2012–2024.

So that ``wijkscan gegevens GM9999`` says "onbekende gemeente" (a code that never existed) while a former
gemeente such as GM0398 Heerhugowaard (until 2022) is still accepted for the years it existed.

Source: the gemeente layers of the CBS Kerncijfers (PDOK/geoinzicht) for 2012, 2017, 2018, 2019, 2022, 2023
and 2024 in ../shared/data/boundaries/gemeenten_kerncijfers_pdok (see its PROVENANCE.md), plus the 342
gemeenten of 2024 in wijkscan/data/gemeenten_2024.csv. Run from the repository root:

    python scripts/build_gemeentecodes.py
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
BRON = ROOT.parent / "shared" / "data" / "boundaries" / "gemeenten_kerncijfers_pdok"


def main() -> None:
    rows = []
    for path in sorted(BRON.glob("gemeenten_*_geoinzicht.geojson")):
        jaar = int(re.search(r"_(\d{4})_", path.name).group(1))
        for f in json.loads(path.read_text(encoding="utf-8"))["features"]:
            p = f["properties"]
            code = next(str(p[k]) for k in ("code", "gemeentecode", "statcode", "GM_CODE") if k in p)
            naam = next(str(p[k]) for k in ("naam", "gemeentenaam", "statnaam", "GM_NAAM") if k in p)
            if naam.strip():   # the 2012 file has a placeholder GM9999 without a name
                rows.append({"code": code if code.startswith("GM") else "GM" + code.zfill(4), "naam": naam, "jaar": jaar})
    g24 = pd.read_csv(ROOT / "wijkscan" / "data" / "gemeenten_2024.csv", dtype=str)
    rows += [{"code": r.code, "naam": r.naam, "jaar": 2024} for r in g24.itertuples()]
    df = pd.DataFrame(rows)
    out = (df.sort_values("jaar").groupby("code")
           .agg(naam=("naam", "last"), eerste_jaar=("jaar", "min"), laatste_jaar=("jaar", "max")).reset_index())
    out.to_csv(ROOT / "wijkscan" / "data" / "gemeentecodes.csv", index=False)
    print(f"{len(out)} gemeentecodes, {int((out.laatste_jaar < 2024).sum())} van vóór 2024")


if __name__ == "__main__":
    main()
